"""The brief stage: one brief per story, written by the chosen writer.

Decides which stories get a brief (every story; a one-article story's brief
is its own lead sentences, whichever writer is asked for, so it needs no
sentence vectors) and how each is written, as a pure function the
engine runs: the extractive writer, or the language model writer when
asked, whose sentences must pass the support checker. The writer and the
length are part of the stage's signature, so a brief written another way
is rewritten by the next run that asks for the default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from newsfuse.brief.extractive import DEFAULT_LENGTH, extractive_brief, lead_brief
from newsfuse.brief.llm import LlmSettings, llm_brief
from newsfuse.config import Settings
from newsfuse.index.embed import Embedder, sentence_embedder
from newsfuse.records import Brief
from newsfuse.stages.base import RecordStage, StageContext
from newsfuse.stages.story import STORIES_PER_BATCH, StoryStage, StoryWork
from newsfuse.store.protocols import BriefStageStore


class WriteBrief(RecordStage[StoryWork, Brief]):
    """One story (with its graph and claims) to its brief."""

    name = "brief"
    batch_size = STORIES_PER_BATCH

    def __init__(self, embedder: str, length: int = DEFAULT_LENGTH, llm: LlmSettings | None = None) -> None:
        # The sentence model (``Settings.sentence_embedder``): edited and model-written sentences are
        # embedded with the model of the stored sentence vectors.
        self.embedder_name = embedder
        self.length = length
        self.llm = llm
        self._embedder: Embedder | None = None

    def setup(self) -> None:
        self._embedder = sentence_embedder(self.embedder_name)

    def process(self, item: StoryWork) -> Brief:
        if len(item.articles) == 1:
            return lead_brief(item.story, item.articles[0], list(item.claims), self.length)
        embedder = self._embedder or sentence_embedder(self.embedder_name)
        vectors = dict(item.sentence_vectors)
        for article in item.articles:
            vectors.setdefault(article.id, np.zeros((0, embedder.dims), dtype=np.float32))
        articles, claims = list(item.articles), list(item.claims)
        if self.llm is not None:
            return llm_brief(item.story, articles, vectors, claims, item.graph, embedder, self.llm, self.length)
        return extractive_brief(item.story, articles, vectors, claims, item.graph, embedder, self.length)


class BriefStage(StoryStage[Brief]):
    """A brief per story, citing its articles, with the story's flags."""

    name = "brief"
    needs = ("stories", "articles", "sentence_vectors", "provenance", "claims")
    produces = ("briefs",)
    code = ("newsfuse.brief", "newsfuse.claims.support", "newsfuse.claims.sources")
    uses = ("embedder", "sentence_embedder")
    vectors_for = "multi"
    reads_graph = True
    reads_claims = True

    def __init__(self, length: int = DEFAULT_LENGTH, llm: LlmSettings | None = None) -> None:
        self.length = length
        self.llm = llm

    def options(self) -> tuple[str, ...]:
        writer = "extractive" if self.llm is None else f"llm {self.llm.url} {self.llm.model}"
        return (f"length={self.length}", f"writer={writer}")

    def compute(self, ctx: StageContext) -> WriteBrief:
        return WriteBrief(ctx.settings.sentence_embedder, self.length, self.llm)

    def write_results(self, store: BriefStageStore, story_ids: list[str], results: list[Brief]) -> None:
        store.replace_briefs(story_ids, results)


def brief_store(
    store: BriefStageStore,
    settings: Settings | None = None,
    story_ids: Sequence[str] | None = None,
    length: int = DEFAULT_LENGTH,
    llm: LlmSettings | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Brief]:
    """Write the briefs of the given stories (all when None) again, and return them.

    Runs the pipeline's brief stage (after the stages it needs, where they
    are not current) with this length and writer, for these stories even
    when their briefs are current: a user asking for a brief gets a new one.
    """
    from newsfuse.pipeline import run_stages

    run_stages(store, ["sentences", "provenance", "claims"], settings, story_ids, progress)
    run_stages(store, [BriefStage(length, llm)], settings, story_ids, progress, force=True)
    return store.briefs(story_ids)
