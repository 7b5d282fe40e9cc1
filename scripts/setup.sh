#!/usr/bin/env bash
# Installs what Lumx Desk needs on a Debian/Ubuntu machine, skipping what is present.
#   scripts/setup.sh          system packages + Node packages (enough to build and run)
#   scripts/setup.sh --test   also the E2E tools (tauri-driver, WebKitWebDriver, keyring)
# Sourced or run; idempotent; never prompts (CI has no stdin).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WITH_TEST_TOOLS=0
[ "${1:-}" = "--test" ] && WITH_TEST_TOOLS=1

log() { printf '\n==> %s\n' "$*"; }

# --- system packages (tauri-setup.md §1) ---------------------------------------------
APT_PACKAGES=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev xvfb xauth xdotool imagemagick x11-utils)
if [ "$WITH_TEST_TOOLS" = 1 ]; then
  # python3-dbusmock: a real notification server on the test D-Bus session (E2E).
  APT_PACKAGES+=(webkit2gtk-driver dbus dbus-x11 gnome-keyring python3-dbusmock)
fi
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then
      if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
        echo "Missing system packages: ${missing[*]}" >&2
        echo "Run as root or with passwordless sudo, or install them yourself:" >&2
        echo "  sudo apt-get install -y ${missing[*]}" >&2
        exit 1
      fi
    fi
    log "apt-get install ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Not a Debian/Ubuntu machine: install the equivalents of ${missing[*]} (see README, Prerequisites)." >&2
    exit 1
  fi
fi

# --- Rust toolchain ---------------------------------------------------------------------
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install Rust with rustup (https://rustup.rs), then re-run." >&2
  exit 1
fi
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt >/dev/null 2>&1 || true

# --- Node packages (one package.json, in ui/) ------------------------------------------
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: install Node.js 20 or newer, then re-run." >&2
  exit 1
fi
if [ ! -d "$ROOT/ui/node_modules" ] || [ "$ROOT/ui/package-lock.json" -nt "$ROOT/ui/node_modules/.package-lock.json" ]; then
  log "npm ci (ui/)"
  npm ci --prefix "$ROOT/ui" --no-audit --no-fund --loglevel=error
fi

# --- E2E driver: tauri-driver, built from crates.io into the clone ----------------------
if [ "$WITH_TEST_TOOLS" = 1 ] && [ ! -x "$ROOT/.ci/tools/bin/tauri-driver" ]; then
  log "cargo install tauri-driver (into .ci/tools)"
  cargo install tauri-driver --version '^2' --locked --root "$ROOT/.ci/tools" --quiet
fi
