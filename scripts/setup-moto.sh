#!/usr/bin/env bash
# The S3-compatible server the tests use: moto's server mode from PyPI, in a virtualenv under
# ~/.cache/qbox (outside the repository), pinned. Prints the moto_server path.
set -euo pipefail
VENV="${QBOX_MOTO_VENV:-$HOME/.cache/qbox/moto-venv}"
VERSION="5.2.5"
if ! "$VENV/bin/python" -c "import moto, boto3; assert moto.__version__ == '$VERSION'" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "moto[server]==$VERSION" >&2
fi
echo "$VENV/bin/moto_server"
