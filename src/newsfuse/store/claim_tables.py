"""Store table for claim groups: each group with its typed value and its mentions.

Decides how claims are persisted: replaced per story; a claim's value is a
STRUCT (which kind of value, then the fields of every kind, unused ones
null) and its mentions a list of STRUCTs, so no JSON is parsed on read.
Adding a field to a value record (``records.py``) means adding it to
``VALUE_TYPE`` and a migration that widens the column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import MISSING, fields
from typing import Any

from newsfuse.records import ClaimGroup, ClaimMention, ClaimValue, EventValue, NumberValue, QuoteValue
from newsfuse.store.tables import Tables

VALUE_TYPE = (
    "STRUCT(kind VARCHAR, direct BOOLEAN, negative_cue BOOLEAN, inferred BOOLEAN, according BOOLEAN, "
    "source_kind VARCHAR, amount DOUBLE, unit VARCHAR, currency VARCHAR, qualifier VARCHAR, raw VARCHAR, "
    "year INTEGER, year_ref VARCHAR, noun VARCHAR, change VARCHAR, subject VARCHAR, verb VARCHAR, object VARCHAR, "
    "negated BOOLEAN)"
)
MENTION_TYPE = (
    "STRUCT(article_id VARCHAR, type VARCHAR, span_start INTEGER, span_end INTEGER, text VARCHAR, "
    f"sentence VARCHAR, speaker VARCHAR, attributed_to VARCHAR, cue VARCHAR, measure VARCHAR, value {VALUE_TYPE})"
)
# Column types of the claims table, in order (see migrations.py).
CLAIM_TYPES = ("VARCHAR",) * 6 + ("INTEGER", "VARCHAR", VALUE_TYPE, f"{MENTION_TYPE}[]")
_VALUE_FIELDS = (
    "direct",
    "negative_cue",
    "inferred",
    "according",
    "source_kind",
    "amount",
    "unit",
    "currency",
    "qualifier",
    "raw",
    "year",
    "year_ref",
    "noun",
    "change",
    "subject",
    "verb",
    "object",
    "negated",
)
_VALUE_KINDS: dict[str, type[QuoteValue | NumberValue | EventValue]] = {
    "quote": QuoteValue,
    "number": NumberValue,
    "event": EventValue,
}


def value_row(value: ClaimValue) -> dict[str, Any]:
    """The STRUCT of a claim value: its kind, and its own fields (the others null)."""
    row: dict[str, Any] = dict.fromkeys(_VALUE_FIELDS)
    if value is None:
        return {"kind": None, **row}
    kind = next(name for name, cls in _VALUE_KINDS.items() if isinstance(value, cls))
    return {"kind": kind, **row, **{f.name: getattr(value, f.name) for f in fields(value)}}


def value_of(row: dict[str, Any] | None) -> ClaimValue:
    if row is None or row["kind"] is None:
        return None
    cls = _VALUE_KINDS[row["kind"]]
    # A null field takes the record's default (rows converted from JSON that never had it).
    return cls(**{f.name: row[f.name] for f in fields(cls) if row[f.name] is not None or f.default is MISSING})


def mention_row(mention: ClaimMention) -> dict[str, Any]:
    return {
        "article_id": mention.article_id,
        "type": mention.type,
        "span_start": mention.span[0],
        "span_end": mention.span[1],
        "text": mention.content,
        "sentence": mention.sentence,
        "speaker": mention.speaker,
        "attributed_to": mention.attributed_to,
        "cue": mention.cue,
        "measure": mention.measure,
        "value": value_row(mention.value),
    }


def mention_of(row: dict[str, Any]) -> ClaimMention:
    return ClaimMention(
        article_id=row["article_id"],
        type=row["type"],
        span=(row["span_start"], row["span_end"]),
        content=row["text"],
        sentence=row["sentence"],
        speaker=row["speaker"],
        attributed_to=row["attributed_to"],
        cue=row["cue"],
        measure=row["measure"],
        value=value_of(row["value"]),
    )


class ClaimTables(Tables):
    """The ``claims`` table."""

    def replace_claims(self, story_ids: Sequence[str], groups: Sequence[ClaimGroup], clear: bool = False) -> None:
        rows = [
            (
                g.story_id,
                g.claim_id,
                g.type,
                g.statement,
                g.status,
                g.speaker,
                g.independent_support,
                g.note,
                value_row(g.value),
                [mention_row(m) for m in g.mentions],
            )
            for g in groups
        ]
        with self.transaction():
            self.delete_stories("claims", story_ids, clear)
            self.insert_columns("claims", CLAIM_TYPES, rows, ignore_conflicts=True)

    def claims(self, story_ids: Iterable[str] | None = None) -> list[ClaimGroup]:
        return [_claim(row) for row in self.select_stories(_CLAIMS, story_ids, "story_id, claim_id")]

    def iter_claims(self) -> Iterator[ClaimGroup]:
        """Every claim group, streamed in contract order (story, claim id)."""
        return (_claim(row) for row in self.stream(f"{_CLAIMS} ORDER BY story_id, claim_id"))


_CLAIMS = (
    "SELECT story_id, claim_id, type, statement, status, speaker, independent_support, note, value, mentions "
    "FROM claims"
)


def _claim(row: tuple[Any, ...]) -> ClaimGroup:
    return ClaimGroup(
        story_id=row[0],
        claim_id=row[1],
        type=row[2],
        statement=row[3],
        status=row[4],
        speaker=row[5],
        independent_support=row[6],
        note=row[7],
        value=value_of(row[8]),
        mentions=tuple(mention_of(m) for m in row[9]),
    )
