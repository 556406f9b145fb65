"""Near-duplicate groups: LSH candidates, verified exactly, joined by union-find.

Decides which articles are the same text. Phases:

1. exact: equal hashes of normalised text;
2. candidates: MinHash LSH tuned to a Jaccard of 0.4 (low, so trimmed
   reprints become candidates), plus any extra pairs the caller knows of
   (close embeddings);
3. screen: given both articles' numbers of distinct 3-grams, the two
   rules below are one Jaccard threshold per pair; a pair whose MinHash
   estimate lies far above it is accepted, far below it rejected, without
   reading either text;
4. verify: exact Jaccard and containment of word 3-gram sets for the pairs
   the screen left open; a pair is a near-duplicate when either is high,
   so a reprint that drops or adds paragraphs is still caught;
5. group: connected components over verified pairs (scipy's csgraph).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from newsfuse.ids import digest
from newsfuse.index.fingerprints import minhash_matrix, shingle_sizes
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
# How many standard errors of the MinHash estimate (share of equal entries;
# sqrt(t(1-t)/128) at a pair's threshold t) must lie between the estimate
# and t (plus LSH's selection bias when accepting) for the screen to decide
# the pair. Under the binomial model a pair sitting exactly at its
# threshold is decided wrongly with probability at most 2.5e-6 at t = 0.5
# and 7e-5 at t = 0.05 (the upper tail is heavier for small t). Calibrated
# on the candidate pairs of a synthetic corpus the benchmark does not use
# (benchmarks/synthetic.py, 100,000 articles, seed 2; 69,835 pairs, exact
# J known for each): the expected number of wrong decisions in the whole
# run, summing each pair's binomial tail at its own J, is 4e-4 at 4.5
# (5e-3 at 4, 3e-5 at 5); none was made at 4 to 6, the wrong-side pair
# closest to its threshold was 2.1 standard errors past it; 4.5 leaves
# 14.7% of pairs to exact verification (17.6% at 5, 11.8% at 4). Reported
# on the benchmark's corpus (seed 1; 71,142 pairs): expected 4e-4, none
# made, closest 1.9, 14.6% open.
SCREEN_SIGMAS = 4.5
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
    sizes: np.ndarray | None = None,
) -> list[list[int]]:
    """Index groups (two or more members) of exact or verified near duplicates.

    ``sizes`` (each text's number of distinct shingles, -1 if unknown) turn
    on the signature screen (``screen_pairs``); without them every
    candidate pair is verified exactly.
    """
    source = shingle_sets if isinstance(shingle_sets, ShingleSource) else ShingleList(shingle_sets)
    n = len(source)
    exact_group = np.arange(n)
    if exact_hashes is not None:
        by_hash: dict[str, int] = {}
        exact_group = np.fromiter((by_hash.setdefault(v, i) for i, v in enumerate(exact_hashes)), np.int64, n)
    lsh = lsh or LshParams.for_threshold(LSH_JACCARD)
    pairs = candidate_pair_array(signature_matrix, lsh)
    extra = np.array([(min(i, j), max(i, j)) for i, j in extra_pairs if i != j], dtype=np.int64).reshape(-1, 2)
    if len(extra):
        pairs = np.unique(np.concatenate([pairs, extra]), axis=0)
    # Pairs inside one exact group are joined already; the rest are screened, and the open ones verified in batches.
    pairs = pairs[exact_group[pairs[:, 0]] != exact_group[pairs[:, 1]]]
    verified = [np.stack([np.arange(n), exact_group], axis=1)]
    if sizes is not None:
        decisions = screen_pairs(pairs, signature_matrix, sizes, lsh)
        verified.append(pairs[decisions > 0])
        pairs = pairs[decisions == 0]
    for start in range(0, len(pairs), VERIFY_BATCH):
        chunk = pairs[start : start + VERIFY_BATCH]
        jaccard, containment = pair_overlaps(source, chunk)
        verified.append(chunk[(jaccard >= NEAR_JACCARD) | (containment >= NEAR_CONTAINMENT)])
    return connected_groups(n, np.concatenate(verified))


def pair_thresholds(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The Jaccard similarity at which shingle sets of sizes a and b become near duplicates.

    With s shared shingles and m = min(a, b), containment s / m >= C holds
    exactly when J = s / (a + b - s) >= C m / (a + b - C m) (J grows with
    s), so "J >= NEAR_JACCARD or containment >= NEAR_CONTAINMENT" is
    J >= the smaller of the two thresholds.
    """
    m = np.minimum(a, b).astype(np.float64)
    by_containment = NEAR_CONTAINMENT * m / np.maximum(a + b - NEAR_CONTAINMENT * m, 1.0)
    thresholds: np.ndarray = np.minimum(NEAR_JACCARD, by_containment)
    return thresholds


def screen_pairs(
    pairs: np.ndarray, signature_matrix: np.ndarray, sizes: np.ndarray, lsh: LshParams | None = None
) -> np.ndarray:
    """Which pairs the signatures decide: 1 near duplicate, -1 not, 0 open (verify exactly).

    A pair is decided when its estimated Jaccard (share of equal signature
    entries) lies ``SCREEN_SIGMAS`` standard errors above or below its
    threshold. Pairs found by ``lsh`` share a whole band, so their
    estimate runs high (``selection_bias``); acceptance asks that much
    more. A pair with an unknown size stays open; one with an empty text is
    rejected, as exact verification would.
    """
    decisions = np.zeros(len(pairs), dtype=np.int8)
    for start in range(0, len(pairs), VERIFY_BATCH):
        chunk = pairs[start : start + VERIFY_BATCH]
        decisions[start : start + len(chunk)] = _screen_chunk(chunk, signature_matrix, sizes, lsh)
    return decisions


def selection_bias(jaccard: np.ndarray, lsh: LshParams, entries: int) -> np.ndarray:
    """How far a pair's estimate runs above its Jaccard J on average, given that LSH selected it.

    A banded entry matches with probability J; given that the pair shares
    some band, with J x P(candidate | that entry matches) / P(candidate).
    Summed over the bands x rows entries: 0.022 at J = 0.05, 0.016 at 0.2,
    0.0005 at 0.5 (36 x 3 of 128; a flat rows / 128 = 0.023 asked too much
    near 0.5, where nearly every pair is a candidate anyway). The estimate's
    mean grows with J, so the bias at a pair's threshold covers every J below it.
    """
    rows, bands = lsh.rows, lsh.bands
    chance = 1 - (1 - jaccard**rows) ** bands
    given_match = 1 - (1 - jaccard ** (rows - 1)) * (1 - jaccard**rows) ** (bands - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(chance > 0, given_match / chance, 1.0)
    bias: np.ndarray = bands * rows * jaccard * (ratio - 1) / entries
    return bias


def _screen_chunk(
    pairs: np.ndarray, signature_matrix: np.ndarray, sizes: np.ndarray, lsh: LshParams | None
) -> np.ndarray:
    left, right = sizes[pairs[:, 0]], sizes[pairs[:, 1]]
    entries = signature_matrix.shape[1]
    estimate = np.count_nonzero(signature_matrix[pairs[:, 0]] == signature_matrix[pairs[:, 1]], axis=1) / entries
    threshold = pair_thresholds(np.maximum(left, 0), np.maximum(right, 0))  # -1: unknown, left open below
    margin = SCREEN_SIGMAS * np.sqrt(threshold * (1 - threshold) / entries)
    bias = selection_bias(threshold, lsh, entries) if lsh is not None else 0.0
    known = (left >= 0) & (right >= 0)
    empty = known & (np.minimum(left, right) == 0)
    accept = known & ~empty & (estimate >= threshold + bias + margin)
    reject = empty | (known & (estimate <= threshold - margin))  # the bias only makes rejection safer
    decisions: np.ndarray = accept.astype(np.int8) - reject.astype(np.int8)
    return decisions


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
    prints = list(fingerprints)
    components = near_duplicate_components(
        source, minhash_matrix(prints), [f.exact_hash for f in prints], extra_pairs, sizes=shingle_sizes(prints)
    )
    groups = []
    for members in components:
        kind: Literal["exact", "near"] = "exact" if len({fingerprints[i].exact_hash for i in members}) == 1 else "near"
        ids = tuple(articles[i].id for i in members)
        groups.append(DuplicateGroup(group_id="d" + digest(*ids)[:15], article_ids=ids, kind=kind))
    return groups
