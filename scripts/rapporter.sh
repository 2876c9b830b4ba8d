#!/usr/bin/env bash
# README report command: set up (idempotent), generate the Exempelkommun (deterministic)
# and build the full example report set for both cycles (2023, then 2025).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
KF=.venv/bin/kfanalys
# Always (re)generate the Exempelkommun: deterministic (same seed, same data), a few seconds, and
# a folder left by an older kfanalys never goes stale. kfanalys exempel refuses any folder it did
# not create itself, so a kommun's own data is never touched.
"$KF" exempel data/raw/exempelkommun
"$KF" validera data/raw/exempelkommun
for cykel in 2023 2025; do
  "$KF" rapporter --cykel "$cykel" --data data/raw/exempelkommun
done
echo "Klart: öppna reports/2025/index.html"
