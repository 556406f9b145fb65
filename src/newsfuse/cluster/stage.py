"""The grouping stages: near-duplicate groups and stories, in batch or one article at a time.

Decides how grouping reaches the store. Batch grouping has two saved
phases over the whole corpus, each a unit with its own completion mark:
duplicate groups, then stories (which start from the duplicate groups). A
rerun on an unchanged corpus skips both; a kill between them keeps the
first. They work on article heads and fingerprints; a text is read from
the store only when a near-duplicate candidate pair is verified, so the
driver never holds the corpus's texts.

Incremental assignment (``ingest``, the web app) puts each article without
a story into one, in ingest order, with a long-lived ``StoryAssigner``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsfuse.cluster.duplicates import find_duplicate_groups
from newsfuse.cluster.features import ArticleMeta
from newsfuse.cluster.incremental import StoryAssigner
from newsfuse.cluster.stories import cluster_stories, describe_story
from newsfuse.index.fingerprints import embedding_matrix
from newsfuse.records import Article, DuplicateGroup, Fingerprint, Story
from newsfuse.stages.base import CorpusStage, Plan, RecordStage, StageContext, Unit
from newsfuse.stages.corpus import CorpusWideStage
from newsfuse.store.protocols import GroupStageStore

GROUPING_CODE = ("newsfuse.cluster", "newsfuse.index")


@dataclass(frozen=True)
class CorpusHeads:
    """Every article's head and fingerprint, in ingest order, and a way to read one text."""

    articles: list[Article]
    fingerprints: list[Fingerprint]
    text_of: Callable[[str], str]
    duplicates: list[DuplicateGroup]


def corpus_heads(store: GroupStageStore, with_duplicates: bool = False) -> CorpusHeads:
    articles = list(store.iter_article_heads())
    by_id = {f.article_id: f for f in store.iter_fingerprints()}
    fingerprints = [by_id.pop(a.id) for a in articles]
    duplicates = store.duplicate_groups() if with_duplicates else []
    return CorpusHeads(articles, fingerprints, store.article_text, duplicates)


class _FindDuplicates(RecordStage[CorpusHeads, list[DuplicateGroup]]):
    name = "duplicates"

    def process(self, item: CorpusHeads) -> list[DuplicateGroup]:
        return find_duplicate_groups(item.articles, item.fingerprints, text_of=item.text_of)


class _ClusterStories(RecordStage[CorpusHeads, list[Story]]):
    name = "stories"

    def process(self, item: CorpusHeads) -> list[Story]:
        return cluster_stories(item.articles, item.fingerprints, item.duplicates)


class DuplicatesStage(CorpusWideStage[CorpusHeads, list[DuplicateGroup]]):
    """Near-duplicate groups of the whole corpus (replacing earlier ones)."""

    name = "duplicates"
    needs = ("articles", "fingerprints")
    produces = ("duplicates",)
    code = GROUPING_CODE
    uses = ("embedder", "ner")

    def load(self, store: GroupStageStore, units: Sequence[Unit], ctx: StageContext) -> Iterator[CorpusHeads]:
        yield corpus_heads(store)

    def compute(self, ctx: StageContext) -> _FindDuplicates:
        return _FindDuplicates()

    def write_results(self, store: GroupStageStore, result: list[DuplicateGroup]) -> None:
        store.replace_duplicate_groups(result)


class StoriesStage(CorpusWideStage[CorpusHeads, list[Story]]):
    """Stories of the whole corpus, grown from the duplicate groups (replacing earlier ones)."""

    name = "stories"
    needs = ("articles", "fingerprints", "duplicates")
    produces = ("stories",)
    code = GROUPING_CODE
    uses = ("embedder", "ner")

    def load(self, store: GroupStageStore, units: Sequence[Unit], ctx: StageContext) -> Iterator[CorpusHeads]:
        yield corpus_heads(store, with_duplicates=True)

    def compute(self, ctx: StageContext) -> _ClusterStories:
        return _ClusterStories()

    def write_results(self, store: GroupStageStore, result: list[Story]) -> None:
        store.write_stories(result, replace=True)


@dataclass(frozen=True)
class Arrival:
    """An article to place in a story: what the assigner scores it by."""

    meta: ArticleMeta
    fingerprint: Fingerprint


class _Assign(RecordStage[Arrival, str]):
    """The story each arriving article joins; stateful (the assigner learns every article), so run in order."""

    name = "assign"

    def __init__(self, assigner: StoryAssigner) -> None:
        self.assigner = assigner

    def process(self, item: Arrival) -> str:
        return self.assigner.assign(item.meta, item.fingerprint)


class AssignStage(CorpusStage[Arrival, str]):
    """Incremental grouping: every indexed article without a story joins one or starts one.

    An article's story membership is its completion mark: the plan is the
    indexed articles in no story, in ingest order. A long-lived caller (the
    web app) passes its ``assigner`` with ``preloaded=True`` after the first
    run, so the store is not reloaded; ``joined`` holds what the run placed.
    """

    name = "assign"
    needs = ("articles", "fingerprints")
    produces = ("stories",)
    unit_name = "articles"
    on_driver = True
    # Touched stories are re-described (title, dates) after every write.
    write_units = 256

    def __init__(self, assigner: StoryAssigner | None = None, preloaded: bool = False) -> None:
        self.assigner = assigner
        self.preloaded = preloaded
        self.joined: dict[str, str] = {}

    def plan(self, store: GroupStageStore, ctx: StageContext) -> Plan:
        assigned = store.story_assignments()
        unindexed = set(store.articles_without_fingerprints())
        fresh = [i for i in store.article_ids() if i not in assigned and i not in unindexed]
        if fresh:
            self._prepare(store, assigned)
        return Plan([Unit(i) for i in fresh], len(assigned))

    def _prepare(self, store: GroupStageStore, assigned: dict[str, str]) -> None:
        """Set the assigner up with every assigned article, unless the caller's assigner holds them."""
        if self.assigner is None:
            index_path = None if store.path == ":memory:" else Path(store.path + ".usearch")
            self.assigner = StoryAssigner(index_path=index_path)
        if not self.preloaded:
            metas = {m[0]: ArticleMeta(*m) for m in store.article_metas()}
            known = [metas[i] for i in store.article_ids() if i in assigned]
            prints = {f.article_id: f for f in store.iter_fingerprints([m.article_id for m in known])}
            known = [m for m in known if m.article_id in prints]
            self.assigner.load(known, [prints[m.article_id] for m in known], [assigned[m.article_id] for m in known])

    def load(self, store: GroupStageStore, units: Sequence[Unit], ctx: StageContext) -> Iterator[Arrival]:
        metas = {m[0]: ArticleMeta(*m) for m in store.article_metas()}
        iterator = iter(units)
        while chunk := list(itertools.islice(iterator, 512)):
            for fingerprint in store.iter_fingerprints([unit.key for unit in chunk]):
                yield Arrival(metas[fingerprint.article_id], fingerprint)

    def compute(self, ctx: StageContext) -> _Assign:
        assert self.assigner is not None, "plan() sets the assigner up"
        return _Assign(self.assigner)

    def write(self, store: GroupStageStore, done: Sequence[tuple[Unit, str]], ctx: StageContext) -> None:
        joined = {unit.key: story_id for unit, story_id in done}
        self.joined.update(joined)
        touched = sorted(set(joined.values()))
        members = {story_id: list(ids) for story_id, ids in store.story_members(touched)}
        for article_id, story_id in joined.items():
            members.setdefault(story_id, []).append(article_id)
        prints = {f.article_id: f for f in store.iter_fingerprints([i for ids in members.values() for i in ids])}
        store.write_stories([_describe(store, members[sid], prints) for sid in touched])

    def finish(self, store: GroupStageStore, ctx: StageContext) -> None:
        if self.assigner is not None and not self.preloaded:
            self.assigner.save()


def _describe(store: GroupStageStore, article_ids: list[str], fingerprints: dict[str, Fingerprint]) -> Story:
    members = list(store.iter_articles(article_ids))
    return describe_story(members, embedding_matrix([fingerprints[a.id] for a in members]))
