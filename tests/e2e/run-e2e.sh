#!/usr/bin/env bash
# Runs the WebDriver E2E suite against a built app (see with-tauri-driver.sh).
# Usage: tests/e2e/run-e2e.sh /abs/path/to/lumx-desk   (needs DISPLAY: run under xvfb-run)
# E2E_ONLY=tests/e2e/wizard.test.mjs runs one file while working on it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck disable=SC2086
exec "$ROOT/tests/e2e/with-tauri-driver.sh" "${1:?path to the built lumx-desk binary}" \
  node --test --test-concurrency=1 --test-reporter=spec ${E2E_ONLY:-tests/e2e/*.test.mjs}
