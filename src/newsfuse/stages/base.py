"""What a stage is: declarations, units, a pure compute, and a bounded write.

Decides the shape every stage of the pipeline has, so one driver can run
any of them and one ``Pipeline`` can order them:

* ``needs`` and ``produces`` name products (``articles``, ``fingerprints``,
  ``stories``, ``claims``...); the pipeline orders stages from these and
  refuses a run whose needs nothing produces;
* ``plan(store)`` lists the units still to do (articles, stories, or the
  whole corpus), each with a digest of its inputs;
* ``load(store, units)`` reads each unit's inputs on the driver, one at a
  time, so memory holds only the units in flight;
* ``compute()`` returns a ``RecordStage``, a pure function the engine runs
  where it likes (this process, a process pool, Ray actors);
* ``write(store, done)`` stores finished units and their completion marks
  in one transaction, so a rerun does only what is missing.

A stage never imports an engine or another stage; it names the store
protocol it needs (``store/protocols.py``).
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from newsfuse.config import Settings
from newsfuse.ids import digest

In = TypeVar("In")
Out = TypeVar("Out")
W = TypeVar("W")
R = TypeVar("R")

log = logging.getLogger("newsfuse.pipeline")

# Advance a progress display by this many units.
Advance = Callable[[int], None]
# Given a stage name and its number of units (None when unknown), a context
# manager yielding the stage's ``advance``: the CLI passes its progress bar
# factory, so each stage gets a bar of its own.
StageProgress = Callable[[str, int | None], AbstractContextManager[Advance]]


class RecordStage(Generic[In, Out]):
    """A pure function over items, run by an engine; subclasses override ``process`` or ``process_batch``.

    ``setup`` loads what the function needs (models, tables) once per worker,
    never per item. Results come back one per item, in order.
    """

    name = "stage"
    # True: an exception while computing one item becomes that item's
    # ``UnitFailure`` (the stage records it and goes on with the rest) instead
    # of stopping the whole stage. For stages whose units are independent
    # (a story's claims), where one odd story must not cost the corpus.
    contains_failures: ClassVar[bool] = False
    # Items per engine batch; None leaves it to the engine. Heavy items (a
    # story's claims take about half a second) use small batches, so a kill
    # loses little work in flight and workers stay evenly loaded.
    batch_size: int | None = None

    def setup(self) -> None:
        """Load what the stage needs (models, tables) once per worker."""

    def process(self, item: In) -> Out:
        """The result for one item; must not raise for bad input (return a rejection)."""
        raise NotImplementedError

    def process_batch(self, items: list[In]) -> list[Out]:
        """Results for a batch, in order; stages whose models work on batches override this."""
        if not self.contains_failures:
            return [self.process(item) for item in items]
        return [self._contained(item) for item in items]

    def _contained(self, item: In) -> Out:
        try:
            return self.process(item)
        except Exception as error:  # any fault of one unit is recorded as its failure
            log.warning("%s: one unit failed (%s: %s); recorded, going on", self.name, type(error).__name__, error)
            return UnitFailure(f"{type(error).__name__}: {error}")  # type: ignore[return-value]


@dataclass(frozen=True)
class UnitFailure:
    """A unit whose computation raised: why, kept in the store's rejects table by the stage that owns it."""

    reason: str


@dataclass(frozen=True)
class Unit:
    """One piece of a stage's work: its key (an article id, a story id, 'corpus') and the digest of its inputs."""

    key: str
    inputs: str = ""


@dataclass(frozen=True)
class Plan:
    """The units a stage still has to compute, and how many of its units were already done."""

    units: list[Unit]
    already_done: int = 0


@dataclass(frozen=True)
class StageContext:
    """What a stage run knows beyond the store: the settings, its scope, and the stages it chains on.

    ``upstream`` names the stages whose units are this stage's units (the
    provenance stage for claims): their marks are part of this stage's
    input digests, so recomputing a story's provenance recomputes its claims.
    ``story_ids`` limits per-story stages to those stories; ``force``
    recomputes planned units even when their marks are current.
    """

    settings: Settings = field(default_factory=Settings)
    upstream: tuple[str, ...] = ()
    story_ids: tuple[str, ...] | None = None
    force: bool = False


@dataclass(frozen=True)
class StageReport:
    """What a stage run did: units planned (to do) and computed, and those already done before."""

    stage: str
    unit_name: str
    planned: int
    computed: int
    skipped: int = 0
    detail: Any = None
    seconds: float = 0.0

    def line(self) -> str:
        """'claims: 3 stories computed (117 already done)'."""
        already = f" ({self.skipped} already done)" if self.skipped else ""
        return f"{self.stage}: {self.computed} {units(self.computed, self.unit_name)} computed{already}"


def units(count: int, plural: str) -> str:
    """The unit name for ``count`` units: 'stories', or 'story' for one."""
    if count != 1:
        return plural
    if plural.endswith("ies"):
        return plural[:-3] + "y"
    return plural[:-2] if plural.endswith("sses") else plural.removesuffix("s")


class CorpusStage(Generic[W, R]):
    """A stage over units of the store; see the module docstring for the contract."""

    name: ClassVar[str]
    needs: ClassVar[tuple[str, ...]] = ()
    produces: ClassVar[tuple[str, ...]] = ()
    # What a unit is, for progress and reports ('articles', 'stories', 'corpus').
    unit_name: ClassVar[str] = "units"
    # Bump when results change for reasons the code digest cannot see.
    version: ClassVar[int] = 1
    # Packages whose source decides this stage's results: a change to any of
    # them invalidates the stage's marks (see ``code_digest``).
    code: ClassVar[tuple[str, ...]] = ()
    # Settings fields that change this stage's results.
    uses: ClassVar[tuple[str, ...]] = ()
    # Units per write transaction at most (see driver.FLUSH_SECONDS for the time bound).
    write_units: ClassVar[int] = 32
    # True for a global unit computed in this process (it reads the store while computing).
    on_driver: ClassVar[bool] = False

    def signature(self, settings: Settings) -> str:
        """A digest of what, besides its inputs, decides this stage's results."""
        used = [f"{name}={getattr(settings, name)}" for name in self.uses]
        return digest(self.name, str(self.version), *[code_digest(p) for p in self.code], *used, *self.options())

    def options(self) -> tuple[str, ...]:
        """Stage parameters that change results (a brief's length and writer), as strings."""
        return ()

    def plan(self, store: Any, ctx: StageContext) -> Plan:
        raise NotImplementedError

    def load(self, store: Any, units: Sequence[Unit], ctx: StageContext) -> Iterator[W]:
        raise NotImplementedError

    def compute(self, ctx: StageContext) -> RecordStage[W, R]:
        raise NotImplementedError

    def write(self, store: Any, done: Sequence[tuple[Unit, R]], ctx: StageContext) -> None:
        raise NotImplementedError

    def finish(self, store: Any, ctx: StageContext) -> None:
        """Called once after the last write (persist side state such as an ANN index)."""


@cache
def code_digest(package: str) -> str:
    """A digest of the Python source of ``package`` (a package or a module), read once per process."""
    spec = importlib.util.find_spec(package)
    if spec is None:
        return digest(package, "missing")
    if spec.submodule_search_locations:
        files = sorted(p for root in spec.submodule_search_locations for p in Path(root).rglob("*.py"))
    elif spec.origin and spec.origin.endswith(".py"):
        files = [Path(spec.origin)]
    else:
        from newsfuse import __version__

        return digest(package, __version__)
    return digest(package, *[path.read_bytes() for path in files])
