"""Read-only summaries across table families, for the web app's lists.

Decides the figures shown per story in a list (size, independent sources,
conflicts) in one query, so a page does not load every story's claims.
"""

from __future__ import annotations

from newsfuse.records import CONFLICT_STATUSES
from newsfuse.store.tables import Tables

StorySummaryRow = tuple[str, str | None, str | None, str | None, int, int | None, int]


class SummaryQueries(Tables):
    def story_summaries(self) -> list[StorySummaryRow]:
        """(story id, title, first seen, last seen, size, independent sources, conflicts) for every story."""
        rows = self.con.execute(
            "SELECT s.story_id, s.title, s.first_seen, s.last_seen, s.size, p.independent_sources, "
            "coalesce(c.conflicts, 0) FROM stories s "
            "LEFT JOIN provenance p ON p.story_id = s.story_id "
            "LEFT JOIN (SELECT story_id, count(*) AS conflicts FROM claims "
            "WHERE status IN (SELECT unnest(?::VARCHAR[])) GROUP BY story_id) c "
            "ON c.story_id = s.story_id",
            [list(CONFLICT_STATUSES)],
        ).fetchall()
        return [tuple(row) for row in rows]
