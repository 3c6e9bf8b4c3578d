#!/usr/bin/env bash
# npm start: installs what is missing, builds the UI and the app, and opens QBox.
# Extra arguments are passed to the app (files to open, e.g. `npm start -- sales.csv`).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$QBOX_ROOT"
bash scripts/setup.sh
npm run --silent build:ui
cargo build --bin qbox
exec "$CARGO_TARGET_DIR/debug/qbox" "$@"
