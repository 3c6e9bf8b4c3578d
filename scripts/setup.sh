#!/usr/bin/env bash
# Installs whatever is missing to build, run and test QBox on Debian/Ubuntu: system libraries
# (through apt when root or with sudo; otherwise prints the exact command), npm packages, the
# shipped DuckDB extensions, and (with --e2e) the WebDriver bridge for end-to-end tests.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$QBOX_ROOT"

E2E=0
[ "${1:-}" = "--e2e" ] && E2E=1

APT=(libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
     pkg-config build-essential file sccache python3 python3-pip
     libdbus-1-dev dbus gnome-keyring libsecret-tools postgresql strace util-linux)
[ "$E2E" = 1 ] && APT+=(xvfb xauth dbus-x11 webkit2gtk-driver imagemagick xdotool xclip)

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${APT[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
    if [ "$(id -u)" = 0 ]; then
      echo "setup: installing ${missing[*]}"
      bash -c "$cmd"
    elif sudo -n true 2>/dev/null; then
      sudo bash -c "$cmd"
    else
      echo "setup: these system packages are missing; install them with:" >&2
      echo "  sudo bash -c '$cmd'" >&2
      exit 1
    fi
  fi
else
  echo "setup: not a Debian-like system; see README.md for the prerequisites of your platform" >&2
fi
# sccache may have been installed just now.
if [ -z "${RUSTC_WRAPPER:-}" ] && command -v sccache >/dev/null 2>&1; then export RUSTC_WRAPPER=sccache; fi

command -v cargo >/dev/null || { echo "setup: Rust is missing: install it from rustup (rustup.rs), then rerun" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: Node.js 20+ and npm are missing; install them, then rerun" >&2; exit 1; }

# npm packages, exactly as locked.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

bash scripts/setup-duckdb.sh
bash scripts/setup-extensions.sh
# moto's S3-compatible server for the S3 connection tests (a pinned virtualenv in ~/.cache/qbox).
bash scripts/setup-moto.sh >/dev/null

# The Rust tests run under cargo-nextest, which bounds each test's time.
if ! cargo nextest --version >/dev/null 2>&1; then
  cargo install cargo-nextest --locked
fi

if [ "$E2E" = 1 ] && ! command -v tauri-driver >/dev/null 2>&1; then
  cargo install tauri-driver --locked --version 2.1.0
fi
