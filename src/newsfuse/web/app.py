"""The web app: pages and the HTTP API over one store.

Decides how the app is assembled: the store access (one writer, many
readers), security middleware, the API and page routers, and the bundled
static files (nothing is loaded from elsewhere).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from newsfuse import __version__
from newsfuse.config import Settings
from newsfuse.web.access import StoreAccess
from newsfuse.web.api import api_router
from newsfuse.web.docs import add_docs
from newsfuse.web.live import live_router
from newsfuse.web.outlets_routes import outlets_router
from newsfuse.web.pages import pages_router
from newsfuse.web.security import DEFAULT_MAX_BODY, LimitsAndHeaders, token_checker


def create_app(
    store_path: str, token: str | None = None, max_body: int = DEFAULT_MAX_BODY, settings: Settings | None = None
) -> FastAPI:
    """The app serving ``store_path``; writes need ``token`` (none: writes disabled)."""
    access = StoreAccess(store_path, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        # Finish pending refreshes and save the ANN index; the store stays
        # open (an app object may be started again, as test clients do).
        access.flush()

    app = FastAPI(
        title="newsfuse",
        version=__version__,
        description="Stories, provenance, claims and briefs over a newsfuse store. Writes need a bearer token.",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load from a CDN; add_docs serves bundled copies
        redoc_url=None,
    )
    app.state.access = access
    app.add_middleware(LimitsAndHeaders, max_body=max_body)
    app.include_router(api_router(access, token_checker(token), max_body))
    app.include_router(pages_router(access))
    app.include_router(live_router(access))
    app.include_router(outlets_router(access))
    add_docs(app)

    @app.get("/static/{name}", include_in_schema=False)
    def asset(name: str) -> Response:
        return _asset(name)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        """Errors as JSON; a 405 lists every method the path supports, not just the first route's."""
        headers = dict(error.headers or {})
        if error.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
            headers["Allow"] = ", ".join(_allowed_methods(app, request))
        return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=headers)

    @app.get("/healthz", include_in_schema=False)
    def health() -> PlainTextResponse:
        return PlainTextResponse("ok")

    return app


def _allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """Methods of every route whose path matches the request's path."""
    methods: set[str] = set()
    for route in app.router.routes:
        if not isinstance(route, APIRoute | Route) or not route.methods:
            continue
        match, _ = route.matches({**request.scope, "method": next(iter(route.methods))})
        if match == Match.FULL:
            methods |= set(route.methods)
    return sorted(methods)


_ASSETS = {
    "report.css": ("newsfuse.report", "templates/report.css", "text/css"),
    "app.css": ("newsfuse.web", "static/app.css", "text/css"),
    "app.js": ("newsfuse.web", "static/app.js", "text/javascript"),
    "live.js": ("newsfuse.web", "static/live.js", "text/javascript"),
    "docs.js": ("newsfuse.web", "static/docs.js", "text/javascript"),
}


def _asset(name: str) -> Response:
    if name not in _ASSETS:
        return PlainTextResponse("not found", status_code=404)
    package, path, media = _ASSETS[name]
    return Response((resources.files(package) / path).read_text(encoding="utf-8"), media_type=media)
