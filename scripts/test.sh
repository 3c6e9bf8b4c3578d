#!/usr/bin/env bash
# npm test: installs what is missing and runs every test layer:
#   1. Rust: formatting, clippy, bindings and SQL query data freshness, core crate and shell
#      (mock runtime) tests
#   2. UI: ESLint, TypeScript, Vitest (beside the Rust tests)
#   3. End to end: the built app under Xvfb through tauri-driver and WebKitWebDriver
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$QBOX_ROOT"
# Every step is timed and the end lists the times (also when a step fails), so the log shows
# where the time goes.
suite_started=$(date +%s)
step_name=""
step_started=$suite_started
timings=()
end_step() {
  [ -n "$step_name" ] && timings+=("$(printf '%5ss  %s' "$(( $(date +%s) - step_started ))" "$step_name")")
  step_started=$(date +%s)
}
step() {
  end_step
  step_name="$*"
  printf '\n== %s\n' "$*"
}
report_timings() {
  end_step
  printf '\n== Time per step (%ss in all)\n' "$(( $(date +%s) - suite_started ))"
  printf '%s\n' "${timings[@]}"
}
trap report_timings EXIT

step "Set up what is missing (system packages, npm packages, tools)"
bash scripts/setup.sh --e2e

step "Build the UI (the app embeds ui/dist)"
npm run --silent build:ui

step "Rust formatting"
cargo fmt --all --check

# One package selection for every cargo call, so DuckDB's build is shared (docs/decisions.md).
step "Build everything once (tests, the app, bindings exporter, benchmark)"
cargo build --workspace --all-targets --quiet

step "Bindings are up to date"
tmp=$(mktemp -d)
"$CARGO_TARGET_DIR/debug/export_bindings" "$tmp/bindings.ts"
if ! diff -u ui/src/lib/backend/bindings.ts "$tmp/bindings.ts"; then
  echo "ui/src/lib/backend/bindings.ts is stale: run 'npm run bindings' and commit it" >&2
  exit 1
fi

step "The store's SQL is checked against its migrations (sqlx offline data is up to date)"
bash scripts/sqlx-prepare.sh --check >/dev/null

step "No group of modules imports itself in a circle (scripts/module-cycles.py)"
python3 scripts/module-cycles.py src-tauri/crates/*/src src-tauri/src

step "Clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

# The UI's checks share nothing with the Rust tests, so they run beside them (one Vitest
# worker, leaving the other core to nextest); their log is shown when the Rust tests end.
ui_log="$tmp/ui-checks.log"
(
  set -e
  started=$(date +%s)
  timeout 300 npx eslint ui tests/e2e
  timeout 300 npx tsc -p ui --noEmit
  timeout 600 npx vitest run --config ui/vite.config.ts --maxWorkers=1 --minWorkers=1
  echo "UI lint, types and tests took $(( $(date +%s) - started ))s beside the Rust tests"
) >"$ui_log" 2>&1 &
ui_checks=$!

# Inside a private D-Bus session with an unlocked GNOME Keyring: one test uses the real
# keychain; the PostgreSQL tests start throwaway clusters themselves (as root, like CI).
step "Rust tests (core crates and shell; real DuckDB, SQLite, PostgreSQL and keychain; the UI's checks beside them)"
# nextest runs each test in its own process under a time bound (.config/nextest.toml).
bash scripts/with-keyring.sh cargo nextest run --workspace --all-targets --no-fail-fast

step "No test can hang the suite: a test that never ends is killed at its bound"
hang_started=$(date +%s)
if cargo nextest run -p qbox-store --test hang_proof --run-ignored only --profile hang-proof \
  >"$tmp/hang-proof.log" 2>&1; then
  cat "$tmp/hang-proof.log" >&2
  echo "the never-ending test was reported as passing" >&2
  exit 1
fi
hang_took=$(( $(date +%s) - hang_started ))
if ! grep -q "TIMEOUT" "$tmp/hang-proof.log" || [ "$hang_took" -gt 60 ]; then
  cat "$tmp/hang-proof.log" >&2
  echo "the never-ending test was not killed at its bound (took ${hang_took}s)" >&2
  exit 1
fi
echo "a test that never ends was killed and failed after ${hang_took}s (bound: 3 s); the suite goes on"

step "UI lint, types and tests (ran beside the Rust tests; what is left of them)"
# Each of the three is bounded by its own timeout, so this wait ends.
ui_status=0
wait "$ui_checks" || ui_status=$?
cat "$ui_log"
if [ "$ui_status" -ne 0 ]; then
  echo "the UI's lint, types or tests failed (exit $ui_status)" >&2
  exit 1
fi

step "End to end"
bash tests/e2e/run.sh
