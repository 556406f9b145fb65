"""The pipeline: stages ordered from what they need and produce, run one after another.

Decides the order of work, for every caller: ``newsfuse run``, ``newsfuse
ingest``, the web app's refresh, the evaluations and the benchmarks all
build a ``Pipeline`` (usually ``Pipeline.batch()`` or
``Pipeline.incremental()``) and run it, or the part of it they need
(``only=``), never their own copy of the sequence. Before a run the
pipeline checks that every need has exactly one producer (or is given),
orders the stages so producers come first (ties keep the listed order),
and tells each per-story stage which stages it chains on, so recomputing a
story's provenance recomputes its claims and brief.

>>> [stage.name for stage in Pipeline.batch().stages]
['index', 'duplicates', 'stories', 'sentences', 'provenance', 'claims', 'brief', 'outlets']
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from typing import Any, Protocol

from newsfuse.brief.extractive import DEFAULT_LENGTH
from newsfuse.brief.stage import BriefStage
from newsfuse.claims.stage import ClaimsStage
from newsfuse.cluster.stage import AssignStage, DuplicatesStage, StoriesStage
from newsfuse.config import Settings
from newsfuse.engines import Engine, engine_for
from newsfuse.errors import NewsfuseError
from newsfuse.index.stage import FingerprintStage, SentenceVectorStage
from newsfuse.ingest.stage import CleanOutcome, CleanStage, IngestStage, ingest, ingest_records
from newsfuse.outlets.stage import OutletRolesStage
from newsfuse.provenance.stage import ProvenanceStage
from newsfuse.stages.base import Advance, CorpusStage, StageContext, StageProgress, StageReport
from newsfuse.stages.driver import ignore_progress, run_stage

__all__ = [
    "CleanOutcome",
    "CleanStage",
    "IngestStage",
    "Pipeline",
    "Stage",
    "ingest",
    "ingest_records",
    "run_stages",
]


class Stage(Protocol):
    """What the pipeline orders: a name and the products a stage needs and produces."""

    name: str
    needs: tuple[str, ...]
    produces: tuple[str, ...]


class Pipeline:
    """Stages in an order that satisfies their declarations."""

    def __init__(self, stages: Sequence[Any], given: Iterable[str] = ("articles",)) -> None:
        self.given = frozenset(given)
        self.stages: list[Any] = _ordered(list(stages), self.given)
        self._producer = {product: stage for stage in self.stages for product in stage.produces}

    @classmethod
    def batch(cls, ingest: IngestStage | None = None, **brief: Any) -> Pipeline:
        """The whole pipeline with batch grouping (``newsfuse run``); with ``ingest``, reading inputs first."""
        head = [ingest] if ingest is not None else []
        return cls([*head, *corpus_stages(grouping="batch", **brief)], given=() if ingest else ("articles",))

    @classmethod
    def incremental(
        cls, assign: AssignStage | None = None, ingest: IngestStage | None = None, **brief: Any
    ) -> Pipeline:
        """The pipeline with incremental story assignment (``newsfuse ingest``, the web app)."""
        head = [ingest] if ingest is not None else []
        stages = [*head, *corpus_stages(grouping="incremental", assign=assign, **brief)]
        return cls(stages, given=() if ingest else ("articles",))

    def stage(self, name: str) -> Any:
        found = [s for s in self.stages if s.name == name]
        if not found:
            raise NewsfuseError(f"no stage {name!r}; stages: {', '.join(s.name for s in self.stages)}")
        return found[0]

    def upstream(self, stage: Any) -> tuple[str, ...]:
        """The stages whose units are ``stage``'s units and whose products it needs: their marks chain into its own."""
        found = []
        for need in stage.needs:
            producer = self._producer.get(need)
            if producer is not None and producer is not stage and producer.unit_name == stage.unit_name:
                found.append(producer.name)
        return tuple(dict.fromkeys(found))

    def run(
        self,
        store: Any,
        settings: Settings | None = None,
        engine: Engine | None = None,
        progress: StageProgress | None = None,
        only: Sequence[str] | None = None,
        story_ids: Sequence[str] | None = None,
        force: bool = False,
    ) -> list[StageReport]:
        """Run the stages (those named in ``only``, in pipeline order) and return what each did.

        ``story_ids`` limits per-story work to those stories; ``force``
        recomputes their units even when current.
        """
        if only is not None and (unknown := set(only) - {s.name for s in self.stages}):
            names = ", ".join(s.name for s in self.stages)
            raise NewsfuseError(f"no stage {', '.join(sorted(unknown))} in this pipeline; its stages: {names}")
        settings = settings or Settings()
        engine = engine or engine_for(settings)
        scope = tuple(story_ids) if story_ids is not None else None
        reports = []
        for stage in self.stages:
            if only is not None and stage.name not in only:
                continue
            ctx = StageContext(settings, self.upstream(stage), scope, force)
            started = time.perf_counter()
            if isinstance(stage, CorpusStage):
                report = run_stage(stage, store, engine, ctx, progress)
            else:
                report = stage.run(store, engine, ctx, progress)
            reports.append(dataclasses.replace(report, seconds=time.perf_counter() - started))
        return reports


def corpus_stages(
    grouping: str = "batch", assign: AssignStage | None = None, length: int | None = None, llm: Any = None
) -> list[Any]:
    """Every stage after ingest; ``grouping`` 'batch' (duplicates, then stories) or 'incremental' (assignment)."""
    grouped: list[Any] = [DuplicatesStage(), StoriesStage()] if grouping == "batch" else [assign or AssignStage()]
    brief = BriefStage(length or DEFAULT_LENGTH, llm)
    stages = [FingerprintStage(), SentenceVectorStage(), *grouped, ProvenanceStage(), ClaimsStage(), brief]
    return [*stages, OutletRolesStage()]


def run_stages(
    store: Any,
    stages: Sequence[str | Any],
    settings: Settings | None = None,
    story_ids: Sequence[str] | None = None,
    progress: Any = None,
    engine: Any = None,
    force: bool = False,
) -> list[StageReport]:
    """Run some stages of the incremental pipeline by name (or stage object, replacing the one of its name).

    ``progress`` may be a plain ``advance(count)`` callback (older callers):
    it then counts the units of the last stage named.
    """
    objects = {s.name: s for s in stages if not isinstance(s, str)}
    pipeline = Pipeline([objects.get(s.name, s) for s in Pipeline.incremental().stages])
    names = [s if isinstance(s, str) else s.name for s in stages]
    return pipeline.run(store, settings, engine, one_stage_progress(progress, names[-1]), names, story_ids, force)


def one_stage_progress(progress: Advance | None, stage: str) -> StageProgress | None:
    """A ``StageProgress`` from an older per-unit callback that counts one stage's units."""
    if progress is None:
        return None
    return lambda name, total: nullcontext(progress if name == stage else ignore_progress)


def _ordered(stages: list[Any], given: frozenset[str]) -> list[Any]:
    """Producers before consumers, listed order otherwise; fails when a need has no producer or two."""
    producers: dict[str, str] = {}
    for stage in stages:
        for product in stage.produces:
            if product in producers:
                raise NewsfuseError(f"{product!r} is produced by both {producers[product]!r} and {stage.name!r}")
            producers[product] = stage.name
    for stage in stages:
        missing = [need for need in stage.needs if need not in producers and need not in given]
        if missing:
            raise NewsfuseError(f"stage {stage.name!r} needs {', '.join(missing)}, which no stage produces")
    done = set(given)
    ordered: list[Any] = []
    pending = list(stages)
    while pending:
        ready = next((s for s in pending if all(n in done or producers.get(n) == s.name for n in s.needs)), None)
        if ready is None:
            raise NewsfuseError("the stages' needs form a cycle: " + ", ".join(s.name for s in pending))
        ordered.append(ready)
        pending.remove(ready)
        done.update(ready.produces)
    return ordered
