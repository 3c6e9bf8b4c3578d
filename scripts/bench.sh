#!/usr/bin/env bash
# npm run bench: prints QBox's engine figures against DuckDB's own CLI (same version, same
# machine, same queries). Data is generated once into ~/.cache/qbox/bench-data.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$QBOX_ROOT"
bash scripts/setup.sh
VENV="$HOME/.cache/qbox/bench-venv"
if [ ! -x "$VENV/bin/duckdb" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet duckdb-cli==1.5.5
fi
cargo run --quiet --example bench -p qbox-engine -- "$VENV/bin/duckdb" "$HOME/.cache/qbox/bench-data" "$QBOX_EXTENSION_REPO"
