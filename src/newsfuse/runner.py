"""Run the pipeline over a store and write the contract files.

Decides what `newsfuse run` does and which files come out: ingest the
inputs, run every corpus stage through the batch ``Pipeline`` (each stage
does only what its completion marks say is missing, so a run can be
repeated or resumed on the same store), then write the JSON Lines files
and the reports. The functions below the first two are kept for callers
written before the pipeline; each runs its part of the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from newsfuse.cluster.incremental import StoryAssigner
from newsfuse.cluster.stage import AssignStage
from newsfuse.config import Settings
from newsfuse.engines import Engine
from newsfuse.ingest import ReadLimits
from newsfuse.pipeline import IngestStage, Pipeline, run_stages
from newsfuse.records import IngestSummary
from newsfuse.report.contract import (
    write_articles,
    write_briefs,
    write_claims,
    write_duplicates,
    write_provenance,
    write_rejects,
    write_relations,
    write_stories,
    write_text,
)
from newsfuse.report.html import render_html
from newsfuse.report.markdown import render_markdown
from newsfuse.report.view import story_views
from newsfuse.stages.base import StageProgress, StageReport
from newsfuse.store.protocols import ReportStore

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True)
class RunResult:
    """What `newsfuse run` did: the ingest counts, each stage's report, and lines per file written."""

    ingest: IngestSummary
    stages: list[StageReport]
    written: dict[str, int]


def run(
    inputs: Sequence[str],
    store: Any,
    out: Path,
    settings: Settings | None = None,
    engine: Engine | None = None,
    progress: StageProgress | None = None,
    limits: ReadLimits | None = None,
    stdin: BinaryIO | None = None,
) -> RunResult:
    """Ingest ``inputs``, run every stage, and write the contract files to ``out``."""
    settings = settings or Settings()
    out.mkdir(parents=True, exist_ok=True)
    pipeline = Pipeline.batch(IngestStage(inputs, limits, stdin))
    reports = pipeline.run(store, settings, engine, progress)
    return RunResult(reports[0].detail, reports[1:], write_contract(store, out))


def run_pipeline(
    store: Any,
    out: Path,
    settings: Settings | None = None,
    progress: StageProgress | None = None,
    engine: Engine | None = None,
) -> dict[str, int]:
    """Run the corpus stages on what is stored and write the contract files to ``out``; return lines per file."""
    out.mkdir(parents=True, exist_ok=True)
    Pipeline.batch().run(store, settings, engine, progress)
    return write_contract(store, out)


def write_contract(store: ReportStore, out: Path) -> dict[str, int]:
    """The contract files and the reports, from the store."""
    out.mkdir(parents=True, exist_ok=True)
    return {
        "articles.jsonl": write_articles(out / "articles.jsonl", store.iter_articles()),
        "rejects.jsonl": write_rejects(out / "rejects.jsonl", store.iter_rejections()),
        "duplicates.jsonl": write_duplicates(out / "duplicates.jsonl", store.duplicate_groups()),
        "stories.jsonl": write_stories(out / "stories.jsonl", store.stories()),
        "relations.jsonl": write_relations(out / "relations.jsonl", store.relations()),
        "provenance.jsonl": write_provenance(out / "provenance.jsonl", store.provenance()),
        "claims.jsonl": write_claims(out / "claims.jsonl", store.claims()),
        "briefs.jsonl": write_briefs(out / "briefs.jsonl", store.briefs()),
        **write_reports(store, out),
    }


def write_reports(store: Any, out: Path) -> dict[str, int]:
    """report.md and report.html for every story; returns their sizes in lines."""
    views = story_views(store)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    markdown, page = render_markdown(views, generated), render_html(views, generated)
    write_text(out / "report.md", markdown)
    write_text(out / "report.html", page)
    return {"report.md": markdown.count("\n"), "report.html": page.count("\n")}


def index_new_articles(
    store: Any, settings: Settings, engine: Engine | None = None, progress: ProgressCallback | None = None
) -> int:
    """Compute fingerprints for stored articles that lack them; return how many."""
    return run_stages(store, ["index"], settings, progress=progress, engine=engine)[0].computed


def group_store(store: Any, settings: Settings | None = None) -> None:
    """Batch grouping of the whole store: duplicate groups, then stories (replacing earlier ones)."""
    Pipeline.batch().run(store, settings, only=["duplicates", "stories"])


def assign_new_articles(
    store: Any,
    progress: ProgressCallback | None = None,
    assigner: StoryAssigner | None = None,
    preloaded: bool = False,
) -> dict[str, str]:
    """Put every article without a story into one (incremental); return article id -> story id for them.

    A long-lived caller (the web app) passes its ``assigner`` with
    ``preloaded=True`` after the first call, so the store is not reloaded.
    """
    stage = AssignStage(assigner, preloaded)
    run_stages(store, [stage], progress=progress)
    return stage.joined
