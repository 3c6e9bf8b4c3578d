#!/usr/bin/env bash
# Runs the end-to-end tests against the built app: Xvfb, a D-Bus session, tauri-driver with
# Debian's WebKitWebDriver, fresh ports and a throwaway QBOX_HOME. Screenshots go to
# test-artifacts/e2e/.
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
cd "$QBOX_ROOT"

APP="$CARGO_TARGET_DIR/debug/qbox"
[ -x "$APP" ] || { echo "build the app first (cargo build --bin qbox)" >&2; exit 1; }
ARTIFACTS="$QBOX_ROOT/test-artifacts/e2e"
mkdir -p "$ARTIFACTS"
HOME_DIR=$(mktemp -d /tmp/qbox-e2e-home-XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
NATIVE_PORT=$(free_port)

pids=()
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PG_DIR=$(mktemp -d /tmp/qbox-e2e-pg-XXXXXX)
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # Any app process of this run still alive (one that started itself again out of WebDriver's
  # reach, say): found by this run's data folder, never by name.
  local app_real proc
  app_real=$(realpath "$APP")
  for proc in /proc/[0-9]*; do
    [ "$(readlink "$proc/exe" 2>/dev/null)" = "$app_real" ] || continue
    if tr '\0' '\n' <"$proc/environ" 2>/dev/null | grep -qx "QBOX_HOME=$HOME_DIR"; then
      kill -9 "${proc#/proc/}" 2>/dev/null || true
    fi
  done
  # tauri-driver, its keyring session and D-Bus run in their own process group: stop it all.
  [ -n "${DRIVER_GROUP:-}" ] && kill -- "-$DRIVER_GROUP" 2>/dev/null || true
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$HOME_DIR" "$PG_DIR"
}
trap cleanup EXIT

# A throwaway PostgreSQL cluster for the connection tests (initdb refuses root: run as postgres).
chown postgres:postgres "$PG_DIR"
runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U qbox_admin --auth-local=trust \
  --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$ARTIFACTS/initdb.log"
PG_PORT=$(free_port)
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
export QBOX_E2E_PG_PORT="$PG_PORT" QBOX_E2E_PG_BIN="$PG_BIN" QBOX_E2E_PG_SOCKET="$PG_DIR"

# An S3-compatible server (moto) with one bucket and one object for the S3 connection test.
MOTO=$(bash scripts/setup-moto.sh)
S3_PORT=$(free_port)
"$MOTO" -H 127.0.0.1 -p "$S3_PORT" >"$ARTIFACTS/moto.log" 2>&1 &
pids+=($!)
s3_up() { python3 -c "import socket; socket.create_connection(('127.0.0.1', $S3_PORT), 0.2)" 2>/dev/null; }
for _ in $(seq 100); do s3_up && break; sleep 0.1; done
s3_up || { echo "moto did not start on port $S3_PORT within 10 s; its log:" >&2; tail -20 "$ARTIFACTS/moto.log" >&2; exit 1; }
"$(dirname "$MOTO")/python" - <<PY
import boto3
s3 = boto3.client("s3", endpoint_url="http://127.0.0.1:$S3_PORT", region_name="us-east-1",
                  aws_access_key_id="fixture", aws_secret_access_key="fixture")
s3.create_bucket(Bucket="lake")
s3.put_object(Bucket="lake", Key="crm/2024/cities.csv", Body=b"city,country\nLondon,UK\nNew York,US\n")
PY
export QBOX_E2E_S3_ENDPOINT="127.0.0.1:$S3_PORT"

# The assistant's provider: a scripted OpenAI-compatible server on loopback.
AI_LOG="$ARTIFACTS/openai-server.log"
python3 tests/support/openai_server.py --models qbox-test >"$AI_LOG" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q '^PORT ' "$AI_LOG" 2>/dev/null && break; sleep 0.1; done
grep -q '^PORT ' "$AI_LOG" || { echo "the scripted OpenAI server did not start within 10 s; its log:" >&2; tail -20 "$AI_LOG" >&2; exit 1; }
export QBOX_E2E_AI_URL="http://127.0.0.1:$(sed -n 's/^PORT //p' "$AI_LOG")"

if [ -z "${DISPLAY:-}" ]; then
  DISPLAY_NUM=$((90 + RANDOM % 100))
  Xvfb ":$DISPLAY_NUM" -screen 0 1400x900x24 -nolisten tcp >"$ARTIFACTS/xvfb.log" 2>&1 &
  pids+=($!)
  export DISPLAY=":$DISPLAY_NUM"
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ] && break; sleep 0.1; done
  [ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ] || { echo "Xvfb did not start within 5 s; its log:" >&2; tail -20 "$ARTIFACTS/xvfb.log" >&2; exit 1; }
fi

export QBOX_HOME="$HOME_DIR"
export QBOX_KEYCHAIN_SERVICE="qbox-e2e-$$"
setsid bash scripts/with-keyring.sh tauri-driver --port "$PORT" --native-port "$NATIVE_PORT" \
  --native-driver /usr/bin/WebKitWebDriver >"$ARTIFACTS/tauri-driver.log" 2>&1 &
DRIVER_GROUP=$!
# The keyring's start and round-trip probe come first; on a loaded machine that can take a while.
driver_up() { python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 0.2)" 2>/dev/null; }
for _ in $(seq 600); do
  driver_up && break
  sleep 0.1
done
if ! driver_up; then
  echo "tauri-driver did not start on port $PORT within a minute; its log:" >&2
  tail -20 "$ARTIFACTS/tauri-driver.log" >&2
  exit 1
fi

QBOX_WEBDRIVER_URL="http://127.0.0.1:$PORT" QBOX_APP="$APP" QBOX_E2E_ARTIFACTS="$ARTIFACTS" \
  node --test --test-concurrency=1 --test-timeout=600000 ${QBOX_E2E_FILES:-tests/e2e/app.test.mjs}
