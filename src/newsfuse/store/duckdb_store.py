"""The store: one DuckDB file (or ``:memory:``) holding everything newsfuse knows.

Decides how records are persisted: each ingest batch is written in one
transaction (articles, the inputs they came from, rejections, line counts),
so a process killed mid-ingest leaves every finished batch and nothing half
written, and re-running the same command stores only what is missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import numpy as np

from newsfuse.clean.repetition import LineStats
from newsfuse.errors import StoreError
from newsfuse.records import (
    Article,
    Brief,
    ClaimGroup,
    DuplicateGroup,
    Fingerprint,
    Provenance,
    Rejection,
    Relation,
    Story,
)
from newsfuse.store import claim_tables, groups, provenance_tables
from newsfuse.store.codec import ARTICLE_COLUMNS, article_to_row, row_to_article
from newsfuse.store.migrations import MIGRATIONS

DEFAULT_STORE = "newsfuse.duckdb"
# An untitled article's head keeps this much text: a story title is at most
# 120 characters of the first sentence, and first sentences of news
# articles are rarely longer than 400 characters.
HEAD_CHARS = 400
COUNTED_TABLES = ("articles", "inputs", "rejects", "fingerprints", "stories", "relations", "claims")


@dataclass(frozen=True)
class InputSeen:
    """One raw record read: its hash, where it came from, and the article it gave."""

    raw_hash: str
    input: str
    article_id: str | None


@dataclass(frozen=True)
class BatchResult:
    stored_ids: tuple[str, ...]
    duplicates: int


class DuckDBStore:
    """Articles, inputs and rejections in a DuckDB database."""

    def __init__(
        self,
        path: str | Path = DEFAULT_STORE,
        read_only: bool = False,
        connection: duckdb.DuckDBPyConnection | None = None,
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.con = connection if connection is not None else _connect(self.path, read_only)
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
                self.con.execute(migration.sql)
                self.con.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [migration.version, migration.name]
                )

    def schema_version(self) -> int:
        row = self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def transaction(self) -> _Transaction:
        return _Transaction(self.con)

    # -- writing ---------------------------------------------------------
    def known_raw_hashes(self, hashes: Sequence[str]) -> set[str]:
        """Which of these raw records were read before."""
        if not hashes:
            return set()
        rows = self.con.execute(
            "SELECT raw_hash FROM inputs WHERE raw_hash IN (SELECT unnest(?::VARCHAR[]))", [list(hashes)]
        ).fetchall()
        return {row[0] for row in rows}

    def write_batch(
        self,
        articles: Sequence[Article],
        rejections: Sequence[Rejection],
        inputs: Sequence[InputSeen],
        line_keys: Counter[str] | None = None,
    ) -> BatchResult:
        """Write one ingest batch atomically; articles already stored are skipped."""
        with self.transaction():
            existing = self._existing_ids([a.id for a in articles])
            fresh: dict[str, Article] = {}
            for article in articles:
                if article.id not in existing and article.id not in fresh:
                    fresh[article.id] = article
            self._insert_articles(list(fresh.values()))
            self._insert_inputs(inputs)
            self._insert_rejections(rejections)
            if line_keys:
                self._add_line_counts(line_keys, documents=len(fresh))
        return BatchResult(tuple(fresh), len(articles) - len(fresh))

    def _existing_ids(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()
        return {row[0] for row in rows}

    def _insert_articles(self, articles: list[Article]) -> None:
        if not articles:
            return
        row = self.con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()
        first_seq = int(row[0]) + 1 if row else 1
        columns = list(zip(*(article_to_row(a) for a in articles), strict=True))
        seqs = list(range(first_seq, first_seq + len(articles)))
        selects = ", ".join("unnest(?::VARCHAR[])" for _ in ARTICLE_COLUMNS)
        self.con.execute(
            f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, seq) "
            f"SELECT * FROM (SELECT {selects}, unnest(?::BIGINT[]))",
            [list(col) for col in columns] + [seqs],
        )

    def _insert_inputs(self, inputs: Sequence[InputSeen]) -> None:
        if not inputs:
            return
        unique = {seen.raw_hash: seen for seen in inputs}
        self.con.execute(
            "INSERT INTO inputs (raw_hash, input, article_id) "
            "SELECT * FROM (SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[])) "
            "ON CONFLICT DO NOTHING",
            [
                [s.raw_hash for s in unique.values()],
                [s.input for s in unique.values()],
                [s.article_id for s in unique.values()],
            ],
        )

    def _insert_rejections(self, rejections: Sequence[Rejection]) -> None:
        if not rejections:
            return
        unique = {(r.input, r.reason) for r in rejections}
        self.con.execute(
            "INSERT INTO rejects (input, reason) "
            "SELECT * FROM (SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])) ON CONFLICT DO NOTHING",
            [[i for i, _ in unique], [r for _, r in unique]],
        )

    def _add_line_counts(self, keys: Counter[str], documents: int) -> None:
        self.con.execute(
            "INSERT INTO line_counts (key, documents) "
            "SELECT * FROM (SELECT unnest(?::VARCHAR[]), unnest(?::INTEGER[])) "
            "ON CONFLICT (key) DO UPDATE SET documents = line_counts.documents + excluded.documents",
            [list(keys), list(keys.values())],
        )
        self.con.execute(
            "INSERT INTO store_meta VALUES ('line_documents', ?) ON CONFLICT (key) DO UPDATE "
            "SET value = CAST(CAST(store_meta.value AS BIGINT) + CAST(excluded.value AS BIGINT) AS VARCHAR)",
            [str(documents)],
        )

    # -- reading ---------------------------------------------------------
    def line_stats(self) -> LineStats:
        """Short-line document counts over everything stored so far."""
        counts: Counter[str] = Counter(dict(self.con.execute("SELECT key, documents FROM line_counts").fetchall()))
        row = self.con.execute("SELECT value FROM store_meta WHERE key = 'line_documents'").fetchone()
        return LineStats(counts, int(row[0]) if row else 0)

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Stored articles in ingest order (all, or the given ids)."""
        sql = f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles"
        params: list[Any] = []
        if ids is not None:
            sql += " WHERE id IN (SELECT unnest(?::VARCHAR[]))"
            params.append(list(ids))
        # A cursor of its own: the caller may write to the store while this
        # generator is still reading (a DuckDB connection has one open result).
        cursor = self.con.cursor()
        try:
            cursor.execute(sql + " ORDER BY seq", params)
            while rows := cursor.fetchmany(500):
                for row in rows:
                    yield row_to_article(row)
        finally:
            cursor.close()

    def iter_article_heads(self) -> Iterator[Article]:
        """Every article in ingest order without its body: the text keeps only its first
        ``HEAD_CHARS`` characters when the article has no title (enough for a story title),
        and removed lines and credits are left out. Grouping a large corpus needs these,
        not the texts."""
        columns = [
            f"CASE WHEN title IS NULL THEN substr(text, 1, {HEAD_CHARS}) ELSE '' END"
            if name == "text"
            else "'[]'"
            if name in {"removed", "credits"}
            else name
            for name in ARTICLE_COLUMNS
        ]
        cursor = self.con.cursor()
        try:
            cursor.execute(f"SELECT {', '.join(columns)} FROM articles ORDER BY seq")
            while rows := cursor.fetchmany(2000):
                for row in rows:
                    yield row_to_article(row)
        finally:
            cursor.close()

    def article_text(self, article_id: str) -> str:
        """The clean text of one stored article."""
        cursor = self.con.cursor()
        try:
            rows = cursor.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchall()
        finally:
            cursor.close()
        if not rows:
            raise KeyError(article_id)
        return str(rows[0][0])

    def get_article(self, article_id: str) -> Article | None:
        found = list(self.iter_articles([article_id]))
        return found[0] if found else None

    def iter_rejections(self) -> Iterator[Rejection]:
        for input_, reason in self.con.execute("SELECT input, reason FROM rejects ORDER BY input, reason").fetchall():
            yield Rejection(input_, reason)

    def count(self, table: str) -> int:
        if table not in COUNTED_TABLES:
            raise ValueError(f"unknown table {table}")
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    # -- grouping (see store/groups.py) -----------------------------------
    def write_fingerprints(self, fingerprints: Sequence[Fingerprint]) -> None:
        with self.transaction():
            groups.insert_fingerprints(self.con, fingerprints)

    def iter_fingerprints(self, ids: Iterable[str] | None = None) -> Iterator[Fingerprint]:
        cursor = self.con.cursor()
        try:
            yield from groups.iter_fingerprints(cursor, ids)
        finally:
            cursor.close()

    def articles_without_fingerprints(self) -> list[str]:
        return groups.articles_without_fingerprints(self.con)

    def replace_duplicate_groups(self, duplicate_groups: Sequence[DuplicateGroup]) -> None:
        with self.transaction():
            groups.replace_duplicate_groups(self.con, duplicate_groups)

    def duplicate_groups(self) -> list[DuplicateGroup]:
        return groups.read_duplicate_groups(self.con)

    def write_stories(self, stories: Sequence[Story], replace: bool = False) -> None:
        with self.transaction():
            groups.write_stories(self.con, stories, replace)

    def stories(self, story_ids: Iterable[str] | None = None) -> list[Story]:
        return groups.read_stories(self.con, story_ids)

    def articles_for_raw(self, raw_hashes: Sequence[str]) -> dict[str, str | None]:
        """raw hash -> the article it gave (None when it was rejected), for raw records read before."""
        if not raw_hashes:
            return {}
        rows = self.con.execute(
            "SELECT raw_hash, article_id FROM inputs WHERE raw_hash IN (SELECT unnest(?::VARCHAR[]))",
            [list(raw_hashes)],
        ).fetchall()
        return {row[0]: row[1] for row in rows}

    def article_page(self, offset: int, limit: int) -> list[Article]:
        """Articles in ingest order, one page."""
        rows = self.con.execute(
            f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles ORDER BY seq LIMIT ? OFFSET ?", [limit, offset]
        ).fetchall()
        return [row_to_article(row) for row in rows]

    def story_summaries(self) -> list[tuple[str, str | None, str | None, str | None, int, int | None, int]]:
        """(story id, title, first seen, last seen, size, independent sources, conflicts) for every story."""
        return [
            tuple(row)
            for row in self.con.execute(
                "SELECT s.story_id, s.title, s.first_seen, s.last_seen, s.size, p.independent_sources, "
                "coalesce(c.conflicts, 0) FROM stories s "
                "LEFT JOIN provenance p ON p.story_id = s.story_id "
                "LEFT JOIN (SELECT story_id, count(*) AS conflicts FROM claims "
                "WHERE status IN ('conflicting', 'altered', 'attribution-dropped') GROUP BY story_id) c "
                "ON c.story_id = s.story_id"
            ).fetchall()
        ]

    def article_metas(self) -> list[tuple[str, str | None, str | None]]:
        """(id, language, published_at) of every article in ingest order, without texts."""
        rows = self.con.execute("SELECT id, language, published_at FROM articles ORDER BY seq").fetchall()
        return [(row[0], row[1], row[2]) for row in rows]

    def story_assignments(self) -> dict[str, str]:
        """article id -> story id for every assigned article."""
        return dict(self.con.execute("SELECT article_id, story_id FROM story_members").fetchall())

    # -- provenance (see store/provenance_tables.py) -----------------------
    def write_sentence_vectors(self, rows: Sequence[tuple[str, np.ndarray, str]]) -> None:
        with self.transaction():
            provenance_tables.insert_sentence_vectors(self.con, rows)

    def sentence_vectors(self, ids: Iterable[str], dims: int) -> dict[str, np.ndarray]:
        return provenance_tables.read_sentence_vectors(self.con, ids, dims)

    def articles_without_sentence_vectors(self, ids: Iterable[str]) -> list[str]:
        """Those of ``ids`` with no stored sentence vectors, in the order given."""
        return provenance_tables.missing_sentence_vectors(self.con, ids)

    def replace_provenance(
        self, story_ids: Sequence[str], relations: Sequence[Relation], graphs: Sequence[Provenance], clear: bool = False
    ) -> None:
        """Replace the provenance of the given stories (of all stories when ``clear``)."""
        with self.transaction():
            if clear:
                provenance_tables.clear_provenance(self.con)
            provenance_tables.replace_story_provenance(self.con, story_ids, relations, graphs)

    def relations(self, story_ids: Iterable[str] | None = None) -> list[Relation]:
        return provenance_tables.read_relations(self.con, story_ids)

    def provenance(self, story_ids: Iterable[str] | None = None) -> list[Provenance]:
        return provenance_tables.read_provenance(self.con, story_ids)

    # -- claims (see store/claim_tables.py) --------------------------------
    def replace_claims(self, story_ids: Sequence[str], groups: Sequence[ClaimGroup], clear: bool = False) -> None:
        with self.transaction():
            claim_tables.replace_claims(self.con, story_ids, groups, clear)

    def claims(self, story_ids: Iterable[str] | None = None) -> list[ClaimGroup]:
        return claim_tables.read_claims(self.con, story_ids)

    def replace_briefs(self, story_ids: Sequence[str], briefs: Sequence[Brief], clear: bool = False) -> None:
        with self.transaction():
            claim_tables.replace_briefs(self.con, story_ids, briefs, clear)

    def briefs(self, story_ids: Iterable[str] | None = None) -> list[Brief]:
        return claim_tables.read_briefs(self.con, story_ids)

    def event_dates(self) -> dict[str, str]:
        """Story id -> the event date its brief read from the articles (stories without one left out)."""
        rows = self.con.execute("SELECT story_id, event_date FROM briefs WHERE event_date IS NOT NULL").fetchall()
        return {row[0]: row[1] for row in rows}

    def describe(self) -> dict[str, Any]:
        """Counts and schema version, for `newsfuse status` and debugging."""
        return {
            "path": self.path,
            "schema_version": self.schema_version(),
            **{table: self.count(table) for table in COUNTED_TABLES},
        }


class _Transaction:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.begin()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.con.commit()
        else:
            self.con.rollback()


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    if path != ":memory:":
        parent = Path(path).parent
        if not parent.exists():
            raise StoreError(f"cannot create store {path}: folder {parent} does not exist; create it or pass --store")
        if read_only and not Path(path).exists():
            raise StoreError(f"no store at {path}; run `newsfuse ingest INPUT --store {path}` first")
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise StoreError(
                f"store {path} is in use by another newsfuse process; wait for it to finish or use another --store"
            ) from error
        raise StoreError(f"cannot open store {path}: {error}") from error
    except duckdb.Error as error:
        raise StoreError(f"cannot open store {path} (is it a DuckDB file?): {error}") from error
