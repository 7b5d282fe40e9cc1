#!/usr/bin/env bash
# Installs the built .deb with dpkg -i, launches the installed /usr/bin/lumx-desk under
# the current X display (run it under xvfb-run), and checks that its window comes up and
# paints the UI; then removes the package again (unless KEEP_INSTALLED=1).
# Usage: tests/package/deb-smoke.sh path/to/lumx-desk_*.deb [screenshot.png]
set -euo pipefail
DEB=$(realpath "${1:?path to the .deb}")
SHOT="${2:-$(pwd)/target/screenshots/deb-installed.png}"
mkdir -p "$(dirname "$SHOT")"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo -n"

PACKAGE=$(dpkg-deb -f "$DEB" Package)
$SUDO dpkg -i "$DEB" >/dev/null
echo "installed $PACKAGE $(dpkg-query -W -f='${Version}, Installed-Size ${Installed-Size} KiB' "$PACKAGE")"
BIN=$(dpkg -L "$PACKAGE" | grep -E '^/usr/bin/' | head -1)
DESKTOP=$(dpkg -L "$PACKAGE" | grep -E '\.desktop$' | head -1)
[ -x "$BIN" ] || { echo "no executable installed under /usr/bin" >&2; exit 1; }
grep -q "^Exec=$(basename "$BIN")" "$DESKTOP" || { echo "$DESKTOP does not launch $BIN" >&2; exit 1; }

PROFILE=$(mktemp -d /tmp/lumx-deb.XXXXXX)
APP_PID=""
cleanup() {
  local rc=$?
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$PROFILE" 2>/dev/null || true
  [ "${KEEP_INSTALLED:-0}" = 1 ] || $SUDO dpkg -r "$PACKAGE" >/dev/null || rc=1
  exit "$rc"
}
trap cleanup EXIT

HOME="$PROFILE" XDG_DATA_HOME="$PROFILE/data" XDG_CONFIG_HOME="$PROFILE/config" \
  XDG_CACHE_HOME="$PROFILE/cache" GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_USE_PORTAL=0 \
  "$BIN" >"$PROFILE/app.log" 2>&1 &
APP_PID=$!

# The window must appear (mapped, titled) within 30 s...
WIN=""
for _ in $(seq 1 150); do
  kill -0 "$APP_PID" 2>/dev/null || { echo "the installed app exited:" >&2; cat "$PROFILE/app.log" >&2; exit 1; }
  WIN=$(xdotool search --onlyvisible --name '^Lumx Desk$' 2>/dev/null | head -1 || true)
  [ -n "$WIN" ] && break
  sleep 0.2
done
[ -n "$WIN" ] || { echo "no 'Lumx Desk' window within 30 s" >&2; exit 1; }
eval "$(xdotool getwindowgeometry --shell "$WIN")"
echo "window $WIN: ${WIDTH}x${HEIGHT}"
[ "$WIDTH" -ge 960 ] && [ "$HEIGHT" -ge 600 ] || { echo "window smaller than its minimum size" >&2; exit 1; }

# ...and paint the UI, not a blank surface: a rendered screen has many distinct colours.
COLOURS=0
for _ in $(seq 1 50); do
  import -silent -window "$WIN" "$SHOT" 2>/dev/null || true
  COLOURS=$(identify -format '%k' "$SHOT" 2>/dev/null || echo 0)
  [ "$COLOURS" -ge 64 ] && break
  sleep 0.3
done
echo "screenshot $SHOT: $COLOURS distinct colours"
[ "$COLOURS" -ge 64 ] || { echo "the window stayed blank" >&2; exit 1; }
echo "deb smoke test: ok"
