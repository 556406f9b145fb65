#!/usr/bin/env bash
# Set up what the pipeline needs (the ml extra: embeddings and the English
# parser; no web app, Ray, test tools or browser) and run it on the five
# seed articles. Writes the report files to out/seeds and prints a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-../shared/data/seeds}
OUT=${OUT:-out/seeds}
NEWSFUSE_EXTRAS=ml bash scripts/setup.sh
rm -f "$OUT/newsfuse.duckdb"
.venv/bin/newsfuse run "$SEEDS" --out "$OUT"
