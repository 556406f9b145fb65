"""Store table for claim groups (mentions kept as JSON beside each group)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb

from newsfuse.records import ClaimGroup, ClaimMention


def mention_row(mention: ClaimMention) -> dict[str, Any]:
    return {
        "article_id": mention.article_id,
        "type": mention.type,
        "span": list(mention.span),
        "text": mention.content,
        "sentence": mention.sentence,
        "speaker": mention.speaker,
        "attributed_to": mention.attributed_to,
        "cue": mention.cue,
        "measure": mention.measure,
        "value": mention.value_dict(),
    }


def mention_from_row(row: dict[str, Any]) -> ClaimMention:
    return ClaimMention(
        article_id=row["article_id"],
        type=row["type"],
        span=(row["span"][0], row["span"][1]),
        content=row["text"],
        sentence=row["sentence"],
        speaker=row["speaker"],
        attributed_to=row["attributed_to"],
        cue=row["cue"],
        measure=row["measure"],
        value=tuple(sorted(row["value"].items())),
    )


def replace_claims(
    con: duckdb.DuckDBPyConnection, story_ids: Sequence[str], groups: Sequence[ClaimGroup], clear: bool
) -> None:
    if clear:
        con.execute("DELETE FROM claims")
    elif story_ids:
        con.execute("DELETE FROM claims WHERE story_id IN (SELECT unnest(?::VARCHAR[]))", [list(story_ids)])
    if groups:
        con.executemany(
            "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [
                (
                    g.story_id,
                    g.claim_id,
                    g.type,
                    g.statement,
                    g.status,
                    g.speaker,
                    g.independent_support,
                    g.note,
                    json.dumps(dict(g.value)),
                    json.dumps([mention_row(m) for m in g.mentions]),
                )
                for g in groups
            ],
        )


def read_claims(con: duckdb.DuckDBPyConnection, story_ids: Iterable[str] | None = None) -> list[ClaimGroup]:
    sql = (
        "SELECT story_id, claim_id, type, statement, status, speaker, independent_support, note, value, mentions "
        "FROM claims"
    )
    params: list[object] = []
    if story_ids is not None:
        sql += " WHERE story_id IN (SELECT unnest(?::VARCHAR[]))"
        params.append(list(story_ids))
    rows = con.execute(sql + " ORDER BY story_id, claim_id", params).fetchall()
    return [
        ClaimGroup(
            story_id=row[0],
            claim_id=row[1],
            type=row[2],
            statement=row[3],
            status=row[4],
            speaker=row[5],
            independent_support=row[6],
            note=row[7],
            value=tuple(sorted(json.loads(row[8]).items())),
            mentions=tuple(mention_from_row(m) for m in json.loads(row[9])),
        )
        for row in rows
    ]
