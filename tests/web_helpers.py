"""Helpers for web tests: stores, a real server on loopback."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from newsfuse.config import Settings
from newsfuse.engines import LocalEngine
from newsfuse.pipeline import ingest
from newsfuse.runner import assign_new_articles, index_new_articles
from newsfuse.store import open_store
from newsfuse.web.app import create_app

LIGHT = Settings(embedder="none", ner="rules")


def light_store(path: Path, inputs: list[str]) -> str:
    """A store with the inputs ingested, indexed and assigned, without the embedding model (fast)."""
    with open_store(str(path)) as store:
        ingest(inputs, store, LocalEngine(workers=1))
        index_new_articles(store, LIGHT, engine=LocalEngine(workers=1))
        assign_new_articles(store)
    return str(path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(store: str, token: str | None = "secret", settings: Settings | None = None) -> Iterator[str]:
    """A real uvicorn server on loopback in a thread; yields its base URL."""
    app = create_app(store, token, settings=settings)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        app.state.access.wait_for_refresh()
        server.should_exit = True
        thread.join(timeout=30)
        app.state.access.close()
