"""How well a claim stands: corroborated, single-source, conflicting, altered, attribution dropped.

Decides one status per claim group, most serious first:

1. ``altered``: a quote's words or a figure changed between an article and
   the article it derives from (a provenance edge);
2. ``conflicting``: different values for the same figure, or different
   sources credited for it, across articles;
3. ``attribution-dropped``: an article states without a speaker or source
   what an article it derives from attributed to someone;
4. ``corroborated``: at least two independent sources, where copies count
   once: a mention collapses into the highest ancestor (in the provenance
   graph) that also carries the claim, and an absent wire credited by that
   ancestor counts once however many reprints cite it;
5. ``single-source`` otherwise.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from newsfuse.claims.numbers import RELATIVE_TOLERANCE
from newsfuse.index.tokens import STOPWORDS, words
from newsfuse.records import Article, ClaimMention, ClaimStatus, Provenance

# Quotes of one statement whose content words agree less than this were
# edited, not just re-spelled, trimmed or re-punctuated. Words are compared
# by their first five letters, which absorbs British/American spelling and
# most inflection.
QUOTE_AGREEMENT = 0.75
STEM = 5


def claim_status(
    group: Sequence[ClaimMention], articles: dict[str, Article], graph: Provenance | None
) -> tuple[ClaimStatus, int, str]:
    """Status, independent support and a short note for a group of mentions."""
    parent = dict(graph.parents) if graph else {}
    support = independent_support(group, articles, parent)
    altered = _altered(group, parent)
    if altered:
        return "altered", support, altered
    conflict = _conflict(group)
    if conflict:
        return "conflicting", support, conflict
    dropped = _dropped(group, parent)
    if dropped:
        return "attribution-dropped", support, dropped
    if support >= 2:
        return "corroborated", support, f"{support} independent sources"
    return "single-source", support, "one independent source"


def independent_support(group: Sequence[ClaimMention], articles: dict[str, Article], parent: dict[str, str]) -> int:
    carriers = {m.article_id for m in group}
    roots = set()
    for article_id in carriers:
        root = article_id
        node = article_id
        while node in parent:
            node = parent[node]
            if node in carriers:
                root = node
        wire = _wire(articles.get(root))
        roots.add(("wire", wire) if wire else ("article", root))
    return len(roots)


def _wire(article: Article | None) -> str | None:
    if article is None:
        return None
    return next((c.source.casefold() for c in article.credits if c.kind == "wire" and c.source), None)


def _ancestors(article_id: str, parent: dict[str, str]) -> list[str]:
    chain = []
    while article_id in parent:
        article_id = parent[article_id]
        chain.append(article_id)
    return chain


def _by_article(group: Sequence[ClaimMention]) -> dict[str, ClaimMention]:
    found: dict[str, ClaimMention] = {}
    for mention in group:
        current = found.get(mention.article_id)
        if current is None or (current.attributed_to is None and mention.attributed_to is not None):
            found[mention.article_id] = mention
    return found


def _altered(group: Sequence[ClaimMention], parent: dict[str, str]) -> str:
    by_article = _by_article(group)
    for article_id, mention in by_article.items():
        source_id = next((a for a in _ancestors(article_id, parent) if a in by_article), None)
        if source_id is None:
            continue
        source = by_article[source_id]
        if mention.type == "number" and not _same_amount(mention, source):
            return f"figure changed from {source.content} ({source_id}) to {mention.content} ({article_id})"
        if _both_direct(mention, source) and _agreement(mention, source) < QUOTE_AGREEMENT:
            return f"quote reworded between {source_id} and {article_id}"
    return ""


def _conflict(group: Sequence[ClaimMention]) -> str:
    if group[0].type == "number":
        values = {m.content: m for m in group}
        distinct: list[ClaimMention] = []
        for mention in values.values():
            if not any(_same_amount(mention, other) for other in distinct):
                distinct.append(mention)
        if len(distinct) > 1:
            return "different values: " + ", ".join(f"{m.content} ({m.article_id})" for m in distinct)
    if group[0].type not in {"number", "quote"}:
        return ""  # "Beijing" and "China" crediting a stance are one source under two names
    credited = {(m.attributed_to or "").casefold(): m for m in group if m.attributed_to}
    if len(credited) > 1 and not _same_source(list(credited)):
        return "credited to different sources: " + ", ".join(
            f"{m.attributed_to} ({m.article_id})" for m in credited.values()
        )
    return ""


def _dropped(group: Sequence[ClaimMention], parent: dict[str, str]) -> str:
    by_article = _by_article(group)
    attributed = {a for a, m in by_article.items() if m.attributed_to}
    for article_id, mention in by_article.items():
        if mention.attributed_to:
            continue
        source = next((a for a in _ancestors(article_id, parent) if a in attributed), None)
        if source is not None:
            return (
                f"{article_id} states without attribution what {source} credits to {by_article[source].attributed_to}"
            )
    return ""


def _same_amount(a: ClaimMention, b: ClaimMention) -> bool:
    va, vb = a.value_dict(), b.value_dict()
    amount_a, amount_b = float(va.get("amount", 0.0)), float(vb.get("amount", 0.0))  # type: ignore[arg-type]
    scale = max(abs(amount_a), abs(amount_b), 1e-9)
    return abs(amount_a - amount_b) / scale <= RELATIVE_TOLERANCE


def _both_direct(a: ClaimMention, b: ClaimMention) -> bool:
    return a.type == b.type == "quote" and bool(a.value_dict().get("direct")) and bool(b.value_dict().get("direct"))


def _agreement(a: ClaimMention, b: ClaimMention) -> float:
    """Word-sequence agreement, blind to spelling variants (characterised/characterized, of/for)."""

    def stems(text: str) -> list[str]:
        return [w[:STEM] for w in words(text) if w not in STOPWORDS]

    return difflib.SequenceMatcher(None, stems(a.content), stems(b.content), autojunk=False).ratio()


def _same_source(names: list[str]) -> bool:
    """'Mikhail Mishustin' and 'Mikhail Mishustin, Russian Prime Minister' are one source."""
    heads = {name.split(",")[0].strip() for name in names}
    return len(heads) == 1 or all(any(h in other for other in heads if other != h) for h in heads)
