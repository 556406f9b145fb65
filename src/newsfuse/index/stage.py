"""The index stages: fingerprints and sentence vectors, once per article.

Decides how the record-level products reach the store. Each is an article
stage: the articles lacking the product are streamed to the engine, and
results are written in batches of ``write_units`` (a few seconds of model
work), so an interrupted index loses little and a rerun computes only the
articles left without a row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsfuse.config import Settings
from newsfuse.index.embed import sentence_dimensions, sentence_embedder
from newsfuse.index.fingerprints import IndexStage
from newsfuse.index.sentences import SentenceStage, SentenceVectors
from newsfuse.records import Fingerprint
from newsfuse.stages.article import ArticleStage
from newsfuse.stages.base import StageContext
from newsfuse.store.protocols import IndexStageStore, SentenceStageStore


class FingerprintStage(ArticleStage[Fingerprint]):
    """Fingerprints (MinHash, document embedding, terms, entities) for articles without one."""

    name = "index"
    needs = ("articles",)
    produces = ("fingerprints",)

    def missing(self, store: IndexStageStore, ctx: StageContext) -> list[str]:
        return store.articles_without_fingerprints()

    def compute(self, ctx: StageContext) -> IndexStage:
        return IndexStage(embedder=ctx.settings.embedder, ner=ctx.settings.ner)

    def write_results(self, store: IndexStageStore, results: list[Fingerprint]) -> None:
        store.write_fingerprints(results)


class SentenceVectorStage(ArticleStage[SentenceVectors]):
    """Sentence vectors for articles without them (provenance, claims and briefs compare sentences).

    The articles of every story of two articles or more (of the run's
    stories when it is limited to some), or the ``article_ids`` given. A
    story of one article compares no sentences (its brief is its lead);
    when a second article joins it, the next run embeds both.
    """

    name = "sentences"
    needs = ("articles", "stories")
    produces = ("sentence_vectors",)

    def __init__(self, article_ids: Sequence[str] | None = None) -> None:
        self.article_ids = article_ids

    def missing(self, store: SentenceStageStore, ctx: StageContext) -> list[str]:
        model = sentence_embedder(ctx.settings.sentence_embedder).name
        return store.articles_without_sentence_vectors(self._covered(store, ctx), model)

    def total(self, store: SentenceStageStore, ctx: StageContext) -> int:
        return len(set(self._covered(store, ctx)))

    def _covered(self, store: SentenceStageStore, ctx: StageContext) -> Sequence[str]:
        if self.article_ids is not None:
            return self.article_ids
        return [i for _, ids in store.story_members(ctx.story_ids) if len(ids) > 1 for i in ids]

    def compute(self, ctx: StageContext) -> SentenceStage:
        return SentenceStage(ctx.settings.sentence_embedder)

    def write_results(self, store: SentenceStageStore, results: list[SentenceVectors]) -> None:
        store.write_sentence_vectors(results)


def ensure_sentence_vectors(
    store: SentenceStageStore, article_ids: Sequence[str], settings: Settings | None = None
) -> dict[str, np.ndarray]:
    """Sentence vectors of the articles (the settings' sentence model), the missing ones computed and stored first."""
    from newsfuse.pipeline import run_stages

    settings = settings or Settings()
    run_stages(store, [SentenceVectorStage(article_ids)], settings)
    return stored_sentence_vectors(store, article_ids, settings)


def stored_sentence_vectors(
    store: SentenceStageStore, article_ids: Sequence[str], settings: Settings
) -> dict[str, np.ndarray]:
    """The stored sentence vectors of the articles made by the settings' sentence model."""
    model = settings.sentence_embedder
    return store.sentence_vectors(article_ids, sentence_dimensions(model), sentence_embedder(model).name)
