"""The engine seam: stages say what to do, engines say where it runs.

A record stage (``newsfuse.stages.RecordStage``) maps a batch of items to
a batch of results (one each, in order) and may load models in ``setup``
(called once per worker, never per item). An engine feeds items through a
stage and yields results in input order, so every engine produces the same
output for the same input.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from newsfuse.stages.base import In, Out, RecordStage

__all__ = ["Engine", "In", "Out", "RecordStage"]


class Engine(Protocol):
    """Where record stages run."""

    name: str

    def map(self, stage: RecordStage[In, Out], items: Iterable[In]) -> Iterator[Out]:
        """Results of ``stage`` for ``items``, in the same order."""
        ...
