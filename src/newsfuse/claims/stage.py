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
from newsfuse.engines import Engine, RecordStage, engine_for
from newsfuse.index.embed import DIMENSIONS
from newsfuse.provenance.stage import StoryWork, prepared_story_work
from newsfuse.records import ClaimGroup, Provenance
from newsfuse.store import DuckDBStore

__all__ = ["ClaimStage", "claims_for_story", "claims_store", "statement"]


class ClaimStage(RecordStage[tuple[StoryWork, Provenance | None], list[ClaimGroup]]):
    """One story (with its provenance graph) to its claim groups; stories shard independently."""

    name = "claims"

    def process(self, item: tuple[StoryWork, Provenance | None]) -> list[ClaimGroup]:
        work, graph = item
        vectors = dict(work.sentence_vectors)
        for article in work.articles:
            # One-article stories match nothing across articles: words suffice.
            vectors.setdefault(article.id, np.zeros((len(article.sentences), DIMENSIONS), dtype=np.float32))
        return claims_for_story(work.story, work.articles, vectors, graph)


def claims_store(
    store: DuckDBStore,
    settings: Settings | None = None,
    story_ids: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
    engine: Engine | None = None,
) -> int:
    """Claims for the given stories (all when None); returns the number of claim groups written."""
    settings = settings or Settings()
    stories = store.stories(story_ids)
    graphs = {g.story_id: g for g in store.provenance(story_ids)}
    engine = engine or engine_for(settings)
    work_items = prepared_story_work(store, stories, settings, engine)
    items = ((work, graphs.get(work.story.story_id)) for work in work_items)
    groups: list[ClaimGroup] = []
    for story_groups in engine.map(ClaimStage(), items):
        groups.extend(story_groups)
        if progress:
            progress(1)
    store.replace_claims([s.story_id for s in stories], groups, clear=story_ids is None)
    return len(groups)
