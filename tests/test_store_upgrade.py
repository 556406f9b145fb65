"""A store written by the previous version opens, is converted in place, and keeps working.

``fixtures/store_v5`` holds every row of a store that newsfuse wrote at
schema version 5 (JSON text in the nested columns, no completion marks)
for five articles of our own (``input.jsonl``, light settings), and the
contract files that version wrote. The old store is rebuilt from those
rows on the old schema (migrations 1-5, which are never edited), then
opened by this version.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb

from newsfuse.runner import write_contract
from newsfuse.store import open_store
from newsfuse.store.migrations import MIGRATIONS
from tests.conftest import CONTRACT_FILES

FIXTURE = Path(__file__).parent / "fixtures" / "store_v5"
CONTRACT = CONTRACT_FILES


def _value(value: Any) -> Any:
    if isinstance(value, dict) and "base64" in value:
        return base64.b64decode(value["base64"])
    if isinstance(value, dict) and "timestamp" in value:
        return value["timestamp"]
    return value


def old_store(path: Path) -> Path:
    """The version-5 store, rebuilt row for row on the version-5 schema."""
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_migrations "
        "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    for migration in MIGRATIONS:
        if migration.version <= 5:
            con.execute(migration.sql)
    with gzip.open(FIXTURE / "tables.jsonl.gz", "rt", encoding="utf-8") as rows:
        for line in rows:
            record = json.loads(line)
            marks = ", ".join("?" for _ in record["columns"])
            con.execute(
                f"INSERT INTO {record['table']} ({', '.join(record['columns'])}) VALUES ({marks})",
                [_value(v) for v in record["row"]],
            )
    con.close()
    return path


def test_the_old_store_is_at_version_5_with_json_columns(tmp_path: Path) -> None:
    con = duckdb.connect(str(old_store(tmp_path / "s.duckdb")), read_only=True)
    assert con.execute("SELECT max(version) FROM schema_migrations").fetchone() == (5,)
    kinds = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns").fetchall())
    assert kinds["passages"] == kinds["mentions"] == kinds["removed"] == "VARCHAR"
    con.close()


def test_an_old_store_converts_in_place_and_reads_back_the_same_contract(tmp_path: Path) -> None:
    path = old_store(tmp_path / "s.duckdb")
    with open_store(str(path)) as store:
        assert store.schema_version() == MIGRATIONS[-1].version
        write_contract(store, tmp_path / "out")
        kinds = dict(
            store.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name IN ('relations', 'claims')"
            ).fetchall()
        )
    assert kinds["passages"].startswith("STRUCT(") and kinds["passages"].endswith("[]")
    assert kinds["value"].startswith("STRUCT(kind VARCHAR")
    for name in CONTRACT:
        assert (tmp_path / "out" / name).read_bytes() == (FIXTURE / name).read_bytes(), name


def test_an_old_store_keeps_working_under_run(tmp_path: Path) -> None:
    path = old_store(tmp_path / "s.duckdb")
    command = [sys.executable, "-m", "newsfuse", "run", str(FIXTURE / "input.jsonl"), "--store", str(path)]
    command += ["--out", str(tmp_path / "out"), "--embedder", "none", "--ner", "rules"]
    env = {**os.environ, "NEWSFUSE_LOG": "info"}
    first = subprocess.run(command, check=False, capture_output=True, text=True, timeout=600, env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    # Nothing new is stored; stages with no completion marks yet compute their stories once.
    assert "stored 0" in first.stderr
    assert "index: 0 articles to compute, 5 already done" in first.stderr
    assert "brief: 3 stories to compute, 0 already done" in first.stderr
    for name in CONTRACT:
        assert (tmp_path / "out" / name).read_bytes() == (FIXTURE / name).read_bytes(), name
    second = subprocess.run(command, check=False, capture_output=True, text=True, timeout=600)
    assert "brief: 0 stories computed (3 already done)" in second.stderr
