# Sourced by the other scripts: build caches live outside the repository (it may be laid anew),
# so cargo's target dir and the compiler cache survive between checkouts.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/qbox/target}"
export SCCACHE_DIR="${SCCACHE_DIR:-$HOME/.cache/sccache}"
export SCCACHE_CACHE_SIZE="${SCCACHE_CACHE_SIZE:-30G}"
if [ -z "${RUSTC_WRAPPER:-}" ] && command -v sccache >/dev/null 2>&1; then
  export RUSTC_WRAPPER=sccache
fi
# Always this checkout's own paths, even when a caller's environment names another checkout.
export QBOX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export QBOX_EXTENSION_REPO="$QBOX_ROOT/src-tauri/resources/duckdb-extensions"
export PATH="$HOME/.cargo/bin:$PATH"
