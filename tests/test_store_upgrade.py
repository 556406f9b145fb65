"""A store written by the previous version opens, is converted in place, and keeps working.

``fixtures/store_v5`` holds every row of a store that newsfuse wrote at
schema version 5 (JSON text in the nested columns, no completion marks)
for five articles of our own (``input.jsonl``, light settings), and the
contract files that version wrote. The old store is rebuilt from those
rows on the old schema (migrations 1-5, which are never edited), then
opened by this version. Fields added to the contract since version 5 (the
event date, outlets.jsonl) are left out where the old files are compared.
A store may also have had later numbers (20, 30, 50) applied before the
conversions 6-12 existed: it converts too and keeps what those added.
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
CONTRACT = tuple(name for name in CONTRACT_FILES if (FIXTURE / name).exists())


def same_as_fixture(out: Path, name: str) -> None:
    """``out/name`` holds the fixture's objects, line for line, plus only fields added since."""
    written = (out / name).read_text(encoding="utf-8").splitlines()
    old = (FIXTURE / name).read_text(encoding="utf-8").splitlines()
    assert len(written) == len(old), name
    for new_line, old_line in zip(written, old, strict=True):
        new, before = json.loads(new_line), json.loads(old_line)
        assert {k: new[k] for k in before} == before, name
        assert list(new)[: len(before)] == list(before), name


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
            con.execute(migration.statements(con))
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
        same_as_fixture(tmp_path / "out", name)


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
    # Stored articles and the grouping are as the old version left them; provenance, claims and
    # briefs are recomputed once by this version (their behaviour changed since), then kept.
    for name in ("articles.jsonl", "rejects.jsonl", "duplicates.jsonl", "stories.jsonl"):
        same_as_fixture(tmp_path / "out", name)
    kept = {name: (tmp_path / "out" / name).read_bytes() for name in CONTRACT_FILES}
    second = subprocess.run(command, check=False, capture_output=True, text=True, timeout=600)
    assert "brief: 0 stories computed (3 already done)" in second.stderr
    assert {name: (tmp_path / "out" / name).read_bytes() for name in CONTRACT_FILES} == kept


def test_a_store_with_later_numbers_but_no_conversions_converts_and_keeps_their_columns(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR)")
    for migration in MIGRATIONS:
        # The later numbers that existed before the conversions (20, 30, 50); 65 and 66 came after them
        # (66 adds a fingerprints column, which conversion 7's rebuild of that table would not know of).
        if migration.version <= 5 or 20 <= migration.version <= 50:
            con.execute(migration.statements(con))
            con.execute("INSERT INTO schema_migrations VALUES (?, ?)", [migration.version, migration.name])
    con.execute(
        "INSERT INTO briefs VALUES ('s1', 'extractive', '[[\"It rained.\", [\"a1\"], \"a1\", [0, 11], false]]', "
        "'[[\"c1\", \"credited-differently\", \"credit moved\"]]', '[]', '2024-03-05', 'from \"on Tuesday\"')"
    )
    con.execute(
        "INSERT INTO claims VALUES ('s1', 'c1', 'quote', 'A: x', 'credited-differently', 'A', 1, 'credit moved', "
        '\'{"direct": true, "negative_cue": false, "source_kind": "ORG"}\', \'[]\')'
    )
    con.close()
    with open_store(str(path)) as store:
        (brief,) = store.briefs()
        assert (brief.event_date, brief.event_date_note) == ("2024-03-05", 'from "on Tuesday"')
        assert brief.flags[0].status == "credited-differently" and brief.sentences[0].citations == ("a1",)
        assert store.event_dates() == {"s1": "2024-03-05"}
        assert store.claims()[0].value_dict() == {"direct": True, "negative_cue": False, "source_kind": "ORG"}
        upgraded = store.con.execute(SCHEMA).fetchall()
    with open_store(str(tmp_path / "fresh.duckdb")) as fresh:
        assert fresh.con.execute(SCHEMA).fetchall() == upgraded


SCHEMA = (
    "SELECT table_name, column_name, data_type, column_default FROM information_schema.columns "
    "WHERE table_name != 'schema_migrations' ORDER BY table_name, ordinal_position"
)
