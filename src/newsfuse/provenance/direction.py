"""Which side of a related pair is the source.

Decides the direction of a derivation, using evidence in this order of
trust, and records which evidence decided it:

1. ``published_at``: both dates known and different, the earlier is the source;
2. ``credit``: one article credits the other's outlet ("Reuters with
   additional editing by ...", "originally published by ..."), or only one
   of them carries a wire credit (it is the wire's text, the other derives);
3. ``language``: for translations, the story's majority language (English
   on a tie) is the source language;
4. ``containment``: a derived text is mostly contained in its source, so the
   side whose text is more covered by the shared passages is the target;
5. ``ingest-order``: nothing else decides; the article stored first is taken
   as the source, with low confidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsfuse.ingest.dates import to_datetime
from newsfuse.records import Article

# Coverage difference below which containment does not decide: two copies
# of one text cover each other about equally, whatever their order.
MIN_CONTAINMENT_GAP = 0.1
# How far each kind of evidence is trusted, as the direction's confidence.
CONFIDENCE = {
    "published_at": 0.95,
    "credit": 0.9,
    # Only one of the two carries a wire credit: it is likely the wire's own
    # text (or closer to it); weaker than a credit naming the other outlet.
    "wire-credit": 0.8,
    "language": 0.75,
    "containment": 0.7,
    "ingest-order": 0.5,
}


@dataclass(frozen=True)
class Direction:
    source: Article
    target: Article
    evidence: str
    confidence: float


def decide(
    a: Article,
    b: Article,
    coverage_of_a: float,
    coverage_of_b: float,
    story_languages: dict[str, int],
    translation: bool,
) -> Direction:
    """Source and target of the pair (a, b); ``coverage_of_x`` is the share of x's text shared with the other."""
    for rule in (_by_dates, _by_credit):
        found = rule(a, b)
        if found is not None:
            return found
    if translation:
        found = _by_language(a, b, story_languages)
        if found is not None:
            return found
    if abs(coverage_of_a - coverage_of_b) >= MIN_CONTAINMENT_GAP:
        source, target = (a, b) if coverage_of_b > coverage_of_a else (b, a)
        gap = abs(coverage_of_a - coverage_of_b)
        return Direction(source, target, "containment", round(min(0.9, CONFIDENCE["containment"] + gap / 2), 3))
    return Direction(a, b, "ingest-order", CONFIDENCE["ingest-order"])


def _when(article: Article) -> datetime | None:
    parsed = to_datetime(article.published_at) if article.published_at else None
    return parsed.replace(tzinfo=None) if parsed else None


def _by_dates(a: Article, b: Article) -> Direction | None:
    when_a, when_b = _when(a), _when(b)
    if when_a is None or when_b is None or when_a == when_b:
        return None
    source, target = (a, b) if when_a < when_b else (b, a)
    return Direction(source, target, "published_at", CONFIDENCE["published_at"])


def credits_outlet(article: Article, outlet: str | None) -> bool:
    """Whether the article credits ``outlet`` (an agency or an original publisher)."""
    if not outlet:
        return False
    name = outlet.casefold()
    return any(c.source and (c.source.casefold() == name or name in c.text.casefold()) for c in article.credits)


def _by_credit(a: Article, b: Article) -> Direction | None:
    """One credits the other's outlet; or only one carries a wire credit (it is the closer copy of the wire)."""
    if credits_outlet(b, a.outlet) and not credits_outlet(a, b.outlet):
        return Direction(a, b, "credit", CONFIDENCE["credit"])
    if credits_outlet(a, b.outlet) and not credits_outlet(b, a.outlet):
        return Direction(b, a, "credit", CONFIDENCE["credit"])
    wire_a, wire_b = _wire_sources(a), _wire_sources(b)
    if wire_a and not wire_b:
        return Direction(a, b, "credit", CONFIDENCE["wire-credit"])
    if wire_b and not wire_a:
        return Direction(b, a, "credit", CONFIDENCE["wire-credit"])
    return None


def _wire_sources(article: Article) -> set[str]:
    return {c.source.casefold() for c in article.credits if c.kind == "wire" and c.source}


def _by_language(a: Article, b: Article, story_languages: dict[str, int]) -> Direction | None:
    if a.language == b.language:
        return None

    def rank(article: Article) -> tuple[int, int]:
        language = article.language or ""
        return story_languages.get(language, 0), 1 if language == "en" else 0

    if rank(a) == rank(b):
        return None
    source, target = (a, b) if rank(a) > rank(b) else (b, a)
    return Direction(source, target, "language", CONFIDENCE["language"])
