#!/usr/bin/env bash
# Quick start #2: set up what is missing and run the whole test suite — formatting, lints,
# Rust unit/integration tests (real keychain under D-Bus, real local sandbox over HTTP),
# UI type check, lint and unit tests, the WebDriver E2E of the real built app under Xvfb,
# the release .deb (installed with dpkg -i and launched), and the benchmarks in quick mode.
# Suites that measure something print their figures in the summary (target/figures).
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
export LUMX_FIGURES_DIR="$ROOT/target/figures"
rm -rf "$LUMX_FIGURES_DIR"
XVFB=(xvfb-run -a -s "-screen 0 1280x1000x24 -nolisten tcp")

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
tests/with-secret-service.sh "${XVFB[@]}" tests/e2e/run-e2e.sh "$ROOT/target/debug/lumx-desk" 2>&1 | tee target/e2e.log
record "e2e (webdriver)" "$(grep -E '^ℹ (pass|fail) ' target/e2e.log | awk '{printf "%s %s, ", $3, $2}' | sed 's/, $//')"

step "package: release build and .deb (no download at build time)"
ui/node_modules/.bin/tauri build --bundles deb --ci
DEB=$(find target/release/bundle/deb -maxdepth 1 -name '*.deb' | head -1)
record ".deb" "$(basename "$DEB"), $(du -h "$DEB" | cut -f1)"

step "package: dpkg -i, launch the installed app under Xvfb"
tests/with-secret-service.sh "${XVFB[@]}" tests/package/deb-smoke.sh "$DEB" "$ROOT/target/screenshots/deb-installed.png" \
  >target/deb-smoke.log 2>&1 || { cat target/deb-smoke.log; exit 1; }
grep -vE 'dbus|portal|Gtk-WARNING|^$|pw.conf|SpiRegistry|RealtimeKit|skeleton' target/deb-smoke.log || true
record "deb installed + launched" "$(grep -c '^deb smoke test: ok' target/deb-smoke.log) ok"

step "benchmarks (quick mode; bash scripts/bench.sh runs the full set)"
(cd bench/empty-app && "$ROOT/ui/node_modules/.bin/tauri" build --no-bundle --ci)
BENCH_NO_BUILD=1 bash scripts/bench.sh --quick >target/bench.log 2>&1 || { cat target/bench.log; exit 1; }
cp target/bench/bench.md "$LUMX_FIGURES_DIR/zz-benchmarks.md"
record "benchmarks (quick)" "ok"

step "summary"
for figures in "$LUMX_FIGURES_DIR"/*.md; do
  [ -e "$figures" ] || continue
  echo; cat "$figures"
done
echo
for line in "${SUMMARY[@]}"; do echo "  $line"; done
echo "  total time: $(( $(date +%s) - START ))s"
