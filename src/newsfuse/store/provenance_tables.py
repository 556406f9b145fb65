"""Store tables for provenance: sentence vectors, relations, provenance graphs.

Decides how provenance results are persisted: sentence vectors once per
article; relations and provenance replaced per story (a story's pairs are
recomputed together, so no stale pair survives a regrouping).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import duckdb
import numpy as np

from newsfuse.records import Passage, Provenance, Relation
from newsfuse.store.codec import delete_stories, insert_columns, select_stories

# Column types of the relations and provenance tables, in order (see migrations.py).
RELATION_TYPES = ("VARCHAR",) * 4 + ("DOUBLE",) * 3 + ("VARCHAR",) * 2
PROVENANCE_TYPES = ("VARCHAR", "VARCHAR", "INTEGER", "VARCHAR", "VARCHAR", "VARCHAR")


def insert_sentence_vectors(con: duckdb.DuckDBPyConnection, rows: Sequence[tuple[str, np.ndarray, str]]) -> None:
    if rows:
        con.executemany(
            "INSERT INTO sentence_vectors (article_id, vectors, embedder) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(article_id, vectors.astype("<f4").tobytes(), embedder) for article_id, vectors, embedder in rows],
        )


def read_sentence_vectors(con: duckdb.DuckDBPyConnection, ids: Iterable[str], dims: int) -> dict[str, np.ndarray]:
    rows = con.execute(
        "SELECT article_id, vectors FROM sentence_vectors WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
        [list(ids)],
    ).fetchall()
    return {article_id: np.frombuffer(bytes(blob), dtype="<f4").reshape(-1, dims) for article_id, blob in rows}


def missing_sentence_vectors(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> list[str]:
    wanted = list(dict.fromkeys(ids))
    known = {
        row[0]
        for row in con.execute(
            "SELECT article_id FROM sentence_vectors WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [wanted]
        ).fetchall()
    }
    return [i for i in wanted if i not in known]


def replace_story_provenance(
    con: duckdb.DuckDBPyConnection,
    story_ids: Sequence[str],
    relations: Sequence[Relation],
    graphs: Sequence[Provenance],
) -> None:
    """Replace relations and provenance of the given stories."""
    delete_stories(con, "relations", story_ids)
    delete_stories(con, "provenance", story_ids)
    if relations:
        insert_columns(
            con,
            "relations",
            RELATION_TYPES,
            [
                (
                    r.story_id,
                    r.source_id,
                    r.target_id,
                    r.kind,
                    r.confidence,
                    r.coverage,
                    r.source_coverage,
                    r.direction_evidence,
                    json.dumps([_passage_row(p) for p in r.passages]),
                )
                for r in relations
            ],
            ignore_conflicts=True,
        )
    if graphs:
        insert_columns(
            con,
            "provenance",
            PROVENANCE_TYPES,
            [
                (
                    g.story_id,
                    json.dumps(g.origins),
                    g.independent_sources,
                    g.first_reported,
                    json.dumps(g.external_origins),
                    json.dumps(g.parents),
                )
                for g in graphs
            ],
        )


def clear_provenance(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM relations")
    con.execute("DELETE FROM provenance")


def read_relations(con: duckdb.DuckDBPyConnection, story_ids: Iterable[str] | None = None) -> list[Relation]:
    sql = (
        "SELECT story_id, source_id, target_id, kind, confidence, coverage, source_coverage, evidence, passages "
        "FROM relations"
    )
    rows = select_stories(con, sql, story_ids, "story_id, source_id, target_id")
    return [
        Relation(
            story_id=row[0],
            source_id=row[1],
            target_id=row[2],
            kind=row[3],
            confidence=row[4],
            coverage=row[5],
            source_coverage=row[6],
            direction_evidence=row[7],
            passages=tuple(Passage(tuple(p[0]), tuple(p[1]), p[2], p[3]) for p in json.loads(row[8])),
        )
        for row in rows
    ]


def read_provenance(con: duckdb.DuckDBPyConnection, story_ids: Iterable[str] | None = None) -> list[Provenance]:
    sql = "SELECT story_id, origins, independent_sources, first_reported, external_origins, parents FROM provenance"
    rows = select_stories(con, sql, story_ids, "story_id")
    return [
        Provenance(
            story_id=row[0],
            origins=tuple(json.loads(row[1])),
            independent_sources=row[2],
            first_reported=row[3],
            external_origins=tuple(json.loads(row[4])),
            parents=tuple(tuple(x) for x in json.loads(row[5])),
        )
        for row in rows
    ]


def _passage_row(passage: Passage) -> list[object]:
    return [list(passage.source_span), list(passage.target_span), passage.kind, passage.similarity]
