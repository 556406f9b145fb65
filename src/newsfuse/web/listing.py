"""The stories list: search, sort, and the figures shown per story.

Decides what "newest" and "most conflicts" mean for the list: newest by the
last publication date seen (undated stories last), conflicts as the number
of conflicting, altered and attribution-dropped claims; ties by size.
"""

from __future__ import annotations

from newsfuse.records import Story
from newsfuse.store import DuckDBStore
from newsfuse.web.models import StorySummary


def list_stories(store: DuckDBStore, query: str | None, sort: str) -> list[StorySummary]:
    rows = [
        StorySummary(
            story_id=r[0],
            title=r[1],
            first_seen=r[2],
            last_seen=r[3],
            size=r[4],
            independent_sources=r[5],
            conflicts=r[6],
        )
        for r in store.story_summaries()
    ]
    if query:
        words = query.casefold().split()
        rows = [r for r in rows if all(w in (r.title or "").casefold() for w in words)]
    keys = {
        "size": lambda r: (-r.size, r.story_id),
        "newest": lambda r: (r.last_seen is None, "" if r.last_seen is None else _descending(r.last_seen), r.story_id),
        "conflicts": lambda r: (-r.conflicts, -r.size, r.story_id),
    }
    return sorted(rows, key=keys[sort])


def _descending(value: str) -> str:
    """A string key that sorts later dates first."""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in value)


def story_summary(store: DuckDBStore, story: Story) -> StorySummary:
    found = next((r for r in list_stories(store, None, "size") if r.story_id == story.story_id), None)
    if found is None:
        return StorySummary(
            story_id=story.story_id,
            title=story.title,
            first_seen=story.first_seen,
            last_seen=story.last_seen,
            size=len(story.article_ids),
            independent_sources=None,
            conflicts=0,
        )
    return found
