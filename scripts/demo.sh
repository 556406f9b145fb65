#!/usr/bin/env bash
# Set up newsfuse and run the whole pipeline on the five seed articles.
# Writes the report files to out/seeds and prints a short summary.
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-../shared/data/seeds}
OUT=${OUT:-out/seeds}
NEWSFUSE_EXTRAS=${NEWSFUSE_EXTRAS:-ml,web,ray,dev} bash scripts/setup.sh
rm -f "$OUT/newsfuse.duckdb"
.venv/bin/newsfuse run "$SEEDS" --out "$OUT"
