"""Candidate pairs for story clustering: each article's nearest neighbours.

Decides which pairs get scored, so the cost grows with n*k rather than n^2:
the k most similar articles by embedding and the k most similar by entity
TF-IDF (which finds same-event reports whose embeddings differ, and works
when embeddings are off). Exact blockwise search; an ANN index takes over in
incremental mode.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

# ECB+ events have at most 22 reports; 30 neighbours cover an event of that
# size with room for near-misses, and keep the pair count at 60 per article.
NEIGHBOURS = 30
BLOCK = 2048
# Similarities computed at once at most (rows x corpus): 2^24 float64 cells
# are 128 MB, so a block holds BLOCK rows up to 8,192 articles and fewer
# beyond, and memory does not grow with the corpus (same pairs, same cost).
BLOCK_CELLS = 2**24


def _rows_per_block(n: int) -> int:
    return max(1, min(BLOCK, BLOCK_CELLS // max(n, 1)))


def dense_top_k(vectors: np.ndarray, k: int = NEIGHBOURS) -> set[tuple[int, int]]:
    """Pairs (i < j) where j is among i's k nearest by dot product, or the reverse."""
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
    """As ``dense_top_k`` for unit-length sparse rows (cosine)."""
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
