"""Whole-corpus stages: one unit, the set of stored articles (batch grouping's phases).

Decides when a global result is current: its inputs digest covers every
article id in ingest order, the stage's signature and the marks of the
whole-corpus stages it chains on (stories chain on duplicate groups). A
new article, a changed setting or changed grouping code makes it stale;
otherwise a rerun skips it. The unit is computed in this process, since it
reads texts from the store while it works.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic

from newsfuse.ids import digest
from newsfuse.stages.base import CorpusStage, Plan, R, StageContext, Unit, W
from newsfuse.store.protocols import StageMark

CORPUS = "corpus"


class CorpusWideStage(CorpusStage[W, R], Generic[W, R]):
    """A stage with one unit covering the whole store; subclasses give ``load``, ``compute``, ``write_results``."""

    unit_name = "corpus passes"
    on_driver = True
    write_units = 1

    def plan(self, store: Any, ctx: StageContext) -> Plan:
        marks = store.marks([self.name, *ctx.upstream], [CORPUS])
        inputs = digest(
            self.signature(ctx.settings),
            *store.article_ids(),
            *[marks.get((up, CORPUS), "") for up in ctx.upstream],
        )
        if not ctx.force and marks.get((self.name, CORPUS)) == inputs:
            return Plan([], 1)
        return Plan([Unit(CORPUS, inputs)])

    def write(self, store: Any, done: Sequence[tuple[Unit, R]], ctx: StageContext) -> None:
        with store.transaction():
            for unit, result in done:
                self.write_results(store, result)
                store.set_marks([StageMark(self.name, unit.key, unit.inputs)])

    def write_results(self, store: Any, result: R) -> None:
        raise NotImplementedError
