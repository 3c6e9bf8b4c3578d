#!/usr/bin/env bash
# Lays out the DuckDB extensions QBox ships (excel, httpfs, postgres, aws) as a local extension
# repository, from the official signed binaries in PyPI's duckdb-extension-<name> wheels.
# The wheels are cached under ~/.cache/qbox/wheels; nothing is fetched at run time.
#
#   scripts/setup-extensions.sh [OUT_DIR]
#
# QBOX_EXTENSIONS names other extensions to lay out instead (the benchmark's tpch).
#
# Other platforms: QBOX_DUCKDB_PLATFORM=osx_arm64|osx_amd64|windows_amd64|linux_arm64 picks that
# platform's wheels (pip download --platform), for building that platform's bundle.
set -euo pipefail
VERSION=1.5.5
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-${QBOX_EXTENSION_REPO:-$ROOT/src-tauri/resources/duckdb-extensions}}
CACHE=${QBOX_CACHE_DIR:-$HOME/.cache/qbox}/wheels

host_platform() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo linux_amd64 ;;
    Linux-aarch64) echo linux_arm64 ;;
    Darwin-arm64) echo osx_arm64 ;;
    Darwin-x86_64) echo osx_amd64 ;;
    MINGW*|MSYS*|CYGWIN*) echo windows_amd64 ;;
    *) echo "unsupported platform $(uname -s)-$(uname -m)" >&2; exit 1 ;;
  esac
}
PLATFORM=${QBOX_DUCKDB_PLATFORM:-$(host_platform)}
case "$PLATFORM" in
  linux_amd64) PIP_PLATFORM=manylinux2014_x86_64 ;;
  linux_arm64) PIP_PLATFORM=manylinux2014_aarch64 ;;
  osx_arm64) PIP_PLATFORM=macosx_11_0_arm64 ;;
  osx_amd64) PIP_PLATFORM=macosx_10_9_x86_64 ;;
  windows_amd64) PIP_PLATFORM=win_amd64 ;;
  *) echo "unknown DuckDB platform $PLATFORM" >&2; exit 1 ;;
esac

DEST="$OUT/v$VERSION/$PLATFORM"
mkdir -p "$DEST" "$CACHE/$PLATFORM"
PY=$(command -v python3 || command -v python)
for name in ${QBOX_EXTENSIONS:-excel httpfs postgres aws}; do
  # DuckDB loads the postgres extension by its canonical name postgres_scanner.
  target=$name; [ "$name" = postgres ] && target=postgres_scanner
  [ -s "$DEST/$target.duckdb_extension" ] && continue
  wheel=$(ls "$CACHE/$PLATFORM"/duckdb_extension_"$name"-"$VERSION"-*.whl 2>/dev/null | head -n 1 || true)
  if [ -z "$wheel" ]; then
    "$PY" -m pip download --quiet --no-deps --only-binary=:all: --platform "$PIP_PLATFORM" \
      --dest "$CACHE/$PLATFORM" "duckdb-extension-$name==$VERSION"
    wheel=$(ls "$CACHE/$PLATFORM"/duckdb_extension_"$name"-"$VERSION"-*.whl | head -n 1)
  fi
  "$PY" - "$wheel" "$name" "$VERSION" "$DEST/$target.duckdb_extension" <<'PY'
import shutil, sys, zipfile
wheel, name, version, dest = sys.argv[1:]
member = f"duckdb_extension_{name}/extensions/v{version}/{name}.duckdb_extension"
with zipfile.ZipFile(wheel) as z, z.open(member) as src, open(dest + ".part", "wb") as out:
    shutil.copyfileobj(src, out)
import os; os.replace(dest + ".part", dest)
PY
done
echo "DuckDB extensions for $PLATFORM in $DEST"
