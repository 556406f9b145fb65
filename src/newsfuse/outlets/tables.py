"""Store tables of the outlets family: role rows per story, and the user's outlet table.

Decides how outlet data is persisted (tables from migration 30). Role rows
are replaced per story, like relations: a story's rows are recomputed
together whenever its provenance or claims are, so none goes stale. The
outlet table is replaced whole on import (it is the user's table, not a
log). Both are read back as records; outlet summaries are computed from
them on demand, since summing one row per article is cheap and a period
or a new outlet table changes every summary anyway.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from newsfuse.outlets.profiles import OutletProfile
from newsfuse.outlets.roles import ArticleRole
from newsfuse.store.tables import insert_columns

ROLE_COLUMNS = (
    "story_id",
    "article_id",
    "outlet",
    "url",
    "input_label",
    "published_at",
    "role",
    "source_id",
    "root_id",
    "coverage",
    "delay_hours",
    "credits",
    "reused_claims",
    "dropped",
    "changed",
    "altered",
)
ROLE_TYPES = ("VARCHAR",) * 9 + ("DOUBLE", "DOUBLE", "VARCHAR[]") + ("INTEGER",) * 4


def replace_roles(con: Any, story_ids: Sequence[str], rows: Sequence[ArticleRole], clear: bool = False) -> None:
    """Replace the role rows of the given stories (every row when ``clear``); runs in the caller's transaction."""
    if clear:
        con.execute("DELETE FROM outlet_roles")
    else:
        ids = list(story_ids)
        con.execute(
            "DELETE FROM outlet_roles WHERE story_id IN (SELECT unnest(?::VARCHAR[])) "
            "OR article_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids, [row.article_id for row in rows]],
        )
    insert_columns(con, "outlet_roles", ROLE_TYPES, [_role_row(row) for row in rows])


def read_roles(con: Any, story_ids: Iterable[str] | None = None) -> list[ArticleRole]:
    sql = f"SELECT {', '.join(ROLE_COLUMNS)} FROM outlet_roles"
    params: list[object] = []
    if story_ids is not None:
        sql += " WHERE story_id IN (SELECT unnest(?::VARCHAR[]))"
        params.append(list(story_ids))
    rows = con.execute(sql + " ORDER BY story_id, article_id", params).fetchall()
    return [
        ArticleRole(**{**dict(zip(ROLE_COLUMNS, row, strict=True)), "credits": tuple(row[11] or ())}) for row in rows
    ]


def stories_without_roles(con: Any) -> list[str]:
    """Stories with provenance but no role rows (stores written before outlets existed, or interrupted runs)."""
    rows = con.execute(
        "SELECT p.story_id FROM provenance p WHERE NOT EXISTS "
        "(SELECT 1 FROM outlet_roles r WHERE r.story_id = p.story_id) ORDER BY p.story_id"
    ).fetchall()
    return [row[0] for row in rows]


def replace_profiles(con: Any, profiles: Sequence[OutletProfile], source: str) -> None:
    con.execute("DELETE FROM outlet_profiles")
    if profiles:
        con.executemany(
            "INSERT INTO outlet_profiles (name, aliases, fields, source) VALUES (?, ?, ?, ?)",
            [(p.name, list(p.aliases), json.dumps(list(p.fields), ensure_ascii=False), source) for p in profiles],
        )


def read_profiles(con: Any) -> list[OutletProfile]:
    rows = con.execute("SELECT name, aliases, fields FROM outlet_profiles ORDER BY name").fetchall()
    return [
        OutletProfile(name, tuple(aliases or ()), tuple((k, v) for k, v in json.loads(fields)))
        for name, aliases, fields in rows
    ]


def profiles_source(con: Any) -> str | None:
    """The file the outlet table was imported from, when one was."""
    row = con.execute("SELECT any_value(source) FROM outlet_profiles").fetchone()
    return row[0] if row and row[0] else None


def _role_row(row: ArticleRole) -> tuple[Any, ...]:
    return (
        row.story_id,
        row.article_id,
        row.outlet,
        row.url,
        row.input_label,
        row.published_at,
        row.role,
        row.source_id,
        row.root_id,
        row.coverage,
        row.delay_hours,
        list(row.credits),
        row.reused_claims,
        row.dropped,
        row.changed,
        row.altered,
    )
