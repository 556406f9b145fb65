"""The Ray engine: record stages on a pool of Ray actors, local or on a cluster.

Decides how a record stage is spread over a Ray cluster. Each actor sets
the stage up once (models load once per actor, not per batch) and then
processes batches sent to it; the driver reads its input as a stream and
keeps a bounded number of batches in flight, so driver memory does not grow
with the corpus. Results come back in input order, and every batch holds
the same items as the local engine's batch would (same batch size, same
order), so the two engines produce byte-identical output.

Why actors rather than Ray Data's ``map_batches``: newsfuse's record stream
is produced by the driver (it drops records already in the store, and the
cleaner needs line statistics gathered in a first pass), while Ray Data
reads from files or from a list it holds whole. A pool of long-lived
actors gives the same execution model (stateful callable per worker,
batches, backpressure) over a stream the driver produces.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from newsfuse.engines.base import In, Out, RecordStage
from newsfuse.engines.local import DEFAULT_BATCH_SIZE
from newsfuse.errors import NewsfuseError

INSTALL_HINT = "the ray engine needs Ray: pip install 'newsfuse[ray]' (or: bash scripts/setup.sh, which installs it)"
# Batches in flight per actor: two keep an actor busy while the next batch
# travels; more only adds driver memory.
IN_FLIGHT_PER_ACTOR = 2


def _ray() -> Any:
    try:
        import ray
    except ImportError as error:
        raise NewsfuseError(INSTALL_HINT) from error
    return ray


class RayEngine:
    """Runs record stages on Ray actors; starts a local Ray when no cluster address is given."""

    name = "ray"

    def __init__(
        self, address: str | None = None, workers: int | None = None, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> None:
        self.ray = _ray()
        self.address = address
        self.workers = workers
        self.batch_size = batch_size

    def _connect(self) -> None:
        if self.ray.is_initialized():
            return
        if self.address:
            self.ray.init(address=self.address, log_to_driver=False)
        else:
            # A private local cluster sized to this machine, quiet on stdout.
            self.ray.init(num_cpus=self.workers or os.cpu_count() or 1, log_to_driver=False, include_dashboard=False)

    def actor_count(self) -> int:
        if self.workers:
            return self.workers
        return max(1, int(self.ray.cluster_resources().get("CPU", 1)))

    def map(self, stage: RecordStage[In, Out], items: Iterable[In]) -> Iterator[Out]:
        self._connect()
        actor_class = self.ray.remote(num_cpus=1)(_StageActor)
        actors = [actor_class.remote(stage) for _ in range(self.actor_count())]
        try:
            yield from self._ordered(stage, actors, iter(items))
        finally:
            for actor in actors:
                self.ray.kill(actor)

    def _ordered(self, stage: RecordStage[In, Out], actors: list[Any], items: Iterator[In]) -> Iterator[Out]:
        pending: deque[Any] = deque()
        turn = itertools.cycle(actors)
        limit = IN_FLIGHT_PER_ACTOR * len(actors)
        size = stage.batch_size or self.batch_size
        while batch := list(itertools.islice(items, size)):
            pending.append(next(turn).process_batch.remote(batch))
            while len(pending) >= limit:
                yield from self.ray.get(pending.popleft())
        while pending:
            yield from self.ray.get(pending.popleft())


class _StageActor:
    """One worker: holds a stage that was set up once."""

    def __init__(self, stage: RecordStage[Any, Any]) -> None:
        # Ray gives an actor one CPU and sets its BLAS/torch threads to 1;
        # the local engine's workers do the same, so vectors match bit for bit.
        self.stage = stage
        self.stage.setup()

    def process_batch(self, batch: list[Any]) -> list[Any]:
        results: list[Any] = self.stage.process_batch(batch)
        return results
