"""environment.yml installs the same dependencies as pyproject.toml."""

import re
import tomllib
from pathlib import Path

import yaml

ROT = Path(__file__).resolve().parents[1]


def _namn(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower()


def test_environment_yml_och_pyproject_har_samma_beroenden():
    projekt = tomllib.loads((ROT / "pyproject.toml").read_text())["project"]
    pyproject = {_namn(s) for s in projekt["dependencies"]}
    pyproject |= {_namn(s) for s in projekt["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROT / "environment.yml").read_text())
    conda = {_namn(s) for s in env["dependencies"] if isinstance(s, str)} - {"python", "pip"}
    assert conda == pyproject


def test_ci_kor_readmes_testkommando():
    readme = (ROT / "README.md").read_text()
    ci = (ROT / ".ci" / "run").read_text()
    assert "bash scripts/test.sh" in readme
    assert "bash scripts/test.sh" in ci
