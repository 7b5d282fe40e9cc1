#!/usr/bin/env bash
# Runs the WebDriver E2E suite against a built app: starts tauri-driver (which spawns
# WebKitWebDriver), waits for it, runs node --test, and always stops it.
# Usage: tests/e2e/run-e2e.sh /abs/path/to/lumx-desk   (needs DISPLAY: run under xvfb-run)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
APP=$(realpath "${1:?path to the built lumx-desk binary}")
cd "$ROOT"
DRIVER="${TAURI_DRIVER:-$ROOT/.ci/tools/bin/tauri-driver}"
export E2E_ARTIFACTS="${E2E_ARTIFACTS:-$ROOT/tests/e2e/artifacts}"
mkdir -p "$E2E_ARTIFACTS"

# A throwaway profile: GTK's recent-files list, WebKit storage and the app's data dir go
# here, so runs start clean and nothing touches the developer's own profile.
PROFILE=$(mktemp -d /tmp/lumx-e2e.XXXXXX)
export HOME="$PROFILE" XDG_DATA_HOME="$PROFILE/data" XDG_CONFIG_HOME="$PROFILE/config" XDG_CACHE_HOME="$PROFILE/cache"
export GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_USE_PORTAL=0 LANG=C.UTF-8 LC_ALL=C.UTF-8
export LUMX_DESK_APP="$APP"

"$DRIVER" --port 4444 --native-port 4445 >"$E2E_ARTIFACTS/tauri-driver.log" 2>&1 &
DRIVER_PID=$!
cleanup() {
  kill "$DRIVER_PID" 2>/dev/null || true
  wait "$DRIVER_PID" 2>/dev/null || true
  # Only processes running this very binary (a command line that merely mentions its
  # path, like this script's own callers, must survive).
  for pid in $(pgrep -x lumx-desk 2>/dev/null); do
    if [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$APP" ]; then kill "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$PROFILE"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fsS http://127.0.0.1:4444/status >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS http://127.0.0.1:4444/status >/dev/null || { echo "tauri-driver did not start" >&2; cat "$E2E_ARTIFACTS/tauri-driver.log" >&2; exit 1; }

# E2E_ONLY=tests/e2e/wizard.test.mjs runs one file while working on it.
# shellcheck disable=SC2086
node --test --test-concurrency=1 --test-reporter=spec ${E2E_ONLY:-tests/e2e/*.test.mjs}
