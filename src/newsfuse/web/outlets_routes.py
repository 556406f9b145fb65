"""Outlet pages and API: every outlet, one outlet, and the outlet graph.

Decides the outlet surface of the web app. Pages: ``/outlets`` (the table
of every named outlet with the period form), ``/outlets/graph`` (who takes
from whom), ``/outlets/{key}`` (one outlet: roles, credits, attribution
damage, the farm score feature by feature, the outlets it takes from and
each of its articles with its role and story). API: ``/api/outlets``,
``/api/outlets/graph``, ``/api/outlets/{key}``, all with ``since`` and
``until``. Pages take any date a user types (a bad one is a plain 422);
the API takes typed ISO dates, so a bad one gets FastAPI's documented
validation error like every other API parameter. Every figure is summed from the stored role rows at request
time, so pages follow stories as the refresh worker updates them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.responses import HTMLResponse
from pydantic import BeforeValidator

from newsfuse.ingest.dates import to_datetime
from newsfuse.outlets import OutletReport, Period, outlet_report
from newsfuse.outlets.display import COLUMNS, cells, delay, pct, profile_text
from newsfuse.outlets.export import edge_json, summary_json
from newsfuse.outlets.svg import outlet_graph_svg
from newsfuse.outlets.tables import profiles_source
from newsfuse.report.outlets_section import section_context
from newsfuse.web.access import StoreAccess
from newsfuse.web.models import ErrorOut
from newsfuse.web.pages import templates

DateQuery = Annotated[
    str | None, Query(max_length=40, description="Articles published on or after / before (YYYY-MM-DD)")
]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_only(value: object) -> object:
    """Refuse what pydantic's lax mode would read as a date but the schema's ``format: date`` does not
    allow (``0`` as a Unix time, ``2024-03-04T10:00``): the API says YYYY-MM-DD and means it."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not a date: write YYYY-MM-DD, such as 2024-03-04")
    return value


SinceQuery = Annotated[
    date | None,
    BeforeValidator(_iso_only),
    Query(description="Articles published on or after this date (YYYY-MM-DD)"),
]
UntilQuery = Annotated[
    date | None,
    BeforeValidator(_iso_only),
    Query(description="Articles published on or before this date (YYYY-MM-DD)"),
]
OUTLET_LINK = "/outlets/"
NO_OUTLET: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "No such outlet"}}


def _period(since: str | None, until: str | None) -> Period:
    return Period(_date(since, "since"), Period.end(until, _date(until, "until")))


def _api_period(since: date | None, until: date | None) -> Period:
    """The period of typed API dates: from the first moment of ``since`` to the last of ``until``."""
    return Period(
        datetime.combine(since, time.min) if since else None, datetime.combine(until, time.max) if until else None
    )


def _date(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    parsed = to_datetime(value)
    if parsed is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"{name}: {value!r} is not a date (YYYY-MM-DD)")
    return parsed.replace(tzinfo=None)


def outlets_router(access: StoreAccess) -> APIRouter:
    router = APIRouter()
    env = templates()

    def report(since: str | None, until: str | None) -> tuple[OutletReport, str | None]:
        return report_for(_period(since, until))

    def report_for(period: Period) -> tuple[OutletReport, str | None]:
        with access.reader() as store:
            return outlet_report(store, period), profiles_source(store.con)

    def render(name: str, **context: object) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context))

    @router.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets_page(since: DateQuery = None, until: DateQuery = None) -> HTMLResponse:
        found, table = report(since, until)
        context = section_context(found, OUTLET_LINK)
        context["outlet_graph"] = ""  # the graph has a page of its own
        return render("outlets.html.j2", since=since, until=until, table=table, **context)

    @router.get("/outlets/graph", response_class=HTMLResponse, include_in_schema=False)
    def graph_page(since: DateQuery = None, until: DateQuery = None) -> HTMLResponse:
        found, _ = report(since, until)
        names = {s.key: s.outlet.name for s in found.outlets}
        edges = sorted(found.edges, key=lambda e: (-e.weight, e.source, e.target))
        return render(
            "outlet_graph.html.j2",
            report=found,
            svg=outlet_graph_svg(found, OUTLET_LINK),
            edges=[(e, names.get(e.source, e.source), names.get(e.target, e.target)) for e in edges],
            since=since,
            until=until,
            quote=quote,
        )

    @router.get("/outlets/{key}", response_class=HTMLResponse, include_in_schema=False)
    def outlet_page(key: str, since: DateQuery = None, until: DateQuery = None) -> HTMLResponse:
        found, _ = report(since, until)
        summary = found.get(key)
        if summary is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no outlet {key}")
        with access.reader() as store:
            titles = {
                a.id: a.title or a.text[:80] for a in store.iter_articles([r.article_id for r, _, _ in summary.items])
            }
        names = {s.key: s.outlet.name for s in found.outlets}
        return render(
            "outlet.html.j2",
            summary=summary,
            report=found,
            row=cells(summary, found),
            profile=profile_text(summary),
            columns=COLUMNS,
            titles=titles,
            names=names,
            pct=pct,
            delay=delay,
            quote=quote,
            since=since,
            until=until,
        )

    @router.get("/api/outlets", tags=["api"], summary="Every outlet over a period")
    def api_outlets(since: SinceQuery = None, until: UntilQuery = None) -> list[dict[str, Any]]:
        found, _ = report_for(_api_period(since, until))
        return [summary_json(s, found.edges) for s in found.outlets]

    @router.get("/api/outlets/graph", tags=["api"], summary="The outlet graph: who takes from whom")
    def api_graph(since: SinceQuery = None, until: UntilQuery = None) -> dict[str, Any]:
        found, _ = report_for(_api_period(since, until))
        return {"period": found.period.label(), "edges": [edge_json(e) for e in found.edges]}

    @router.get("/api/outlets/{key}", tags=["api"], summary="One outlet", responses=NO_OUTLET)
    def api_outlet(key: str, since: SinceQuery = None, until: UntilQuery = None) -> dict[str, Any]:
        found, _ = report_for(_api_period(since, until))
        summary = found.get(key)
        if summary is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no outlet {key}")
        return summary_json(summary, found.edges)

    return router
