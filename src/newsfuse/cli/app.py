"""The `newsfuse` command: a thin layer over the library.

Each command parses options, calls one library function, and prints the
result; no logic lives here that the Python API lacks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from newsfuse import __version__
from newsfuse.cli.common import (
    DEFAULT_STORE_PATH,
    EmbedderOption,
    EngineOption,
    FormatOption,
    MaxMbOption,
    NerOption,
    RayAddressOption,
    StoreOption,
    WorkersOption,
    check_format,
    err_console,
    friendly_errors,
    log_from_environment,
    out_console,
    stage_progress,
)
from newsfuse.cluster.stage import AssignStage
from newsfuse.config import Settings
from newsfuse.engines import engine_for
from newsfuse.errors import NewsfuseError
from newsfuse.ingest import ReadLimits
from newsfuse.pipeline import IngestStage, Pipeline
from newsfuse.records import IngestSummary
from newsfuse.report.contract import article_json
from newsfuse.report.parquet import OUTPUT_FORMATS, write_parquet
from newsfuse.report.summary import summary_lines
from newsfuse.runner import run as run_pipeline_on
from newsfuse.store import open_store

app = typer.Typer(
    name="newsfuse",
    help="Turn a pile of news articles into stories you can trust: clean, group, trace, check, brief.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

InputsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Files or folders (.txt, .html, .jsonl, .warc, optionally .gz); '-' reads JSON Lines from stdin.",
        show_default=False,
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsfuse {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """newsfuse command line."""
    log_from_environment()


@app.command("ingest", epilog="Example: newsfuse ingest ../shared/data/seeds articles.jsonl --store news.duckdb")
@friendly_errors
def ingest_command(
    inputs: InputsArgument,
    store: StoreOption = DEFAULT_STORE_PATH,
    engine: EngineOption = "local",
    workers: WorkersOption = None,
    ray_address: RayAddressOption = None,
    max_mb: MaxMbOption = 20.0,
    embedder: EmbedderOption = "e5",
    ner: NerOption = "auto",
) -> None:
    """Read, clean and store articles, index them, and put each new one into a story.

    Re-running on the same inputs stores nothing new. New articles join an
    existing story or start one (incremental); `newsfuse run` re-groups the
    whole store in one batch.
    """
    settings = Settings(embedder=embedder, ner=ner, engine=engine, workers=workers, ray_address=ray_address)
    runner = engine_for(settings)  # fails at once when the engine is unknown or not installed
    assign = AssignStage()
    pipeline = Pipeline.incremental(assign=assign, ingest=IngestStage(inputs, _limits(max_mb)))
    with open_store(str(store)) as db:
        reports = pipeline.run(db, settings, runner, stage_progress, only=("ingest", "index", "assign"))
    summary, joined = reports[0].detail, assign.joined
    if joined:
        err_console.print(f"{len(joined)} articles assigned to {len(set(joined.values()))} stories")
    _finish(summary)


@app.command("run", epilog="Example: newsfuse run ../shared/data/seeds --out out/seeds")
@friendly_errors
def run(
    inputs: InputsArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the report files (created if missing).")],
    store: Annotated[
        Path | None,
        typer.Option("--store", "-s", help="DuckDB store file; default OUT/newsfuse.duckdb."),
    ] = None,
    engine: EngineOption = "local",
    workers: WorkersOption = None,
    ray_address: RayAddressOption = None,
    max_mb: MaxMbOption = 20.0,
    embedder: EmbedderOption = "e5",
    ner: NerOption = "auto",
    output_format: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="'jsonl' (the contract files), or 'parquet' (a .parquet beside each .jsonl)."
        ),
    ] = "jsonl",
) -> None:
    """Ingest the inputs, run every stage, and write the contract files to OUT."""
    if output_format not in OUTPUT_FORMATS:
        raise NewsfuseError(f"unknown format {output_format!r}; use one of: {', '.join(OUTPUT_FORMATS)}")
    settings = Settings(embedder=embedder, ner=ner, engine=engine, workers=workers, ray_address=ray_address)
    runner = engine_for(settings)  # fails at once when the engine is unknown or not installed
    out.mkdir(parents=True, exist_ok=True)
    store_path = store or out / "newsfuse.duckdb"
    with open_store(str(store_path)) as db:
        result = run_pipeline_on(inputs, db, out, settings, runner, stage_progress, _limits(max_mb))
        summary, written = result.ingest, result.written
        for report in result.stages:
            err_console.print(report.line())
        if output_format == "parquet":
            written.update(write_parquet(out, [name for name in written if name.endswith(".jsonl")]))
        for line in summary_lines(db):
            typer.echo(line)
    for name, count in written.items():
        err_console.print(f"wrote {out / name} ({count} lines)")
    _finish(summary)


@app.command("articles", epilog="Example: newsfuse articles --store news.duckdb --format json")
@friendly_errors
def articles(
    store: StoreOption = DEFAULT_STORE_PATH,
    output_format: FormatOption = "table",
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="Show at most this many (0 = all).")] = 0,
) -> None:
    """List stored articles."""
    check_format(output_format)
    with open_store(str(store), read_only=True) as db:
        rows = list(db.iter_articles())
    if limit:
        rows = rows[:limit]
    if output_format == "json":
        for article in rows:
            typer.echo(json.dumps(article_json(article), ensure_ascii=False))
        return
    table = Table("id", "title", "outlet", "lang", "published", "chars", "removed", title=f"{len(rows)} articles")
    for article in rows:
        table.add_row(
            article.id,
            (article.title or article.text[:60]).strip()[:70],
            article.outlet or "",
            article.language or "",
            (article.published_at or "")[:10],
            str(len(article.text)),
            str(len(article.removed)),
        )
    out_console.print(table)


def _limits(max_mb: float) -> ReadLimits:
    return ReadLimits(max_bytes=int(max_mb * 1024 * 1024))


def _finish(summary: IngestSummary) -> None:
    err_console.print(summary.line())
    if summary.read == 0 or (summary.stored + summary.duplicates == 0):
        err_console.print("[bold red]nothing could be processed[/]; see the reasons above or in rejects.jsonl")
        raise typer.Exit(1)
