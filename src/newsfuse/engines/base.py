"""The engine seam: stages say what to do, engines say where it runs.

A record stage maps one item to one result and may load models in
``setup`` (called once per worker, never per item). An engine feeds items
through a stage and yields results in input order, so every engine produces
the same output for the same input.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")
_In_contra = TypeVar("_In_contra", contravariant=True)
_Out_co = TypeVar("_Out_co", covariant=True)


class RecordStage(Protocol, Generic[_In_contra, _Out_co]):
    """Work done to each record independently."""

    name: str

    def setup(self) -> None:
        """Load what the stage needs (models, tables) once per worker."""

    def process(self, item: _In_contra) -> _Out_co:
        """The result for one item; must not raise for bad input (return a rejection)."""
        ...


class Engine(Protocol):
    """Where record stages run."""

    name: str

    def map(self, stage: RecordStage[In, Out], items: Iterable[In]) -> Iterator[Out]:
        """Results of ``stage`` for ``items``, in the same order."""
        ...
