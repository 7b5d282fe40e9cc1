#!/usr/bin/env bash
# Runs "$@" with tauri-driver (which spawns WebKitWebDriver) listening on :4444, in a
# throwaway profile, and always stops the driver and any leftover app process after.
# Usage: tests/e2e/with-tauri-driver.sh /abs/path/to/app-binary command...
# (needs DISPLAY: run under xvfb-run). The binary's path is exported as LUMX_DESK_APP.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
APP=$(realpath "${1:?path to the built app binary}")
shift
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
# The app draws its embedded sandbox's bearer token at each launch; this test-only
# override fixes it so the tests and the bench can call its /_sandbox/* routes.
export LUMX_DESK_LOCAL_SANDBOX_TOKEN="${LUMX_DESK_LOCAL_SANDBOX_TOKEN:-$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')}"

"$DRIVER" --port 4444 --native-port 4445 >"$E2E_ARTIFACTS/tauri-driver.log" 2>&1 &
DRIVER_PID=$!
cleanup() {
  kill "$DRIVER_PID" 2>/dev/null || true
  wait "$DRIVER_PID" 2>/dev/null || true
  # Only processes running an app binary under test (a command line that merely mentions
  # its path, like this script's own callers, must survive).
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
    case " $APP ${EXTRA_APPS:-} " in *" $exe "*) [ -n "$exe" ] && kill "$pid" 2>/dev/null || true ;; esac
  done
  rm -rf "$PROFILE" 2>/dev/null || true
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fsS http://127.0.0.1:4444/status >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS http://127.0.0.1:4444/status >/dev/null || { echo "tauri-driver did not start" >&2; cat "$E2E_ARTIFACTS/tauri-driver.log" >&2; exit 1; }

"$@"
