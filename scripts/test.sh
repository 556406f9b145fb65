#!/usr/bin/env bash
# Set up newsfuse and run the whole test suite, the linters and the quality floors.
set -euo pipefail
cd "$(dirname "$0")/.."
NEWSFUSE_EXTRAS=${NEWSFUSE_EXTRAS:-ml,web,ray,fetch,dev} bash scripts/setup.sh
.venv/bin/ruff check src tests evals benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
