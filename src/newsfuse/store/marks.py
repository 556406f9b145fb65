"""Store table for completion marks: which unit of which stage is done, on what inputs.

Decides how a stage knows what is left. A per-story stage writes a unit's
results and its mark in one transaction, so a mark exists exactly when the
results do; the mark keeps a digest of the unit's inputs (its member
articles, the stage's settings and code, the marks it was computed from),
and a unit whose digest changed is computed again. Rows of stories that no
longer exist (after a regrouping) are pruned with their marks.

A unit whose computation failed gets no mark (the next run tries it again)
and a row in the ``rejects`` table saying which stage and unit failed and
why; the row goes once the unit is computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from newsfuse.store.protocols import StageMark
from newsfuse.store.tables import Tables


class MarkTables(Tables):
    """The ``stage_marks`` table."""

    def marks(self, stages: Sequence[str], units: Iterable[str] | None = None) -> dict[tuple[str, str], str]:
        """(stage, unit) -> inputs digest for the given stages (and units, when given)."""
        sql = "SELECT stage, unit, inputs FROM stage_marks WHERE stage IN (SELECT unnest(?::VARCHAR[]))"
        params: list[object] = [list(stages)]
        if units is not None:
            sql += " AND unit IN (SELECT unnest(?::VARCHAR[]))"
            params.append(list(units))
        return {(stage, unit): inputs for stage, unit, inputs in self.con.execute(sql, params).fetchall()}

    def set_marks(self, marks: Sequence[StageMark]) -> None:
        if not marks:
            return
        with self.transaction():
            self.con.execute(
                "INSERT INTO stage_marks (stage, unit, inputs) "
                "SELECT * FROM (SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[])) "
                "ON CONFLICT (stage, unit) DO UPDATE SET inputs = excluded.inputs, done_at = now()",
                [[m.stage for m in marks], [m.unit for m in marks], [m.inputs for m in marks]],
            )

    def record_unit_failures(self, stage: str, failed: Mapping[str, str]) -> None:
        """Keep each failed unit's reason in ``rejects`` and drop its mark, so the next run tries it again."""
        if not failed:
            return
        with self.transaction():
            self.con.execute(
                "DELETE FROM stage_marks WHERE stage = ? AND unit IN (SELECT unnest(?::VARCHAR[]))",
                [stage, list(failed)],
            )
            self.insert_columns(
                "rejects (input, reason)",
                ("VARCHAR",) * 2,
                [(unit_failure_input(stage, unit), f"{stage} failed: {why}") for unit, why in failed.items()],
                ignore_conflicts=True,
            )

    def forget_computed_failures(self, stage: str) -> None:
        """Drop the failure rows of ``stage``'s units that have a mark now: they were computed since."""
        self.con.execute(
            "DELETE FROM rejects WHERE input IN (SELECT ? || ': story ' || unit FROM stage_marks WHERE stage = ?)",
            [stage, stage],
        )

    def prune_stories(self, stage: str, tables: Sequence[str]) -> int:
        """Delete ``stage``'s rows, marks and failure rows of stories that no longer exist (regrouped into
        others); return how many marks went."""
        orphan = "story_id NOT IN (SELECT story_id FROM stories)"
        prefix = unit_failure_input(stage, "")
        with self.transaction():
            for table in tables:
                self.con.execute(f"DELETE FROM {table} WHERE {orphan}")
            self.con.execute(
                "DELETE FROM rejects WHERE starts_with(input, ?) "
                "AND substr(input, length(?) + 1) NOT IN (SELECT story_id FROM stories)",
                [prefix, prefix],
            )
            row = self.con.execute(
                "DELETE FROM stage_marks WHERE stage = ? AND unit NOT IN (SELECT story_id FROM stories) RETURNING 1",
                [stage],
            ).fetchall()
        return len(row)


def unit_failure_input(stage: str, unit: str) -> str:
    """How a failed unit is named in the rejects table: 'claims: story <id>' (``forget_computed_failures``
    builds the same name in SQL)."""
    return f"{stage}: story {unit}"


def failed_stage(input_: str) -> str | None:
    """The stage a rejects row's input names as failed ('claims: story <id>' -> 'claims'); None for an input."""
    stage, separator, unit = input_.partition(": story ")
    return stage if separator and unit and stage.isidentifier() else None
