"""How many independent sources carry a claim.

Decides the independent support of one claim group. Mentions in articles
that took the claim from one another count once:

* a mention collapses into the highest ancestor (in the provenance graph)
  that also carries the claim;
* two carriers whose relation aligned a passage over the claim's words
  (verbatim, near, paraphrase or translation) count once, whichever way the
  text went: the graph keeps one parent per article, so two bot rewrites of
  one wire story that both kept a quotation the reprint in the corpus cut
  are siblings in it, yet their relation shows the quotation is one text;
* an absent wire credited by a component's top article counts once however
  many reprints cite it.

Two reports that each interviewed the same speaker share no aligned passage
over the quotation unless their words match, so they still count twice.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

from newsfuse.records import Article, ClaimMention, Relation

RelationIndex = Mapping[tuple[str, str], Relation]


def index_relations(relations: Iterable[Relation]) -> dict[tuple[str, str], Relation]:
    """The story's relations by (source id, target id), built once for all of its claim groups."""
    return {(r.source_id, r.target_id): r for r in relations}


def independent_support(
    group: Sequence[ClaimMention],
    articles: dict[str, Article],
    parent: dict[str, str],
    relations: RelationIndex | None = None,
) -> int:
    """Independent sources among the articles carrying the group's mentions."""
    carriers = {m.article_id for m in group}
    top = {article_id: _highest_carrier(article_id, carriers, parent) for article_id in carriers}
    joined = {article_id: article_id for article_id in set(top.values())}
    spans = _spans_by_article(group)
    for a, b in itertools.permutations(sorted(carriers), 2):
        relation = (relations or {}).get((a, b))
        if relation is None or relation.kind == "independent" or top[a] == top[b]:
            continue
        if _passage_over_claim(relation, spans):
            joined[_find(joined, top[a])] = _find(joined, top[b])
    roots = set()
    for article_id in joined:
        head = _find(joined, article_id)
        members = [a for a in joined if _find(joined, a) == head]
        wire = next((w for w in sorted(filter(None, (_wire(articles.get(a)) for a in members)))), None)
        roots.add(("wire", wire) if wire else ("article", head))
    return len(roots)


def _highest_carrier(article_id: str, carriers: set[str], parent: dict[str, str]) -> str:
    root = node = article_id
    seen = {node}
    while node in parent and parent[node] not in seen:
        node = parent[node]
        seen.add(node)
        if node in carriers:
            root = node
    return root


def _spans_by_article(group: Sequence[ClaimMention]) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for mention in group:
        spans.setdefault(mention.article_id, []).append(mention.span)
    return spans


def _passage_over_claim(relation: Relation, spans: dict[str, list[tuple[int, int]]]) -> bool:
    """Whether one of the relation's passages overlaps the claim's words on both sides."""
    on_source = spans.get(relation.source_id, [])
    on_target = spans.get(relation.target_id, [])
    return any(
        _overlaps(passage.source_span, on_source) and _overlaps(passage.target_span, on_target)
        for passage in relation.passages
    )


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(min(span[1], end) > max(span[0], start) for start, end in spans)


def _find(joined: dict[str, str], article_id: str) -> str:
    while joined[article_id] != article_id:
        joined[article_id] = joined[joined[article_id]]
        article_id = joined[article_id]
    return article_id


def _wire(article: Article | None) -> str | None:
    if article is None:
        return None
    return next((c.source.casefold() for c in article.credits if c.kind == "wire" and c.source), None)
