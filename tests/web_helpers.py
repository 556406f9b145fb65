"""Helpers for web tests: stores, a real server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.engines import LocalEngine
from newsfuse.pipeline import IngestStage, Pipeline
from newsfuse.store import open_store
from newsfuse.web.app import create_app
from newsfuse.web.background import serve_in_thread

LIGHT = Settings(embedder="none", ner="rules")


def light_store(path: Path, inputs: list[str]) -> str:
    """A store with the inputs ingested, indexed and assigned, without the embedding model (fast)."""
    pipeline = Pipeline.incremental(ingest=IngestStage(inputs))
    with open_store(str(path)) as store:
        pipeline.run(store, LIGHT, LocalEngine(workers=1), only=("ingest", "index", "assign"))
    return str(path)


@contextmanager
def running_server(store: str, token: str | None = "secret", settings: Settings | None = None) -> Iterator[str]:
    """A real uvicorn server on loopback in a thread; yields its base URL; closes the store after."""
    app = create_app(store, token, settings=settings)
    try:
        with serve_in_thread(app) as base:
            yield base
            app.state.access.wait_for_refresh()
    finally:
        app.state.access.close()
