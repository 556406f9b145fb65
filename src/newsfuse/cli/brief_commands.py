"""`newsfuse brief`: a story's consolidated account, every sentence cited."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.text import Text

from newsfuse.brief.extractive import DEFAULT_LENGTH
from newsfuse.brief.llm import LlmSettings
from newsfuse.brief.stage import brief_store
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
from newsfuse.records import Brief
from newsfuse.report.contract import brief_json
from newsfuse.store import open_store

FLAG_STYLE = {
    "conflicting": "bold red",
    "altered": "bold magenta",
    "attribution-dropped": "bold yellow",
    "credited-differently": "yellow",
}


@app.command("brief", epilog="Example: newsfuse brief se9c18ba62a86ef9e --store out/seeds/newsfuse.duckdb --length 6")
@friendly_errors
def brief(
    story_id: Annotated[str, typer.Argument(help="A story id from `newsfuse stories`.")],
    store: StoreOption = DEFAULT_STORE_PATH,
    length: Annotated[
        int | None, typer.Option("--length", "-n", min=1, max=30, help=f"Sentences (default {DEFAULT_LENGTH}).")
    ] = None,
    writer: Annotated[str, typer.Option("--writer", help="'extractive' (offline) or 'llm'.")] = "extractive",
    llm_url: Annotated[
        str | None, typer.Option("--llm-url", help="OpenAI-compatible endpoint of a model server you run.")
    ] = None,
    llm_model: Annotated[str, typer.Option("--llm-model", help="Model name sent to the endpoint.")] = "local",
    output_format: FormatOption = "table",
) -> None:
    """Print a story's brief with numbered citations and its flags.

    The stored brief is shown as is; --length or --writer llm writes a new one.
    """
    check_format(output_format)
    if writer not in {"extractive", "llm"}:
        raise typer.BadParameter("use 'extractive' or 'llm'", param_hint="--writer")
    if writer == "llm" and not llm_url:
        raise typer.BadParameter("--writer llm needs --llm-url (for example http://127.0.0.1:8080/v1)")
    regenerate = length is not None or writer == "llm"
    with open_store(str(store), read_only=not regenerate) as db:
        if not db.stories([story_id]):
            raise NewsfuseError(f"no story {story_id!r} in {store}; list them with `newsfuse stories --store {store}`")
        if regenerate:
            llm = LlmSettings(llm_url, llm_model) if writer == "llm" and llm_url else None
            found = brief_store(db, story_ids=[story_id], length=length or DEFAULT_LENGTH, llm=llm)
        else:
            found = db.briefs([story_id])
        if not found:
            raise NewsfuseError(f"no brief for {story_id!r} yet; run `newsfuse run INPUT --store {store}`")
    if output_format == "json":
        typer.echo(json.dumps(brief_json(found[0]), ensure_ascii=False))
        return
    print_brief(found[0])


def print_brief(found: Brief) -> None:
    numbers: dict[str, int] = {}
    for sentence in found.sentences:
        marks = []
        for article_id in sentence.citations:
            numbers.setdefault(article_id, len(numbers) + 1)
            marks.append(str(numbers[article_id]))
        out_console.print(Text.assemble(sentence.text, (f" [{', '.join(marks)}]", "bold cyan")))
    out_console.print()
    for article_id, number in numbers.items():
        out_console.print(f"[bold cyan][{number}][/] {article_id}")
    for flag in found.flags:
        style = FLAG_STYLE.get(flag.status, "dim")
        out_console.print(f"[{style}]{flag.status}[/] {escape(flag.note)} ({flag.claim_id})")  # notes quote articles
    for dropped in found.dropped:
        out_console.print(f"[dim]dropped (unsupported): {escape(dropped)}[/]")
