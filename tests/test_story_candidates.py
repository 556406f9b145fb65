"""Story candidates from approximate indexes: deterministic, close to the exact search, limited to a news window."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from newsfuse.cluster.neighbours import MAX_ENTITY_DF, ann_top_k, dense_top_k, entity_top_k, sparse_top_k


def _clustered_vectors(n: int, clusters: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, 48))
    vectors = centres[rng.integers(0, clusters, size=n)] + 0.4 * rng.normal(size=(n, 48))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_ann_pairs_are_deterministic_and_near_the_exact_ones() -> None:
    vectors = _clustered_vectors(2000, 80)
    first, second = ann_top_k(vectors, 10), ann_top_k(vectors, 10)
    assert np.array_equal(first, second)
    exact = dense_top_k(vectors, 10)
    found = {(int(a), int(b)) for a, b in first}
    assert len(exact & found) / len(exact) > 0.98
    assert bool(np.all(first[:, 0] < first[:, 1]))


def test_ann_pairs_skip_zero_vectors() -> None:
    assert ann_top_k(np.zeros((5, 8), dtype=np.float32)).shape == (0, 2)


def test_entity_pairs_equal_the_exact_search_below_the_frequency_cap() -> None:
    rng = np.random.default_rng(4)
    counts = sparse.random(300, 500, density=0.02, random_state=5, format="csr", dtype=np.float64)
    counts.data = rng.random(len(counts.data)) + 0.1
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1))).ravel()
    rows = sparse.diags(1 / np.where(norms > 0, norms, 1)) @ counts
    assert np.bincount(rows.indices).max() <= MAX_ENTITY_DF
    found = {(int(a), int(b)) for a, b in entity_top_k(rows.tocsr(), 5)}
    assert found == sparse_top_k(rows.tocsr(), 5)


def test_entity_pairs_leave_out_tokens_of_too_many_articles() -> None:
    n = MAX_ENTITY_DF + 10
    common = sparse.csr_matrix(np.ones((n, 1)))  # one token everyone shares
    assert entity_top_k(common).shape == (0, 2)


def test_pairs_further_apart_than_the_window_are_dropped() -> None:
    vectors = _clustered_vectors(40, 1)
    days = np.array([0.0] * 20 + [100.0] * 19 + [np.nan])
    pairs = ann_top_k(vectors, 39, days=days)
    gaps = np.abs(days[pairs[:, 0]] - days[pairs[:, 1]])
    assert not np.any(gaps > 30)
    assert np.any(pairs == 39)  # no date: kept
    assert len(pairs) == 20 * 19 // 2 + 19 * 18 // 2 + 39
