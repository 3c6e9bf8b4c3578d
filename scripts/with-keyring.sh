#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked GNOME Keyring, so the OS
# keychain (Secret Service) is real in tests. The keyring's files live in a throwaway HOME
# subfolder and go away afterwards.
set -euo pipefail
if [ -z "${QBOX_IN_KEYRING_SESSION:-}" ]; then
  export QBOX_IN_KEYRING_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
KEYRING_HOME=$(mktemp -d /tmp/qbox-keyring-XXXXXX)
trap 'rm -rf "$KEYRING_HOME"' EXIT
export XDG_DATA_HOME="$KEYRING_HOME/data"
mkdir -p "$XDG_DATA_HOME"
# The password only unlocks this throwaway keyring.
eval "$(printf 'qbox-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
# The unlocked daemon takes the Secret Service name on the bus a moment after it forks. A client
# that comes first makes D-Bus start a second, locked daemon, which then waits forever on an
# unlock prompt nobody can answer: wait for the name before anything asks for it.
for _ in $(seq 200); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
  sleep 0.05
done
# A daemon that did not start (or a locked keyring) would leave the tests on session-only
# secrets without a word: prove a round trip through the Secret Service first.
probe=(service qbox-keyring-probe account probe)
if ! printf 'probe' | timeout 20 secret-tool store --label "QBox keyring probe" "${probe[@]}" 2>/dev/null \
   || [ "$(timeout 20 secret-tool lookup "${probe[@]}" 2>/dev/null)" != "probe" ]; then
  echo "with-keyring: the GNOME Keyring in this D-Bus session does not answer; not running $1" >&2
  exit 1
fi
secret-tool clear "${probe[@]}"
"$@"
