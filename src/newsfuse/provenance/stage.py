"""The provenance stage: align every related pair of each story and build its graph.

Decides the provenance work of one story, as a pure function the engine
runs: the pairwise relations of its articles and the graph built from
them. Stories larger than ``MAX_ALL_PAIRS`` compare each article only with
its nearest neighbours in the story, so the cost stays linear in the story
size. A story of one article gets an empty graph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from newsfuse.config import Settings
from newsfuse.provenance.graph import build_provenance
from newsfuse.provenance.relations import relate
from newsfuse.records import Article, Provenance, Relation, Story
from newsfuse.stages.base import RecordStage, StageContext
from newsfuse.stages.story import STORIES_PER_BATCH, StoryStage, StoryWork
from newsfuse.store.protocols import ProvenanceStageStore

# Up to 40 articles (780 pairs, a few seconds) every pair is aligned; above
# that each article is aligned with its 20 nearest by document embedding.
MAX_ALL_PAIRS = 40
NEAREST_IN_STORY = 20

StoryProvenance = tuple[list[Relation], Provenance]


def trace_story(
    story: Story,
    articles: Sequence[Article],
    vectors: dict[str, np.ndarray],
    document_vectors: np.ndarray,
    model: str = "e5",
) -> StoryProvenance:
    """Relations between the story's articles and its provenance graph (``model``: the sentence model)."""
    languages = Counter(a.language or "" for a in articles)
    relations = [
        relate(
            story.story_id, articles[i], articles[j], vectors[articles[i].id], vectors[articles[j].id], languages, model
        )
        for i, j in story_pairs(document_vectors)
    ]
    return relations, build_provenance(story.story_id, articles, relations)


def story_pairs(document_vectors: np.ndarray) -> list[tuple[int, int]]:
    """Index pairs (i < j) to align: all of them, or nearest neighbours in large stories."""
    n = document_vectors.shape[0]
    if n <= MAX_ALL_PAIRS or not np.any(document_vectors):
        return [(i, j) for i in range(n) for j in range(i + 1, n)]
    similarity = document_vectors @ document_vectors.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = np.argsort(-similarity, axis=1)[:, :NEAREST_IN_STORY]
    return sorted({(min(i, int(j)), max(i, int(j))) for i in range(n) for j in nearest[i]})


class TraceStage(RecordStage[StoryWork, StoryProvenance]):
    """One story to its relations and provenance graph (stories are independent, so they shard)."""

    name = "provenance"
    batch_size = STORIES_PER_BATCH

    def __init__(self, model: str = "e5") -> None:
        self.model = model

    def process(self, item: StoryWork) -> StoryProvenance:
        if len(item.articles) < 2:
            return [], build_provenance(item.story.story_id, item.articles, [])
        return trace_story(item.story, item.articles, item.sentence_vectors, item.document_vectors, self.model)


class ProvenanceStage(StoryStage[StoryProvenance]):
    """Relations and provenance graph per story."""

    name = "provenance"
    needs = ("stories", "articles", "fingerprints", "sentence_vectors")
    produces = ("relations", "provenance")
    code = ("newsfuse.provenance",)
    uses = ("embedder", "sentence_embedder")
    vectors_for = "multi"

    def compute(self, ctx: StageContext) -> TraceStage:
        return TraceStage(ctx.settings.sentence_embedder)

    def write_results(self, store: ProvenanceStageStore, story_ids: list[str], results: list[StoryProvenance]) -> None:
        relations = [relation for story_relations, _ in results for relation in story_relations]
        store.replace_provenance(story_ids, relations, [graph for _, graph in results])


def trace_store(
    store: ProvenanceStageStore,
    settings: Settings | None = None,
    story_ids: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
    engine: object | None = None,
) -> int:
    """Provenance for the given stories (all when None), with what it needs first; returns stories traced.

    Kept for callers written before the pipeline: runs the pipeline's
    provenance stage (and the sentence vectors it needs) through
    ``newsfuse.pipeline``.
    """
    from newsfuse.pipeline import run_stages

    reports = run_stages(store, ["sentences", "provenance"], settings, story_ids, progress, engine)
    return reports[-1].computed
