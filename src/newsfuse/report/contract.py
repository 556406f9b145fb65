"""The output contract: JSON Lines files other tools read.

Decides the exact shape and order of every contract file (DESIGN.md §3).
Names and required fields never change; new fields may be added. Lines are
sorted by a stable key so the same store gives byte-identical files, and each
file is written to a temporary name and renamed, so a reader never sees half
a file.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsfuse.records import Article, Brief, ClaimGroup, DuplicateGroup, Passage, Provenance, Rejection, Relation, Story

_RECORD_SUFFIX = re.compile(r"^(.*)#(\d+)$")


def article_json(article: Article) -> dict[str, Any]:
    """The contract object for one article (required fields first)."""
    return {
        "id": article.id,
        "external_id": article.external_id,
        "input": article.input,
        "title": article.title,
        "outlet": article.outlet,
        "published_at": article.published_at,
        "language": article.language,
        "text": article.text,
        "removed": [{"text": r.text, "reason": r.reason} for r in article.removed],
        "author": article.author,
        "url": article.url,
        "source_format": article.source_format,
        "credits": [{"text": c.text, "source": c.source, "kind": c.kind} for c in article.credits],
        "sentences": [list(span) for span in article.sentences],
    }


def rejection_json(rejection: Rejection) -> dict[str, Any]:
    return {"input": rejection.input, "reason": rejection.reason}


def input_sort_key(value: str) -> tuple[str, int]:
    """Order inputs by path, then record number as a number (path#9 before path#10)."""
    match = _RECORD_SUFFIX.match(value)
    if match:
        return match.group(1), int(match.group(2))
    return value, 0


def write_jsonl(path: Path, objects: Iterable[dict[str, Any]]) -> int:
    """Write objects one per line, atomically; return how many were written."""
    tmp = path.with_name(path.name + ".tmp")
    count = 0
    with tmp.open("w", encoding="utf-8") as handle:
        for obj in objects:
            handle.write(json.dumps(obj, ensure_ascii=False, separators=(", ", ": ")))
            handle.write("\n")
            count += 1
    os.replace(tmp, path)
    return count


def write_text(path: Path, text: str) -> None:
    """Write a whole text file atomically."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_articles(path: Path, articles: Iterable[Article]) -> int:
    ordered = sorted(articles, key=lambda a: (input_sort_key(a.input), a.id))
    return write_jsonl(path, (article_json(a) for a in ordered))


def write_rejects(path: Path, rejections: Iterable[Rejection]) -> int:
    ordered = sorted(rejections, key=lambda r: (input_sort_key(r.input), r.reason))
    return write_jsonl(path, (rejection_json(r) for r in ordered))


def duplicate_json(group: DuplicateGroup) -> dict[str, Any]:
    return {"group_id": group.group_id, "article_ids": list(group.article_ids), "kind": group.kind}


def story_json(story: Story, event_date: str | None = None) -> dict[str, Any]:
    """The contract object for a story; ``event_date`` is the day the articles say it happened."""
    return {
        "story_id": story.story_id,
        "article_ids": list(story.article_ids),
        "title": story.title,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "size": len(story.article_ids),
        "event_date": event_date,
    }


def write_duplicates(path: Path, groups: Iterable[DuplicateGroup]) -> int:
    return write_jsonl(path, (duplicate_json(g) for g in sorted(groups, key=lambda g: g.group_id)))


def write_stories(path: Path, stories: Iterable[Story], event_dates: dict[str, str | None] | None = None) -> int:
    dates = event_dates or {}
    ordered = sorted(stories, key=lambda s: s.story_id)
    return write_jsonl(path, (story_json(s, dates.get(s.story_id)) for s in ordered))


def passage_json(passage: Passage) -> dict[str, Any]:
    return {
        "source_span": list(passage.source_span),
        "target_span": list(passage.target_span),
        "kind": passage.kind,
        "similarity": passage.similarity,
    }


def relation_json(relation: Relation) -> dict[str, Any]:
    return {
        "story_id": relation.story_id,
        "source_id": relation.source_id,
        "target_id": relation.target_id,
        "kind": relation.kind,
        "confidence": relation.confidence,
        "coverage": relation.coverage,
        "passages": [passage_json(p) for p in relation.passages],
        "source_coverage": relation.source_coverage,
        "direction_evidence": relation.direction_evidence,
    }


def provenance_json(graph: Provenance) -> dict[str, Any]:
    return {
        "story_id": graph.story_id,
        "origins": list(graph.origins),
        "independent_sources": graph.independent_sources,
        "first_reported": graph.first_reported,
        "external_origins": list(graph.external_origins),
        "edges": [{"source_id": parent, "target_id": child} for child, parent in graph.parents],
    }


def write_relations(path: Path, relations: Iterable[Relation]) -> int:
    ordered = sorted(relations, key=lambda r: (r.story_id, r.source_id, r.target_id))
    return write_jsonl(path, (relation_json(r) for r in ordered))


def write_provenance(path: Path, graphs: Iterable[Provenance]) -> int:
    return write_jsonl(path, (provenance_json(g) for g in sorted(graphs, key=lambda g: g.story_id)))


def claim_json(group: ClaimGroup) -> dict[str, Any]:
    return {
        "story_id": group.story_id,
        "claim_id": group.claim_id,
        "type": group.type,
        "statement": group.statement,
        "value": group.value_dict(),
        "speaker": group.speaker,
        "status": group.status,
        "mentions": [
            {
                "article_id": m.article_id,
                "span": list(m.span),
                "text": m.content,
                "attributed_to": m.attributed_to,
                "speaker": m.speaker,
                "cue": m.cue,
                "measure": m.measure,
            }
            for m in group.mentions
        ],
        "independent_support": group.independent_support,
        "note": group.note,
    }


def write_claims(path: Path, groups: Iterable[ClaimGroup]) -> int:
    return write_jsonl(path, (claim_json(g) for g in sorted(groups, key=lambda g: (g.story_id, g.claim_id))))


def brief_json(brief: Brief) -> dict[str, Any]:
    return {
        "story_id": brief.story_id,
        "sentences": [
            {
                "text": s.text,
                "citations": list(s.citations),
                "source_id": s.source_id,
                "source_span": list(s.source_span),
                "compressed": s.compressed,
            }
            for s in brief.sentences
        ],
        "flags": [{"claim_id": f.claim_id, "status": f.status, "note": f.note} for f in brief.flags],
        "writer": brief.writer,
        "dropped": list(brief.dropped),
        "event_date": brief.event_date,
        "event_date_note": brief.event_date_note,
    }


def write_briefs(path: Path, briefs: Iterable[Brief]) -> int:
    return write_jsonl(path, (brief_json(b) for b in sorted(briefs, key=lambda b: b.story_id)))
