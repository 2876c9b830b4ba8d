#!/usr/bin/env bash
# Installs axe-core (the accessibility rules engine the WCAG test tests/test_wcag.py runs in
# headless chromium) into .cache/axe, unless it is already there. Needs npm (Debian: apt-get
# install nodejs npm); idempotent. The test finds .cache/axe/node_modules/axe-core/axe.min.js
# (or the file named by KFANALYS_AXE).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.14.1
MAPP=.cache/axe
FIL="$MAPP/node_modules/axe-core/axe.min.js"
if [ -f "$FIL" ] && grep -q "\"version\": \"$VERSION\"" "$MAPP/node_modules/axe-core/package.json"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm saknas: installera det med 'apt-get install -y nodejs npm' och kör scripts/axe.sh igen" >&2
  exit 1
fi
mkdir -p "$MAPP"
npm install --silent --no-save --no-audit --no-fund --prefix "$MAPP" "axe-core@$VERSION" >/dev/null
test -f "$FIL"
echo "axe-core $VERSION installerat i $MAPP"
