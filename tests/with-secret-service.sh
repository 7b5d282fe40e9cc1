#!/usr/bin/env bash
# Runs "$@" inside a private D-Bus session with an unlocked gnome-keyring, so keychain
# tests talk to a real Secret Service. HOME is left alone (rustup needs it).
#
# Services that the session starts on demand (portals, the accessibility bus, Xvfb when
# xvfb-run runs inside) outlive dbus-run-session and would keep a caller's pipe open
# forever; they all carry this session's XDG_RUNTIME_DIR, so they are found and stopped.
set -u
KR_DIR=$(mktemp -d /tmp/secret-service.XXXXXX)
export XDG_DATA_HOME="$KR_DIR/data" XDG_RUNTIME_DIR="$KR_DIR/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

stop_session_processes() {
  local marker="XDG_RUNTIME_DIR=$KR_DIR/run" pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$pid" = "$$" ] && continue
    if { tr '\0' '\n' < "/proc/$pid/environ"; } 2>/dev/null | grep -qxF "$marker"; then
      kill "$pid" 2>/dev/null || true
    fi
  done
  fusermount3 -u "$KR_DIR/run/doc" 2>/dev/null || true
}

dbus-run-session -- bash -c '
  eval "$(printf "%s" "test-keyring-password" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  exec "$@"
' bash "$@"
rc=$?
stop_session_processes
sleep 0.5
rm -rf "$KR_DIR" 2>/dev/null || true
exit $rc
