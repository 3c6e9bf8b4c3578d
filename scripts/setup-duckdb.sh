#!/usr/bin/env bash
# Lays DuckDB's official prebuilt C API library (v1.5.5, the build DuckDB itself publishes, with its
# jemalloc) into src-tauri/resources/duckdb/, where cargo links it (.cargo/config.toml) and the
# bundler ships it. It comes from the npm package @duckdb/node-bindings-<platform>, an optional
# dependency that npm installs for the machine's own platform only.
#
#   scripts/setup-duckdb.sh [OUT_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/src-tauri/resources/duckdb}

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=linux-x64 lib=libduckdb.so ;;
  Linux-aarch64) pkg=linux-arm64 lib=libduckdb.so ;;
  Darwin-arm64) pkg=darwin-arm64 lib=libduckdb.dylib ;;
  Darwin-x86_64) pkg=darwin-x64 lib=libduckdb.dylib ;;
  # Windows builds DuckDB from source (the npm package has duckdb.dll but no import library).
  MINGW*|MSYS*|CYGWIN*) mkdir -p "$OUT"; exit 0 ;;
  *) echo "setup-duckdb: unsupported platform $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
src="$ROOT/node_modules/@duckdb/node-bindings-$pkg/$lib"
[ -f "$src" ] || { echo "setup-duckdb: $src is missing: run 'npm ci' first" >&2; exit 1; }
mkdir -p "$OUT"
if ! cmp -s "$src" "$OUT/$lib"; then
  cp "$src" "$OUT/$lib.part"
  mv "$OUT/$lib.part" "$OUT/$lib"
fi
