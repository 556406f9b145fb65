"""The store seam: narrow interfaces, one per table family, that stages name.

Decides what each part of newsfuse may ask of persistence. A stage declares
the protocol it needs (the provenance stage a ``ProvenanceStageStore``, the
ingest a ``Store``), so the DuckDB file can be swapped (an in-memory database
in tests, another backend later) and a stage cannot reach tables it does not
own. The types here are records or small dataclasses defined in this module;
nothing is imported from an implementation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from newsfuse.clean.repetition import LineStats
from newsfuse.records import (
    Article,
    Brief,
    ClaimGroup,
    DuplicateGroup,
    Fingerprint,
    Provenance,
    Rejection,
    Relation,
    Story,
)


@dataclass(frozen=True)
class InputSeen:
    """One raw record read: its hash, where it came from, and the article it gave."""

    raw_hash: str
    input: str
    article_id: str | None


@dataclass(frozen=True)
class BatchResult:
    """What one ingest batch stored: the new article ids, and how many were already there."""

    stored_ids: tuple[str, ...]
    duplicates: int


@dataclass(frozen=True)
class StageMark:
    """A unit a stage finished: ``inputs`` is a digest of everything the result depends on."""

    stage: str
    unit: str
    inputs: str


class Transactional(Protocol):
    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all (nests: only the outermost commits)."""
        ...


class ArticleReader(Protocol):
    """Reading stored articles and rejections."""

    path: str

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]: ...

    def get_article(self, article_id: str) -> Article | None: ...

    def iter_article_heads(self) -> Iterator[Article]: ...

    def article_text(self, article_id: str) -> str: ...

    def article_metas(self) -> list[tuple[str, str | None, str | None]]: ...

    def article_ids(self) -> list[str]: ...

    def article_count(self) -> int: ...

    def iter_rejections(self) -> Iterator[Rejection]: ...


class Store(ArticleReader, Protocol):
    """What ingest needs: raw-record bookkeeping and transactional batches."""

    def known_raw_hashes(self, hashes: Sequence[str]) -> set[str]: ...

    def write_batch(
        self,
        articles: Sequence[Article],
        rejections: Sequence[Rejection],
        inputs: Sequence[InputSeen],
        line_keys: Counter[str] | None = None,
        line_documents: int | None = None,
    ) -> BatchResult: ...

    def line_stats(self) -> LineStats: ...

    def describe(self) -> dict[str, Any]: ...

    def close(self) -> None: ...


class FingerprintStore(Protocol):
    def articles_without_fingerprints(self) -> list[str]: ...

    def write_fingerprints(self, fingerprints: Sequence[Fingerprint]) -> None: ...

    def iter_fingerprints(self, ids: Iterable[str] | None = None) -> Iterator[Fingerprint]: ...


class SentenceVectorStore(Protocol):
    def articles_without_sentence_vectors(
        self, ids: Iterable[str] | None = None, embedder: str | None = None
    ) -> list[str]: ...

    def write_sentence_vectors(self, rows: Sequence[tuple[str, np.ndarray, str]]) -> None: ...

    def sentence_vectors(self, ids: Iterable[str], dims: int, embedder: str | None = None) -> dict[str, np.ndarray]: ...


class StoryStore(Protocol):
    """Duplicate groups and stories (replaced by a batch grouping, updated by incremental assignment)."""

    def replace_duplicate_groups(self, duplicate_groups: Sequence[DuplicateGroup]) -> None: ...

    def duplicate_groups(self) -> list[DuplicateGroup]: ...

    def write_stories(self, stories: Sequence[Story], replace: bool = False) -> None: ...

    def stories(self, story_ids: Iterable[str] | None = None) -> list[Story]: ...

    def story_members(self, story_ids: Iterable[str] | None = None) -> list[tuple[str, tuple[str, ...]]]: ...

    def story_assignments(self) -> dict[str, str]: ...


class ProvenanceStore(Protocol):
    def replace_provenance(
        self, story_ids: Sequence[str], relations: Sequence[Relation], graphs: Sequence[Provenance], clear: bool = False
    ) -> None: ...

    def relations(self, story_ids: Iterable[str] | None = None) -> list[Relation]: ...

    def provenance(self, story_ids: Iterable[str] | None = None) -> list[Provenance]: ...


class ClaimStore(Protocol):
    def replace_claims(self, story_ids: Sequence[str], groups: Sequence[ClaimGroup], clear: bool = False) -> None: ...

    def claims(self, story_ids: Iterable[str] | None = None) -> list[ClaimGroup]: ...


class BriefStore(Protocol):
    def replace_briefs(self, story_ids: Sequence[str], briefs: Sequence[Brief], clear: bool = False) -> None: ...

    def briefs(self, story_ids: Iterable[str] | None = None) -> list[Brief]: ...

    def event_dates(self) -> dict[str, str]: ...


class MarkStore(Transactional, Protocol):
    """Completion marks: which units of which stage are done, and on what inputs."""

    def marks(self, stages: Sequence[str], units: Iterable[str] | None = None) -> dict[tuple[str, str], str]: ...

    def set_marks(self, marks: Sequence[StageMark]) -> None: ...

    def record_unit_failures(self, stage: str, failed: Mapping[str, str]) -> None: ...

    def forget_computed_failures(self, stage: str) -> None: ...

    def prune_stories(self, stage: str, tables: Sequence[str]) -> int: ...


# What each corpus stage reads and writes, named after the stage.
class IndexStageStore(ArticleReader, FingerprintStore, MarkStore, Protocol): ...


class SentenceStageStore(ArticleReader, SentenceVectorStore, StoryStore, MarkStore, Protocol): ...


class GroupStageStore(ArticleReader, FingerprintStore, StoryStore, MarkStore, Protocol): ...


class StoryReader(ArticleReader, FingerprintStore, SentenceVectorStore, StoryStore, MarkStore, Protocol):
    """What every per-story stage reads: stories with their articles, fingerprints and sentence vectors."""


class ProvenanceStageStore(StoryReader, ProvenanceStore, Protocol): ...


class ClaimStageStore(StoryReader, ProvenanceStore, ClaimStore, Protocol): ...


class BriefStageStore(StoryReader, ProvenanceStore, ClaimStore, BriefStore, Protocol): ...


class OutletStageStore(StoryReader, ProvenanceStore, ClaimStore, Protocol):
    """The outlets stage: stories with their relations, graphs and claims; role rows go
    through ``newsfuse.outlets.tables`` on the connection."""

    con: Any


class ReportStore(ArticleReader, StoryStore, ProvenanceStore, ClaimStore, BriefStore, Protocol):
    """What the contract files and reports read: every table streamed in contract order."""

    def article_inputs(self) -> list[tuple[str, str]]: ...

    def iter_relations(self) -> Iterator[Relation]: ...

    def iter_provenance(self) -> Iterator[Provenance]: ...

    def iter_claims(self) -> Iterator[ClaimGroup]: ...

    def iter_briefs(self) -> Iterator[Brief]: ...
