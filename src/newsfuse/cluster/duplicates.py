"""Near-duplicate groups: LSH candidates, verified exactly, joined by union-find.

Decides which articles are the same text. Phases:

1. exact: equal hashes of normalised text;
2. candidates: MinHash LSH tuned to a Jaccard of 0.4 (low, so trimmed
   reprints become candidates), plus any extra pairs the caller knows of
   (close embeddings);
3. verify: exact Jaccard and containment of word 3-gram sets; a pair is a
   near-duplicate when either is high, so a reprint that drops or adds
   paragraphs is still caught;
4. group: union-find over verified pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from newsfuse.cluster.unionfind import UnionFind
from newsfuse.ids import digest
from newsfuse.index.fingerprints import minhash_matrix
from newsfuse.index.minhash import LshParams, candidate_pairs
from newsfuse.index.tokens import shingles, words
from newsfuse.records import Article, DuplicateGroup, Fingerprint

# Calibrated on the synthetic near-duplicate benchmark (benchmarks/neardup.py):
# copies with up to 30% of words edited keep Jaccard >= 0.5, and trims that
# keep half of an article keep containment >= 0.8 against the original;
# unrelated articles on one topic stay below 0.15 on both.
NEAR_JACCARD = 0.5
NEAR_CONTAINMENT = 0.8
# LSH target below the verification thresholds, so that pairs passing only
# on containment (a reprint trimmed to 40-50%: Jaccard 0.4-0.5) still become
# candidates: 36 bands of 3 rows find a Jaccard-0.4 pair with probability
# 0.91 and a 0.5 pair with 0.99; 512 + 36 * 8 bytes per article.
LSH_JACCARD = 0.3


@dataclass(frozen=True)
class PairOverlap:
    """Word 3-gram overlap of two articles."""

    jaccard: float
    containment: float

    @property
    def is_near_duplicate(self) -> bool:
        return self.jaccard >= NEAR_JACCARD or self.containment >= NEAR_CONTAINMENT


def overlap(a: np.ndarray, b: np.ndarray) -> PairOverlap:
    """Jaccard and containment (share of the smaller set inside the larger) of two sorted hash sets."""
    if len(a) == 0 or len(b) == 0:
        return PairOverlap(0.0, 0.0)
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return PairOverlap(shared / (len(a) + len(b) - shared), shared / min(len(a), len(b)))


def near_duplicate_components(
    shingle_sets: Sequence[np.ndarray],
    signature_matrix: np.ndarray,
    exact_hashes: Sequence[str] | None = None,
    extra_pairs: Iterable[tuple[int, int]] = (),
    lsh: LshParams | None = None,
) -> list[list[int]]:
    """Index groups (two or more members) of exact or verified near duplicates."""
    uf = UnionFind(len(shingle_sets))
    if exact_hashes is not None:
        by_hash: dict[str, int] = {}
        for i, value in enumerate(exact_hashes):
            uf.union(by_hash.setdefault(value, i), i)
    candidates = candidate_pairs(signature_matrix, lsh or LshParams.for_threshold(LSH_JACCARD))
    candidates.update((min(i, j), max(i, j)) for i, j in extra_pairs if i != j)
    for i, j in sorted(candidates):
        if uf.find(i) != uf.find(j) and overlap(shingle_sets[i], shingle_sets[j]).is_near_duplicate:
            uf.union(i, j)
    return uf.groups()


def find_duplicate_groups(
    articles: Sequence[Article],
    fingerprints: Sequence[Fingerprint],
    extra_pairs: Iterable[tuple[int, int]] = (),
    text_of: Callable[[str], str] | None = None,
) -> list[DuplicateGroup]:
    """Groups of two or more articles that are exact or near duplicates, in input order.

    ``text_of`` (article id -> clean text) lets the caller pass articles
    without their texts (the store's heads) and read a text only when a
    candidate pair needs verifying.
    """
    # Default: the texts the articles carry (a dict of references, no copies).
    shingle_sets = _LazyShingles(articles, text_of or {a.id: a.text for a in articles}.__getitem__)
    components = near_duplicate_components(
        shingle_sets, minhash_matrix(list(fingerprints)), [f.exact_hash for f in fingerprints], extra_pairs
    )
    groups = []
    for members in components:
        kind: Literal["exact", "near"] = "exact" if len({fingerprints[i].exact_hash for i in members}) == 1 else "near"
        ids = tuple(articles[i].id for i in members)
        groups.append(DuplicateGroup(group_id="d" + digest(*ids)[:15], article_ids=ids, kind=kind))
    return groups


class _LazyShingles(Sequence[np.ndarray]):
    """Shingle sets computed on first use: only candidates of a pair are ever tokenised."""

    def __init__(self, articles: Sequence[Article], text_of: Callable[[str], str]) -> None:
        self.articles = articles
        self.text_of = text_of
        self.cache: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.articles)

    def __getitem__(self, index: int) -> np.ndarray:  # type: ignore[override]
        if index not in self.cache:
            self.cache[index] = shingles(words(self.text_of(self.articles[index].id)))
        return self.cache[index]
