"""Batch story grouping time: the exact neighbour search vs approximate indexes, at growing corpus sizes.

Builds N synthetic articles (real sentences with known copies,
benchmarks/synthetic.py) with real word terms, MinHash and rule-based
entities, and synthetic document vectors (a shared direction per base
article plus noise, as benchmarks/incremental.py: embedding 100,000
articles with e5 on 2 cores takes hours). Each base article gets a
publication day in a 90-day span, its copies the same day or the next.
Times ``cluster_stories`` (candidates, scoring, average linkage, story
records) from fingerprints, once with ``search="exact"`` (the blockwise
quadratic search) and once with ``search="ann"`` (HNSW + rare entity
tokens within a publication window), in fresh processes, medians of --runs
runs of CPU seconds, and prints how time grows with n (the exponent
between the smallest and largest size). ``--skip-exact-above`` leaves out
exact runs on large corpora when only the new path is wanted.

Run: .venv/bin/python -m benchmarks.grouping [--sizes 10000 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import random
import resource
import statistics
import time
from datetime import date, timedelta

from benchmarks.incremental import fingerprints_for, synthetic_vectors
from benchmarks.synthetic import SyntheticCorpus, build
from newsfuse.cluster.stories import cluster_stories
from newsfuse.records import Article

SEARCHES = ("exact", "ann")
SPAN_DAYS = 90


def articles_for(corpus: SyntheticCorpus, seed: int = 5) -> list[Article]:
    """Articles with ids matching ``fingerprints_for`` and publication dates (copies near their base's)."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    day = [start + timedelta(days=rng.randrange(SPAN_DAYS)) for _ in corpus.texts]
    for group in corpus.groups:
        for member in group[1:]:
            day[member] = day[group[0]] + timedelta(days=rng.randrange(2))
    return [
        Article(
            id=f"a{i:07d}",
            input=f"synthetic#{i}",
            text=text,
            source_format="text",
            published_at=day[i].isoformat(),
            language="en",
        )
        for i, text in enumerate(corpus.texts)
    ]


def _run(search: str, n_docs: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    corpus = build(n_docs, seed=11)
    prints = fingerprints_for(corpus.texts, synthetic_vectors(n_docs, corpus.groups))
    articles = articles_for(corpus)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu, wall = time.process_time(), time.perf_counter()
    stories = cluster_stories(articles, prints, search=search)  # type: ignore[arg-type]
    queue.put(
        (
            time.process_time() - cpu,
            time.perf_counter() - wall,
            (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024,
            len(stories),
        )
    )


def measure(search: str, n_docs: int) -> tuple[float, float, float, int]:
    """CPU s, wall s, peak memory added (MB) and story count of one run in a fresh process."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_run, args=(search, n_docs, queue))
    process.start()
    result = queue.get()
    process.join()
    return result  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--searches", nargs="+", default=list(SEARCHES), choices=SEARCHES)
    parser.add_argument("--skip-exact-above", type=int, default=None, help="no exact runs on larger corpora")
    args = parser.parse_args()
    cpu: dict[tuple[str, int], float] = {}
    for n_docs in args.sizes:
        for search in args.searches:
            if search == "exact" and args.skip_exact_above and n_docs > args.skip_exact_above:
                continue
            runs = [measure(search, n_docs) for _ in range(args.runs)]
            cpu[(search, n_docs)] = statistics.median(r[0] for r in runs)
            print(
                f"{n_docs:>8} {search:<6} cpu {cpu[(search, n_docs)]:8.1f} s  "
                f"wall {statistics.median(r[1] for r in runs):8.1f} s  "
                f"peak +{statistics.median(r[2] for r in runs):6.0f} MB  stories {runs[0][3]}",
                flush=True,
            )
    for search in args.searches:
        sizes = sorted(n for s, n in cpu if s == search)
        if len(sizes) >= 2:
            small, large = sizes[0], sizes[-1]
            exponent = math.log(cpu[(search, large)] / cpu[(search, small)]) / math.log(large / small)
            print(f"{search}: CPU time grows as n^{exponent:.2f} from {small} to {large} articles")


if __name__ == "__main__":
    main()
