#!/usr/bin/env bash
# Creates .venv (if missing) and installs kfanalys with its test dependencies.
# Idempotent: running it again only checks that everything is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# The PDF engine (WeasyPrint) needs pango; on Debian/Ubuntu as root, install it if missing (quietly, never fatal).
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && command -v ldconfig >/dev/null 2>&1 \
   && ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then
  (export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0) \
    >/dev/null 2>&1 || echo "Obs: libpango kunde inte installeras; PDF-rapporterna skapas inte (HTML och Excel fungerar)." >&2
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
# The report notebooks run on a kernel named after the project, from this venv.
.venv/bin/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (kfanalys)" >/dev/null
