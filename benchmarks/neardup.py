"""Near-duplicate detection per core: newsfuse's stage vs datasketch, from clean text.

Both systems start from the same clean texts and do the whole job:
shingle (word 3-grams of ``tokens.words``), sign (128 permutations), band
(LSH for a Jaccard target of 0.3: datasketch's ``MinHashLSH(threshold=0.3,
num_perm=128)`` picks its bands itself, newsfuse's ``LshParams`` use the
same false-positive/false-negative criterion) and verify (exact Jaccard
>= 0.5 or containment >= 0.8 of the shingle sets, then union-find).

- newsfuse: ``lexical.shingle_batch`` + rensa's flat batch MinHash and each
  text's count of distinct shingles (as the index stage computes
  fingerprints), then NumPy banding, the signature screen, and batched
  verification that re-reads and re-shingles only the candidate texts the
  screen left open (as the duplicates stage does).
- datasketch, as its documentation recommends: shingles encoded to bytes
  once, ``MinHash.bulk`` (``update_batch`` with shared permutations),
  ``MinHashLSH.insertion_session``, one ``query`` per document, candidates
  verified with Python sets of the same bytes.

Each run is a fresh process pinned to one core (``--core``, rensa limited
to one thread), and the two systems alternate run by run on the same
synthetic corpus (real sentences with known copies, benchmarks/synthetic.py),
so they meet the same machine load. Prints the median CPU and wall seconds
of --runs runs, the median of the per-run ratios (CPU time is the per-core
cost; wall time also counts waiting for a busy core), the lexical index's
bytes per article, and pair precision and recall against the known copies.

Run: .venv/bin/python -m benchmarks.neardup [--sizes 10000 100000] [--runs 3] [--core 1]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import time
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from benchmarks.synthetic import SyntheticCorpus, build, truth_pairs
from newsfuse.cluster.duplicates import (
    LSH_JACCARD,
    NEAR_CONTAINMENT,
    NEAR_JACCARD,
    near_duplicate_components,
    texts_shingle_sets,
)
from newsfuse.cluster.unionfind import UnionFind
from newsfuse.index.minhash import NUM_PERM, LshParams, text_signatures_with_sizes
from newsfuse.index.tokens import SHINGLE_WORDS, words

PARAMS = LshParams.for_threshold(LSH_JACCARD)
# Texts signed per call, as the index stage's batches (one engine batch).
SIGN_BATCH = 4096


class _InMemoryTexts:
    """Candidate texts re-read and re-shingled in one batch, as the duplicates stage reads them from the store."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts

    def __len__(self) -> int:
        return len(self.texts)

    def sets(self, indices: np.ndarray) -> list[np.ndarray]:
        return texts_shingle_sets([self.texts[int(i)] for i in indices])


def newsfuse(texts: list[str]) -> tuple[list[list[int]], int]:
    chunks = [text_signatures_with_sizes(texts[s : s + SIGN_BATCH]) for s in range(0, len(texts), SIGN_BATCH)]
    matrix = np.vstack([signed for signed, _ in chunks])
    sizes = np.concatenate([counted for _, counted in chunks])
    # Kept per article: the signature and its shingle count (stored as a 4-byte
    # INTEGER); held while banding: one 8-byte key per band.
    index_bytes = matrix.nbytes + 4 * len(texts) + PARAMS.bands * 8 * len(texts)
    return near_duplicate_components(_InMemoryTexts(texts), matrix, lsh=PARAMS, sizes=sizes), index_bytes


def datasketch_lsh(texts: list[str]) -> tuple[list[list[int]], int]:
    from datasketch import MinHash, MinHashLSH

    shingle_bytes = [_shingle_strings(words(t)) for t in texts]
    minhashes = MinHash.bulk(shingle_bytes, num_perm=NUM_PERM)
    lsh = MinHashLSH(threshold=LSH_JACCARD, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for i, minhash in enumerate(minhashes):
            session.insert(i, minhash, check_duplication=False)
    pairs = {(min(i, j), max(i, j)) for i, m in enumerate(minhashes) for j in lsh.query(m) if j != i}
    uf = UnionFind(len(texts))
    sets = [set(s) for s in shingle_bytes]
    for i, j in sorted(pairs):
        shared = len(sets[i] & sets[j])
        smaller = min(len(sets[i]), len(sets[j]))
        union = len(sets[i]) + len(sets[j]) - shared
        if smaller and (shared / union >= NEAR_JACCARD or shared / smaller >= NEAR_CONTAINMENT):
            uf.union(i, j)
    index_bytes = sum(m.hashvalues.nbytes for m in minhashes) + lsh.b * 8 * len(texts)
    return uf.groups(), index_bytes


def _shingle_strings(tokens: list[str]) -> list[bytes]:
    """Word 3-grams as UTF-8 bytes (a text of fewer words is one shingle), as datasketch's docs encode tokens."""
    if len(tokens) < SHINGLE_WORDS:
        return [" ".join(tokens).encode()] if tokens else []
    return [" ".join(tokens[k : k + SHINGLE_WORDS]).encode() for k in range(len(tokens) - SHINGLE_WORDS + 1)]


SYSTEMS: dict[str, Callable[[list[str]], tuple[list[list[int]], int]]] = {
    "newsfuse": newsfuse,
    "datasketch": datasketch_lsh,
}


def _run_one(name: str, n_docs: int, core: int | None, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Time one system on one corpus in this (fresh) process: CPU seconds are the per-core cost.

    Wall seconds are printed too; on a machine shared with other work they
    include time the process waited for the core, CPU seconds do not.
    """
    if core is not None:
        os.sched_setaffinity(0, {core})
    corpus = build(n_docs)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu_started = time.perf_counter(), time.process_time()
    groups, index_bytes = SYSTEMS[name](corpus.texts)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    queue.put(Run(cpu, seconds, peak_mb, index_bytes / n_docs, *_quality(corpus, groups)))


def _quality(corpus: SyntheticCorpus, groups: list[list[int]]) -> tuple[float, float]:
    found = {(a, b) for g in groups for k, a in enumerate(g) for b in g[k + 1 :]}
    truth = truth_pairs(corpus)
    shared = len(found & truth)
    return shared / max(1, len(found)), shared / max(1, len(truth))


class Run(NamedTuple):
    cpu: float
    wall: float
    peak_mb: float
    index_bytes: float
    precision: float
    recall: float


def measure(name: str, n_docs: int, core: int | None) -> Run:
    """One run in a fresh process (one thread for rensa), so peak memory is the system's own."""
    os.environ["RAYON_NUM_THREADS"] = "1"
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_run_one, args=(name, n_docs, core, queue))
    process.start()
    result = queue.get()
    process.join()
    return Run(*result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--core", type=int, default=min(os.sched_getaffinity(0)), help="CPU to pin runs to")
    parser.add_argument("--systems", nargs="+", default=list(SYSTEMS), choices=list(SYSTEMS))
    args = parser.parse_args()
    print(f"LSH {PARAMS.bands} bands x {PARAMS.rows} rows, {NUM_PERM} permutations, one core (CPU {args.core})")
    for n_docs in args.sizes:
        runs: dict[str, list[Run]] = {s: [] for s in args.systems}
        for _ in range(args.runs):  # alternate, so both meet the same machine load
            for name in args.systems:
                runs[name].append(measure(name, n_docs, args.core))
        for name in args.systems:
            _report(n_docs, name, runs[name])
        if "datasketch" in runs and "newsfuse" in runs:
            for clock in ("cpu", "wall"):
                pairs = zip(runs["datasketch"], runs["newsfuse"], strict=True)
                ratios = [getattr(d, clock) / getattr(n, clock) for d, n in pairs]
                print(
                    f"{n_docs:>7} newsfuse {statistics.median(ratios):.1f}x datasketch ({clock} time; per run "
                    f"{' '.join(f'{r:.1f}' for r in ratios)})"
                )


def _report(n_docs: int, name: str, runs: list[Run]) -> None:
    cpu = statistics.median(r.cpu for r in runs)
    wall = statistics.median(r.wall for r in runs)
    first = runs[0]
    print(
        f"{n_docs:>7} {name:<10} cpu {cpu:7.2f} s ({n_docs / cpu:6.0f} docs/s)  wall {wall:7.2f} s  "
        f"peak +{statistics.median(r.peak_mb for r in runs):5.0f} MB  index {first.index_bytes:4.0f} B/doc  "
        f"P {first.precision:.4f} R {first.recall:.4f}"
    )


if __name__ == "__main__":
    main()
