"""The store seam: what stages need from persistence, and nothing more.

Stages and the pipeline talk to this protocol, so the DuckDB file can be
swapped (an in-memory database in tests, another backend later) without
touching them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from newsfuse.clean.repetition import LineStats
from newsfuse.records import Article, Rejection
from newsfuse.store.duckdb_store import BatchResult, InputSeen


class Store(Protocol):
    """Persistence used by the pipeline."""

    path: str

    def known_raw_hashes(self, hashes: Sequence[str]) -> set[str]: ...

    def write_batch(
        self,
        articles: Sequence[Article],
        rejections: Sequence[Rejection],
        inputs: Sequence[InputSeen],
        line_keys: Counter[str] | None = None,
    ) -> BatchResult: ...

    def line_stats(self) -> LineStats: ...

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]: ...

    def get_article(self, article_id: str) -> Article | None: ...

    def iter_rejections(self) -> Iterator[Rejection]: ...

    def describe(self) -> dict[str, Any]: ...

    def close(self) -> None: ...
