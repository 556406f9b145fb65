#!/usr/bin/env bash
# Set up everything the tests need and run the whole test suite, the linters
# and the quality floors: every extra (web app, Ray, test tools) and Debian's
# Chromium for the browser tests (installed only when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
NEWSFUSE_EXTRAS=ml,web,ray,fetch,dev bash scripts/setup.sh
bash scripts/browser.sh
.venv/bin/ruff check src tests evals benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
