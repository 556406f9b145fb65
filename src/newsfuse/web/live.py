"""Pages and endpoints for a store that grows: what is new, a story's arrivals, a watched story.

Decides how a reader follows the news. "What's new" lists stories by their
latest arrival and marks what arrived since the reader last looked (a
cookie holding the newest arrival they were shown; a second one keeps what
that visit compared against, so a timeline opened from it agrees). A story's timeline
lists its articles in the order they arrived. Watching a story streams its
claims and flags as server-sent events whenever they change (the store is
read once per interval; an event is sent only when the story's state hash
moves), and the watch page updates itself from that stream.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, StreamingResponse

from newsfuse.store import DuckDBStore
from newsfuse.web.access import StoreAccess
from newsfuse.web.live_queries import (
    StoryUpdate,
    latest_arrival,
    open_cursor,
    story_arrivals,
    story_state,
    story_updates,
)
from newsfuse.web.pages import templates

LAST_LOOK_COOKIE = "newsfuse_last_look"
# What the latest visit to "What's new" compared against: a story's timeline,
# opened from there, marks the same arrivals as new.
COMPARED_COOKIE = "newsfuse_compared_with"
_YEAR = 365 * 86400
# A stream is closed after this long; EventSource reconnects by itself, so
# a forgotten tab does not hold a server thread for ever.
MAX_STREAM_SECONDS = 600.0
# An SSE comment this often keeps proxies from closing a quiet stream.
KEEPALIVE_SECONDS = 15.0

SinceQuery = Annotated[
    str | None, Query(max_length=40, description="ISO 8601 time (store clock); default: your last look")
]


def live_router(access: StoreAccess) -> APIRouter:
    """Routes for what is new; add to the app beside the pages and the API."""
    router = APIRouter()
    env = templates()

    def render(name: str, **context: object) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context))

    @router.get("/new", response_class=HTMLResponse, include_in_schema=False)
    def whats_new(request: Request, since: SinceQuery = None) -> HTMLResponse:
        last_look = _valid_time(since) or _valid_time(request.cookies.get(LAST_LOOK_COOKIE))
        with access.reader() as store:
            updates = story_updates(store, last_look)
            latest = latest_arrival(store)
        response = render("new.html.j2", updates=updates, last_look=last_look)
        if latest:
            response.set_cookie(LAST_LOOK_COOKIE, latest, max_age=_YEAR, httponly=True, samesite="lax")
        if last_look:
            response.set_cookie(COMPARED_COOKIE, last_look, max_age=_YEAR, httponly=True, samesite="lax")
        return response

    @router.get("/stories/{story_id}/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline(request: Request, story_id: str, since: SinceQuery = None) -> HTMLResponse:
        last_look = (
            _valid_time(since)
            or _valid_time(request.cookies.get(COMPARED_COOKIE))
            or _valid_time(request.cookies.get(LAST_LOOK_COOKIE))
        )
        with access.reader() as store:
            arrivals = story_arrivals(store, story_id, last_look)
            found = store.stories([story_id])
        if not arrivals:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no story {story_id}")
        title = found[0].title if found else None
        return render("timeline.html.j2", story_id=story_id, title=title, arrivals=arrivals, last_look=last_look)

    @router.get("/stories/{story_id}/watch", response_class=HTMLResponse, include_in_schema=False)
    def watch(story_id: str) -> HTMLResponse:
        with access.reader() as store:
            state = story_state(store, story_id)
            found = store.stories([story_id])
        if state is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no story {story_id}")
        return render("watch.html.j2", state=state, title=found[0].title if found else None)

    @router.get("/api/new", response_model=list[StoryUpdate], summary="Stories by latest arrival")
    def api_new(
        since: Annotated[
            str | None,
            Query(
                max_length=40,
                description="count arrivals after this time (ISO 8601, store clock)",
                json_schema_extra={"format": "date-time"},
            ),
        ] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[StoryUpdate]:
        """Stories by latest arrival, newest first; ``new_articles`` counts arrivals after ``since``."""
        when = _valid_time(since)
        if since is not None and when is None:
            problem = {"type": "datetime_from_date_parsing", "loc": ("query", "since"), "input": since}
            raise RequestValidationError([{**problem, "msg": "since must be an ISO 8601 time"}])
        with access.reader() as store:
            return story_updates(store, when, limit)

    @router.get("/api/stories/{story_id}/events", include_in_schema=False)
    async def events(
        request: Request,
        story_id: str,
        interval: Annotated[float, Query(ge=0.1, le=60)] = 1.0,
        once: bool = False,
    ) -> StreamingResponse:
        """Server-sent events: an ``event: story`` with the story's claims and flags whenever they change."""
        reader = await asyncio.to_thread(_open_reader, access)
        first = await asyncio.to_thread(story_state, reader, story_id)
        if first is None:
            reader.close()
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no story {story_id}")
        stream = _stream(request, reader, story_id, first, interval, once)
        return StreamingResponse(stream, media_type="text/event-stream", headers={"Cache-Control": "no-store"})

    return router


async def _stream(
    request: Request, reader: DuckDBStore, story_id: str, first: dict[str, Any], interval: float, once: bool
) -> AsyncIterator[str]:
    """The events of one watcher, read through a store cursor of its own (closed when the stream ends)."""
    try:
        async for chunk in _events(request, reader, story_id, first, interval, once):
            yield chunk
    finally:
        reader.close()


async def _events(
    request: Request, reader: DuckDBStore, story_id: str, first: dict[str, Any], interval: float, once: bool
) -> AsyncIterator[str]:
    loop = asyncio.get_running_loop()
    yield "retry: 2000\n" + _event(first)
    if once:
        return
    version, started, quiet_since = first["version"], loop.time(), loop.time()
    while loop.time() - started < MAX_STREAM_SECONDS and not await request.is_disconnected():
        await asyncio.sleep(interval)
        try:
            state = await asyncio.to_thread(story_state, reader, story_id)
        except duckdb.Error:  # the store closed under us: the app is shutting down; the client reconnects later
            return
        if state is None:
            yield "event: gone\ndata: {}\n\n"
            return
        if state["version"] != version:
            version, quiet_since = state["version"], loop.time()
            yield _event(state)
        elif loop.time() - quiet_since > KEEPALIVE_SECONDS:
            quiet_since = loop.time()
            yield ": still watching\n\n"


def _open_reader(access: StoreAccess) -> DuckDBStore:
    return open_cursor(access.store)


def _event(state: dict[str, Any]) -> str:
    return f"id: {state['version']}\nevent: story\ndata: {json.dumps(state, ensure_ascii=False)}\n\n"


def _valid_time(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None).isoformat()
    except ValueError:
        return None
