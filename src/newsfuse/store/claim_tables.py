"""Store tables for claim groups (mentions kept as JSON beside each group) and briefs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb

from newsfuse.records import Brief, BriefSentence, ClaimGroup, ClaimMention, Flag
from newsfuse.store.codec import delete_stories, insert_columns, select_stories

# Column types of the claims table, in order (see migrations.py).
CLAIM_TYPES = ("VARCHAR",) * 6 + ("INTEGER",) + ("VARCHAR",) * 3


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
    delete_stories(con, "claims", story_ids, clear)
    if groups:
        insert_columns(
            con,
            "claims",
            CLAIM_TYPES,
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
            ignore_conflicts=True,
        )


def read_claims(con: duckdb.DuckDBPyConnection, story_ids: Iterable[str] | None = None) -> list[ClaimGroup]:
    sql = (
        "SELECT story_id, claim_id, type, statement, status, speaker, independent_support, note, value, mentions "
        "FROM claims"
    )
    rows = select_stories(con, sql, story_ids, "story_id, claim_id")
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


def replace_briefs(
    con: duckdb.DuckDBPyConnection, story_ids: Sequence[str], briefs: Sequence[Brief], clear: bool
) -> None:
    delete_stories(con, "briefs", story_ids, clear)
    if briefs:
        insert_columns(
            con,
            "briefs",
            ("VARCHAR",) * 7,
            [
                (
                    b.story_id,
                    b.writer,
                    json.dumps(
                        [
                            [s.text, list(s.citations), s.source_id, list(s.source_span), s.compressed]
                            for s in b.sentences
                        ]
                    ),
                    json.dumps([[f.claim_id, f.status, f.note] for f in b.flags]),
                    json.dumps(list(b.dropped)),
                    b.event_date,
                    b.event_date_note,
                )
                for b in briefs
            ],
        )


def read_briefs(con: duckdb.DuckDBPyConnection, story_ids: Iterable[str] | None = None) -> list[Brief]:
    sql = "SELECT story_id, writer, sentences, flags, dropped, event_date, event_date_note FROM briefs"
    rows = select_stories(con, sql, story_ids, "story_id")
    return [
        Brief(
            story_id=row[0],
            sentences=tuple(
                BriefSentence(text, tuple(cited), source, (span[0], span[1]), bool(short))
                for text, cited, source, span, short in json.loads(row[2])
            ),
            flags=tuple(Flag(*f) for f in json.loads(row[3])),
            writer=row[1],
            dropped=tuple(json.loads(row[4])),
            event_date=row[5],
            event_date_note=row[6] or "",
        )
        for row in rows
    ]
