"""What the store remembers about fetched URLs between runs and polls.

Decides when a URL is fetched again. A page that gave an article, or failed
for good (404, 410, 403, robots.txt, not HTML), is never fetched again,
under its own URL or its canonical one; a page that failed for a passing
reason is tried again on later polls until ``page_attempts`` is spent.
Feeds and sitemaps are fetched on every poll, conditionally: their ETag and
Last-Modified are kept here. The table is written through a cursor of its
own, so the crawl never waits for the thread that cleans and indexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsfuse.fetch.client import Validators
from newsfuse.fetch.failures import FetchFailure
from newsfuse.store import DuckDBStore
from newsfuse.web.live_queries import open_cursor


@dataclass(frozen=True)
class PageRow:
    """A page fetched in a crawl: its key, where it ended up, its canonical key, and its article."""

    key: str
    final_url: str
    canonical: str | None
    status: int
    article_id: str | None


class FetchState:
    """The ``fetch_documents`` table."""

    def __init__(self, store: DuckDBStore) -> None:
        self.store = open_cursor(store)

    def close(self) -> None:
        self.store.close()

    def done_pages(self, keys: Iterable[str], max_attempts: int) -> set[str]:
        """Which of these page keys need no fetch: done before, under their own URL or as a canonical URL."""
        wanted = list(set(keys))
        if not wanted:
            return set()
        rows = self.store.con.execute(
            "SELECT url, canonical_url FROM fetch_documents WHERE kind = 'page' "
            "AND (NOT retryable OR attempts >= ?) "
            "AND (url IN (SELECT unnest(?::VARCHAR[])) OR canonical_url IN (SELECT unnest(?::VARCHAR[])))",
            [max_attempts, wanted, wanted],
        ).fetchall()
        found = {url for url, _ in rows} | {canonical for _, canonical in rows if canonical}
        return found & set(wanted)

    def retry_pages(self, max_attempts: int) -> list[str]:
        """Pages that failed for a passing reason and have attempts left, oldest first."""
        rows = self.store.con.execute(
            "SELECT url FROM fetch_documents WHERE kind = 'page' AND retryable AND attempts < ? ORDER BY last_fetched",
            [max_attempts],
        ).fetchall()
        return [row[0] for row in rows]

    def child_sitemaps(self, key: str) -> list[str]:
        """Sitemaps an index listed when it was last read (polled again when the index is unchanged)."""
        rows = self.store.con.execute(
            "SELECT url FROM fetch_documents WHERE listed_by = ? AND kind = 'sitemap' ORDER BY url", [key]
        ).fetchall()
        return [row[0] for row in rows]

    def validators(self, key: str) -> Validators | None:
        row = self.store.con.execute(
            "SELECT etag, last_modified FROM fetch_documents WHERE url = ? AND failure IS NULL", [key]
        ).fetchone()
        return Validators(row[0], row[1]) if row and (row[0] or row[1]) else None

    def record_success(
        self,
        key: str,
        kind: str,
        status: int,
        final_url: str,
        validators: Validators | None = None,
        canonical: str | None = None,
        listed_by: str | None = None,
    ) -> None:
        """A document fetched (or found unchanged, status 304)."""
        keep = validators or Validators()
        self.store.con.execute(
            "INSERT INTO fetch_documents "
            "(url, kind, final_url, canonical_url, status, etag, last_modified, listed_by, attempts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (url) DO UPDATE SET "
            "kind = CASE WHEN excluded.status = 304 THEN fetch_documents.kind ELSE excluded.kind END, "
            "listed_by = coalesce(excluded.listed_by, fetch_documents.listed_by), "
            "final_url = excluded.final_url, "
            "canonical_url = coalesce(excluded.canonical_url, fetch_documents.canonical_url), "
            "status = excluded.status, "
            "etag = CASE WHEN excluded.status = 304 THEN fetch_documents.etag ELSE excluded.etag END, "
            "last_modified = CASE WHEN excluded.status = 304 THEN fetch_documents.last_modified "
            "ELSE excluded.last_modified END, failure = NULL, retryable = false, "
            "attempts = fetch_documents.attempts + 1, last_fetched = now()",
            [key, kind, final_url, canonical, status, keep.etag, keep.last_modified, listed_by],
        )

    def record_failure(self, key: str, kind: str, failure: FetchFailure) -> None:
        """A document that could not be used, and whether to try it again."""
        self.store.con.execute(
            "INSERT INTO fetch_documents (url, kind, failure, retryable, attempts) VALUES (?, ?, ?, ?, 1) "
            "ON CONFLICT (url) DO UPDATE SET failure = excluded.failure, retryable = excluded.retryable, "
            "attempts = fetch_documents.attempts + 1, last_fetched = now()",
            [key, kind, failure.reason, failure.retryable],
        )

    def record_pages(self, rows: list[PageRow]) -> None:
        """Pages fetched and handed to the sink, with the article each gave (None: no article text), at once."""
        unique = list({row.key: row for row in rows}.values())
        if not unique:
            return
        self.store.con.execute(
            "INSERT INTO fetch_documents (url, kind, final_url, canonical_url, status, article_id, attempts) "
            "SELECT url, 'page', final_url, canonical_url, status, article_id, 1 FROM (SELECT "
            "unnest(?::VARCHAR[]) AS url, unnest(?::VARCHAR[]) AS final_url, unnest(?::VARCHAR[]) AS canonical_url, "
            "unnest(?::INTEGER[]) AS status, unnest(?::VARCHAR[]) AS article_id) "
            "ON CONFLICT (url) DO UPDATE SET final_url = excluded.final_url, "
            "canonical_url = excluded.canonical_url, status = excluded.status, article_id = excluded.article_id, "
            "failure = NULL, retryable = false, attempts = fetch_documents.attempts + 1, last_fetched = now()",
            [
                [r.key for r in unique],
                [r.final_url for r in unique],
                [r.canonical for r in unique],
                [r.status for r in unique],
                [r.article_id for r in unique],
            ],
        )
