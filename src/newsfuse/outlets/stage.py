"""The outlets step: role rows per story after provenance and claims, summaries on demand.

Decides when outlet data is computed. ``outlet_roles_store`` is a corpus
step with the shape of a story stage: plan (the stories asked for, or
those whose role rows are missing), a pure compute per story
(``roles.story_roles``) and a write that replaces those stories' rows in
one transaction, in chunks of ``STORIES_PER_CHUNK`` so memory stays bounded
by a chunk. ``newsfuse run`` runs it for every story after claims; the web
app runs it for the stories a post touched, so outlet pages follow the
stories as they grow. ``outlet_report`` sums the rows over a period.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from newsfuse.outlets import tables
from newsfuse.outlets.aggregate import OutletReport, Period, summarise
from newsfuse.outlets.profiles import OutletProfile
from newsfuse.outlets.roles import ArticleRole, story_roles
from newsfuse.records import ClaimGroup
from newsfuse.store import DuckDBStore

# Stories read and written per transaction: a chunk's articles, relations and
# claims are in memory at once; 64 stories of a typical corpus is a few MB.
STORIES_PER_CHUNK = 64


def outlet_roles_store(
    store: DuckDBStore,
    story_ids: Sequence[str] | None = None,
    missing_only: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Compute and store the role rows of the given stories (all when None); return how many stories."""
    if missing_only:
        wanted = tables.stories_without_roles(store.con)
    elif story_ids is None:
        wanted = [s.story_id for s in store.stories()]
    else:
        wanted = list(story_ids)
    clear = story_ids is None and not missing_only
    done = 0
    iterator = iter(wanted)
    while chunk := list(itertools.islice(iterator, STORIES_PER_CHUNK)):
        rows = compute_roles(store, chunk)
        with store.transaction():
            tables.replace_roles(store.con, chunk, rows, clear=clear and done == 0)
        done += len(chunk)
        if progress:
            progress(len(chunk))
    if clear and not wanted:
        with store.transaction():
            tables.replace_roles(store.con, [], [], clear=True)
    return done


def compute_roles(store: DuckDBStore, story_ids: Sequence[str]) -> list[ArticleRole]:
    """Role rows of the stories, read from the store (the pure part is ``story_roles``)."""
    stories = store.stories(story_ids)
    articles = {a.id: a for a in store.iter_articles([i for s in stories for i in s.article_ids])}
    relations = store.relations(story_ids)
    graphs = {g.story_id: g for g in store.provenance(story_ids)}
    claims: dict[str, list[ClaimGroup]] = {}
    for group in store.claims(story_ids):
        claims.setdefault(group.story_id, []).append(group)
    rows: list[ArticleRole] = []
    for story in stories:
        members = [articles[i] for i in story.article_ids if i in articles]
        story_relations = [r for r in relations if r.story_id == story.story_id]
        rows += story_roles(
            story.story_id, members, story_relations, graphs.get(story.story_id), claims.get(story.story_id, [])
        )
    return rows


def outlet_report(store: DuckDBStore, period: Period | None = None) -> OutletReport:
    """Every outlet's summary over ``period``, from the stored role rows and outlet table."""
    return summarise(tables.read_roles(store.con), tables.read_profiles(store.con), period)


def import_profiles(store: DuckDBStore, profiles: Sequence[OutletProfile], source: str) -> None:
    """Replace the store's outlet table with ``profiles`` read from ``source``."""
    with store.transaction():
        tables.replace_profiles(store.con, profiles, source)
