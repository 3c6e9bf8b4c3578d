#!/usr/bin/env bash
# npm run soak: the long variants of the proofs, each printing its counts. Hostile names and
# values ten times over (QBOX_SOAK_FACTOR), 200 SIGKILLs of a working workspace with the kills
# counted by what the workspace was doing, and a 5 GB CSV registered and aggregated against
# DuckDB alone. Runs after `npm test` has built everything (it builds what is missing).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$QBOX_ROOT"
bash scripts/setup.sh

export QBOX_SOAK_FACTOR="${QBOX_SOAK_FACTOR:-10}"
export QBOX_CRASH_KILLS="${QBOX_CRASH_KILLS:-200}"
export QBOX_LARGE_CSV_MB="${QBOX_LARGE_CSV_MB:-5000}"
echo "soak: hostile names x$QBOX_SOAK_FACTOR, $QBOX_CRASH_KILLS kills, a $QBOX_LARGE_CSV_MB MB CSV"
# The soak profile bounds each of these long runs at an hour (.config/nextest.toml).
cargo nextest run --profile soak --no-capture \
  -p qbox-engine --test hostile_names \
  -p qbox-workspace --test hostile_credentials --test crash_safety --test large_inputs
