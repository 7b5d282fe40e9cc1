#!/usr/bin/env bash
# Quick start #2: set up what is missing and run the whole test suite — formatting, lints,
# Rust unit/integration tests (real keychain under D-Bus, real local sandbox over HTTP),
# UI type check, lint and unit tests, and the WebDriver E2E of the real built app under Xvfb.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
START=$(date +%s)
SUMMARY=()
step() { printf '\n===== [%4ss] %s =====\n' "$(( $(date +%s) - START ))" "$*"; }
record() { SUMMARY+=("$(printf '%-28s %s' "$1" "$2")"); }

step "setup"
bash scripts/setup.sh --test
export PATH="$ROOT/.ci/tools/bin:$PATH"
# The keychain integration test fails (instead of skipping) when no Secret Service runs.
export LUMX_REQUIRE_KEYCHAIN=1

step "cargo fmt --check"
cargo fmt --all -- --check
record "rustfmt" "ok"

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
record "clippy" "ok"

step "UI: build (the app embeds ui/dist)"
npm --prefix ui run build --silent

step "Rust tests (real Secret Service under D-Bus)"
tests/with-secret-service.sh cargo test --workspace --locked 2>&1 | tee target/rust-tests.log
record "rust tests" "$(grep -E '^test result:' target/rust-tests.log | awk '{p+=$4; f+=$6; i+=$8} END {printf "%d passed, %d failed, %d ignored", p, f, i}')"

step "UI: type check and lint"
npm --prefix ui run check --silent
record "ui typecheck+lint" "ok"

step "UI: unit tests (Vitest)"
npm --prefix ui test --silent -- --reporter=default 2>&1 | tee target/ui-tests.log
record "ui unit tests" "$(sed 's/\x1b\[[0-9;]*m//g' target/ui-tests.log | grep -E '^ *Tests +[0-9]+' | tr -s ' ' | sed 's/^ //')"

step "build the app (debug, UI embedded)"
ui/node_modules/.bin/tauri build --debug --no-bundle --ci

step "E2E: WebDriver against the real app under Xvfb"
tests/with-secret-service.sh xvfb-run -a -s "-screen 0 1280x1000x24 -nolisten tcp" \
  tests/e2e/run-e2e.sh "$ROOT/target/debug/lumx-desk" 2>&1 | tee target/e2e.log
record "e2e (webdriver)" "$(grep -E '^ℹ (pass|fail) ' target/e2e.log | awk '{printf "%s %s, ", $3, $2}' | sed 's/, $//')"

step "summary"
for line in "${SUMMARY[@]}"; do echo "  $line"; done
echo "  total time: $(( $(date +%s) - START ))s"
