"""Which side of a related pair is the source.

Decides the direction of a derivation from evidence only, and records which
evidence decided it, in this order of trust:

1. ``published_at``: both dates known and different, the earlier is the source;
2. ``credit``: one article credits the other's outlet ("Reuters with
   additional editing by ...", "originally published by ..."), or only one
   of them carries a wire credit (it is the wire's text, the other derives);
3. ``containment``: a derived text is mostly contained in its source, so the
   side whose text is more covered by the shared passages is the target
   (within one language only: across languages the coverage is measured
   by sentence embeddings, and an uneven share says more about where they
   missed than about who translated whom; on MEANTIME it chose the English
   original about half the time);
4. ``none``: nothing above tells. The pair is still written source first
   (by article id, so the order does not depend on ingest order), but its
   evidence says that the direction is unknown.

A language is not evidence by itself: which language a story is mostly in
says nothing about which text was translated from which (the former rule,
"the story's majority language, English on a tie", matched MEANTIME by
construction and nothing else).
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
    "containment": 0.7,
    # No evidence: either way is as likely.
    "none": 0.5,
}


@dataclass(frozen=True)
class Direction:
    source: Article
    target: Article
    evidence: str
    confidence: float


def decide(a: Article, b: Article, coverage_of_a: float, coverage_of_b: float) -> Direction:
    """Source and target of the pair (a, b); ``coverage_of_x`` is the share of x's text shared with the other."""
    found = trusted_direction(a, b)
    if found is not None:
        return found
    if a.language == b.language and abs(coverage_of_a - coverage_of_b) >= MIN_CONTAINMENT_GAP:
        source, target = (a, b) if coverage_of_b > coverage_of_a else (b, a)
        gap = abs(coverage_of_a - coverage_of_b)
        return Direction(source, target, "containment", round(min(0.9, CONFIDENCE["containment"] + gap / 2), 3))
    source, target = (a, b) if a.id <= b.id else (b, a)
    return Direction(source, target, "none", CONFIDENCE["none"])


def trusted_direction(a: Article, b: Article) -> Direction | None:
    """The direction of (a, b) when dates or credits decide it; None when only containment or nothing would."""
    return _by_dates(a, b) or _by_credit(a, b)


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
