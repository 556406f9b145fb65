"""`newsfuse stories` and `newsfuse story`: read the grouping results."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
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
from newsfuse.report.contract import article_json, story_json
from newsfuse.report.summary import plural
from newsfuse.store import open_store


@app.command("stories", epilog="Example: newsfuse stories --store news.duckdb --format json")
@friendly_errors
def stories(
    store: StoreOption = DEFAULT_STORE_PATH,
    output_format: FormatOption = "table",
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="Show at most this many (0 = all).")] = 0,
) -> None:
    """List stories, largest first."""
    check_format(output_format)
    with open_store(str(store), read_only=True) as db:
        found = db.stories()
    if limit:
        found = found[:limit]
    if output_format == "json":
        for story in found:
            typer.echo(json.dumps(story_json(story), ensure_ascii=False))
        return
    table = Table("story", "articles", "first seen", "last seen", "title", title=plural(len(found), "story"))
    for story in found:
        table.add_row(
            story.story_id,
            str(len(story.article_ids)),
            story.first_seen or "",
            story.last_seen or "",
            story.title or "",
        )
    out_console.print(table)


@app.command("story", epilog="Example: newsfuse story se9c18ba62a86ef9e --store news.duckdb")
@friendly_errors
def story(
    story_id: Annotated[str, typer.Argument(help="A story id from `newsfuse stories`.")],
    store: StoreOption = DEFAULT_STORE_PATH,
    output_format: FormatOption = "table",
) -> None:
    """Show one story and its articles."""
    check_format(output_format)
    with open_store(str(store), read_only=True) as db:
        found = db.stories([story_id])
        if not found:
            raise NewsfuseError(f"no story {story_id!r} in {store}; list them with `newsfuse stories --store {store}`")
        members = list(db.iter_articles(found[0].article_ids))
    if output_format == "json":
        typer.echo(
            json.dumps({**story_json(found[0]), "articles": [article_json(a) for a in members]}, ensure_ascii=False)
        )
        return
    title = escape(found[0].title or story_id)  # article text, never markup
    out_console.print(f"[bold]{title}[/]  ({story_id}, {plural(len(members), 'article')})")
    table = Table("article", "published", "outlet", "lang", "title")
    for article in members:
        table.add_row(
            article.id,
            article.published_at or "",
            article.outlet or "",
            article.language or "",
            (article.title or article.text[:70]).strip(),
        )
    out_console.print(table)
