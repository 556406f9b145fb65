"""Engines: where stages run (local now; Ray as an extra)."""

from newsfuse.engines.base import Engine, RecordStage
from newsfuse.engines.local import LocalEngine

__all__ = ["Engine", "LocalEngine", "RecordStage", "get_engine"]


def get_engine(name: str = "local", workers: int | None = None) -> Engine:
    """The engine called ``name``; unknown names fail with the list of known ones."""
    from newsfuse.errors import NewsfuseError

    if name == "local":
        return LocalEngine(workers=workers)
    raise NewsfuseError(f"unknown engine {name!r}; available: local")
