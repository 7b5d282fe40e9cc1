#!/usr/bin/env bash
# Benchmarks: builds the release app (.deb) and an empty Tauri app the same way, then
# measures both side by side in a real WebKitGTK webview under Xvfb and prints a table
# (also written to target/bench/bench.md). Figures are printed, never asserted.
#   bash scripts/bench.sh            full run (about 5 minutes after the build)
#   bash scripts/bench.sh --quick    fewer repetitions (what CI runs)
#   BENCH_NO_BUILD=1 ...             reuse target/release binaries already built
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
MODE=()
[ "${1:-}" = "--quick" ] && MODE=(--quick)

bash scripts/setup.sh --test
export PATH="$ROOT/.ci/tools/bin:$PATH"
TAURI="$ROOT/ui/node_modules/.bin/tauri"
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  echo "==> release build + .deb (tauri build)"
  "$TAURI" build --bundles deb --ci
  echo "==> the empty Tauri app, built the same way"
  (cd bench/empty-app && "$TAURI" build --no-bundle --ci)
fi
DEB=$(find target/release/bundle/deb -maxdepth 1 -name '*.deb' | head -1)
[ -n "$DEB" ] || { echo "no .deb under target/release/bundle/deb: run without BENCH_NO_BUILD" >&2; exit 1; }

export LUMX_DEB="$ROOT/$DEB" EMPTY_APP="$ROOT/target/release/empty-tauri-app"
export EXTRA_APPS="$EMPTY_APP" BENCH_OUT="$ROOT/target/bench/bench.md" E2E_ARTIFACTS="$ROOT/target/bench"
tests/with-secret-service.sh xvfb-run -a -s "-screen 0 1280x1000x24 -nolisten tcp" \
  tests/e2e/with-tauri-driver.sh "$ROOT/target/release/lumx-desk" node bench/bench.mjs "${MODE[@]}"
