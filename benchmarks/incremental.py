"""Incremental story assignment latency: one new article into a store of N.

Builds N fingerprints from the synthetic corpus (real sentences; words,
MinHash and rule-based entities computed for real; document vectors are
synthetic, a shared direction per base article plus noise, because embedding
100,000 articles with e5 on 2 cores takes hours), loads them into a
StoryAssigner as already-assigned stories, then times ``assign`` for --probes
new articles one at a time. Prints p50/p99 latency without embedding time,
and separately the time e5 takes to embed one article's lead, which is what
a real new article adds.

Run: .venv/bin/python -m benchmarks.incremental [--size 100000] [--probes 300]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from benchmarks.synthetic import build
from newsfuse.cluster.features import ArticleMeta
from newsfuse.cluster.incremental import StoryAssigner
from newsfuse.index.embed import DIMENSIONS, E5Embedder, lead_text
from newsfuse.index.entities import rule_tokens
from newsfuse.index.fingerprints import exact_hash, pack_terms
from newsfuse.index.minhash import text_signatures
from newsfuse.index.tokens import term_counts, words
from newsfuse.records import Fingerprint


def fingerprints_for(texts: list[str], vectors: np.ndarray, chunk: int = 10_000) -> list[Fingerprint]:
    """Fingerprints a chunk of texts at a time (a million texts' word lists at once would not fit in memory)."""
    found: list[Fingerprint] = []
    for start in range(0, len(texts), chunk):
        part = texts[start : start + chunk]
        minhashes = text_signatures(part)
        for offset, text in enumerate(part):
            i = start + offset
            found.append(
                Fingerprint(
                    article_id=f"a{i:07d}",
                    exact_hash=exact_hash(text),
                    minhash=minhashes[offset].astype("<u4").tobytes(),
                    embedding=vectors[i].astype("<f4").tobytes(),
                    terms=pack_terms(term_counts(words(text))),
                    entities=tuple(rule_tokens(text)),
                    embedder="synthetic",
                )
            )
    return found


def synthetic_vectors(n: int, groups: list[list[int]], seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(n, DIMENSIONS)).astype(np.float32)
    for group in groups:
        vectors[group] = vectors[group[0]] + 0.3 * rng.normal(size=(len(group), DIMENSIONS))
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--probes", type=int, default=300)
    args = parser.parse_args()
    corpus = build(args.size + args.probes, seed=11)
    vectors = synthetic_vectors(len(corpus.texts), corpus.groups)
    started = time.perf_counter()
    prints = fingerprints_for(corpus.texts, vectors)
    print(f"fingerprints for {len(prints)} articles: {time.perf_counter() - started:.0f} s")
    leads = corpus.texts[-5:]  # for the e5 timing; the rest of the texts (GBs at a million) are no longer needed
    groups = corpus.groups
    del corpus, vectors
    metas = [ArticleMeta(f.article_id, "en", None) for f in prints]
    story_of = {i: f"s{i}" for i in range(len(prints))}
    for group in groups:
        for member in group:
            story_of[member] = f"s{group[0]}"
    assigner = StoryAssigner()
    started = time.perf_counter()
    assigner.load(metas[: args.size], prints[: args.size], [story_of[i] for i in range(args.size)])
    print(f"load {args.size} assigned articles: {time.perf_counter() - started:.1f} s")
    latencies = []
    for i in range(args.size, len(prints)):
        began = time.perf_counter()
        assigner.assign(metas[i], prints[i])
        latencies.append((time.perf_counter() - began) * 1000)
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    print(f"assign one article into {args.size}: p50 {p50:.2f} ms, p99 {p99:.2f} ms ({len(latencies)} probes)")
    embedder = E5Embedder()
    embedder.embed([lead_text(None, "The model loads on its first text.")])
    timings = []
    # A different lead each time: the embedder keeps the vectors of texts it has seen.
    for text in leads:
        began = time.perf_counter()
        embedder.embed([lead_text(None, text)])
        timings.append((time.perf_counter() - began) * 1000)
    print(f"embedding one article lead with e5: median {statistics.median(timings):.0f} ms (5 leads)")


if __name__ == "__main__":
    main()
