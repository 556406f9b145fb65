"""Per-story stages: a story is a unit, identified by its id and its members.

Decides when a story's results are current. A story's inputs digest covers
its id, its member article ids (articles are content-addressed, so the ids
stand for their texts), the stage's signature (code, settings, options)
and the marks of the stages it chains on for the same story; when a
regrouping changes a story's members, or its provenance was recomputed,
the digest changes and the story is computed again. Results of stories
that no longer exist are pruned before planning.

Decides also what a story's work holds when it is sent to the engine: its
articles, the document vectors of multi-article stories, the sentence
vectors the stage asks for, and (for later stages) its provenance graph
and claims. Work is read in chunks of stories, one query per table, and
handed over one story at a time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Literal

import numpy as np

from newsfuse.ids import digest
from newsfuse.index.embed import DIMENSIONS, sentence_dimensions, sentence_embedder
from newsfuse.index.fingerprints import embedding_matrix
from newsfuse.records import Article, ClaimGroup, Provenance, Relation, Story
from newsfuse.stages.base import CorpusStage, Plan, R, StageContext, Unit, UnitFailure
from newsfuse.store.protocols import StageMark, StoryReader

# Stories per engine batch: a story's claims take about half a second on
# this machine, so four keep a worker busy for a couple of seconds, bound
# what a kill loses in flight, and spread uneven stories across workers.
STORIES_PER_BATCH = 4


@dataclass(frozen=True)
class StoryWork:
    """What computing one story needs, read from the store by the driver."""

    story: Story
    articles: tuple[Article, ...]
    sentence_vectors: dict[str, np.ndarray]
    document_vectors: np.ndarray
    graph: Provenance | None = None
    claims: tuple[ClaimGroup, ...] = field(default=())
    relations: tuple[Relation, ...] = field(default=())


class StoryStage(CorpusStage[StoryWork, R], Generic[R]):
    """A stage whose units are stories; subclasses give ``compute`` and ``write_results``."""

    unit_name = "stories"
    # Sentence vectors read per story: of multi-article stories only, of every story, or none.
    vectors_for: ClassVar[Literal["multi", "all", "none"]] = "multi"
    reads_graph: ClassVar[bool] = False
    reads_claims: ClassVar[bool] = False
    reads_relations: ClassVar[bool] = False
    # Document vectors (from fingerprints) of multi-article stories; stages that never compare
    # articles by vector turn this off and need no fingerprints.
    reads_documents: ClassVar[bool] = True
    # Stories read per query when loading work.
    load_chunk: ClassVar[int] = 64

    def plan(self, store: StoryReader, ctx: StageContext) -> Plan:
        store.prune_stories(self.name, self.produces)
        members = store.story_members(ctx.story_ids)
        scope = [story_id for story_id, _ in members] if ctx.story_ids is not None else None
        marks = store.marks([self.name, *ctx.upstream], scope)
        signature = self.signature(ctx.settings)
        units = []
        for story_id, ids in members:
            inputs = digest(signature, story_id, *ids, *[marks.get((up, story_id), "") for up in ctx.upstream])
            if ctx.force or marks.get((self.name, story_id)) != inputs:
                units.append(Unit(story_id, inputs))
        return Plan(units, len(members) - len(units))

    def load(self, store: StoryReader, units: Sequence[Unit], ctx: StageContext) -> Iterator[StoryWork]:
        iterator = iter(units)
        while chunk := list(itertools.islice(iterator, self.load_chunk)):
            yield from self._load_chunk(store, [unit.key for unit in chunk], ctx.settings.sentence_embedder)

    def _load_chunk(self, store: Any, story_ids: list[str], model: str = "e5") -> Iterator[StoryWork]:
        stories = {s.story_id: s for s in store.stories(story_ids)}
        wanted = [i for sid in story_ids for i in stories[sid].article_ids]
        articles = {a.id: a for a in store.iter_articles(wanted)}
        multi = [i for sid in story_ids if len(stories[sid].article_ids) > 1 for i in stories[sid].article_ids]
        prints = {f.article_id: f for f in store.iter_fingerprints(multi)} if self.reads_documents else {}
        with_vectors = {"multi": multi, "all": wanted, "none": []}[self.vectors_for]
        vectors = (
            store.sentence_vectors(with_vectors, sentence_dimensions(model), sentence_embedder(model).name)
            if with_vectors
            else {}
        )
        graphs = {g.story_id: g for g in store.provenance(story_ids)} if self.reads_graph else {}
        claims: dict[str, list[ClaimGroup]] = {}
        for group in store.claims(story_ids) if self.reads_claims else []:
            claims.setdefault(group.story_id, []).append(group)
        relations: dict[str, list[Relation]] = {}
        for relation in store.relations(story_ids) if self.reads_relations else []:
            relations.setdefault(relation.story_id, []).append(relation)
        for story_id in story_ids:
            story = stories[story_id]
            members = tuple(articles[i] for i in story.article_ids)
            ids = story.article_ids
            document = (
                embedding_matrix([prints[i] for i in ids])
                if len(ids) > 1 and self.reads_documents
                else np.zeros((len(ids), DIMENSIONS), dtype=np.float32)
            )
            yield StoryWork(
                story,
                members,
                {i: vectors[i] for i in ids if i in vectors},
                document,
                graphs.get(story_id),
                tuple(claims.get(story_id, ())),
                tuple(relations.get(story_id, ())),
            )

    def write(self, store: StoryReader, done: Sequence[tuple[Unit, R]], ctx: StageContext) -> None:
        """Results and marks of computed stories; a failed story's old results go, it gets no mark, and its
        reason is kept in ``rejects`` (only a compute that contains failures, see RecordStage, returns them)."""
        failed = {unit.key: result.reason for unit, result in done if isinstance(result, UnitFailure)}
        results = [self.failed_result() if isinstance(result, UnitFailure) else result for _, result in done]
        with store.transaction():
            self.write_results(store, [unit.key for unit, _ in done], results)
            store.set_marks([StageMark(self.name, unit.key, unit.inputs) for unit, _ in done if unit.key not in failed])
            store.record_unit_failures(self.name, failed)

    def finish(self, store: StoryReader, ctx: StageContext) -> None:
        """Failure rows of stories computed since go: one statement per run, not one per write."""
        store.forget_computed_failures(self.name)

    def failed_result(self) -> R:
        """What a failed story holds in the stage's tables (nothing, for stages that contain failures)."""
        raise NotImplementedError(f"{self.name} does not contain failures")

    def write_results(self, store: Any, story_ids: list[str], results: list[R]) -> None:
        raise NotImplementedError
