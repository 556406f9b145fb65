"""Citations and light compression for brief sentences.

Decides which articles a brief sentence cites: every article of the story
whose text supports it by the support checker (it states it, or reports it
with attribution), not just the article it came from. Decides also whether a
sentence may be lightly compressed (a leading connective dropped, a leading
pronoun replaced by the person's name): only when the compressed sentence is
still supported by every article it cites.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from newsfuse.claims.support import check_support
from newsfuse.index.embed import Embedder
from newsfuse.records import Article

_CONNECTIVE = re.compile(
    r"^(however|but|and|also|meanwhile|moreover|furthermore|in addition|additionally|likewise|still|yet|so|"
    r"besides|in turn|as a result|nevertheless|nonetheless|indeed|similarly),?\s+",
    re.I,
)
_PRONOUN = re.compile(r"^(he|she)\s+", re.I)
_PERSON = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)\b")


def citations(
    vector: np.ndarray, text: str, source_id: str, articles: Sequence[Article], vectors: dict[str, np.ndarray]
) -> tuple[str, ...]:
    """Ids of the articles that support the sentence, the source article first."""
    cited = [source_id]
    for article in articles:
        if article.id == source_id:
            continue
        result = check_support(text, vector, article.text, list(article.sentences), vectors[article.id])
        if result.supports:
            cited.append(article.id)
    return tuple(cited)


def compressed(text: str, article: Article, span: tuple[int, int]) -> str | None:
    """A lightly compressed form of the sentence, or None when nothing applies."""
    shorter = _CONNECTIVE.sub("", text, count=1)
    pronoun = _PRONOUN.match(shorter)
    if pronoun:
        name = _last_person(article.text[: span[0]])
        if name:
            shorter = name + " " + shorter[pronoun.end() :]
    if shorter == text:
        return None
    return shorter[:1].upper() + shorter[1:]


def _last_person(text: str) -> str | None:
    """The last two-or-more-word capitalised name before the sentence (a person named earlier)."""
    names = [m.group(1) for m in _PERSON.finditer(text) if m.group(1).split()[0] not in {"The", "In", "On", "At"}]
    return names[-1] if names else None


def still_supported(
    text: str, cited: Sequence[str], articles: dict[str, Article], vectors: dict[str, np.ndarray], embedder: Embedder
) -> bool:
    """Whether every cited article supports the (compressed) sentence."""
    vector = embedder.embed([text])[0]
    for article_id in cited:
        article = articles[article_id]
        if not check_support(text, vector, article.text, list(article.sentences), vectors[article_id]).supports:
            return False
    return True
