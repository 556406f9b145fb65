"""Flags under a brief: what a reader must not miss about the story's claims.

Decides which claim groups are flagged: every conflicting figure or
attribution, altered quote or figure, and dropped attribution; and
single-source quotes and figures that the brief itself states (a claim of
weight resting on one source).
"""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.records import FLAGGED_STATUSES, BriefSentence, ClaimGroup, Flag

ALWAYS_FLAGGED: tuple[str, ...] = FLAGGED_STATUSES
_ORDER = {status: rank for rank, status in enumerate((*ALWAYS_FLAGGED, "single-source"))}


def flags_for(claims: Sequence[ClaimGroup], sentences: Sequence[BriefSentence]) -> list[Flag]:
    found = []
    for group in claims:
        if group.status in ALWAYS_FLAGGED:
            found.append(Flag(group.claim_id, group.status, f"{group.statement[:140]} — {group.note}"))
        elif group.status == "single-source" and group.type in {"quote", "number"} and _stated(group, sentences):
            found.append(Flag(group.claim_id, group.status, f"{group.statement[:140]} — only one independent source"))
    return sorted(found, key=lambda f: (_ORDER.get(f.status, 9), f.claim_id))


def _stated(group: ClaimGroup, sentences: Sequence[BriefSentence]) -> bool:
    return any(
        m.article_id == s.source_id and m.span[0] < s.source_span[1] and s.source_span[0] < m.span[1]
        for m in group.mentions
        for s in sentences
    )
