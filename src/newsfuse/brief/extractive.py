"""The extractive writer: a brief made of the story's own sentences, each cited.

Decides the brief of one story from its selected sentences: each is lightly
compressed when that keeps it supported, cited with every article that
supports it, and the story's flags go underneath.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsfuse.brief.cite import citations, compressed, still_supported
from newsfuse.brief.flags import flags_for
from newsfuse.brief.select import select
from newsfuse.index.embed import Embedder
from newsfuse.records import Article, Brief, BriefSentence, ClaimGroup, Provenance, Story

DEFAULT_LENGTH = 8


def extractive_brief(
    story: Story,
    articles: Sequence[Article],
    vectors: dict[str, np.ndarray],
    claims: Sequence[ClaimGroup],
    graph: Provenance | None,
    embedder: Embedder,
    length: int = DEFAULT_LENGTH,
) -> Brief:
    by_id = {a.id: a for a in articles}
    sentences = []
    for candidate in select(articles, vectors, claims, graph, length):
        cited = citations(candidate.vector, candidate.text, candidate.article_id, articles, vectors)
        text, was_compressed = candidate.text, False
        shorter = compressed(candidate.text, by_id[candidate.article_id], candidate.span)
        if shorter and still_supported(shorter, cited, by_id, vectors, embedder):
            text, was_compressed = shorter, True
        sentences.append(BriefSentence(text, cited, candidate.article_id, candidate.span, was_compressed))
    return Brief(story.story_id, tuple(sentences), tuple(flags_for(claims, sentences)))
