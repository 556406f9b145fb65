"""What is new in the store: stories by their latest arrival, a story's arrivals, its current claims.

Decides what "updated" means for a live store: a story's last update is the
time its newest article arrived (``ingested_at``), which a batch re-run of
the stages does not move, unlike the stories table's own write time. A
person's "last look" is the newest arrival they were shown, so what is new
to them is compared on the store's own clock, never the browser's.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass
from typing import Any

import duckdb

from newsfuse.records import CONFLICT_STATUSES
from newsfuse.store import DuckDBStore


@dataclass(frozen=True)
class StoryUpdate:
    """A story as "What's new" lists it (also the JSON of ``GET /api/new``)."""

    story_id: str
    title: str | None
    size: int
    first_arrival: str
    last_arrival: str
    new_articles: int
    independent_sources: int | None
    conflicts: int


@dataclass(frozen=True)
class Arrival:
    article_id: str
    arrived_at: str
    outlet: str | None
    title: str | None
    published_at: str | None
    url: str | None
    is_new: bool


def open_cursor(store: DuckDBStore, attempts: int = 5) -> DuckDBStore:
    """A cursor of its own on ``store``. Opening one can meet the shared connection mid-write (DuckDB
    refuses rather than waits), so it is tried again a few times, briefly."""
    for attempt in range(attempts):
        try:
            return store.cursor()
        except duckdb.Error:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def latest_arrival(store: DuckDBStore) -> str | None:
    """When the newest article arrived (ISO 8601, store clock)."""
    row = store.con.execute("SELECT max(ingested_at) FROM articles").fetchone()
    return _iso(row[0]) if row and row[0] is not None else None


def story_updates(store: DuckDBStore, since: str | None, limit: int = 200) -> list[StoryUpdate]:
    """Stories, most recently updated first, with how many of their articles arrived after ``since``."""
    rows = store.con.execute(
        "SELECT s.story_id, s.title, count(*), min(a.ingested_at), max(a.ingested_at), "
        "count(*) FILTER (WHERE ?::TIMESTAMP IS NOT NULL AND a.ingested_at > ?::TIMESTAMP), "
        "any_value(p.independent_sources), coalesce(any_value(c.conflicts), 0) "
        "FROM stories s JOIN story_members m ON m.story_id = s.story_id JOIN articles a ON a.id = m.article_id "
        "LEFT JOIN provenance p ON p.story_id = s.story_id "
        "LEFT JOIN (SELECT story_id, count(*) AS conflicts FROM claims "
        "WHERE status IN (SELECT unnest(?::VARCHAR[])) GROUP BY story_id) c "
        "ON c.story_id = s.story_id "
        "GROUP BY s.story_id, s.title ORDER BY max(a.ingested_at) DESC, s.story_id LIMIT ?",
        [since, since, list(CONFLICT_STATUSES), limit],
    ).fetchall()
    return [StoryUpdate(r[0], r[1], int(r[2]), _iso(r[3]), _iso(r[4]), int(r[5]), r[6], int(r[7])) for r in rows]


def story_arrivals(store: DuckDBStore, story_id: str, since: str | None) -> list[Arrival]:
    """A story's articles in the order they arrived, marked new when after ``since``."""
    rows = store.con.execute(
        "SELECT a.id, a.ingested_at, a.outlet, a.title, a.published_at, a.url, "
        "coalesce(?::TIMESTAMP IS NOT NULL AND a.ingested_at > ?::TIMESTAMP, false) "
        "FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? "
        "ORDER BY a.ingested_at, a.seq",
        [since, since, story_id],
    ).fetchall()
    return [Arrival(r[0], _iso(r[1]), r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]


def story_state(store: DuckDBStore, story_id: str) -> dict[str, Any] | None:
    """What a watcher of a story sees: its size, claims with their status, and flags; with a version hash."""
    members = store.con.execute("SELECT count(*) FROM story_members WHERE story_id = ?", [story_id]).fetchone()
    if not members or not members[0]:
        return None
    claims = [
        {"claim_id": c.claim_id, "type": c.type, "status": c.status, "statement": c.statement, "note": c.note}
        for c in store.claims([story_id])
    ]
    briefs = store.briefs([story_id])
    flags = [asdict(f) for f in briefs[0].flags] if briefs else []
    state: dict[str, Any] = {
        "story_id": story_id,
        "articles": int(members[0]),
        "latest_arrival": _story_latest(store, story_id),
        "claims": sorted(claims, key=lambda c: c["claim_id"]),
        "flags": flags,
    }
    state["version"] = hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]
    return state


def _story_latest(store: DuckDBStore, story_id: str) -> str | None:
    row = store.con.execute(
        "SELECT max(a.ingested_at) FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ?",
        [story_id],
    ).fetchone()
    return _iso(row[0]) if row and row[0] is not None else None


def _iso(value: Any) -> str:
    return str(value.isoformat()) if hasattr(value, "isoformat") else str(value)
