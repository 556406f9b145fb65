"""The brief stage: one brief per story, written by the chosen writer.

Decides which stories get a brief (every story; a one-article story's brief
is its own lead sentences) and runs the extractive writer, or the language
model writer when asked, whose sentences must pass the support checker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from newsfuse.brief.extractive import DEFAULT_LENGTH, extractive_brief
from newsfuse.brief.llm import LlmSettings, llm_brief
from newsfuse.config import Settings
from newsfuse.index.embed import get_embedder
from newsfuse.provenance.stage import ensure_sentence_vectors
from newsfuse.records import Brief
from newsfuse.store import DuckDBStore


def brief_store(
    store: DuckDBStore,
    settings: Settings | None = None,
    story_ids: Sequence[str] | None = None,
    length: int = DEFAULT_LENGTH,
    llm: LlmSettings | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Brief]:
    """Briefs for the given stories (all when None), stored and returned."""
    settings = settings or Settings()
    embedder = get_embedder(settings.embedder)
    stories = store.stories(story_ids)
    vectors = ensure_sentence_vectors(store, [i for s in stories for i in s.article_ids], settings)
    graphs = {g.story_id: g for g in store.provenance(story_ids)}
    claims = store.claims(story_ids)
    briefs = []
    for story in stories:
        articles = list(store.iter_articles(story.article_ids))
        for article in articles:
            vectors.setdefault(article.id, np.zeros((0, 384), dtype=np.float32))
        story_claims = [c for c in claims if c.story_id == story.story_id]
        graph = graphs.get(story.story_id)
        if llm is not None:
            brief = llm_brief(story, articles, vectors, story_claims, graph, embedder, llm, length)
        else:
            brief = extractive_brief(story, articles, vectors, story_claims, graph, embedder, length)
        briefs.append(brief)
        if progress:
            progress(1)
    store.replace_briefs([s.story_id for s in stories], briefs, clear=story_ids is None)
    return briefs
