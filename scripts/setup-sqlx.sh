#!/usr/bin/env bash
# sqlx-cli, pinned to the sqlx the store uses, under ~/.cache/qbox (outside the repository):
# it checks that the committed offline query data (.sqlx/) matches the migrations and queries.
# Prints the folder of its binaries (`sqlx`, and `cargo-sqlx` for `cargo sqlx`).
set -euo pipefail
VERSION="0.8.6"
ROOT="$HOME/.cache/qbox/sqlx-cli"
if ! "$ROOT/bin/sqlx" --version 2>/dev/null | grep -qx "sqlx-cli $VERSION"; then
  # Its own target dir: never the workspace's, which a build may be using.
  env -u CARGO_TARGET_DIR cargo install sqlx-cli --version "=$VERSION" --locked --quiet \
    --no-default-features --features sqlite --root "$ROOT" \
    --target-dir "$HOME/.cache/qbox/sqlx-cli-build" >&2
  rm -rf "$HOME/.cache/qbox/sqlx-cli-build"
fi
echo "$ROOT/bin"
