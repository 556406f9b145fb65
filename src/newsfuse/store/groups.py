"""Store tables for grouping: fingerprints, duplicate groups, stories.

Decides how grouping results are persisted. Fingerprints are written once
per article (the row is the article's completion mark for the index
stage); duplicate groups and stories are either replaced wholesale (a batch
run over the whole store) or updated for a few articles (incremental
assignment).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from newsfuse.records import DuplicateGroup, Fingerprint, Story
from newsfuse.store.tables import Tables

# Whoever rewrites duplicate groups or stories makes the batch grouping's
# completion mark stale (the grouping stage sets it again after its own write).
_FORGET_CORPUS_MARK = "DELETE FROM stage_marks WHERE stage = ? AND unit = 'corpus'"
FINGERPRINT_COLUMNS = ("article_id", "exact_hash", "minhash", "embedding", "terms", "entities", "embedder", "shingles")
FINGERPRINT_TYPES = ("VARCHAR", "VARCHAR", "BLOB", "BLOB", "BLOB", "VARCHAR[]", "VARCHAR", "INTEGER")


class FingerprintTables(Tables):
    """The ``fingerprints`` table."""

    def write_fingerprints(self, fingerprints: Sequence[Fingerprint]) -> None:
        rows = [
            (f.article_id, f.exact_hash, f.minhash, f.embedding, f.terms, list(f.entities), f.embedder, f.shingles)
            for f in fingerprints
        ]
        with self.transaction():
            table = f"fingerprints ({', '.join(FINGERPRINT_COLUMNS)})"
            self.insert_columns(table, FINGERPRINT_TYPES, rows, ignore_conflicts=True)

    def iter_fingerprints(self, ids: Iterable[str] | None = None) -> Iterator[Fingerprint]:
        """Fingerprints in article ingest order (all, or the given ids)."""
        sql = f"SELECT {', '.join('f.' + c for c in FINGERPRINT_COLUMNS)} FROM fingerprints f "
        sql += "JOIN articles a ON a.id = f.article_id"
        params: list[object] = []
        if ids is not None:
            sql += " WHERE f.article_id IN (SELECT unnest(?::VARCHAR[]))"
            params.append(list(ids))
        cursor = self.con.cursor()
        try:
            cursor.execute(sql + " ORDER BY a.seq", params)
            while rows := cursor.fetchmany(1000):
                for article_id, exact, minhash, embedding, terms, entities, embedder, shingles in rows:
                    yield Fingerprint(
                        article_id,
                        exact,
                        bytes(minhash),
                        bytes(embedding),
                        bytes(terms),
                        tuple(entities),
                        embedder,
                        shingles,
                    )
        finally:
            cursor.close()

    def articles_without_fingerprints(self) -> list[str]:
        rows = self.con.execute(
            "SELECT a.id FROM articles a LEFT JOIN fingerprints f ON f.article_id = a.id "
            "WHERE f.article_id IS NULL ORDER BY a.seq"
        ).fetchall()
        return [row[0] for row in rows]


class StoryTables(Tables):
    """The ``duplicate_groups``, ``stories`` and ``story_members`` tables."""

    def replace_duplicate_groups(self, duplicate_groups: Sequence[DuplicateGroup]) -> None:
        rows = [(article_id, g.group_id, g.kind) for g in duplicate_groups for article_id in g.article_ids]
        with self.transaction():
            self.con.execute(_FORGET_CORPUS_MARK, ["duplicates"])
            self.con.execute("DELETE FROM duplicate_groups")
            self.insert_columns("duplicate_groups (article_id, group_id, kind)", ("VARCHAR",) * 3, rows)

    def duplicate_groups(self) -> list[DuplicateGroup]:
        rows = self.con.execute(
            "SELECT d.group_id, d.kind, d.article_id FROM duplicate_groups d JOIN articles a ON a.id = d.article_id "
            "ORDER BY d.group_id, a.seq"
        ).fetchall()
        groups: dict[str, tuple[str, list[str]]] = {}
        for group_id, kind, article_id in rows:
            groups.setdefault(group_id, (kind, []))[1].append(article_id)
        return [DuplicateGroup(gid, tuple(ids), kind) for gid, (kind, ids) in groups.items()]  # type: ignore[arg-type]

    def write_stories(self, stories: Sequence[Story], replace: bool = False) -> None:
        """Store stories; ``replace`` drops all others first (a batch run)."""
        with self.transaction():
            self.con.execute(_FORGET_CORPUS_MARK, ["stories"])
            if replace:
                self.con.execute("DELETE FROM story_members")
                self.con.execute("DELETE FROM stories")
            else:
                self.delete_stories("stories", [s.story_id for s in stories])
            self.insert_columns(
                "stories (story_id, title, first_seen, last_seen, size)",
                ("VARCHAR",) * 4 + ("INTEGER",),
                [(s.story_id, s.title, s.first_seen, s.last_seen, len(s.article_ids)) for s in stories],
            )
            members = {article_id: s.story_id for s in stories for article_id in s.article_ids}
            if members:
                self.con.execute(
                    "INSERT INTO story_members (article_id, story_id) "
                    "SELECT * FROM (SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])) "
                    "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id",
                    [list(members), list(members.values())],
                )

    def stories(self, story_ids: Iterable[str] | None = None) -> list[Story]:
        """Stories, largest first, members in ingest order."""
        sql = (
            "SELECT s.story_id, s.title, s.first_seen, s.last_seen, list(m.article_id ORDER BY a.seq) "
            "FROM stories s JOIN story_members m ON m.story_id = s.story_id JOIN articles a ON a.id = m.article_id"
        )
        params: list[object] = []
        if story_ids is not None:
            sql += " WHERE s.story_id IN (SELECT unnest(?::VARCHAR[]))"
            params.append(list(story_ids))
        sql += " GROUP BY s.story_id, s.title, s.first_seen, s.last_seen, s.size ORDER BY s.size DESC, s.story_id"
        rows = self.con.execute(sql, params).fetchall()
        return [Story(sid, tuple(ids), title, first, last) for sid, title, first, last, ids in rows]

    def story_members(self, story_ids: Iterable[str] | None = None) -> list[tuple[str, tuple[str, ...]]]:
        """(story id, member ids in ingest order) per story, by story id: what identifies a story's inputs."""
        sql = (
            "SELECT m.story_id, list(m.article_id ORDER BY a.seq) "
            "FROM story_members m JOIN articles a ON a.id = m.article_id"
        )
        params: list[object] = []
        if story_ids is not None:
            sql += " WHERE m.story_id IN (SELECT unnest(?::VARCHAR[]))"
            params.append(list(story_ids))
        rows = self.con.execute(sql + " GROUP BY m.story_id ORDER BY m.story_id", params).fetchall()
        return [(story_id, tuple(ids)) for story_id, ids in rows]

    def story_assignments(self) -> dict[str, str]:
        """article id -> story id for every assigned article."""
        return dict(self.con.execute("SELECT article_id, story_id FROM story_members").fetchall())
