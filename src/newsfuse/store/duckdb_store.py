"""The store: one DuckDB file (or ``:memory:``) holding everything newsfuse knows.

Decides how the store is opened, migrated and described. The tables are
split by family, one module each (``articles``, ``groups``, ``vectors``,
``provenance_tables``, ``claim_tables``, ``brief_tables``, ``marks``,
``summaries``); ``DuckDBStore`` joins them over one connection, so a
caller that needs several families (the CLI, the web app) holds one object,
while each stage is typed against the narrow protocol it needs
(``protocols.py``).
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from newsfuse.errors import StoreError
from newsfuse.store.articles import HEAD_CHARS, ArticleTables
from newsfuse.store.brief_tables import BriefTables
from newsfuse.store.claim_tables import ClaimTables
from newsfuse.store.groups import FingerprintTables, StoryTables
from newsfuse.store.marks import MarkTables
from newsfuse.store.migrations import MIGRATIONS
from newsfuse.store.protocols import BatchResult, InputSeen
from newsfuse.store.provenance_tables import ProvenanceTables
from newsfuse.store.summaries import SummaryQueries
from newsfuse.store.vectors import SentenceVectorTables

__all__ = ["DEFAULT_STORE", "HEAD_CHARS", "BatchResult", "DuckDBStore", "InputSeen"]

DEFAULT_STORE = "newsfuse.duckdb"
COUNTED_TABLES = ("articles", "inputs", "rejects", "fingerprints", "stories", "relations", "claims")
# DuckDB caches table blocks in memory up to its limit, 80% of RAM by
# default, so a process reading a large store grows with it. 1 GB keeps
# the cache useful (a 100,000-article store is about 4 GB on disk) and the
# process bounded; larger sorts and joins spill to disk beside the store.
# NEWSFUSE_DUCKDB_MEMORY overrides it (any DuckDB size, e.g. '4GB').
MEMORY_LIMIT = os.environ.get("NEWSFUSE_DUCKDB_MEMORY", "1GB")


class DuckDBStore(
    ArticleTables,
    FingerprintTables,
    StoryTables,
    SentenceVectorTables,
    ProvenanceTables,
    ClaimTables,
    BriefTables,
    MarkTables,
    SummaryQueries,
):
    """Every table family over one DuckDB connection."""

    def __init__(
        self,
        path: str | Path = DEFAULT_STORE,
        read_only: bool = False,
        connection: duckdb.DuckDBPyConnection | None = None,
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.con = connection if connection is not None else _connect(self.path, read_only)
        self._depth = 0
        if not read_only and connection is None:
            self._migrate()

    def cursor(self) -> DuckDBStore:
        """A second handle on the same database for another thread (DuckDB cursors are independent connections)."""
        return DuckDBStore(self.path, read_only=self.read_only, connection=self.con.cursor())

    # -- lifecycle -------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _migrate(self) -> None:
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        applied = {row[0] for row in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        for migration in MIGRATIONS:
            if migration.version in applied:
                continue
            with self.transaction():
                self.con.execute(migration.statements(self.con))
                self.con.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [migration.version, migration.name]
                )

    def schema_version(self) -> int:
        row = self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    # -- counts ----------------------------------------------------------
    def count(self, table: str) -> int:
        if table not in COUNTED_TABLES:
            raise ValueError(f"unknown table {table}")
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def describe(self) -> dict[str, Any]:
        """Counts and schema version, for `newsfuse status` and debugging."""
        return {
            "path": self.path,
            "schema_version": self.schema_version(),
            **{table: self.count(table) for table in COUNTED_TABLES},
        }


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    if path != ":memory:":
        parent = Path(path).parent
        if not parent.exists():
            raise StoreError(f"cannot create store {path}: folder {parent} does not exist; create it or pass --store")
        if read_only and not Path(path).exists():
            raise StoreError(f"no store at {path}; run `newsfuse ingest INPUT --store {path}` first")
    try:
        # An in-memory store is all cache: it is bounded by what it holds, not by a limit.
        config: dict[str, str | bool | int | float | list[str]] = (
            {} if path == ":memory:" else {"memory_limit": MEMORY_LIMIT}
        )
        return duckdb.connect(path, read_only=read_only, config=config)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise StoreError(
                f"store {path} is in use by another newsfuse process; wait for it to finish or use another --store"
            ) from error
        raise StoreError(f"cannot open store {path}: {error}") from error
    except duckdb.Error as error:
        raise StoreError(f"cannot open store {path} (is it a DuckDB file?): {error}") from error
