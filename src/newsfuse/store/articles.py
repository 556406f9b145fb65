"""Store tables for ingest: articles, the inputs they came from, rejections, line counts.

Decides how records are persisted: each ingest batch is written in one
transaction (articles, the inputs they came from, rejections, line counts),
so a process killed mid-ingest leaves every finished batch and nothing half
written, and re-running the same command stores only what is missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from newsfuse.clean.repetition import LineStats
from newsfuse.records import Article, Rejection
from newsfuse.store.codec import ARTICLE_COLUMNS, ARTICLE_TYPES, article_to_row, row_to_article
from newsfuse.store.protocols import BatchResult, InputSeen
from newsfuse.store.tables import Tables

# An untitled article's head keeps this much text: a story title is at most
# 120 characters of the first sentence, and first sentences of news
# articles are rarely longer than 400 characters.
HEAD_CHARS = 400


class ArticleTables(Tables):
    """The ``articles``, ``inputs``, ``rejects``, ``line_counts`` and ``store_meta`` tables."""

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
        line_documents: int | None = None,
    ) -> BatchResult:
        """Write one ingest batch atomically; articles already stored are skipped.

        ``line_keys`` counts short lines over ``line_documents`` records
        (default: the articles stored), for the cleaner's template detection.
        """
        with self.transaction():
            existing = self._existing_ids([a.id for a in articles])
            fresh: dict[str, Article] = {}
            for article in articles:
                if article.id not in existing and article.id not in fresh:
                    fresh[article.id] = article
            self._insert_articles(list(fresh.values()))
            self._insert_inputs(inputs)
            self._insert_rejections(rejections)
            documents = len(fresh) if line_documents is None else line_documents
            if line_keys or documents:
                self._add_line_counts(line_keys or Counter(), documents)
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
        rows = [(*article_to_row(a), first_seq + i) for i, a in enumerate(articles)]
        columns = ", ".join([*ARTICLE_COLUMNS, "seq"])
        selects = ", ".join(f"unnest(?::{kind}[])" for kind in (*ARTICLE_TYPES, "BIGINT"))
        self.con.execute(
            f"INSERT INTO articles ({columns}) SELECT * FROM (SELECT {selects})",
            [list(column) for column in zip(*rows, strict=True)],
        )

    def _insert_inputs(self, inputs: Sequence[InputSeen]) -> None:
        unique = {seen.raw_hash: seen for seen in inputs}
        rows = [(s.raw_hash, s.input, s.article_id) for s in unique.values()]
        self.insert_columns("inputs (raw_hash, input, article_id)", ("VARCHAR",) * 3, rows, ignore_conflicts=True)

    def _insert_rejections(self, rejections: Sequence[Rejection]) -> None:
        unique = sorted({(r.input, r.reason) for r in rejections})
        self.insert_columns("rejects (input, reason)", ("VARCHAR",) * 2, unique, ignore_conflicts=True)

    def _add_line_counts(self, keys: Counter[str], documents: int) -> None:
        if keys:
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
        yield from (row_to_article(row) for row in self.stream(sql + " ORDER BY seq", params, 500))

    def iter_article_heads(self) -> Iterator[Article]:
        """Every article in ingest order without its body: the text keeps only its first
        ``HEAD_CHARS`` characters when the article has no title (enough for a story title),
        and removed lines and credits are left out. Grouping a large corpus needs these,
        not the texts."""
        columns = [
            f"CASE WHEN title IS NULL THEN substr(text, 1, {HEAD_CHARS}) ELSE '' END"
            if name == "text"
            else "[]"
            if name in {"removed", "credits"}
            else name
            for name in ARTICLE_COLUMNS
        ]
        sql = f"SELECT {', '.join(columns)} FROM articles ORDER BY seq"
        yield from (row_to_article(row) for row in self.stream(sql, [], 2000))

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

    def article_inputs(self) -> list[tuple[str, str]]:
        """(id, input) of every article, in ingest order."""
        return [(row[0], row[1]) for row in self.con.execute("SELECT id, input FROM articles ORDER BY seq").fetchall()]

    def article_count(self) -> int:
        row = self.con.execute("SELECT count(*) FROM articles").fetchone()
        return int(row[0]) if row else 0

    def article_ids(self) -> list[str]:
        """Every article id in ingest order."""
        return [row[0] for row in self.con.execute("SELECT id FROM articles ORDER BY seq").fetchall()]

    def article_metas(self) -> list[tuple[str, str | None, str | None]]:
        """(id, language, published_at) of every article in ingest order, without texts."""
        rows = self.con.execute("SELECT id, language, published_at FROM articles ORDER BY seq").fetchall()
        return [(row[0], row[1], row[2]) for row in rows]

    def article_page(self, offset: int, limit: int) -> list[Article]:
        """Articles in ingest order, one page."""
        rows = self.con.execute(
            f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles ORDER BY seq LIMIT ? OFFSET ?", [limit, offset]
        ).fetchall()
        return [row_to_article(row) for row in rows]

    def articles_for_raw(self, raw_hashes: Sequence[str]) -> dict[str, str | None]:
        """raw hash -> the article it gave (None when it was rejected), for raw records read before."""
        if not raw_hashes:
            return {}
        rows = self.con.execute(
            "SELECT raw_hash, article_id FROM inputs WHERE raw_hash IN (SELECT unnest(?::VARCHAR[]))",
            [list(raw_hashes)],
        ).fetchall()
        return {row[0]: row[1] for row in rows}

    def iter_rejections(self) -> Iterator[Rejection]:
        for input_, reason in self.con.execute("SELECT input, reason FROM rejects ORDER BY input, reason").fetchall():
            yield Rejection(input_, reason)
