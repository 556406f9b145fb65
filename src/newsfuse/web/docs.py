"""Interactive API docs (Swagger UI) served from this app, never from a CDN.

Decides where the docs page gets its code: the Swagger UI bundle shipped
inside the ``fastapi-offline`` package, mounted as static files, so ``/docs``
works on a machine without internet. FastAPI's own docs pages load from a
CDN and start Swagger UI with an inline script, which the app's
Content-Security-Policy (scripts from this origin only) blocks; here the
start-up code is a static file of ours too. ReDoc is not offered: its bundle
fetches its logo from the vendor's CDN.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from newsfuse.errors import MissingDependencyError

ASSETS_URL = "/docs-assets"
_SWAGGER_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title} — API docs</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" href="{assets}/favicon.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body>
</html>
"""


def bundled_assets() -> Path:
    """The folder holding swagger-ui-bundle.js and swagger-ui.css."""
    try:
        import fastapi_offline
    except ImportError as error:
        raise MissingDependencyError("the API docs pages (fastapi-offline)", "pip install 'newsfuse[web]'") from error
    return Path(str(resources.files(fastapi_offline) / "static"))


def add_docs(app: FastAPI) -> None:
    """Serve /docs (Swagger UI) from bundled files; the app must be built with docs_url=None."""
    app.mount(ASSETS_URL, StaticFiles(directory=bundled_assets()), name="docs-assets")
    openapi = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return HTMLResponse(_SWAGGER_PAGE.format(title=app.title, assets=ASSETS_URL, openapi=openapi))
