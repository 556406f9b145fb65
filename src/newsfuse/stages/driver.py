"""The driver loop every corpus stage runs through: plan, load, compute on the engine, write in bounded batches.

Decides how much work is held and how much a kill can lose. Units are
loaded lazily and streamed to the engine, which keeps a bounded number of
batches in flight; finished units are written in transactions of at most
``write_units`` units or ``FLUSH_SECONDS`` of work, whichever comes first,
together with their completion marks. A process killed at any moment loses
only units not yet written, and memory does not grow with the corpus.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any, TypeVar

from newsfuse.stages.base import CorpusStage, StageContext, StageProgress, StageReport, Unit

if TYPE_CHECKING:
    from newsfuse.engines import Engine

log = logging.getLogger("newsfuse.pipeline")
T = TypeVar("T")

# A write transaction costs a few milliseconds; one a second keeps that
# overhead under 1% while a kill loses at most a second of finished work.
# NEWSFUSE_FLUSH_SECONDS=0 commits every unit on its own (tests use it to
# kill a stage between any two units).
FLUSH_SECONDS = float(os.environ.get("NEWSFUSE_FLUSH_SECONDS", "1.0"))
# NEWSFUSE_STOP_AFTER=STAGE:N stops this process (SIGSTOP) after the Nth
# write of STAGE (0: once it has planned), holding its store, so a crash
# can be staged at a chosen point: `kill -9` it, or `kill -CONT` to go on.
STOP_AFTER = os.environ.get("NEWSFUSE_STOP_AFTER", "")


def wrote(stage: str, writes: int) -> None:
    """Where a stage reports its writes (NEWSFUSE_STOP_AFTER may stop the process here)."""
    if f"{stage}:{writes}" == STOP_AFTER:
        log.info("%s: stopping after %d writes (NEWSFUSE_STOP_AFTER)", stage, writes)
        os.kill(os.getpid(), signal.SIGSTOP)


def run_stage(
    stage: CorpusStage[Any, Any],
    store: Any,
    engine: Engine,
    ctx: StageContext,
    progress: StageProgress | None = None,
) -> StageReport:
    """Run one corpus stage to completion over what its plan says is missing."""
    plan = stage.plan(store, ctx)
    units = plan.units
    log.info("%s: %d %s to compute, %d already done", stage.name, len(units), stage.unit_name, plan.already_done)
    written = writes = 0
    wrote(stage.name, writes)
    with progress(stage.name, len(units)) if progress else nullcontext(ignore_progress) as advance:
        for batch in bounded_batches(_computed(stage, store, engine, ctx, units), stage.write_units):
            stage.write(store, batch, ctx)
            written, writes = written + len(batch), writes + 1
            advance(len(batch))
            log.info("%s: wrote %d/%d %s", stage.name, written, len(units), stage.unit_name)
            wrote(stage.name, writes)
    stage.finish(store, ctx)
    return StageReport(stage.name, stage.unit_name, len(units), written, plan.already_done)


def _computed(
    stage: CorpusStage[Any, Any], store: Any, engine: Engine, ctx: StageContext, units: list[Unit]
) -> Iterator[tuple[Unit, Any]]:
    """Each unit with its result, in plan order."""
    if not units:
        return
    work = stage.load(store, units, ctx)
    compute = stage.compute(ctx)
    if stage.on_driver:
        compute.setup()
        results: Iterable[Any] = (compute.process(item) for item in work)
    else:
        results = engine.map(compute, work)
    yield from zip(units, results, strict=True)


def bounded_batches(items: Iterable[T], max_items: int, seconds: float | None = None) -> Iterator[list[T]]:
    """Items in lists of at most ``max_items``, each cut early once ``seconds`` passed since the last
    (default ``FLUSH_SECONDS``): what a write transaction holds."""
    limit = FLUSH_SECONDS if seconds is None else seconds
    batch: list[T] = []
    started = time.monotonic()
    for item in items:
        batch.append(item)
        if len(batch) >= max_items or time.monotonic() - started >= limit:
            yield batch
            batch, started = [], time.monotonic()
    if batch:
        yield batch


def ignore_progress(count: int) -> None:
    """An ``Advance`` that does nothing."""
