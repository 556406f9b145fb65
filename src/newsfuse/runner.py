"""Run the pipeline over a store and write the contract files.

Decides what `newsfuse run` does and which files come out: ingest the
inputs, run every corpus stage through the batch ``Pipeline`` (each stage
does only what its completion marks say is missing, so a run can be
repeated or resumed on the same store), then write the JSON Lines files
and the reports. The functions below the first two are kept for callers
written before the pipeline; each runs its part of the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from newsfuse.cluster.incremental import StoryAssigner
from newsfuse.cluster.stage import AssignStage
from newsfuse.config import Settings
from newsfuse.engines import Engine
from newsfuse.ingest import ReadLimits
from newsfuse.outlets import outlet_report
from newsfuse.outlets.export import report_lines
from newsfuse.pipeline import IngestStage, Pipeline, one_stage_progress, run_stages
from newsfuse.records import Article, IngestSummary
from newsfuse.report.contract import (
    article_json,
    brief_json,
    claim_json,
    input_sort_key,
    provenance_json,
    relation_json,
    write_duplicates,
    write_jsonl,
    write_rejects,
    write_stories,
    write_text,
)
from newsfuse.report.html import render_html
from newsfuse.report.markdown import render_markdown
from newsfuse.report.view import story_views
from newsfuse.stages.base import StageProgress, StageReport
from newsfuse.stages.driver import ignore_progress
from newsfuse.store.protocols import ReportStore

ProgressCallback = Callable[[int], None]
# The reports (report.md, report.html) show this many of the largest
# stories: they are for reading, and a page of every story of a large
# corpus is neither readable nor small; every story is in the JSON Lines.
REPORT_STORIES = 500


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
    return RunResult(reports[0].detail, reports[1:], write_contract(store, out, progress))


def run_pipeline(
    store: Any,
    out: Path,
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
    engine: Engine | None = None,
    stages: StageProgress | None = None,
) -> dict[str, int]:
    """Run the corpus stages on what is stored and write the contract files to ``out``; return lines per file.

    ``stages`` reports progress per stage; ``progress`` (older callers)
    counts the articles the index stage fingerprints.
    """
    out.mkdir(parents=True, exist_ok=True)
    Pipeline.batch().run(store, settings, engine, stages or one_stage_progress(progress, "index"))
    return write_contract(store, out, stages)


def write_contract(store: ReportStore, out: Path, progress: StageProgress | None = None) -> dict[str, int]:
    """The contract files and the reports, from the store (progress as a stage called 'report', in files)."""
    with progress("report", None) if progress else nullcontext(ignore_progress) as advance:
        written = _write_files(store, out)
        advance(len(written))
    return written


def _write_files(store: ReportStore, out: Path) -> dict[str, int]:
    """Relations, provenance, claims and briefs are streamed from the store in
    the order the contract sorts them by (story id, then their own ids), and
    articles in chunks in input order, so no file is held in memory whole."""
    out.mkdir(parents=True, exist_ok=True)
    return {
        "articles.jsonl": write_jsonl(out / "articles.jsonl", map(article_json, articles_in_input_order(store))),
        "rejects.jsonl": write_rejects(out / "rejects.jsonl", store.iter_rejections()),
        "duplicates.jsonl": write_duplicates(out / "duplicates.jsonl", store.duplicate_groups()),
        "stories.jsonl": write_stories(out / "stories.jsonl", store.stories(), dict(store.event_dates())),
        "relations.jsonl": write_jsonl(out / "relations.jsonl", map(relation_json, store.iter_relations())),
        "provenance.jsonl": write_jsonl(out / "provenance.jsonl", map(provenance_json, store.iter_provenance())),
        "claims.jsonl": write_jsonl(out / "claims.jsonl", map(claim_json, store.iter_claims())),
        "briefs.jsonl": write_jsonl(out / "briefs.jsonl", map(brief_json, store.iter_briefs())),
        "outlets.jsonl": write_jsonl(out / "outlets.jsonl", report_lines(outlet_report(store))),
        **write_reports(store, out),
    }


def articles_in_input_order(store: ReportStore, chunk: int = 500) -> Iterator[Article]:
    """Stored articles in the contract's order (input path, record number, id), read ``chunk`` at a time."""
    order = [i for i, _ in sorted(store.article_inputs(), key=lambda pair: (input_sort_key(pair[1]), pair[0]))]
    for start in range(0, len(order), chunk):
        ids = order[start : start + chunk]
        found = {article.id: article for article in store.iter_articles(ids)}
        yield from (found[i] for i in ids)


def write_reports(store: Any, out: Path) -> dict[str, int]:
    """report.md and report.html for the ``REPORT_STORIES`` largest stories; returns their sizes in lines."""
    largest = [story.story_id for story in store.stories()[:REPORT_STORIES]]
    views = story_views(store, largest)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    outlets = outlet_report(store)
    markdown, page = render_markdown(views, generated, outlets), render_html(views, generated, outlets)
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
