"""`newsfuse claims`: what a story's articles assert, and how well each claim stands."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from newsfuse.cli.app import app
from newsfuse.cli.common import (
    DEFAULT_STORE_PATH,
    FormatOption,
    StoreOption,
    check_format,
    friendly_errors,
    out_console,
)
from newsfuse.errors import NewsfuseError
from newsfuse.report.contract import claim_json
from newsfuse.report.summary import plural
from newsfuse.store import open_store

STATUS_STYLE = {
    "corroborated": "green",
    "single-source": "white",
    "conflicting": "bold red",
    "altered": "bold magenta",
    "attribution-dropped": "bold yellow",
    "credited-differently": "yellow",
}


@app.command("claims", epilog="Example: newsfuse claims se9c18ba62a86ef9e --store out/seeds/newsfuse.duckdb")
@friendly_errors
def claims(
    story_id: Annotated[str, typer.Argument(help="A story id from `newsfuse stories`.")],
    store: StoreOption = DEFAULT_STORE_PATH,
    output_format: FormatOption = "table",
    status: Annotated[
        str | None, typer.Option("--status", help="Only claims with this status (e.g. conflicting).")
    ] = None,
) -> None:
    """List a story's claims: statement, status and the articles that carry each."""
    check_format(output_format)
    with open_store(str(store), read_only=True) as db:
        if not db.stories([story_id]):
            raise NewsfuseError(f"no story {story_id!r} in {store}; list them with `newsfuse stories --store {store}`")
        found = db.claims([story_id])
    if status:
        found = [c for c in found if c.status == status]
    found.sort(key=lambda c: (-len({m.article_id for m in c.mentions}), c.claim_id))
    if output_format == "json":
        for group in found:
            typer.echo(json.dumps(claim_json(group), ensure_ascii=False))
        return
    table = Table(
        "claim", "type", "status", "independent", "articles", title=plural(len(found), "claim"), show_lines=True
    )
    for group in found:
        articles = sorted({m.article_id for m in group.mentions})
        table.add_row(
            f"{group.statement[:160]}\n[dim]{group.note}[/]",
            group.type,
            f"[{STATUS_STYLE.get(group.status, 'white')}]{group.status}[/]",
            str(group.independent_support),
            "\n".join(articles),
        )
    out_console.print(table)
