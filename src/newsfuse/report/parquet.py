"""Parquet copies of the contract files, for analysts who read them with Spark, Polars or DuckDB.

Decides how a JSON Lines contract file becomes Parquet: DuckDB reads the
file with every line sampled (so a field that is null in the first lines
still gets its real type) and writes one Parquet file beside it, with the
same rows in the same order. Empty files give no Parquet file (a schema
cannot be inferred from no rows); the count says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

OUTPUT_FORMATS = ("jsonl", "parquet")


def write_parquet(out: Path, names: Iterable[str]) -> dict[str, int]:
    """``NAME.parquet`` beside each non-empty ``NAME.jsonl`` in ``out``; returns rows per Parquet file."""
    written: dict[str, int] = {}
    with duckdb.connect() as con:
        for name in names:
            source = out / name
            if source.stat().st_size == 0:
                continue
            target = source.with_suffix(".parquet")
            relation = con.read_json(str(source), format="newline_delimited", sample_size=-1)
            relation.write_parquet(str(target), compression="zstd")
            rows = con.execute("SELECT count(*) FROM read_parquet(?)", [str(target)]).fetchall()
            written[target.name] = int(rows[0][0])
    return written
