"""The engine seam: stages say what to do, engines say where it runs.

A record stage maps a batch of items to a batch of results (one each, in
order) and may load models in ``setup`` (called once per worker, never per
item). An engine feeds items through a stage and yields results in input
order, so every engine produces the same output for the same input.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


class RecordStage(Generic[In, Out]):
    """Work done to each record independently; subclasses override ``process`` or ``process_batch``."""

    name = "stage"

    def setup(self) -> None:
        """Load what the stage needs (models, tables) once per worker."""

    def process(self, item: In) -> Out:
        """The result for one item; must not raise for bad input (return a rejection)."""
        raise NotImplementedError

    def process_batch(self, items: list[In]) -> list[Out]:
        """Results for a batch, in order; stages whose models work on batches override this."""
        return [self.process(item) for item in items]


class Engine(Protocol):
    """Where record stages run."""

    name: str

    def map(self, stage: RecordStage[In, Out], items: Iterable[In]) -> Iterator[Out]:
        """Results of ``stage`` for ``items``, in the same order."""
        ...
