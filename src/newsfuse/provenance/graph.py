"""The provenance graph of a story: who derives from whom, and how many sources it really has.

Decides each article's parent (the strongest derivation into it, skipping
any that would close a cycle), the origins (articles derived from no other),
the absent sources that origins credit (a wire agency whose original is not
in the corpus), the first reported article, and the number of independent
sources: origins counted once per absent source they share, so two reprints
of one Reuters story count as one source, not two.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.ingest.dates import to_datetime
from newsfuse.records import Article, Provenance, Relation

DERIVED = frozenset({"duplicate", "copy", "rewrite", "translation", "partial"})
# A partial reuse covering at least this share of the target makes it a
# derived report (a repost that adds some context); below it the target
# brings enough of its own reporting to count as a source.
SUBSTANTIAL_PARTIAL = 0.35
# How much each kind says about derivation when choosing an article's
# parent: a copy or translation of X says more than a partial reuse of Y.
KIND_STRENGTH = {"duplicate": 1.0, "copy": 1.0, "translation": 1.0, "rewrite": 0.9, "partial": 0.6}


def build_provenance(story_id: str, articles: Sequence[Article], relations: Sequence[Relation]) -> Provenance:
    """The provenance summary of a story from its pairwise relations."""
    parent = choose_parents(articles, relations)
    origins = [a for a in articles if a.id not in parent]
    outlets = {(a.outlet or "").casefold() for a in articles if a.outlet}
    strength = {(r.source_id, r.target_id): r for r in relations}
    roots: set[str] = set()
    external: list[str] = []
    for article in articles:
        edge = strength.get((parent.get(article.id, ""), article.id))
        if edge is not None and is_derived(edge):
            continue  # counted with the source it derives from
        credited = _absent_credited_source(article, outlets)
        if credited:
            roots.add("credit:" + credited.casefold())
            if credited not in external:
                external.append(credited)
        else:
            roots.add(article.id)
    return Provenance(
        story_id=story_id,
        origins=tuple(a.id for a in origins),
        independent_sources=len(roots),
        first_reported=first_reported(articles, origins, parent),
        external_origins=tuple(external),
        parents=tuple(sorted(parent.items())),
    )


def is_derived(relation: Relation) -> bool:
    """Whether the target adds too little of its own to count as a source of its own."""
    if relation.kind == "partial":
        return relation.coverage >= SUBSTANTIAL_PARTIAL
    return relation.kind in DERIVED


def choose_parents(articles: Sequence[Article], relations: Sequence[Relation]) -> dict[str, str]:
    """child id -> parent id: strongest derivations first, never closing a cycle."""
    order = {a.id: i for i, a in enumerate(articles)}
    edges = [r for r in relations if r.kind in DERIVED]
    edges.sort(
        key=lambda r: (-KIND_STRENGTH[r.kind] * r.coverage * r.confidence, order[r.target_id], order[r.source_id])
    )
    parent: dict[str, str] = {}
    for edge in edges:
        if edge.target_id in parent or _is_ancestor(edge.target_id, edge.source_id, parent):
            continue
        parent[edge.target_id] = edge.source_id
    return parent


def _is_ancestor(candidate: str, node: str, parent: dict[str, str]) -> bool:
    while node in parent:
        node = parent[node]
        if node == candidate:
            return True
    return candidate == node


def _absent_credited_source(article: Article, outlets: set[str]) -> str | None:
    """A wire or origin credit naming a source that no article in the story comes from."""
    for credit in article.credits:
        if credit.kind in {"wire", "origin"} and credit.source and credit.source.casefold() not in outlets:
            return credit.source
    return None


def first_reported(articles: Sequence[Article], origins: Sequence[Article], parent: dict[str, str]) -> str | None:
    """The earliest report: by date where dates say so, else by derivation.

    An undated source of a dated article was there before it, so the
    earliest dated article stands in for its root ancestor. Without any
    dates, the origin with the most descendants (then ingest order).
    """
    dated = [(to_datetime(a.published_at), i, a.id) for i, a in enumerate(articles) if a.published_at]
    dated = [d for d in dated if d[0] is not None]
    if dated:
        earliest = min(dated, key=lambda d: (d[0].replace(tzinfo=None), d[1]))[2]  # type: ignore[union-attr]
        while earliest in parent:
            earliest = parent[earliest]
        return earliest
    if not origins:
        return articles[0].id if articles else None
    descendants = {o.id: 0 for o in origins}
    for child in parent:
        root = child
        while root in parent:
            root = parent[root]
        if root in descendants:
            descendants[root] += 1
    position = {a.id: i for i, a in enumerate(articles)}
    return max(origins, key=lambda o: (descendants[o.id], -position[o.id])).id
