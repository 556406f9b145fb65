"""The `newsfuse` command: a thin layer over the library.

Each command parses options, calls one library function, and prints the
result; no logic lives here that the Python API lacks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from newsfuse import __version__
from newsfuse.cli.common import (
    DEFAULT_STORE_PATH,
    CommandGroup,
    EmbedderOption,
    EngineOption,
    FormatOption,
    MaxMbOption,
    NerOption,
    RayAddressOption,
    SentenceModelOption,
    StoreOption,
    WorkersOption,
    check_format,
    err_console,
    friendly_errors,
    log_from_environment,
    make_settings,
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
from newsfuse.report.summary import plural, rejection_lines, summary_lines
from newsfuse.runner import run as run_pipeline_on
from newsfuse.store import open_store

app = typer.Typer(
    name="newsfuse",
    cls=CommandGroup,
    help="Turn a pile of news articles into stories you can trust: clean, group, trace, check, brief.",
    epilog="Example: newsfuse run ../shared/data/seeds --out out/seeds   (then: newsfuse COMMAND --help)",
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
    check_inputs(inputs)
    settings = Settings(embedder=embedder, ner=ner, engine=engine, workers=workers, ray_address=ray_address)
    runner = engine_for(settings)  # fails at once when the engine is unknown or not installed
    assign = AssignStage()
    pipeline = Pipeline.incremental(assign=assign, ingest=IngestStage(inputs, _limits(max_mb)))
    with open_store(str(store)) as db:
        reports = pipeline.run(db, settings, runner, stage_progress, only=("ingest", "index", "assign"))
    summary, joined = reports[0].detail, assign.joined
    if joined:
        err_console.print(f"{plural(len(joined), 'article')} assigned to {plural(len(set(joined.values())), 'story')}")
    _finish(summary, f"the store's rejects table ({store})")


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
    sentence_model: SentenceModelOption = None,
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
    check_inputs(inputs)
    settings = make_settings(
        sentence_model, embedder=embedder, ner=ner, engine=engine, workers=workers, ray_address=ray_address
    )
    runner = engine_for(settings)  # fails at once when the engine is unknown or not installed
    out.mkdir(parents=True, exist_ok=True)
    store_path = store or out / "newsfuse.duckdb"
    with open_store(str(store_path)) as db:
        result = run_pipeline_on(inputs, db, out, settings, runner, stage_progress, _limits(max_mb))
        summary, written = result.ingest, result.written
        for report in result.stages:
            if report.skipped:  # a rerun or a resumed run: say what was already done
                err_console.print(report.line(), highlight=False)
        if output_format == "parquet":
            written.update(write_parquet(out, [name for name in written if name.endswith(".jsonl")]))
        files = ", ".join(f"{name} {count}" for name, count in written.items())
        err_console.print(f"wrote {out}/ (lines per file): {files}", highlight=False, soft_wrap=True)
        closing = summary_lines(db, report=out / "report.html")
    _finish(summary, str(out / "rejects.jsonl"), closing)


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
    table = Table("id", "title", "outlet", "lang", "published", "chars", "removed", title=plural(len(rows), "article"))
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


def check_inputs(inputs: list[str]) -> None:
    """Fail before any work when an input path does not exist (a typo should not produce empty reports)."""
    missing = [name for name in inputs if name != "-" and not Path(name).exists()]
    if missing:
        raise NewsfuseError(f"no such file or folder: {', '.join(missing)}; check the path")


def _limits(max_mb: float) -> ReadLimits:
    return ReadLimits(max_bytes=int(max_mb * 1024 * 1024))


def _finish(summary: IngestSummary, rejects_at: str, closing: list[str] | None = None) -> None:
    """The ingest counts and why inputs were rejected (the first few); then the closing summary on stdout,
    or exit 1 when nothing was usable."""
    err_console.print(summary.line())
    if summary.rejected:
        err_console.print(f"rejected {plural(summary.rejected, 'input')}:")
        for line in rejection_lines(summary.rejections, summary.rejected, rejects_at):
            err_console.print(escape(line), highlight=False, soft_wrap=True)
    if summary.read == 0 or (summary.stored + summary.duplicates == 0):
        why = (
            "see the reasons above"
            if summary.rejected
            else "the inputs hold no file newsfuse reads (.txt, .html, .jsonl, .warc, optionally .gz)"
        )
        err_console.print(f"[bold red]nothing could be processed[/]; {why}")
        raise typer.Exit(1)
    for line in closing or []:
        typer.echo(line)
