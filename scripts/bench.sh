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
# Optimised like the shipped app (the dev profile compiles dependencies unoptimised).
cargo build --release --quiet -p qbox-engine -p qbox-workspace --examples
# TPC-H's data and answers come from DuckDB's tpch extension (its PyPI wheel; not shipped).
BENCH_EXTENSIONS="$HOME/.cache/qbox/bench-extensions"
QBOX_EXTENSIONS=tpch bash scripts/setup-extensions.sh "$BENCH_EXTENSIONS" >/dev/null
TPCH=$(find "$BENCH_EXTENSIONS" -name tpch.duckdb_extension | head -n 1)
"$CARGO_TARGET_DIR/release/examples/bench" "$VENV/bin/duckdb" "$HOME/.cache/qbox/bench-data" "$QBOX_EXTENSION_REPO" \
  "$TPCH" "${QBOX_TPCH_ROUNDS:-3}"
echo
# Catalog load for a PostgreSQL database with 5,000 tables (a throwaway cluster; needs root).
"$CARGO_TARGET_DIR/release/examples/catalog_bench" 5000
echo
# The assistant: scripted bad suggestions caught and repaired, the cost of a check, and the time
# from the provider's first text to the workspace (a scripted OpenAI-compatible server).
"$CARGO_TARGET_DIR/release/examples/assistant_bench"
