"""The provenance tree of a story as rows, for every presentation (terminal, Markdown, HTML).

Decides the reading order of a derivation forest: credited sources absent
from the corpus first, then each origin followed by what derives from it,
depth first, children in ingest order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from newsfuse.records import Provenance, Relation


@dataclass(frozen=True)
class TreeRow:
    depth: int
    article_id: str | None
    relation: Relation | None
    external: str | None = None


def tree_rows(graph: Provenance, relations: list[Relation], order: list[str]) -> Iterator[TreeRow]:
    """Rows of the forest; ``order`` is the story's article ids in ingest order."""
    edges = {(r.source_id, r.target_id): r for r in relations}
    position = {article_id: i for i, article_id in enumerate(order)}
    children: dict[str, list[str]] = {}
    for child, parent in graph.parents:
        children.setdefault(parent, []).append(child)
    for external in graph.external_origins:
        yield TreeRow(0, None, None, external)
    for origin in sorted(graph.origins, key=lambda a: position.get(a, 0)):
        yield TreeRow(0, origin, None)
        yield from _below(origin, 1, children, edges, position)


def _below(
    parent: str,
    depth: int,
    children: dict[str, list[str]],
    edges: dict[tuple[str, str], Relation],
    position: dict[str, int],
) -> Iterator[TreeRow]:
    for child in sorted(children.get(parent, []), key=lambda a: position.get(a, 0)):
        yield TreeRow(depth, child, edges.get((parent, child)))
        yield from _below(child, depth + 1, children, edges, position)
