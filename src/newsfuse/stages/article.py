"""Per-article stages: an article is a unit, and its stored row is its completion mark.

Decides how record-level products (fingerprints, sentence vectors) are
computed for a corpus: the plan is the articles that lack the product (in
ingest order), articles are streamed from the store to the engine, and
results are written in batches, each in one transaction. An article's id
is a hash of its content, so a stored row never goes stale and a rerun
computes exactly the articles a kill left without one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Generic

from newsfuse.records import Article
from newsfuse.stages.base import CorpusStage, Plan, R, StageContext, Unit


class ArticleStage(CorpusStage[Article, R], Generic[R]):
    """A stage whose units are articles; subclasses give ``missing``, ``compute`` and ``write_results``."""

    unit_name = "articles"
    write_units = 64

    def missing(self, store: Any, ctx: StageContext) -> list[str]:
        """Ids of the articles that lack this stage's product, in ingest order."""
        raise NotImplementedError

    def total(self, store: Any, ctx: StageContext) -> int:
        """How many articles the stage covers (all stored ones unless it says otherwise)."""
        return int(store.article_count())

    def plan(self, store: Any, ctx: StageContext) -> Plan:
        missing = self.missing(store, ctx)
        return Plan([Unit(article_id) for article_id in missing], self.total(store, ctx) - len(missing))

    def load(self, store: Any, units: Sequence[Unit], ctx: StageContext) -> Iterator[Article]:
        return store.iter_articles([unit.key for unit in units])  # type: ignore[no-any-return]

    def write(self, store: Any, done: Sequence[tuple[Unit, R]], ctx: StageContext) -> None:
        self.write_results(store, [result for _, result in done])

    def write_results(self, store: Any, results: list[R]) -> None:
        raise NotImplementedError
