from __future__ import annotations

import numpy as np
import pytest

from newsfuse.cluster.duplicates import overlap
from newsfuse.cluster.linkage import average_linkage
from newsfuse.cluster.unionfind import UnionFind
from newsfuse.index.lexical import hash_words
from newsfuse.index.minhash import LshParams, candidate_pairs, estimate_jaccard, signatures
from newsfuse.index.tokens import shingles, words


def test_union_find_groups() -> None:
    uf = UnionFind(6)
    uf.union(0, 3)
    uf.union(3, 5)
    uf.union(1, 2)
    assert uf.groups() == [[0, 3, 5], [1, 2]]
    assert uf.groups(min_size=1) == [[0, 3, 5], [1, 2], [4]]


def test_lsh_params_follow_the_threshold() -> None:
    low, high = LshParams.for_threshold(0.3), LshParams.for_threshold(0.8)
    assert low.bands * low.rows <= 128 and high.bands * high.rows <= 128
    assert low.probability(0.3) > high.probability(0.3)
    assert high.probability(0.9) > 0.9 and high.probability(0.5) < 0.2


def _hashes(tokens: list[str]) -> np.ndarray:
    return np.unique(hash_words(tokens))


def test_minhash_estimates_jaccard() -> None:
    a = _hashes([f"w{i}" for i in range(200)])
    b = _hashes([f"w{i}" for i in range(100, 300)])  # true Jaccard 1/3
    sig = signatures([a, b])
    assert abs(estimate_jaccard(sig[0], sig[1]) - 1 / 3) < 0.12


def test_candidates_find_similar_sets_and_skip_unrelated() -> None:
    base = [f"tok{i}" for i in range(300)]
    edited = base[:270] + [f"new{i}" for i in range(30)]
    other = [f"zz{i}" for i in range(300)]
    sig = signatures([_hashes(base), _hashes(edited), _hashes(other)])
    assert candidate_pairs(sig, LshParams.for_threshold(0.5)) == {(0, 1)}


def test_overlap_catches_a_trimmed_reprint() -> None:
    original = words(" ".join(f"sentence {i} says something specific about item {i}." for i in range(40)))
    trimmed = original[: len(original) // 2]
    result = overlap(shingles(original), shingles(trimmed))
    assert result.jaccard < 0.55 and result.containment > 0.95 and result.is_near_duplicate


def test_average_linkage_respects_threshold_and_initial_groups() -> None:
    edges = {(0, 1): 0.9, (2, 3): 0.8, (1, 2): 0.2}
    assert average_linkage(5, edges, threshold=0.5) == [[0, 1], [2, 3], [4]]
    # {1, 4} starts merged; 0 joins it only if the average (0.9 + 0) / 2 clears the threshold
    assert average_linkage(5, edges, threshold=0.5, initial=[[1, 4]]) == [[0], [1, 4], [2, 3]]
    assert average_linkage(5, edges, threshold=0.4, initial=[[1, 4]]) == [[0, 1, 4], [2, 3]]
    assert average_linkage(5, edges, threshold=0.04) == [[0, 1, 2, 3], [4]]  # 0.2 / 4 pairs = 0.05


def test_average_linkage_is_order_independent() -> None:
    rng = np.random.default_rng(3)
    edges = {(int(a), int(b)): float(rng.random()) for a, b in rng.integers(0, 30, size=(120, 2)) if a < b}
    shuffled = dict(sorted(edges.items(), key=lambda kv: -kv[1]))
    assert average_linkage(30, edges, 0.4) == average_linkage(30, shuffled, 0.4)


@pytest.mark.parametrize("text", ["中国和俄罗斯签署了协议", "Привет мир и снова привет"])
def test_tokens_work_for_scripts_without_spaces_and_cyrillic(text: str) -> None:
    assert len(words(text)) >= 3


def test_shingle_hashes_are_stable_and_order_sensitive() -> None:
    first = shingles(words("the quick brown fox jumps"))
    assert len(first) == 3 and first.dtype == np.uint64
    assert np.array_equal(first, shingles(words("The quick brown fox jumps!")))
    assert not np.array_equal(first, shingles(words("fox brown quick the jumps")))
