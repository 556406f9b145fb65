"""Which sentences of a story's articles make the brief, and in which order.

Decides the extractive selection. Every sentence of every article is a
candidate, scored by how many other articles state it too (breadth), which
claim groups it states (weighted by how many articles carry them), whether
its article is an origin in the provenance graph (origins' wording is
preferred over copies'), and whether it leads its article. Sentences are
taken best first; a candidate too close to one already taken is redundant
and skipped, and claims already stated stop counting. The chosen sentences
are ordered as their articles tell the story: by relative position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsfuse.records import Article, ClaimGroup, Provenance

# Two candidates closer than this (e5 cosine) say the same thing; the
# paraphrase threshold of provenance alignment is 0.92, and near-paraphrases
# just under it are still redundant in a short brief.
REDUNDANT_COSINE = 0.88
# Another article "states" a candidate when one of its sentences is this close.
STATED_ELSEWHERE_COSINE = 0.86
# Candidates shorter than this are headings or fragments.
MIN_WORDS = 7
MAX_WORDS = 60
# Score weights, set on the seed story and ECB+ stories (evals/brief.py):
# breadth and claims matter most; origin and lead break ties between
# sentences that state the same things.
ORIGIN_BONUS = 0.3
LEAD_BONUS = 0.3
LEAD_SENTENCES = 3


@dataclass(frozen=True)
class Candidate:
    article_id: str
    index: int
    span: tuple[int, int]
    text: str
    position: float
    vector: np.ndarray


def candidates(articles: Sequence[Article], vectors: dict[str, np.ndarray]) -> list[Candidate]:
    found = []
    for article in articles:
        total = max(1, len(article.sentences))
        for index, (start, end) in enumerate(article.sentences):
            text = article.text[start:end].strip()
            if MIN_WORDS <= len(text.split()) <= MAX_WORDS and index < len(vectors[article.id]) and _balanced(text):
                found.append(
                    Candidate(article.id, index, (start, end), text, index / total, vectors[article.id][index])
                )
    return found


def _balanced(text: str) -> bool:
    """Quotation marks open and close within the sentence: a quote cut by segmentation reads wrongly alone."""
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


def select(
    articles: Sequence[Article],
    vectors: dict[str, np.ndarray],
    claims: Sequence[ClaimGroup],
    graph: Provenance | None,
    length: int,
) -> list[Candidate]:
    """Up to ``length`` non-redundant candidates, in story order."""
    pool = [c for c in candidates(articles, vectors) if not _compromised(c, claims)]
    if not pool:
        return []
    origins = set(graph.origins) if graph else {a.id for a in articles}
    breadth = _breadth(pool, articles, vectors)
    weights = {g.claim_id: len({m.article_id for m in g.mentions}) for g in claims if g.type != "event"}
    stated = {
        i: {g.claim_id for g in claims if g.claim_id in weights and _states(pool[i], g)} for i in range(len(pool))
    }
    chosen: list[int] = []
    covered: set[str] = set()
    while len(chosen) < length:
        best, best_score = None, 0.0
        for i, candidate in enumerate(pool):
            if i in chosen or any(float(candidate.vector @ pool[j].vector) >= REDUNDANT_COSINE for j in chosen):
                continue
            score = (
                breadth[i]
                + sum(weights[c] for c in stated[i] - covered) / max(1, len(articles))
                + (ORIGIN_BONUS if candidate.article_id in origins else 0.0)
                + (
                    LEAD_BONUS * (LEAD_SENTENCES - candidate.index) / LEAD_SENTENCES
                    if candidate.index < LEAD_SENTENCES
                    else 0
                )
            )
            if best is None or score > best_score + 1e-12:
                best, best_score = i, score
        if best is None:
            break
        chosen.append(best)
        covered |= stated[best]
    return sorted((pool[i] for i in chosen), key=lambda c: (c.position, c.article_id, c.index))


def _breadth(pool: list[Candidate], articles: Sequence[Article], vectors: dict[str, np.ndarray]) -> list[float]:
    """Share of the other articles that state each candidate."""
    others = max(1, len(articles) - 1)
    matrix = np.array([c.vector for c in pool])
    breadth = np.zeros(len(pool))
    for article in articles:
        if len(vectors[article.id]) == 0:
            continue
        best = (matrix @ vectors[article.id].T).max(axis=1)
        own = np.array([c.article_id == article.id for c in pool])
        breadth += (best >= STATED_ELSEWHERE_COSINE) & ~own
    return list(breadth / others)


def _compromised(candidate: Candidate, claims: Sequence[ClaimGroup]) -> bool:
    """A sentence that drops a claim's attribution, or alters it, is not the wording to repeat."""
    return any(
        group.status in {"attribution-dropped", "altered"}
        and any(
            m.article_id == candidate.article_id
            and m.span[0] < candidate.span[1]
            and candidate.span[0] < m.span[1]
            and (m.attributed_to is None or group.status == "altered")
            for m in group.mentions
        )
        for group in claims
    )


def _states(candidate: Candidate, group: ClaimGroup) -> bool:
    return any(
        m.article_id == candidate.article_id and m.span[0] < candidate.span[1] and candidate.span[0] < m.span[1]
        for m in group.mentions
    )
