"""Store table for briefs: sentences with their citations, flags, and what was dropped.

Decides how briefs are persisted: one row per story, replaced when the
story's brief is rewritten; sentences and flags are lists of STRUCTs; the
event date the brief read from the articles (migration 50) sits beside them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from newsfuse.records import Brief, BriefSentence, Flag
from newsfuse.store.tables import Tables

SENTENCES_TYPE = (
    "STRUCT(text VARCHAR, citations VARCHAR[], source_id VARCHAR, source_start INTEGER, source_end INTEGER, "
    "compressed BOOLEAN)[]"
)
FLAGS_TYPE = "STRUCT(claim_id VARCHAR, status VARCHAR, note VARCHAR)[]"
# Column types of the briefs table, in order (see migrations.py).
BRIEF_TYPES = ("VARCHAR", "VARCHAR", SENTENCES_TYPE, FLAGS_TYPE, "VARCHAR[]", "VARCHAR", "VARCHAR")


class BriefTables(Tables):
    """The ``briefs`` table."""

    def replace_briefs(self, story_ids: Sequence[str], briefs: Sequence[Brief], clear: bool = False) -> None:
        with self.transaction():
            self.delete_stories("briefs", story_ids, clear)
            self.insert_columns("briefs", BRIEF_TYPES, [_brief_row(b) for b in briefs])

    def briefs(self, story_ids: Iterable[str] | None = None) -> list[Brief]:
        return [_brief(row) for row in self.select_stories(_BRIEFS, story_ids, "story_id")]

    def iter_briefs(self) -> Iterator[Brief]:
        """Every brief, streamed by story id."""
        return (_brief(row) for row in self.stream(f"{_BRIEFS} ORDER BY story_id"))

    def event_dates(self) -> dict[str, str]:
        """Story id -> the event date its brief read from the articles (stories without one left out)."""
        rows = self.con.execute("SELECT story_id, event_date FROM briefs WHERE event_date IS NOT NULL").fetchall()
        return {row[0]: row[1] for row in rows}


_BRIEFS = "SELECT story_id, writer, sentences, flags, dropped, event_date, event_date_note FROM briefs"


def _brief(row: tuple[Any, ...]) -> Brief:
    return Brief(
        story_id=row[0],
        sentences=tuple(
            BriefSentence(
                s["text"], tuple(s["citations"]), s["source_id"], (s["source_start"], s["source_end"]), s["compressed"]
            )
            for s in row[2]
        ),
        flags=tuple(Flag(f["claim_id"], f["status"], f["note"]) for f in row[3]),
        writer=row[1],
        dropped=tuple(row[4]),
        event_date=row[5],
        event_date_note=row[6] or "",
    )


def _brief_row(brief: Brief) -> tuple[Any, ...]:
    sentences = [
        {
            "text": s.text,
            "citations": list(s.citations),
            "source_id": s.source_id,
            "source_start": s.source_span[0],
            "source_end": s.source_span[1],
            "compressed": s.compressed,
        }
        for s in brief.sentences
    ]
    flags = [{"claim_id": f.claim_id, "status": f.status, "note": f.note} for f in brief.flags]
    return (
        brief.story_id,
        brief.writer,
        sentences,
        flags,
        list(brief.dropped),
        brief.event_date,
        brief.event_date_note,
    )
