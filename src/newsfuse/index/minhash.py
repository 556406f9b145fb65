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

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import rensa

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


def band_keys(signature_matrix: np.ndarray, params: LshParams) -> np.ndarray:
    """One 64-bit key per (document, band): shape (n, bands)."""
    n = signature_matrix.shape[0]
    used = signature_matrix[:, : params.bands * params.rows].astype(np.uint64)
    blocks = used.reshape(n, params.bands, params.rows)
    keys = np.zeros((n, params.bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(params.rows):
            keys = keys * _MIX[r % len(_MIX)] + blocks[:, :, r] + np.uint64(r + 1)
    return keys


def candidate_pairs(signature_matrix: np.ndarray, params: LshParams) -> set[tuple[int, int]]:
    """Index pairs (i < j) that share at least one band."""
    pairs: set[tuple[int, int]] = set()
    keys = band_keys(signature_matrix, params)
    for band in range(params.bands):
        pairs.update(_bucket_pairs(keys[:, band]))
    return pairs


def _bucket_pairs(keys: np.ndarray) -> Iterator[tuple[int, int]]:
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    same_as_next = sorted_keys[1:] == sorted_keys[:-1]
    if not same_as_next.any():
        return
    # Runs of equal keys: only buckets with two or more members are visited.
    starts = np.flatnonzero(same_as_next & ~np.concatenate(([False], same_as_next[:-1])))
    for start in starts:
        end = start + 1
        while end < len(sorted_keys) and sorted_keys[end] == sorted_keys[start]:
            end += 1
        yield from _pairs_within(sorted(int(i) for i in order[start:end]))


def _pairs_within(members: list[int]) -> Iterator[tuple[int, int]]:
    if len(members) * (len(members) - 1) // 2 <= MAX_BUCKET_PAIRS:
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                yield members[a], members[b]
        return
    hub = members[0]
    for a, b in itertools.pairwise(members):
        yield hub, b
        yield a, b


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity estimated from two signatures."""
    return float(np.mean(a == b))
