"""Near-duplicate groups: LSH candidates, verified exactly, joined by union-find.

Decides which articles are the same text. Phases:

1. exact: equal hashes of normalised text;
2. candidates: MinHash LSH tuned to a Jaccard of 0.4 (low, so trimmed
   reprints become candidates), plus any extra pairs the caller knows of
   (close embeddings);
3. verify: exact Jaccard and containment of word 3-gram sets; a pair is a
   near-duplicate when either is high, so a reprint that drops or adds
   paragraphs is still caught;
4. group: connected components over verified pairs (scipy's csgraph).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from newsfuse.ids import digest
from newsfuse.index.fingerprints import minhash_matrix
from newsfuse.index.lexical import distinct, shingle_batches
from newsfuse.index.minhash import LshParams, candidate_pair_array
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
# Candidate pairs verified at once: their shingles (about 300 x 8 bytes per
# text) and the lookup arrays stay within a few hundred MB.
VERIFY_BATCH = 20_000


@dataclass(frozen=True)
class PairOverlap:
    """Word 3-gram overlap of two articles."""

    jaccard: float
    containment: float

    @property
    def is_near_duplicate(self) -> bool:
        return self.jaccard >= NEAR_JACCARD or self.containment >= NEAR_CONTAINMENT


def overlap(a: np.ndarray, b: np.ndarray) -> PairOverlap:
    """Jaccard and containment (share of the smaller set inside the larger) of two sorted sets of distinct hashes."""
    if len(a) == 0 or len(b) == 0:
        return PairOverlap(0.0, 0.0)
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    found = np.minimum(np.searchsorted(large, small), len(large) - 1)
    shared = int(np.count_nonzero(large[found] == small))
    return PairOverlap(shared / (len(a) + len(b) - shared), shared / min(len(a), len(b)))


@runtime_checkable
class ShingleSource(Protocol):
    """Shingle sets fetched by index, many at a time (so texts are read and tokenised in batches)."""

    def __len__(self) -> int: ...

    def sets(self, indices: np.ndarray) -> list[np.ndarray]:
        """The sorted distinct shingles of each requested text, in that order."""
        ...


class ShingleList:
    """A source over shingle sets already in memory."""

    def __init__(self, sets: Sequence[np.ndarray]) -> None:
        self._sets = sets

    def __len__(self) -> int:
        return len(self._sets)

    def sets(self, indices: np.ndarray) -> list[np.ndarray]:
        return [distinct(np.asarray(self._sets[int(i)], dtype=np.uint64)) for i in indices]


class TextShingles:
    """A source that reads the texts of the requested articles and shingles them in one batch."""

    def __init__(self, articles: Sequence[Article], text_of: Callable[[str], str]) -> None:
        self.articles = articles
        self.text_of = text_of

    def __len__(self) -> int:
        return len(self.articles)

    def sets(self, indices: np.ndarray) -> list[np.ndarray]:
        return texts_shingle_sets([self.text_of(self.articles[int(i)].id) for i in indices])


def texts_shingle_sets(texts: Sequence[str]) -> list[np.ndarray]:
    """The sorted distinct shingles of each text, shingled a chunk of texts at a time."""
    return [row for batch in shingle_batches(texts) for row in batch.rows()]


def near_duplicate_components(
    shingle_sets: Sequence[np.ndarray] | ShingleSource,
    signature_matrix: np.ndarray,
    exact_hashes: Sequence[str] | None = None,
    extra_pairs: Iterable[tuple[int, int]] = (),
    lsh: LshParams | None = None,
) -> list[list[int]]:
    """Index groups (two or more members) of exact or verified near duplicates."""
    source = shingle_sets if isinstance(shingle_sets, ShingleSource) else ShingleList(shingle_sets)
    n = len(source)
    exact_group = np.arange(n)
    if exact_hashes is not None:
        by_hash: dict[str, int] = {}
        exact_group = np.fromiter((by_hash.setdefault(v, i) for i, v in enumerate(exact_hashes)), np.int64, n)
    pairs = candidate_pair_array(signature_matrix, lsh or LshParams.for_threshold(LSH_JACCARD))
    extra = np.array([(min(i, j), max(i, j)) for i, j in extra_pairs if i != j], dtype=np.int64).reshape(-1, 2)
    if len(extra):
        pairs = np.unique(np.concatenate([pairs, extra]), axis=0)
    # Pairs inside one exact group are joined already; the rest are verified in batches.
    pairs = pairs[exact_group[pairs[:, 0]] != exact_group[pairs[:, 1]]]
    verified = [np.stack([np.arange(n), exact_group], axis=1)]
    for start in range(0, len(pairs), VERIFY_BATCH):
        chunk = pairs[start : start + VERIFY_BATCH]
        jaccard, containment = pair_overlaps(source, chunk)
        verified.append(chunk[(jaccard >= NEAR_JACCARD) | (containment >= NEAR_CONTAINMENT)])
    return connected_groups(n, np.concatenate(verified))


def connected_groups(n: int, edges: np.ndarray) -> list[list[int]]:
    """Connected components of two or more of 0..n-1 under the (m, 2) edges: sorted, ordered by first member."""
    graph = sparse.coo_matrix((np.ones(len(edges), dtype=np.int8), (edges[:, 0], edges[:, 1])), shape=(n, n))
    _, labels = csgraph.connected_components(graph, directed=False)
    sizes = np.bincount(labels)
    members = np.flatnonzero(sizes[labels] >= 2)
    if not len(members):
        return []
    ordered = members[np.argsort(labels[members], kind="stable")]
    cuts = np.flatnonzero(np.diff(labels[ordered])) + 1
    groups = [g.tolist() for g in np.split(ordered, cuts)]
    return sorted(groups, key=lambda g: g[0])


def pair_overlaps(source: ShingleSource, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact Jaccard and containment of each index pair's shingle sets.

    The shingles of every text in the pairs come in one batch (one read, one
    vectorised shingling); each set is then sorted once and each pair counts
    its shared shingles with one ``searchsorted``. One global sort of the
    batch's shingles keyed by (text, rank) was tried instead of the loop: on
    10,000 synthetic articles it took 60% longer (pairs are few, about one
    per article, and sets are small).
    """
    jaccard, containment = np.zeros(len(pairs)), np.zeros(len(pairs))
    if not len(pairs):
        return jaccard, containment
    members = distinct(pairs.ravel())
    sets = dict(zip(members.tolist(), source.sets(members), strict=True))
    for k, (i, j) in enumerate(pairs.tolist()):
        a, b = sets[i], sets[j]
        small, large = (a, b) if len(a) <= len(b) else (b, a)
        if not len(small):
            continue
        shared = int(np.count_nonzero(large.take(large.searchsorted(small), mode="clip") == small))
        jaccard[k] = shared / (len(a) + len(b) - shared)
        containment[k] = shared / len(small)
    return jaccard, containment


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
    source = TextShingles(articles, text_of or {a.id: a.text for a in articles}.__getitem__)
    components = near_duplicate_components(
        source, minhash_matrix(list(fingerprints)), [f.exact_hash for f in fingerprints], extra_pairs
    )
    groups = []
    for members in components:
        kind: Literal["exact", "near"] = "exact" if len({fingerprints[i].exact_hash for i in members}) == 1 else "near"
        ids = tuple(articles[i].id for i in members)
        groups.append(DuplicateGroup(group_id="d" + digest(*ids)[:15], article_ids=ids, kind=kind))
    return groups
