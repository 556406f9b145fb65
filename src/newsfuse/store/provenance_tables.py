"""Store tables for provenance: relations (with their aligned passages) and provenance graphs.

Decides how provenance results are persisted: replaced per story (a
story's pairs are recomputed together, so no stale pair survives a
regrouping). Passages, origins and graph edges are DuckDB lists (of
STRUCTs with named fields), not JSON text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from newsfuse.records import Passage, Provenance, Relation
from newsfuse.store.tables import Tables

PASSAGES_TYPE = (
    "STRUCT(source_start INTEGER, source_end INTEGER, target_start INTEGER, target_end INTEGER, "
    "kind VARCHAR, similarity DOUBLE)[]"
)
EDGES_TYPE = "STRUCT(child VARCHAR, parent VARCHAR)[]"
# Column types of the relations and provenance tables, in order (see migrations.py).
RELATION_TYPES = ("VARCHAR",) * 4 + ("DOUBLE",) * 3 + ("VARCHAR", PASSAGES_TYPE)
PROVENANCE_TYPES = ("VARCHAR", "VARCHAR[]", "INTEGER", "VARCHAR", "VARCHAR[]", EDGES_TYPE)


class ProvenanceTables(Tables):
    """The ``relations`` and ``provenance`` tables."""

    def replace_provenance(
        self, story_ids: Sequence[str], relations: Sequence[Relation], graphs: Sequence[Provenance], clear: bool = False
    ) -> None:
        """Replace the provenance of the given stories (of all stories when ``clear``)."""
        with self.transaction():
            self.delete_stories("relations", story_ids, clear)
            self.delete_stories("provenance", story_ids, clear)
            self.insert_columns(
                "relations", RELATION_TYPES, [_relation_row(r) for r in relations], ignore_conflicts=True
            )
            self.insert_columns("provenance", PROVENANCE_TYPES, [_graph_row(g) for g in graphs])

    def relations(self, story_ids: Iterable[str] | None = None) -> list[Relation]:
        return [_relation(row) for row in self.select_stories(_RELATIONS, story_ids, _RELATION_ORDER)]

    def iter_relations(self) -> Iterator[Relation]:
        """Every relation, streamed in contract order (story, source, target)."""
        return (_relation(row) for row in self.stream(f"{_RELATIONS} ORDER BY {_RELATION_ORDER}"))

    def provenance(self, story_ids: Iterable[str] | None = None) -> list[Provenance]:
        return [_graph(row) for row in self.select_stories(_GRAPHS, story_ids, "story_id")]

    def iter_provenance(self) -> Iterator[Provenance]:
        """Every provenance graph, streamed by story id."""
        return (_graph(row) for row in self.stream(f"{_GRAPHS} ORDER BY story_id"))


_RELATIONS = (
    "SELECT story_id, source_id, target_id, kind, confidence, coverage, source_coverage, evidence, passages "
    "FROM relations"
)
_RELATION_ORDER = "story_id, source_id, target_id"
_GRAPHS = "SELECT story_id, origins, independent_sources, first_reported, external_origins, parents FROM provenance"


def _relation(row: tuple[Any, ...]) -> Relation:
    return Relation(
        story_id=row[0],
        source_id=row[1],
        target_id=row[2],
        kind=row[3],
        confidence=row[4],
        coverage=row[5],
        source_coverage=row[6],
        direction_evidence=row[7],
        passages=tuple(_passage(p) for p in row[8]),
    )


def _graph(row: tuple[Any, ...]) -> Provenance:
    return Provenance(
        story_id=row[0],
        origins=tuple(row[1]),
        independent_sources=row[2],
        first_reported=row[3],
        external_origins=tuple(row[4]),
        parents=tuple((edge["child"], edge["parent"]) for edge in row[5]),
    )


def _relation_row(r: Relation) -> tuple[Any, ...]:
    passages = [
        {
            "source_start": p.source_span[0],
            "source_end": p.source_span[1],
            "target_start": p.target_span[0],
            "target_end": p.target_span[1],
            "kind": p.kind,
            "similarity": p.similarity,
        }
        for p in r.passages
    ]
    return (
        r.story_id,
        r.source_id,
        r.target_id,
        r.kind,
        r.confidence,
        r.coverage,
        r.source_coverage,
        r.direction_evidence,
        passages,
    )


def _passage(row: dict[str, Any]) -> Passage:
    return Passage(
        (row["source_start"], row["source_end"]),
        (row["target_start"], row["target_end"]),
        row["kind"],
        row["similarity"],
    )


def _graph_row(g: Provenance) -> tuple[Any, ...]:
    edges = [{"child": child, "parent": parent} for child, parent in g.parents]
    return (g.story_id, list(g.origins), g.independent_sources, g.first_reported, list(g.external_origins), edges)
