#!/usr/bin/env bash
# Writes (or with --check, verifies) the store's offline query data in
# src-tauri/crates/qbox-store/.sqlx: sqlx's macros check every query against a database made
# from the migrations, and builds read the committed data (SQLX_OFFLINE in .cargo/config.toml).
# Run it after changing a migration or a query.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$QBOX_ROOT"
PATH="$(bash scripts/setup-sqlx.sh):$PATH"
db_dir="$(mktemp -d)"
trap 'rm -rf "$db_dir"' EXIT
export DATABASE_URL="sqlite://$db_dir/schema.db"
sqlx database create
sqlx migrate run --source src-tauri/crates/qbox-store/migrations >/dev/null
cd src-tauri/crates/qbox-store
SQLX_OFFLINE=false cargo sqlx prepare "$@"
