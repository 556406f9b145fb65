"""Settings shared by the pipeline, the CLI and the web app.

Decides the defaults a user gets without flags; every field can be set from
the command line.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """How a run computes things (not what it reads or where it writes)."""

    embedder: str = "e5"
    ner: str = "auto"
    engine: str = "local"
    workers: int | None = None
    ray_address: str | None = None
