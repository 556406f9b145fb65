"""The claims stage: extract, match and judge the claims of each story (see story.py).

Decides how stories reach claims_for_story and where the groups go: one
story (with its provenance graph) is one unit, and every group is written
to the store's claims table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from newsfuse.claims.statement import statement
from newsfuse.claims.story import claims_for_story
from newsfuse.config import Settings
from newsfuse.index.embed import sentence_dimensions
from newsfuse.records import ClaimGroup
from newsfuse.stages.base import RecordStage, StageContext
from newsfuse.stages.story import STORIES_PER_BATCH, StoryStage, StoryWork
from newsfuse.store.protocols import ClaimStageStore

__all__ = ["ClaimStage", "claims_for_story", "claims_store", "statement"]


class ClaimStage(RecordStage[StoryWork, list[ClaimGroup]]):
    """One story (with its provenance graph) to its claim groups; stories shard independently."""

    name = "claims"
    batch_size = STORIES_PER_BATCH
    # One story whose text trips the claim rules must not cost the corpus its claims.
    contains_failures = True

    def __init__(self, model: str = "e5") -> None:
        self.model = model

    def process(self, item: StoryWork) -> list[ClaimGroup]:
        vectors = dict(item.sentence_vectors) if len(item.articles) > 1 else {}
        dims = sentence_dimensions(self.model)
        for article in item.articles:
            # One-article stories match nothing across articles: words suffice.
            vectors.setdefault(article.id, np.zeros((len(article.sentences), dims), dtype=np.float32))
        return claims_for_story(item.story, item.articles, vectors, item.graph, self.model, item.relations)


class ClaimsStage(StoryStage[list[ClaimGroup]]):
    """Claim groups per story, judged against the story's provenance graph."""

    name = "claims"
    needs = ("stories", "articles", "sentence_vectors", "provenance")
    produces = ("claims",)
    code = ("newsfuse.claims",)
    uses = ("embedder", "sentence_embedder")
    vectors_for = "multi"
    reads_graph = True
    reads_relations = True

    def compute(self, ctx: StageContext) -> ClaimStage:
        return ClaimStage(ctx.settings.sentence_embedder)

    def failed_result(self) -> list[ClaimGroup]:
        return []

    def write_results(self, store: ClaimStageStore, story_ids: list[str], results: list[list[ClaimGroup]]) -> None:
        store.replace_claims(story_ids, [group for groups in results for group in groups])


def claims_store(
    store: ClaimStageStore,
    settings: Settings | None = None,
    story_ids: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
    engine: object | None = None,
) -> int:
    """Claims for the given stories (all when None), with what they need first; returns the claim groups written.

    Kept for callers written before the pipeline: runs the pipeline's stages
    up to claims through ``newsfuse.pipeline``.
    """
    from newsfuse.pipeline import run_stages

    run_stages(store, ["sentences", "provenance", "claims"], settings, story_ids, progress, engine)
    return len(store.claims(story_ids))
