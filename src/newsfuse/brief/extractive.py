"""The extractive writer: a brief made of the story's own sentences, each cited.

Decides the brief of one story from its selected sentences: each is cited
with every article that supports it; an edited sentence (connective dropped,
pronoun named) that its own article no longer supports is left out; the
event date is read from the articles; the story's flags go underneath.

A story of one article gets its lead instead: the article's first sentences
that stand alone unedited, up to the same length. With one article there is
nothing to weigh sentences against (no breadth, no other wording of a fact),
reporters put the event first, and the lead is the strong baseline of
single-document news summaries; it needs no sentence vectors, so the
sentence model runs only for stories of two articles or more.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsfuse.brief.cite import citations, still_supported
from newsfuse.brief.event_date import event_date
from newsfuse.brief.flags import flags_for
from newsfuse.brief.select import Weights, readable_sentences, select
from newsfuse.claims.support import SupportThresholds
from newsfuse.index.embed import Embedder
from newsfuse.records import Article, Brief, BriefSentence, ClaimGroup, Provenance, Story

DEFAULT_LENGTH = 8
# A brief is read in about a minute: 8 sentences of about 27 words, the
# length of a wire summary (Multi-News references average 225 words).
WORDS_PER_SENTENCE = 27
DEFAULT_WORDS = DEFAULT_LENGTH * WORDS_PER_SENTENCE


def extractive_brief(
    story: Story,
    articles: Sequence[Article],
    vectors: dict[str, np.ndarray],
    claims: Sequence[ClaimGroup],
    graph: Provenance | None,
    embedder: Embedder,
    length: int = DEFAULT_LENGTH,
    words: int | None = None,
    weights: Weights | None = None,
) -> Brief:
    """The brief: up to ``length`` sentences and about ``words`` words (default: ``length`` x 27).

    ``embedder`` is the sentence model of ``vectors``: its cosine limits apply.
    """
    by_id = {a.id: a for a in articles}
    words = words if words is not None else length * WORDS_PER_SENTENCE
    weights = weights or Weights.for_model(embedder.name)
    limits = SupportThresholds.for_model(embedder.name)
    sentences = []
    for candidate in select(articles, vectors, claims, graph, length, words, weights):
        if candidate.edited and not still_supported(candidate.text, by_id[candidate.article_id], vectors, embedder):
            continue
        cited = citations(
            candidate.vector, candidate.text, candidate.article_id, articles, vectors, claims, candidate.span, limits
        )
        sentences.append(BriefSentence(candidate.text, cited, candidate.article_id, candidate.span, candidate.edited))
    when = event_date(articles)
    return Brief(
        story.story_id,
        tuple(sentences),
        tuple(flags_for(claims, sentences, articles, graph)),
        event_date=when.date if when else None,
        event_date_note=when.note if when else "",
    )


def lead_brief(
    story: Story,
    article: Article,
    claims: Sequence[ClaimGroup],
    length: int = DEFAULT_LENGTH,
    words: int | None = None,
) -> Brief:
    """The brief of a one-article story: its first sentences that read alone as written, up to ``length``
    sentences and about ``words`` words (default: ``length`` x 27); an edited sentence would need the
    support check, which compares sentence vectors."""
    words = words if words is not None else length * WORDS_PER_SENTENCE
    sentences: list[BriefSentence] = []
    used = 0
    for readable in readable_sentences(article, claims):
        if len(sentences) >= length or used >= words:
            break
        if not readable.edited:
            sentences.append(BriefSentence(readable.text, (article.id,), article.id, readable.span, False))
            used += len(readable.text.split())
    when = event_date([article])
    return Brief(
        story.story_id,
        tuple(sentences),
        tuple(flags_for(claims, sentences, [article])),
        event_date=when.date if when else None,
        event_date_note=when.note if when else "",
    )
