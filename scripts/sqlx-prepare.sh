#!/usr/bin/env bash
# Writes (or with --check, verifies) the store's offline query data in
# src-tauri/crates/qbox-store/.sqlx: sqlx's macros check every query against a database made
# from the migrations, and builds read the committed data (SQLX_OFFLINE in .cargo/config.toml).
# Run it after changing a migration or a query.
#
# No sqlx-cli: the database is made by Python's sqlite3 from the migration files in order, and
# the macros themselves write each query's data when built online with SQLX_OFFLINE_DIR set
# (which is all `cargo sqlx prepare` does), in a target dir of their own.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$QBOX_ROOT"
store=src-tauri/crates/qbox-store
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work/schema.db" "$store/migrations" <<'PY'
import pathlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for migration in sorted(pathlib.Path(sys.argv[2]).glob("*.sql")):
    db.executescript(migration.read_text())
db.commit()
PY
mkdir "$work/queries"
target="$CARGO_TARGET_DIR/sqlx-prepare-check"
# Only the store is built again, so its macros run (and write) anew.
cargo clean --quiet -p qbox-store --target-dir "$target" 2>/dev/null || true
SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$work/queries" DATABASE_URL="sqlite://$work/schema.db" \
  cargo check --quiet -p qbox-store --lib --target-dir "$target"
if [ "${1:-}" = "--check" ]; then
  if ! diff -r "$store/.sqlx" "$work/queries" >"$work/diff" 2>&1; then
    cat "$work/diff" >&2
    echo "$store/.sqlx is stale: run 'bash scripts/sqlx-prepare.sh' and commit it" >&2
    exit 1
  fi
else
  rm -f "$store"/.sqlx/query-*.json
  cp "$work"/queries/query-*.json "$store/.sqlx/"
  echo "query data written to $store/.sqlx"
fi
