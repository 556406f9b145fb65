"""TF-IDF matrices over hashed terms and entity tokens.

Decides how words and entities are weighted when comparing articles:
sublinear term frequency (1 + log tf), smoothed IDF over the articles being
compared, rows scaled to unit length, so a dot product is a cosine. Terms
and entities are hashed into 2^20 columns, so no vocabulary is stored and
a new article can be weighted against document frequencies kept as one
count array.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from newsfuse.index.fingerprints import unpack_terms
from newsfuse.index.tokens import TERM_SPACE
from newsfuse.records import Fingerprint


def entity_id(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) % TERM_SPACE


def term_rows(fingerprints: Sequence[Fingerprint]) -> sparse.csr_matrix:
    """Raw term counts, one row per article."""
    pairs = [unpack_terms(f.terms) for f in fingerprints]
    indptr = np.zeros(len(pairs) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(p) for p in pairs])
    if not pairs or indptr[-1] == 0:
        return sparse.csr_matrix((len(pairs), TERM_SPACE), dtype=np.float32)
    flat = np.vstack(pairs)
    return sparse.csr_matrix(
        (flat[:, 1].astype(np.float32), flat[:, 0].astype(np.int64), indptr), shape=(len(pairs), TERM_SPACE)
    )


def entity_rows(fingerprints: Sequence[Fingerprint]) -> sparse.csr_matrix:
    """Raw entity-token counts, one row per article."""
    ids: list[list[int]] = []
    counts: list[list[int]] = []
    for fingerprint in fingerprints:
        bag: dict[int, int] = {}
        for token in fingerprint.entities:
            key = entity_id(token)
            bag[key] = bag.get(key, 0) + 1
        ids.append(list(bag))
        counts.append(list(bag.values()))
    return _counts_matrix(ids, counts)


def _counts_matrix(ids: list[list[int]], counts: list[list[int]]) -> sparse.csr_matrix:
    indptr = np.zeros(len(ids) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(row) for row in ids])
    flat_ids = np.fromiter((i for row in ids for i in row), dtype=np.int64, count=int(indptr[-1]))
    flat_counts = np.fromiter((c for row in counts for c in row), dtype=np.float32, count=int(indptr[-1]))
    matrix = sparse.csr_matrix((flat_counts, flat_ids, indptr), shape=(len(ids), TERM_SPACE))
    matrix.sum_duplicates()
    return matrix


def document_frequencies(counts: sparse.csr_matrix) -> np.ndarray:
    """How many rows contain each column."""
    return np.bincount(counts.indices, minlength=TERM_SPACE).astype(np.float64)


def weigh_rows(counts: sparse.csr_matrix, df: np.ndarray, n_docs: int) -> sparse.csr_matrix:
    """Unit-length sublinear TF-IDF rows given document frequencies over ``n_docs`` articles.

    IDF is computed only for the columns present, so weighing a few rows
    costs time in their non-zeros, not in the 2^20 columns.
    """
    weighted = counts.astype(np.float32, copy=True)
    if weighted.nnz == 0:
        return weighted
    idf = np.log((n_docs + 1.0) / (df[weighted.indices] + 1.0)) + 1.0
    weighted.data = ((1.0 + np.log(weighted.data)) * idf).astype(np.float32)
    lengths = np.diff(weighted.indptr)
    row_of = np.repeat(np.arange(len(lengths)), lengths)
    norms = np.sqrt(np.bincount(row_of, weights=weighted.data.astype(np.float64) ** 2, minlength=len(lengths)))
    weighted.data /= norms[row_of].astype(np.float32)
    return weighted


def dots_with_row(matrix: sparse.csr_matrix, row: sparse.csr_matrix) -> np.ndarray:
    """Dot product of every row of ``matrix`` with the single row ``row`` (both CSR, sorted indices)."""
    out = np.zeros(matrix.shape[0], dtype=np.float64)
    if row.nnz == 0 or matrix.nnz == 0:
        return out
    row = row.sorted_indices() if not row.has_sorted_indices else row
    keys, values = row.indices, row.data
    positions = np.clip(np.searchsorted(keys, matrix.indices), 0, len(keys) - 1)
    weights = np.where(keys[positions] == matrix.indices, values[positions], 0.0)
    row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    return np.bincount(row_of, weights=matrix.data * weights, minlength=matrix.shape[0])
