#!/usr/bin/env bash
# Creates .venv (if missing) and installs kfanalys with its test dependencies.
# Idempotent: running it again only checks that everything is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
# The report notebooks run on a kernel named after the project, from this venv.
.venv/bin/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (kfanalys)" >/dev/null
