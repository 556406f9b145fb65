"""The outlets stage: role rows per story after provenance and claims, summaries on demand.

Decides when outlet data is computed. ``OutletRolesStage`` is a per-story
stage of the pipeline: a story's unit is computed by the pure
``roles.story_roles`` from its articles, relations, graph and claims, and
written with its completion mark, replacing that story's role rows. It
chains on the provenance and claims stages, so a story whose provenance or
claims were recomputed gets its roles recomputed; ``newsfuse run`` runs it
for every story after claims, the web app's refresh for the stories a post
touched, so outlet pages follow the stories as they grow.
``outlet_report`` sums the rows over a period.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from newsfuse.outlets import tables
from newsfuse.outlets.aggregate import OutletReport, Period, summarise
from newsfuse.outlets.profiles import OutletProfile
from newsfuse.outlets.roles import ArticleRole, story_roles
from newsfuse.stages.base import RecordStage, StageContext
from newsfuse.stages.story import STORIES_PER_BATCH, StoryStage, StoryWork
from newsfuse.store.protocols import OutletStageStore


class StoryRoles(RecordStage[StoryWork, list[ArticleRole]]):
    """One story to the role of each of its articles (pure: no store, no model)."""

    name = "outlets"
    batch_size = STORIES_PER_BATCH

    def process(self, item: StoryWork) -> list[ArticleRole]:
        return story_roles(item.story.story_id, item.articles, item.relations, item.graph, item.claims)


class OutletRolesStage(StoryStage[list[ArticleRole]]):
    """Each article's role in its story (origin, copy, rewrite...), the rows outlet summaries are summed from."""

    name = "outlets"
    needs = ("stories", "articles", "relations", "provenance", "claims")
    produces = ("outlet_roles",)
    # The wire agency table (wire_agencies.toml) is data, not code: bump ``version`` when it changes.
    code = ("newsfuse.outlets.roles", "newsfuse.outlets.agencies")
    vectors_for = "none"
    reads_graph = True
    reads_claims = True
    reads_relations = True
    reads_documents = False

    def compute(self, ctx: StageContext) -> StoryRoles:
        return StoryRoles()

    def write_results(self, store: OutletStageStore, story_ids: list[str], results: list[list[ArticleRole]]) -> None:
        tables.replace_roles(store.con, story_ids, [row for rows in results for row in rows])


def outlet_roles_store(
    store: Any,
    story_ids: Sequence[str] | None = None,
    missing_only: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Compute and store the role rows of the given stories (all when None); return how many stories.

    ``missing_only`` computes only stories with provenance but no role rows
    (stores written before outlets existed). Kept for callers written before
    the pipeline: runs the pipeline's outlets stage, recomputing the stories
    asked for even when their completion marks are current.
    """
    from newsfuse.pipeline import run_stages

    if missing_only:
        story_ids = tables.stories_without_roles(store.con)
        if not story_ids:
            return 0
    return run_stages(store, ["outlets"], story_ids=story_ids, progress=progress, force=True)[0].computed


def outlet_report(store: Any, period: Period | None = None) -> OutletReport:
    """Every outlet's summary over ``period``, from the stored role rows and outlet table."""
    return summarise(tables.read_roles(store.con), tables.read_profiles(store.con), period)


def import_profiles(store: Any, profiles: Sequence[OutletProfile], source: str) -> None:
    """Replace the store's outlet table with ``profiles`` read from ``source``."""
    with store.transaction():
        tables.replace_profiles(store.con, profiles, source)
