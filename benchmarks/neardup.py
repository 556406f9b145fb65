"""Near-duplicate detection: newsfuse vs datasketch vs a text-dedup-style NumPy MinHash.

All three use the same word 3-gram shingles (as 64-bit hashes), 128 permutations, the same LSH
bands x rows (newsfuse's choice for a Jaccard target of 0.3), the same exact
verification (Jaccard >= 0.5 or containment >= 0.8) and union-find, so the
difference is the signature and banding machinery. Measured on synthetic
corpora made of real sentences with known copies (benchmarks/synthetic.py):
throughput over the whole detection (shingling included), peak memory of
the run, the lexical index's bytes per article, and pair precision/recall
against the truth. Medians over --runs runs.

Run: .venv/bin/python -m benchmarks.neardup [--sizes 10000 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import hashlib
import math
import multiprocessing
import resource
import statistics
import time
from collections.abc import Callable

import numpy as np

from benchmarks.synthetic import SyntheticCorpus, build, truth_pairs
from newsfuse.cluster.duplicates import LSH_JACCARD, near_duplicate_components, overlap
from newsfuse.cluster.unionfind import UnionFind
from newsfuse.index.minhash import NUM_PERM, LshParams, band_keys, signatures
from newsfuse.index.tokens import shingles, words

PARAMS = LshParams.for_threshold(LSH_JACCARD)


def newsfuse(texts: list[str]) -> tuple[list[list[int]], int]:
    sets = [shingles(words(t)) for t in texts]
    matrix = signatures(sets)
    index_bytes = matrix.nbytes + band_keys(matrix[:1], PARAMS).nbytes * len(texts)
    return near_duplicate_components(sets, matrix, lsh=PARAMS), index_bytes


def datasketch_lsh(texts: list[str]) -> tuple[list[list[int]], int]:
    from datasketch import MinHash, MinHashLSH

    sets = [shingles(words(t)) for t in texts]
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(PARAMS.bands, PARAMS.rows))
    hashes = []
    for i, shingle_set in enumerate(sets):
        minhash = MinHash(num_perm=NUM_PERM, seed=1)
        minhash.update_batch([s.tobytes() for s in shingle_set])
        lsh.insert(i, minhash)
        hashes.append(minhash)
    pairs = {(min(i, j), max(i, j)) for i, m in enumerate(hashes) for j in lsh.query(m) if j != i}
    return _verify(sets, pairs), sum(m.hashvalues.nbytes for m in hashes) + PARAMS.bands * 8 * len(texts)


_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64((1 << 32) - 1)


def textdedup_style(texts: list[str]) -> tuple[list[list[int]], int]:
    """MinHash as text-dedup computes it: sha1 token hashes, (a*h + b) mod 2^61-1 permutations, band buckets."""
    rng = np.random.RandomState(42)
    a = rng.randint(1, int(_MERSENNE), size=NUM_PERM, dtype=np.uint64)
    b = rng.randint(0, int(_MERSENNE), size=NUM_PERM, dtype=np.uint64)
    sets = [shingles(words(t)) for t in texts]
    buckets: list[dict[bytes, list[int]]] = [{} for _ in range(PARAMS.bands)]
    signature_bytes = 0
    for i, shingle_set in enumerate(sets):
        hv = np.array(
            [int.from_bytes(hashlib.sha1(s.tobytes()).digest()[:4], "little") for s in shingle_set], dtype=np.uint64
        )
        with np.errstate(over="ignore"):
            permuted = ((hv[:, None] * a + b) % _MERSENNE) & _MAX32
        signature = permuted.min(axis=0).astype(np.uint32)
        signature_bytes += signature.nbytes
        for band in range(PARAMS.bands):
            key = signature[band * PARAMS.rows : (band + 1) * PARAMS.rows].tobytes()
            buckets[band].setdefault(key, []).append(i)
    pairs = {(m[0], x) for table in buckets for m in table.values() if len(m) > 1 for x in m[1:]}
    return _verify(sets, pairs), signature_bytes + PARAMS.bands * 8 * len(texts)


def _verify(sets: list[np.ndarray], pairs: set[tuple[int, int]]) -> list[list[int]]:
    uf = UnionFind(len(sets))
    for i, j in sorted(pairs):
        if uf.find(i) != uf.find(j) and overlap(sets[i], sets[j]).is_near_duplicate:
            uf.union(i, j)
    return uf.groups()


SYSTEMS: dict[str, Callable[[list[str]], tuple[list[list[int]], int]]] = {
    "newsfuse (rensa + NumPy LSH)": newsfuse,
    "datasketch MinHash + MinHashLSH": datasketch_lsh,
    "text-dedup-style NumPy MinHash": textdedup_style,
}


def _run_one(name: str, n_docs: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    corpus = build(n_docs)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    groups, index_bytes = SYSTEMS[name](corpus.texts)
    seconds = time.perf_counter() - started
    peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    queue.put((seconds, peak_mb, index_bytes / n_docs, _quality(corpus, groups)))


def _quality(corpus: SyntheticCorpus, groups: list[list[int]]) -> tuple[float, float]:
    found = {(a, b) for g in groups for k, a in enumerate(g) for b in g[k + 1 :]}
    truth = truth_pairs(corpus)
    shared = len(found & truth)
    return shared / max(1, len(found)), shared / max(1, len(truth))


def measure(name: str, n_docs: int) -> tuple[float, float, float, tuple[float, float]]:
    """One run in a fresh process, so peak memory is the system's own."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_run_one, args=(name, n_docs, queue))
    process.start()
    result = queue.get()
    process.join()
    return result  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--systems", nargs="+", default=list(SYSTEMS))
    args = parser.parse_args()
    print(f"LSH {PARAMS.bands} bands x {PARAMS.rows} rows, {NUM_PERM} permutations")
    rates: dict[tuple[str, int], float] = {}
    for n_docs in args.sizes:
        for name in args.systems:
            runs = [measure(name, n_docs) for _ in range(args.runs)]
            seconds = statistics.median(r[0] for r in runs)
            rates[(name, n_docs)] = n_docs / seconds
            peak = statistics.median(r[1] for r in runs)
            precision, recall = runs[0][3]
            print(
                f"{n_docs:>7} {name:<34} {n_docs / seconds:9.0f} docs/s  {seconds:7.1f} s  peak +{peak:7.0f} MB  "
                f"index {runs[0][2]:6.0f} B/doc  P {precision:.4f} R {recall:.4f}"
            )
        base = rates.get(("datasketch MinHash + MinHashLSH", n_docs))
        if base:
            for name in args.systems:
                print(f"{n_docs:>7} {name:<34} {rates[(name, n_docs)] / base:6.2f}x datasketch")
    if len(args.sizes) >= 2:
        small, large = min(args.sizes), max(args.sizes)
        for name in args.systems:
            t_small, t_large = small / rates[(name, small)], large / rates[(name, large)]
            exponent = math.log(t_large / t_small) / math.log(large / small)
            print(f"time grows as n^{exponent:.2f} for {name}")


if __name__ == "__main__":
    main()
