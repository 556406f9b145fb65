"""Engines: where stages run (local, or Ray as an extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsfuse.engines.base import Engine, RecordStage
from newsfuse.engines.local import LocalEngine

if TYPE_CHECKING:
    from newsfuse.config import Settings

__all__ = ["ENGINES", "Engine", "LocalEngine", "RecordStage", "engine_for", "get_engine"]

ENGINES = ("local", "ray")


def get_engine(name: str = "local", workers: int | None = None, address: str | None = None) -> Engine:
    """The engine called ``name``; unknown names, or Ray when it is not installed, fail at once."""
    from newsfuse.errors import NewsfuseError

    if name == "local":
        return LocalEngine(workers=workers)
    if name == "ray":
        from newsfuse.engines.ray_engine import RayEngine

        return RayEngine(address=address, workers=workers)
    raise NewsfuseError(f"unknown engine {name!r}; available: {', '.join(ENGINES)}")


def engine_for(settings: Settings) -> Engine:
    """The engine a run's settings ask for."""
    return get_engine(settings.engine, settings.workers, settings.ray_address)
