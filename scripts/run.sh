#!/usr/bin/env bash
# Quick start #1: set up what is missing, build Lumx Desk with its UI embedded, and launch
# it on the Local sandbox. With no display (a headless server) it runs under Xvfb and
# saves a screenshot to target/screenshots/run.png after the window has painted.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh

echo "==> building Lumx Desk (debug, UI embedded)"
ui/node_modules/.bin/tauri build --debug --no-bundle --ci
APP="$ROOT/target/debug/lumx-desk"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$APP"
fi

echo "==> no display: running under Xvfb (screenshot in target/screenshots/run.png; Ctrl-C to quit)"
mkdir -p target/screenshots
export LUMX_RUN_SCREENSHOT="$ROOT/target/screenshots/run.png"
exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" bash -c '
  "$0" & app=$!
  trap "kill $app 2>/dev/null" EXIT INT TERM
  for _ in $(seq 1 100); do xdotool search --onlyvisible --name "Lumx Desk" >/dev/null 2>&1 && break; sleep 0.2; done
  sleep 3
  import -window root "$LUMX_RUN_SCREENSHOT" && echo "screenshot: $LUMX_RUN_SCREENSHOT"
  wait $app
' "$APP"
