"""Run the corpus stages over a store and write the contract files.

Decides which stages `newsfuse run` executes, in which order, and which
files come out. Each stage reads what earlier ones stored and skips work
already done (fingerprints are computed once per article), so a run can be
repeated or resumed on the same store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from newsfuse.brief.stage import brief_store
from newsfuse.claims.stage import claims_store
from newsfuse.cluster.duplicates import find_duplicate_groups
from newsfuse.cluster.incremental import StoryAssigner
from newsfuse.cluster.scoring import ArticleMeta
from newsfuse.cluster.stories import cluster_stories, describe_story
from newsfuse.config import Settings
from newsfuse.engines import Engine, engine_for
from newsfuse.index.fingerprints import IndexStage, embedding_matrix
from newsfuse.outlets import outlet_report, outlet_roles_store
from newsfuse.outlets.export import report_lines
from newsfuse.provenance.stage import trace_store
from newsfuse.records import Fingerprint, Story
from newsfuse.report.contract import (
    write_articles,
    write_briefs,
    write_claims,
    write_duplicates,
    write_jsonl,
    write_provenance,
    write_rejects,
    write_relations,
    write_stories,
    write_text,
)
from newsfuse.report.html import render_html
from newsfuse.report.markdown import render_markdown
from newsfuse.report.view import story_views
from newsfuse.store import DuckDBStore

ProgressCallback = Callable[[int], None]
# Progress per stage: (stage name, total or None) to a context that yields
# the function advancing it. The CLI shows a bar and a closing line for each.
StageProgress = Callable[[str, int | None], AbstractContextManager[ProgressCallback]]
# Fingerprints are written in batches of this many: a few seconds of
# embedding work, so an interrupted index loses little.
INDEX_WRITE_BATCH = 64


def index_new_articles(
    store: DuckDBStore, settings: Settings, engine: Engine | None = None, progress: ProgressCallback | None = None
) -> int:
    """Compute fingerprints for stored articles that lack them; return how many."""
    missing = store.articles_without_fingerprints()
    if not missing:
        return 0
    engine = engine or engine_for(settings)
    stage = IndexStage(embedder=settings.embedder, ner=settings.ner)
    done = 0
    batch = []
    for fingerprint in engine.map(stage, store.iter_articles(missing)):
        batch.append(fingerprint)
        if len(batch) >= INDEX_WRITE_BATCH:
            done += _flush(store, batch, progress)
    return done + _flush(store, batch, progress)


def _flush(store: DuckDBStore, batch: list, progress: ProgressCallback | None) -> int:  # type: ignore[type-arg]
    count = len(batch)
    store.write_fingerprints(batch)
    batch.clear()
    if progress:
        progress(count)
    return count


def group_store(store: DuckDBStore) -> None:
    """Batch grouping of the whole store: duplicate groups, then stories (replacing earlier ones).

    Works on article heads and fingerprints; a text is read from the store
    only when a near-duplicate candidate pair is verified, so the driver
    never holds the corpus's texts.
    """
    articles = list(store.iter_article_heads())
    by_id = {f.article_id: f for f in store.iter_fingerprints()}
    fingerprints = [by_id.pop(a.id) for a in articles]
    duplicates = find_duplicate_groups(articles, fingerprints, text_of=store.article_text)
    store.replace_duplicate_groups(duplicates)
    store.write_stories(cluster_stories(articles, fingerprints, duplicates), replace=True)


def assign_new_articles(
    store: DuckDBStore,
    progress: ProgressCallback | None = None,
    assigner: StoryAssigner | None = None,
    preloaded: bool = False,
) -> dict[str, str]:
    """Put every article without a story into one (incremental); return article id -> story id for them.

    A long-lived caller (the web app) passes its ``assigner`` with
    ``preloaded=True`` after the first call, so the store is not reloaded.
    """
    assigned = store.story_assignments()
    metas = [ArticleMeta(*meta) for meta in store.article_metas()]
    fresh_ids = [m.article_id for m in metas if m.article_id not in assigned]
    if not fresh_ids:
        return {}
    fresh_prints = {f.article_id: f for f in store.iter_fingerprints(fresh_ids)}
    fresh = [m for m in metas if m.article_id in fresh_prints]
    if assigner is None:
        assigner = StoryAssigner(index_path=None if store.path == ":memory:" else Path(store.path + ".usearch"))
    if not preloaded:
        known = [m for m in metas if m.article_id in assigned]
        known_prints = {f.article_id: f for f in store.iter_fingerprints([m.article_id for m in known])}
        known = [m for m in known if m.article_id in known_prints]
        assigner.load(known, [known_prints[m.article_id] for m in known], [assigned[m.article_id] for m in known])
    joined: dict[str, str] = {}
    for meta in fresh:
        joined[meta.article_id] = assigner.assign(meta, fresh_prints[meta.article_id])
        if progress:
            progress(1)
    touched = set(joined.values())
    members: dict[str, list[str]] = {}
    for article_id, story_id in {**assigned, **joined}.items():
        if story_id in touched:
            members.setdefault(story_id, []).append(article_id)
    prints = {
        **fresh_prints,
        **{
            f.article_id: f
            for f in store.iter_fingerprints([i for ids in members.values() for i in ids if i not in fresh_prints])
        },
    }
    store.write_stories([_describe(store, members[sid], prints) for sid in sorted(touched)])
    if not preloaded:
        assigner.save()
    return joined


def _describe(store: DuckDBStore, article_ids: list[str], fingerprints: dict[str, Fingerprint]) -> Story:
    members = list(store.iter_articles(article_ids))
    return describe_story(members, embedding_matrix([fingerprints[a.id] for a in members]))


def run_pipeline(
    store: DuckDBStore,
    out: Path,
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
    engine: Engine | None = None,
    stages: StageProgress | None = None,
) -> dict[str, int]:
    """Run the corpus stages and write the contract files to ``out``; return lines per file."""
    settings = settings or Settings()
    out.mkdir(parents=True, exist_ok=True)
    engine = engine or engine_for(settings)
    stage = stages or _quiet
    missing = len(store.articles_without_fingerprints())
    if missing:
        with stage("index", missing) as advance:
            index_new_articles(store, settings, engine, progress=progress or advance)
    with stage("stories", None) as advance:
        group_store(store)
        count = len(store.stories())
        advance(count)
    with stage("provenance", count) as advance:
        trace_store(store, settings, engine=engine, progress=advance)
    with stage("claims", count) as advance:
        claims_store(store, settings, engine=engine, progress=advance)
    with stage("brief", count) as advance:
        brief_store(store, settings, progress=advance)
    with stage("outlets", count) as advance:
        outlet_roles_store(store, progress=advance)
    with stage("report", None) as advance:
        written = _write_contract(store, out)
        advance(len(written))
    return written


@contextmanager
def _quiet(name: str, total: int | None) -> Iterator[ProgressCallback]:
    yield lambda count: None


def _write_contract(store: DuckDBStore, out: Path) -> dict[str, int]:
    return {
        "articles.jsonl": write_articles(out / "articles.jsonl", store.iter_articles()),
        "rejects.jsonl": write_rejects(out / "rejects.jsonl", store.iter_rejections()),
        "duplicates.jsonl": write_duplicates(out / "duplicates.jsonl", store.duplicate_groups()),
        "stories.jsonl": write_stories(out / "stories.jsonl", store.stories(), dict(store.event_dates())),
        "relations.jsonl": write_relations(out / "relations.jsonl", store.relations()),
        "provenance.jsonl": write_provenance(out / "provenance.jsonl", store.provenance()),
        "claims.jsonl": write_claims(out / "claims.jsonl", store.claims()),
        "briefs.jsonl": write_briefs(out / "briefs.jsonl", store.briefs()),
        "outlets.jsonl": write_jsonl(out / "outlets.jsonl", report_lines(outlet_report(store))),
        **write_reports(store, out),
    }


def write_reports(store: DuckDBStore, out: Path) -> dict[str, int]:
    """report.md and report.html for every story; returns their sizes in lines."""
    views = story_views(store)
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    outlets = outlet_report(store)
    markdown, page = render_markdown(views, generated, outlets), render_html(views, generated, outlets)
    write_text(out / "report.md", markdown)
    write_text(out / "report.html", page)
    return {"report.md": markdown.count("\n"), "report.html": page.count("\n")}
