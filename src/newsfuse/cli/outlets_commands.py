"""`newsfuse outlets`: who reports, who copies, who launders, summed over every story."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from newsfuse.cli.app import app
from newsfuse.cli.common import (
    DEFAULT_STORE_PATH,
    FormatOption,
    StoreOption,
    check_format,
    err_console,
    friendly_errors,
    out_console,
)
from newsfuse.errors import NewsfuseError
from newsfuse.ingest.dates import to_datetime
from newsfuse.outlets import Period, import_profiles, load_profiles, outlet_report, outlet_roles_store
from newsfuse.outlets.aggregate import OutletReport, OutletSummary
from newsfuse.outlets.display import COLUMNS, cells, delay, pct, profile_text
from newsfuse.outlets.export import edge_json, summary_json
from newsfuse.outlets.tables import stories_without_roles
from newsfuse.store import open_store

DateOption = Annotated[
    str | None, typer.Option(help="Only articles published on or after / up to this date (a date: its whole day).")
]


@app.command(
    "outlets",
    epilog="Example: newsfuse outlets --store out/seeds/newsfuse.duckdb --since 2023-05-01 --table outlets.csv",
)
@friendly_errors
def outlets(
    outlet: Annotated[
        str | None, typer.Argument(help="One outlet (name, host or key) to explain; default: every outlet.")
    ] = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    output_format: FormatOption = "table",
    since: DateOption = None,
    until: DateOption = None,
    table: Annotated[
        Path | None,
        typer.Option("--table", help="Your outlet table (CSV or JSON: outlet, aliases, ownership, country, ...)."),
    ] = None,
    graph: Annotated[bool, typer.Option("--graph", help="Show the outlet graph: who takes from whom.")] = False,
    refresh: Annotated[bool, typer.Option("--refresh", help="Recompute every story's article roles first.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="Show at most this many outlets (0 = all).")] = 0,
) -> None:
    """Sum provenance over every story per outlet: own reporting, copies, rewrites, credits, dropped attributions.

    --table stores your outlet table in the store (replacing an earlier one);
    its columns are shown as given, never filled in.
    """
    check_format(output_format)
    period = Period(_date(since, "--since"), Period.end(until, _date(until, "--until")))
    report = _report(str(store), period, table, refresh)
    if outlet is not None:
        found = report.find(outlet)
        if found is None:
            raise NewsfuseError(f"no outlet {outlet!r} in {store}; list them with `newsfuse outlets --store {store}`")
        _show_one(found, report, output_format)
        return
    shown = list(report.outlets[:limit] if limit else report.outlets)
    if output_format == "json":
        for line in [edge_json(e) for e in report.edges] if graph else [summary_json(s, report.edges) for s in shown]:
            typer.echo(json.dumps(line, ensure_ascii=False))
        return
    out_console.print(_graph_table(report) if graph else _outlet_table(report, shown))


def _report(store: str, period: Period, table: Path | None, refresh: bool) -> OutletReport:
    with open_store(store, read_only=True) as db:
        missing = bool(stories_without_roles(db.con))
    if table is not None or refresh or missing:
        with open_store(store) as db:
            if table is not None:
                import_profiles(db, load_profiles(table), str(table))
                err_console.print(f"outlet table {table} stored")
            if refresh or missing:
                count = outlet_roles_store(db, missing_only=not refresh)
                err_console.print(f"article roles computed for {count} stories")
    with open_store(store, read_only=True) as db:
        return outlet_report(db, period)


def _date(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    parsed = to_datetime(value)
    if parsed is None:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD", param_hint=option)
    return parsed.replace(tzinfo=None)


def _outlet_table(report: OutletReport, shown: list[OutletSummary]) -> Table:
    profiled = any(s.outlet.profile for s in shown)
    table = Table(
        title=f"{len(report.outlets)} outlets, {report.period.label()}",
        caption="shares of each outlet's articles; --graph shows whom each takes from; OUTLET explains one",
        padding=(0, 1),
    )
    for title, short, _ in COLUMNS:
        if title == "outlet":
            table.add_column(short, no_wrap=True, min_width=12, max_width=24, overflow="ellipsis")
        elif title != "takes from":
            table.add_column(short, justify="right", no_wrap=True, min_width=len(short))
    if profiled:
        table.add_column("your table")
    for summary in shown:
        row = cells(summary, report)
        values = [row[title] for title, _, _ in COLUMNS if title != "takes from"]
        values += [profile_text(summary)] if profiled else []
        table.add_row(*values, style="dim" if not summary.present else None)
    return table


def _graph_table(report: OutletReport) -> Table:
    names = {s.key: s.outlet.name for s in report.outlets}
    table = Table("from", "to", "articles", "kinds", "with credit line", title=f"outlet graph, {report.period.label()}")
    for edge in sorted(report.edges, key=lambda e: -e.weight):
        kinds = ", ".join(f"{k} {n}" for k, n in edge.kinds)
        table.add_row(
            names.get(edge.source, edge.source),
            names.get(edge.target, edge.target),
            str(edge.weight),
            kinds,
            str(edge.credited),
        )
    return table


def _show_one(summary: OutletSummary, report: OutletReport, output_format: str) -> None:
    if output_format == "json":
        typer.echo(json.dumps(summary_json(summary, report.edges), ensure_ascii=False))
        return
    row = cells(summary, report)
    lines = Text()
    lines.append(f"{row['outlet']}\n", style="bold")
    lines.append(f"{summary.articles} articles in {summary.stories} stories, {report.period.label()}\n")
    lines.append(
        "roles: "
        + ", ".join(f"{r} {row[r]}" for r in ("origin", "copy", "partial", "rewrite", "translation", "credited"))
        + "\n"
    )
    lines.append(
        f"credit line when reusing: {pct(summary.credit_share)} of {summary.derived}; "
        f"median delay behind the origin: {delay(summary.median_delay_hours)}\n"
    )
    lines.append(
        f"reused claims: {summary.reused_claims}; attribution dropped {summary.dropped}, "
        f"changed {summary.changed}, altered {summary.altered} ({pct(summary.damage_share)})\n"
    )
    lines.append(
        f"takes from: {row['takes from']}; taken by {summary.taken_by} articles, credited by {summary.credited_by}\n"
    )
    if summary.outlet.profile:
        lines.append(f"your table: {profile_text(summary)}\n")
    out_console.print(lines)
    table = Table(
        "feature", "value", "weight", "contribution", "n", "what it measures", title=f"farm score {row['farm score']}"
    )
    for feature in summary.score.features if summary.score else ():
        table.add_row(
            feature.name,
            f"{feature.value:.2f}",
            f"{feature.weight:.2f}",
            f"{feature.contribution:.3f}",
            str(feature.n),
            feature.explanation,
        )
    out_console.print(table)
