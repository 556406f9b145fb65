"""Citations for brief sentences.

Decides which articles a brief sentence cites: every article of the story
that supports it, not just the article it came from. An article supports a
sentence when the support checker finds it states it (``claims/support.py``),
or when the claims stage matched the sentence's figure or quote to a mention
in that article (same claim group, not in conflict) whose sentence is about
the same matter: "$190 billion" and "190,000 million dollars" are one claim.
A quote's mention counts only when it is the same statement by the same
speaker, and for quoted words, the words (``facts.py``): a group may hold
looser pairs, such as one remark credited to two people, or a quotation and
a paraphrase of it, which a citation of the quoted words must not rest on.
An edited sentence (connective dropped, pronoun named) is kept only when
its own article still supports the edited words.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsfuse.brief.facts import cites_quote
from newsfuse.claims.support import SupportThresholds, check_support
from newsfuse.index.embed import Embedder
from newsfuse.records import Article, ClaimGroup

# Claim groups whose mentions agree: a citation may rest on them.
_AGREEING = {"corroborated", "single-source"}


def citations(
    vector: np.ndarray,
    text: str,
    source_id: str,
    articles: Sequence[Article],
    vectors: dict[str, np.ndarray],
    claims: Sequence[ClaimGroup] = (),
    span: tuple[int, int] | None = None,
    thresholds: SupportThresholds | None = None,
) -> tuple[str, ...]:
    """Ids of the articles that support the sentence, the source article first.

    ``thresholds``: the support checker's, for the sentence model of the vectors (e5's by default).
    """
    limits = thresholds or SupportThresholds()
    cited = [source_id]
    by_claim = _claim_support(vector, source_id, span, articles, vectors, claims, limits.related) if span else set()
    for article in articles:
        if article.id == source_id:
            continue
        if article.id in by_claim:
            cited.append(article.id)
            continue
        result = check_support(text, vector, article.text, list(article.sentences), vectors[article.id], limits)
        if result.supports:
            cited.append(article.id)
    return tuple(cited)


def _claim_support(
    vector: np.ndarray,
    source_id: str,
    span: tuple[int, int],
    articles: Sequence[Article],
    vectors: dict[str, np.ndarray],
    claims: Sequence[ClaimGroup],
    related: float,
) -> set[str]:
    """Articles whose mention of a figure or quote this sentence states sits in a sentence about the same matter."""
    by_id = {a.id: a for a in articles}
    found: set[str] = set()
    for group in claims:
        if group.status not in _AGREEING or group.type not in {"number", "quote"}:
            continue
        stated = [m for m in group.mentions if m.article_id == source_id and _overlaps(m.span, span)]
        if not stated:
            continue
        for mention in group.mentions:
            article = by_id.get(mention.article_id)
            if article is None or mention.article_id == source_id:
                continue
            if group.type == "quote" and not any(cites_quote(own, mention) for own in stated):
                continue
            rows = [k for k, (s, e) in enumerate(article.sentences) if s < mention.span[1] and mention.span[0] < e]
            rows = [k for k in rows if k < len(vectors[article.id])]
            if any(float(vectors[article.id][k] @ vector) >= related for k in rows):
                found.add(article.id)
    return found


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def still_supported(text: str, article: Article, vectors: dict[str, np.ndarray], embedder: Embedder) -> bool:
    """Whether the article supports the (edited) sentence (``embedder``: the model of ``vectors``)."""
    vector = embedder.embed([text])[0]
    limits = SupportThresholds.for_model(embedder.name)
    return check_support(text, vector, article.text, list(article.sentences), vectors[article.id], limits).supports
