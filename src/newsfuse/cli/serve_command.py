"""`newsfuse serve`: the web app and HTTP API over a store."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from newsfuse.cli.app import app
from newsfuse.cli.common import DEFAULT_STORE_PATH, StoreOption, err_console, friendly_errors
from newsfuse.errors import MissingDependencyError


@app.command("serve", epilog="Example: newsfuse serve --store out/seeds/newsfuse.duckdb --port 8000 --token secret")
@friendly_errors
def serve(
    store: StoreOption = DEFAULT_STORE_PATH,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; keep 127.0.0.1 unless others must reach it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option("--token", help="Token for write endpoints (default: $NEWSFUSE_TOKEN; none: read-only)."),
    ] = None,
    max_mb: Annotated[float, typer.Option("--max-mb", min=0.1, help="Largest request body accepted, in MB.")] = 10.0,
) -> None:
    """Serve the stories in a browser and as a JSON API (docs at /docs)."""
    try:
        import uvicorn

        from newsfuse.web.app import create_app
    except ImportError as error:
        raise MissingDependencyError("the web app (fastapi, uvicorn)", "pip install 'newsfuse[web]'") from error
    secret = token or os.environ.get("NEWSFUSE_TOKEN")
    if host not in {"127.0.0.1", "localhost", "::1"}:
        err_console.print(f"[yellow]serving on {host}: anyone who can reach it can read the store[/]")
    if not secret:
        err_console.print("no token set: the API is read-only (set NEWSFUSE_TOKEN or --token to allow ingest)")
    application = create_app(str(store), secret, int(max_mb * 1024 * 1024))
    err_console.print(f"newsfuse on http://{host}:{port} (API docs at /docs)")
    uvicorn.run(application, host=host, port=port, log_level="warning")
