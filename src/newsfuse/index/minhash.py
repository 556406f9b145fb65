"""MinHash signatures and LSH banding.

Decides which article pairs are worth comparing word for word. Signatures
come from rensa (Rust; 57x datasketch's throughput in MODELS.md); banding is
vectorised NumPy over the signature matrix, so the candidate step is a sort
per band rather than a Python dictionary per document, and it shards by
band for the Ray engine.

>>> a, b = np.array([1, 2, 3], dtype=np.uint64), np.array([7, 8], dtype=np.uint64)
>>> sig = signatures([a, a, b])
>>> sorted(candidate_pairs(sig, LshParams.for_threshold(0.5)))
[(0, 1)]
"""

from __future__ import annotations

import array
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import rensa

from newsfuse.index.lexical import ShingleBatch, distinct, shingle_batches

# 128 permutations: the standard error of a Jaccard estimate is
# sqrt(J(1-J)/128) <= 0.044, and a signature is 512 bytes, inside the
# 1 KB-per-article budget for the lexical index.
NUM_PERM = 128
SEED = 20230524
# Buckets bigger than this are boilerplate or one story reprinted hundreds
# of times; a star plus a chain keeps them connected without emitting
# size^2 pairs.
MAX_BUCKET_PAIRS = 64
_EMPTY = np.zeros(1, dtype=np.uint64)
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5], dtype=np.uint64)


@dataclass(frozen=True)
class LshParams:
    """Bands x rows over the signature; derived from a Jaccard threshold."""

    bands: int
    rows: int

    @classmethod
    @lru_cache(maxsize=32)
    def for_threshold(cls, threshold: float, num_perm: int = NUM_PERM, fn_weight: float = 0.5) -> LshParams:
        """The (bands, rows) minimising weighted false-positive and false-negative mass around ``threshold``.

        The same criterion datasketch uses: integrate the probability of
        becoming a candidate below the threshold (false positives) and of
        not becoming one above it (false negatives).
        """
        grid = np.linspace(0.0, 1.0, 201)
        best: tuple[float, int, int] | None = None
        for bands in range(1, num_perm + 1):
            for rows in range(1, num_perm // bands + 1):
                hit = 1.0 - (1.0 - grid**rows) ** bands
                below, above = grid <= threshold, grid > threshold
                fp = np.trapezoid(hit[below], grid[below])
                fn = np.trapezoid(1.0 - hit[above], grid[above])
                cost = (1 - fn_weight) * fp + fn_weight * fn
                if best is None or cost < best[0]:
                    best = (float(cost), bands, rows)
        assert best is not None
        return cls(bands=best[1], rows=best[2])

    def probability(self, jaccard: float) -> float:
        """Chance that a pair with this Jaccard similarity becomes a candidate."""
        return float(1.0 - (1.0 - jaccard**self.rows) ** self.bands)


def signatures(shingle_sets: Iterable[np.ndarray]) -> np.ndarray:
    """MinHash signatures, one row of ``NUM_PERM`` uint32 per set of 64-bit shingle hashes."""
    sets = [s if len(s) else _EMPTY for s in shingle_sets]
    if not sets:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    offsets = np.zeros(len(sets) + 1, dtype=np.uint64)
    offsets[1:] = np.cumsum([len(s) for s in sets])
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(np.concatenate(sets), offsets, NUM_PERM, SEED)
    return np.asarray(matrix.to_rows(), dtype=np.uint32)


def batch_signatures(batch: ShingleBatch) -> np.ndarray:
    """As ``signatures`` for the rows of a shingle batch, in one call to rensa."""
    flat = array.array("I")
    _sign_into(batch, flat)
    return np.frombuffer(flat, dtype=np.uint32).reshape(-1, NUM_PERM)


def _sign_into(batch: ShingleBatch, flat: array.array[int]) -> None:
    """Append the batch's signatures, row after row, to ``flat``."""
    hashes, offsets = batch.hashes, batch.offsets
    empty = np.flatnonzero(np.diff(offsets) == 0)
    if len(empty):
        # An empty text gets the signature of the set {0}, as in ``signatures``.
        hashes = np.insert(hashes, offsets[empty], 0)
        offsets = offsets + np.searchsorted(empty, np.arange(len(offsets)), side="left")
    if len(offsets) == 1:
        return
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(hashes, offsets.astype(np.uint64), NUM_PERM, SEED)
    # rensa hands rows back as Python lists; array.array reads them a third faster than np.array.
    flat.extend(itertools.chain.from_iterable(matrix.to_rows()))


def text_signatures(texts: Sequence[str]) -> np.ndarray:
    """MinHash signatures of texts over their word 3-grams (``lexical.shingle_batch``), signed a chunk at a time."""
    flat = array.array("I")
    for batch in shingle_batches(texts):
        _sign_into(batch, flat)
    return np.frombuffer(flat, dtype=np.uint32).reshape(-1, NUM_PERM)


def text_signatures_with_sizes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """As ``text_signatures``, with each text's number of distinct shingles, from the same shingling.

    The sizes let the duplicates stage turn the containment rule into a
    Jaccard threshold per pair and decide clear pairs from the signatures.
    Chunks' signatures go into one buffer (a stack of per-chunk arrays
    copied them all once more).
    """
    flat = array.array("I")
    sizes = [np.zeros(0, dtype=np.int64)]
    for batch in shingle_batches(texts):
        _sign_into(batch, flat)
        sizes.append(batch.distinct_counts())
    return np.frombuffer(flat, dtype=np.uint32).reshape(-1, NUM_PERM), np.concatenate(sizes)


def band_keys(signature_matrix: np.ndarray, params: LshParams) -> np.ndarray:
    """One 64-bit key per (document, band): shape (n, bands).

    Each band's key is ((row 0 + 1) x mix + row 1 + 2) x mix + row 2 + 3
    (wrapping), built in place from strided views of the signature: a
    widened copy of the whole matrix cost 0.3 s at 100,000 articles.
    """
    n = signature_matrix.shape[0]
    used = params.bands * params.rows
    keys = np.zeros((n, params.bands), dtype=np.uint64)
    if not n:  # no articles: the matrix may have no columns either (``minhash_matrix([])``)
        return keys
    with np.errstate(over="ignore"):
        for r in range(params.rows):
            keys *= _MIX[r % len(_MIX)]
            keys += signature_matrix[:, r : used : params.rows]
            keys += np.uint64(r + 1)
    return keys


def candidate_pairs(signature_matrix: np.ndarray, params: LshParams) -> set[tuple[int, int]]:
    """Index pairs (i < j) that share at least one band."""
    return {(int(i), int(j)) for i, j in candidate_pair_array(signature_matrix, params)}


def candidate_pair_array(signature_matrix: np.ndarray, params: LshParams) -> np.ndarray:
    """As ``candidate_pairs``, as a sorted (m, 2) int64 array; one sort per band, no Python loop per bucket."""
    n = signature_matrix.shape[0]
    keys = band_keys(signature_matrix, params)
    found = [_bucket_pairs(keys[:, band]) for band in range(params.bands)]
    codes = distinct(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    return np.stack([codes // max(n, 1), codes % max(n, 1)], axis=1)


def _bucket_pairs(keys: np.ndarray) -> np.ndarray:
    """Pairs sharing a key, encoded as i * n + j (i < j).

    Each member pairs with every earlier member of its bucket; in a bucket
    of more than ``MAX_BUCKET_PAIRS`` pairs, with the first member and the
    one before it (a star plus a chain: connected, linear in its size).
    Only members of buckets of two or more (a few percent) go on past the
    sort: the run arithmetic over all n took a third of the time per band.
    """
    n = len(keys)
    order = np.argsort(keys)  # not stable (a fifth faster): bucket members are put in index order below
    sorted_keys = keys[order]
    same = sorted_keys[1:] == sorted_keys[:-1]  # sorted position k + 1 is in k's bucket
    shared = np.flatnonzero(np.append(same, False) | np.insert(same, 0, False))
    m = len(shared)
    new_run = np.ones(m, dtype=bool)
    new_run[1:] = ~same[shared[1:] - 1]
    bucket = np.cumsum(new_run)
    order[shared] = np.sort(bucket * n + order[shared]) % n  # members of a bucket in index order
    run_start = np.maximum.accumulate(np.where(new_run, np.arange(m), 0))
    rank = np.arange(m) - run_start
    run_size = np.diff(np.append(np.flatnonzero(new_run), m))[bucket - 1]
    small = run_size * (run_size - 1) // 2 <= MAX_BUCKET_PAIRS
    late = np.flatnonzero(small & (rank > 0))
    earlier = np.repeat(run_start[late], rank[late])
    earlier += np.arange(len(earlier)) - np.repeat(np.cumsum(rank[late]) - rank[late], rank[late])
    later = np.repeat(late, rank[late])
    big = np.flatnonzero(~small & (rank > 0))
    left = order[shared[np.concatenate([earlier, run_start[big], big - 1])]]
    right = order[shared[np.concatenate([later, big, big])]]
    codes: np.ndarray = left.astype(np.int64) * n + right
    return codes


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity estimated from two signatures."""
    return float(np.mean(a == b))
