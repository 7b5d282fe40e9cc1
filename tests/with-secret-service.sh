#!/usr/bin/env bash
# Runs "$@" inside a private D-Bus session with an unlocked gnome-keyring, so keychain
# tests talk to a real Secret Service. HOME is left alone (rustup needs it).
set -u
KR_DIR=$(mktemp -d /tmp/secret-service.XXXXXX)
export XDG_DATA_HOME="$KR_DIR/data" XDG_RUNTIME_DIR="$KR_DIR/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- bash -c '
  eval "$(printf "%s" "test-keyring-password" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  exec "$@"
' bash "$@"
rc=$?
rm -rf "$KR_DIR"
exit $rc
