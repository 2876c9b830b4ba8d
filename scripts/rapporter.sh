#!/usr/bin/env bash
# README report command: set up (idempotent), generate the Exempelkommun if it is
# missing, and build the full example report set for both cycles (2023, then 2025).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
KF=.venv/bin/kfanalys
if [ ! -f data/raw/exempelkommun/kommun.yaml ]; then
  "$KF" exempel data/raw/exempelkommun
fi
"$KF" validera data/raw/exempelkommun
for cykel in 2023 2025; do
  "$KF" rapporter --cykel "$cykel" --data data/raw/exempelkommun
done
echo "Klart: öppna reports/2025/index.html"
