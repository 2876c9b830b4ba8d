"""Paths, resolved from one place (the kernel runs in the caller's working directory).

The project root is the nearest folder upward from the working directory that holds
``pyproject.toml`` with kfanalys, else the working directory. ``KFANALYS_ROT`` overrides.
"""

from __future__ import annotations

import os
from pathlib import Path


def projektrot(start: Path | None = None) -> Path:
    if os.environ.get("KFANALYS_ROT"):
        return Path(os.environ["KFANALYS_ROT"]).resolve()
    p = (start or Path.cwd()).resolve()
    for kandidat in (p, *p.parents):
        py = kandidat / "pyproject.toml"
        if py.exists() and 'name = "kfanalys"' in py.read_text(encoding="utf-8", errors="ignore"):
            return kandidat
    return p


def raw_mapp(rot: Path | None = None) -> Path:
    return (rot or projektrot()) / "data" / "raw"


def exempel_mapp(rot: Path | None = None) -> Path:
    return raw_mapp(rot) / "exempelkommun"


def processed_mapp(cykel: int, scenario: str = "bas", rot: Path | None = None) -> Path:
    return (rot or projektrot()) / "data" / "processed" / str(cykel) / scenario


def underlag_ut_mapp(cykel: int, rot: Path | None = None) -> Path:
    return (rot or projektrot()) / "data" / "processed" / str(cykel) / "underlag"


def rapport_mapp(cykel: int, rot: Path | None = None) -> Path:
    return (rot or projektrot()) / "reports" / str(cykel)


def notebook_mapp(rot: Path | None = None) -> Path:
    return (rot or projektrot()) / "notebooks"
