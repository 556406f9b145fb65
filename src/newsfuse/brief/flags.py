"""Flags under a brief: what a reader must not miss about the story's claims.

Decides which claim groups are flagged: every altered, conflicting,
attribution-dropped and credited-differently claim (each note carries the
evidence, both articles' words), and single-source quotes and figures that
the brief itself states (a claim of weight resting on one source) when the
story has more than one independent source; in a story whose articles all
derive from one origin everything rests on that origin, and flagging each
claim would say nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.claims.statement import shorten
from newsfuse.records import FLAGGED_STATUSES, BriefSentence, ClaimGroup, Flag

ALWAYS_FLAGGED: tuple[str, ...] = FLAGGED_STATUSES
_ORDER = {status: rank for rank, status in enumerate((*ALWAYS_FLAGGED, "single-source"))}
STATEMENT_CHARS = 140


def flags_for(claims: Sequence[ClaimGroup], sentences: Sequence[BriefSentence]) -> list[Flag]:
    found = []
    several_sources = any(group.independent_support >= 2 for group in claims)
    for group in claims:
        if group.status in ALWAYS_FLAGGED:
            found.append(
                Flag(group.claim_id, group.status, f"{shorten(group.statement, STATEMENT_CHARS)} — {group.note}")
            )
        elif (
            group.status == "single-source"
            and several_sources
            and group.type in {"quote", "number"}
            and _stated(group, sentences)
        ):
            note = f"{shorten(group.statement, STATEMENT_CHARS)} — only one independent source"
            found.append(Flag(group.claim_id, group.status, note))
    return sorted(found, key=lambda f: (_ORDER.get(f.status, 9), f.claim_id))


def _stated(group: ClaimGroup, sentences: Sequence[BriefSentence]) -> bool:
    return any(
        m.article_id == s.source_id and m.span[0] < s.source_span[1] and s.source_span[0] < m.span[1]
        for m in group.mentions
        for s in sentences
    )
