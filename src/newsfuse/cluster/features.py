"""The scoring features of a growing set of articles, kept so one more article costs little.

Decides how the story pair score's inputs (document embeddings, TF-IDF
rows of words and of entities, publication days, languages) are held
while articles arrive one at a time. Rows live in a few blocks whose sizes
fall geometrically, as in a log-structured merge: a new article is a block
of one, and the last two blocks merge while the older is at most twice the
newer. Adding an article then costs O(log n) rows copied on average and
reading a few thousand rows touches at most about log2(n) blocks, where
stacking every addition onto one tail cost time in proportion to the tail
(up to a tenth of the corpus) and rebuilding the day array cost O(n).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from newsfuse.cluster.vectors import document_frequencies, entity_rows, term_rows
from newsfuse.index.embed import DIMENSIONS
from newsfuse.index.fingerprints import embedding_matrix
from newsfuse.index.tokens import TERM_SPACE
from newsfuse.ingest.dates import to_datetime
from newsfuse.records import Article, Fingerprint

# A block merges into the one before it while that one holds at most this
# many times its rows: 2 keeps the blocks' sizes halving, so there are at
# most about log2(n) of them and each row is copied about log2(n) times.
MERGE_RATIO = 2


@dataclass(frozen=True)
class ArticleMeta:
    """What scoring needs of an article besides its fingerprint."""

    article_id: str
    language: str | None
    published_at: str | None

    @classmethod
    def of(cls, article: Article) -> ArticleMeta:
        return cls(article.id, article.language, article.published_at)


class FeatureTable:
    """Scoring features of a growing set of articles (row i = i-th article added)."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.languages: list[str | None] = []
        self._days = np.zeros(0, dtype=np.float64)
        self._blocks: list[_Block] = []
        self._starts: list[int] = []
        self.term_df = np.zeros(0)
        self.entity_df = np.zeros(0)

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, metas: Sequence[ArticleMeta], fingerprints: Sequence[Fingerprint]) -> None:
        """Append articles; document frequencies grow with them."""
        if not metas:
            return
        block = _Block(
            embedding_matrix(list(fingerprints)).reshape(len(metas), -1),
            term_rows(fingerprints),
            entity_rows(fingerprints),
        )
        self.term_df = _count_columns(self.term_df, block.terms)
        self.entity_df = _count_columns(self.entity_df, block.entities)
        self._append_days([_day_number(m.published_at) for m in metas])
        self._starts.append(len(self.ids))
        self.ids.extend(m.article_id for m in metas)
        self.languages.extend(m.language for m in metas)
        self._blocks.append(block)
        while len(self._blocks) >= 2 and self._blocks[-2].size <= MERGE_RATIO * self._blocks[-1].size:
            newer = self._blocks.pop()
            self._starts.pop()
            self._blocks[-1] = _Block.stack([self._blocks[-1], newer])

    def _append_days(self, days: list[float]) -> None:
        """Days go into an array that doubles when full, so ``days()`` is a view, not a copy of a list."""
        used = len(self.ids)
        if used + len(days) > len(self._days):
            grown = np.full(max(2 * len(self._days), used + len(days), 16), np.nan)
            grown[:used] = self._days[:used]
            self._days = grown
        self._days[used : used + len(days)] = days

    def select(self, rows: np.ndarray | None = None) -> _Block:
        """The features of the given rows (all when None), in that order."""
        if not self._blocks:
            return _Block.empty()
        if rows is None:
            return self._blocks[0] if len(self._blocks) == 1 else _Block.stack(self._blocks)
        rows = np.asarray(rows, dtype=np.int64)
        if len(self._blocks) == 1:
            return self._blocks[0].take(rows)
        starts = np.asarray(self._starts)
        owner = np.searchsorted(starts, rows, side="right") - 1
        parts, positions = [], []
        for block in np.unique(owner):
            here = np.flatnonzero(owner == block)
            parts.append(self._blocks[block].take(rows[here] - starts[block]))
            positions.append(here)
        if len(parts) == 1:
            only: _Block = parts[0]
            return only
        return _Block.stack(parts).take(np.argsort(np.concatenate(positions), kind="stable"))

    def days(self) -> np.ndarray:
        """Publication days (NaN where unknown) of every row, as a read-only view."""
        view = self._days[: len(self.ids)]
        view.flags.writeable = False
        return view


@dataclass(frozen=True)
class _Block:
    embeddings: np.ndarray
    terms: sparse.csr_matrix
    entities: sparse.csr_matrix

    @property
    def size(self) -> int:
        return int(self.embeddings.shape[0])

    def take(self, rows: np.ndarray) -> _Block:
        return _Block(self.embeddings[rows], self.terms[rows], self.entities[rows])

    @staticmethod
    def stack(blocks: Sequence[_Block]) -> _Block:
        return _Block(
            np.vstack([b.embeddings for b in blocks]),
            sparse.vstack([b.terms for b in blocks]).tocsr(),
            sparse.vstack([b.entities for b in blocks]).tocsr(),
        )

    @staticmethod
    def empty() -> _Block:
        none = sparse.csr_matrix((0, TERM_SPACE), dtype=np.float32)
        return _Block(np.zeros((0, DIMENSIONS), dtype=np.float32), none, none)


def _count_columns(df: np.ndarray, rows: sparse.csr_matrix) -> np.ndarray:
    """Add each row's columns to the document frequencies, in place once allocated."""
    if df.size == 0:
        return document_frequencies(rows)
    np.add.at(df, rows.indices, 1.0)
    return df


def _day_number(value: str | None) -> float:
    parsed = to_datetime(value) if value else None
    if parsed is None:
        return float("nan")
    return parsed.replace(tzinfo=None).toordinal() + parsed.hour / 24
