"""Store tables for grouping: fingerprints, duplicate groups, stories.

Decides how grouping results are persisted. Fingerprints are written once
per article; duplicate groups and stories are either replaced wholesale (a
batch run over the whole store, in one transaction) or updated for a few
articles (incremental assignment).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

import duckdb

from newsfuse.records import DuplicateGroup, Fingerprint, Story

_FP_COLUMNS = "article_id, exact_hash, minhash, embedding, terms, entities, embedder"


def insert_fingerprints(con: duckdb.DuckDBPyConnection, fingerprints: Sequence[Fingerprint]) -> None:
    if not fingerprints:
        return
    rows = [
        (f.article_id, f.exact_hash, f.minhash, f.embedding, f.terms, json.dumps(f.entities), f.embedder)
        for f in fingerprints
    ]
    con.executemany(
        f"INSERT INTO fingerprints ({_FP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows
    )


def iter_fingerprints(con: duckdb.DuckDBPyConnection, ids: Iterable[str] | None = None) -> Iterator[Fingerprint]:
    """Fingerprints in article ingest order (all, or the given ids)."""
    sql = f"SELECT {', '.join('f.' + c.strip() for c in _FP_COLUMNS.split(','))} FROM fingerprints f "
    sql += "JOIN articles a ON a.id = f.article_id"
    params: list[object] = []
    if ids is not None:
        sql += " WHERE f.article_id IN (SELECT unnest(?::VARCHAR[]))"
        params.append(list(ids))
    cursor = con.execute(sql + " ORDER BY a.seq", params)
    while rows := cursor.fetchmany(1000):
        for article_id, exact, minhash, embedding, terms, entities, embedder in rows:
            yield Fingerprint(
                article_id,
                exact,
                bytes(minhash),
                bytes(embedding),
                bytes(terms),
                tuple(json.loads(entities)),
                embedder,
            )


def articles_without_fingerprints(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT a.id FROM articles a LEFT JOIN fingerprints f ON f.article_id = a.id "
        "WHERE f.article_id IS NULL ORDER BY a.seq"
    ).fetchall()
    return [row[0] for row in rows]


def replace_duplicate_groups(con: duckdb.DuckDBPyConnection, groups: Sequence[DuplicateGroup]) -> None:
    con.execute("DELETE FROM duplicate_groups")
    rows = [(article_id, g.group_id, g.kind) for g in groups for article_id in g.article_ids]
    if rows:
        con.executemany("INSERT INTO duplicate_groups (article_id, group_id, kind) VALUES (?, ?, ?)", rows)


def read_duplicate_groups(con: duckdb.DuckDBPyConnection) -> list[DuplicateGroup]:
    rows = con.execute(
        "SELECT d.group_id, d.kind, d.article_id FROM duplicate_groups d JOIN articles a ON a.id = d.article_id "
        "ORDER BY d.group_id, a.seq"
    ).fetchall()
    groups: dict[str, tuple[str, list[str]]] = {}
    for group_id, kind, article_id in rows:
        groups.setdefault(group_id, (kind, []))[1].append(article_id)
    return [DuplicateGroup(gid, tuple(ids), kind) for gid, (kind, ids) in groups.items()]  # type: ignore[arg-type]


def write_stories(con: duckdb.DuckDBPyConnection, stories: Sequence[Story], replace: bool) -> None:
    """Store stories; ``replace`` drops all others first (a batch run)."""
    if replace:
        con.execute("DELETE FROM story_members")
        con.execute("DELETE FROM stories")
    for story in stories:
        con.execute("DELETE FROM stories WHERE story_id = ?", [story.story_id])
        con.execute(
            "INSERT INTO stories (story_id, title, first_seen, last_seen, size) VALUES (?, ?, ?, ?, ?)",
            [story.story_id, story.title, story.first_seen, story.last_seen, len(story.article_ids)],
        )
    members = [(article_id, s.story_id) for s in stories for article_id in s.article_ids]
    if members:
        con.executemany(
            "INSERT INTO story_members (article_id, story_id) VALUES (?, ?) "
            "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id",
            members,
        )


def read_stories(con: duckdb.DuckDBPyConnection, story_ids: Iterable[str] | None = None) -> list[Story]:
    """Stories, largest first, members in ingest order."""
    sql = (
        "SELECT s.story_id, s.title, s.first_seen, s.last_seen, m.article_id FROM stories s "
        "JOIN story_members m ON m.story_id = s.story_id JOIN articles a ON a.id = m.article_id"
    )
    params: list[object] = []
    if story_ids is not None:
        sql += " WHERE s.story_id IN (SELECT unnest(?::VARCHAR[]))"
        params.append(list(story_ids))
    rows = con.execute(sql + " ORDER BY s.size DESC, s.story_id, a.seq", params).fetchall()
    stories: dict[str, tuple[tuple[str | None, str | None, str | None], list[str]]] = {}
    for story_id, title, first, last, article_id in rows:
        stories.setdefault(story_id, ((title, first, last), []))[1].append(article_id)
    return [Story(sid, tuple(ids), *meta) for sid, (meta, ids) in stories.items()]
