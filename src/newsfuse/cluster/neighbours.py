"""Candidate pairs for story clustering: each article's nearest neighbours.

Decides which pairs get scored, so the cost grows with n*k rather than n^2:
the k most similar articles by embedding and the k most similar by entity
TF-IDF (which finds same-event reports whose embeddings differ, and works
when embeddings are off).

- Embeddings: an HNSW index (usearch, inner product over unit vectors),
  built single-threaded in article order so the graph, and so the stories,
  are the same on every run. Search costs about log n per article.
- Entities: a sparse product restricted to entity tokens held by at most
  ``MAX_ENTITY_DF`` articles. A token shared by more articles is a common
  name that cannot tell events apart on its own; the pairs it would add
  grow with the square of its frequency. Scoring still uses every token.
- Both are limited to pairs published within ``WINDOW_DAYS`` of each other
  (pairs without a date on either side are kept): a story is an event in a
  news cycle, and beyond a month the score's time factor is at its floor.

The exact blockwise searches (``dense_top_k``, ``sparse_top_k``) stay for
comparison in benchmarks/grouping.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse

from newsfuse.index.lexical import distinct

# ECB+ events have at most 22 reports; 30 neighbours cover an event of that
# size with room for near-misses, and keep the pair count at 60 per article.
NEIGHBOURS = 30
BLOCK = 2048
# Similarities computed at once at most (rows x corpus): 2^24 float64 cells
# are 128 MB, so a block holds BLOCK rows up to 8,192 articles and fewer
# beyond, and memory does not grow with the corpus (same pairs, same cost).
BLOCK_CELLS = 2**24
# Entity tokens in more articles than this are left out of candidate search
# (not of scoring): on ECB+ the largest event has 22 reports and the largest
# topic a few dozen, so a token of 256 articles names something broader than
# an event; each article then meets at most (its tokens x 256) others.
MAX_ENTITY_DF = 256
# Candidate pairs further apart than this are dropped: the score's time
# factor reaches its floor at 30 days (``StoryWeights.distant_days``).
WINDOW_DAYS = 30.0
# HNSW search breadth and storage: 64 candidates examined per query for 30
# returned, vectors kept as float16. On 10,000 synthetic articles this found
# every neighbour pair of cosine > 0.5 that the exact search finds, as
# float32 with breadth 128 did, in a quarter of the time (3.7 s against
# 13 s of one core); on ECB+ and MEANTIME the stories are those of the exact
# search (evals/stories.py; MEANTIME differs by the window, see above).
EXPANSION = 64


def ann_top_k(vectors: np.ndarray, k: int = NEIGHBOURS, days: np.ndarray | None = None) -> np.ndarray:
    """Pairs (i < j), sorted, where j is among i's k nearest by inner product in an HNSW index, or the reverse."""
    n = vectors.shape[0]
    if n < 2 or not np.any(vectors):
        return np.zeros((0, 2), dtype=np.int64)
    k = min(k, n - 1)
    index = _hnsw(vectors.shape[1])
    index.add(np.arange(n), np.ascontiguousarray(vectors, dtype=np.float32), threads=1)
    found = index.search(np.ascontiguousarray(vectors, dtype=np.float32), k + 1, threads=1)
    keys = np.asarray(found.keys, dtype=np.int64).reshape(n, -1)
    rows = np.repeat(np.arange(n), keys.shape[1])
    columns = keys.ravel()
    valid = (columns >= 0) & (columns < n) & (columns != rows)
    return _within_window(_pairs(rows[valid], columns[valid], n), days)


def entity_top_k(matrix: sparse.csr_matrix, k: int = NEIGHBOURS, days: np.ndarray | None = None) -> np.ndarray:
    """Pairs (i < j), sorted, where j is among i's k most similar by entity tokens of at most MAX_ENTITY_DF articles."""
    n = matrix.shape[0]
    if n < 2 or matrix.nnz == 0:
        return np.zeros((0, 2), dtype=np.int64)
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    rare = matrix.multiply((df <= MAX_ENTITY_DF).astype(np.float32)[np.newaxis, :]).tocsr()
    rare.eliminate_zeros()
    transposed = rare.T.tocsr()
    found = []
    for start in range(0, n, BLOCK):
        block = (rare[start : start + BLOCK] @ transposed).tocoo()
        rows, columns, values = block.row + start, block.col, block.data
        keep = (columns != rows) & (values > 1e-6)
        found.append(_top_per_row(rows[keep], columns[keep], values[keep], k))
    rows = np.concatenate([f[0] for f in found])
    columns = np.concatenate([f[1] for f in found])
    return _within_window(_pairs(rows, columns, n), days)


def _top_per_row(rows: np.ndarray, columns: np.ndarray, values: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k highest-valued (row, column) entries of each row (ties: in the product's order, which is fixed)."""
    # One stable sort on row + (1 - cosine): cosines are in (0, 1], so rows stay apart.
    order = np.argsort(rows + (1.0 - np.minimum(values, 1.0)) * 0.5, kind="stable")
    rows, columns = rows[order], columns[order]
    first = np.searchsorted(rows, rows)  # position of each row's first entry
    rank = np.arange(len(rows)) - first
    return rows[rank < k], columns[rank < k]


def _pairs(rows: np.ndarray, columns: np.ndarray, n: int) -> np.ndarray:
    low, high = np.minimum(rows, columns), np.maximum(rows, columns)
    codes = distinct(low.astype(np.int64) * n + high)
    return np.stack([codes // n, codes % n], axis=1)


def _within_window(pairs: np.ndarray, days: np.ndarray | None) -> np.ndarray:
    if days is None or not len(pairs):
        return pairs
    gap = np.abs(days[pairs[:, 0]] - days[pairs[:, 1]])
    kept: np.ndarray = pairs[~(gap > WINDOW_DAYS)]  # NaN (a date missing) keeps the pair
    return kept


def _hnsw(dimensions: int) -> Any:
    from usearch.index import Index

    return Index(ndim=dimensions, metric="ip", dtype="f16", expansion_add=EXPANSION, expansion_search=EXPANSION)


def _rows_per_block(n: int) -> int:
    return max(1, min(BLOCK, BLOCK_CELLS // max(n, 1)))


def dense_top_k(vectors: np.ndarray, k: int = NEIGHBOURS) -> set[tuple[int, int]]:
    """Exact search: pairs (i < j) where j is among i's k nearest by dot product, or the reverse."""
    n = vectors.shape[0]
    pairs: set[tuple[int, int]] = set()
    if n < 2 or not np.any(vectors):
        return pairs
    k = min(k, n - 1)
    rows = _rows_per_block(n)
    for start in range(0, n, rows):
        block = vectors[start : start + rows] @ vectors.T
        _add_top(block, start, k, pairs)
    return pairs


def sparse_top_k(matrix: sparse.csr_matrix, k: int = NEIGHBOURS) -> set[tuple[int, int]]:
    """Exact search as ``dense_top_k`` for unit-length sparse rows (cosine), over every token."""
    n = matrix.shape[0]
    pairs: set[tuple[int, int]] = set()
    if n < 2:
        return pairs
    k = min(k, n - 1)
    transposed = matrix.T.tocsc()
    rows = _rows_per_block(n)
    for start in range(0, n, rows):
        block = (matrix[start : start + rows] @ transposed).toarray()
        _add_top(block, start, k, pairs, minimum=1e-6)
    return pairs


def _add_top(block: np.ndarray, start: int, k: int, pairs: set[tuple[int, int]], minimum: float = -np.inf) -> None:
    rows = np.arange(block.shape[0])
    block[rows, rows + start] = -np.inf  # never pair an article with itself
    top = np.argpartition(-block, k - 1, axis=1)[:, :k]
    for row, columns in enumerate(top):
        i = start + row
        for j in columns:
            if block[row, j] > minimum:
                pairs.add((min(i, int(j)), max(i, int(j))))
