"""Load on the web app over loopback: story pages and POST /api/articles from concurrent clients.

Builds a real DuckDB store of --size synthetic articles (real sentences;
fingerprints computed, document vectors synthetic as in
benchmarks/incremental.py, stories from the synthetic groups), starts the
real server (uvicorn) on loopback, warms it up with one POST (the story
assigner loads the store once), then runs --clients concurrent clients, each
alternating story-page GETs and single-article POSTs. Prints p50/p99 latency
per request kind, and the article count before and after (nothing lost).

Run: .venv/bin/python -m benchmarks.web_load [--size 10000] [--clients 10] [--requests 20] [--models]
(--models embeds posted articles with e5 and spaCy, as in production; without
it the light settings keep the measurement on the web and store layers.)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx

from benchmarks.incremental import fingerprints_for, synthetic_vectors
from benchmarks.synthetic import SyntheticCorpus, build
from newsfuse.clean.sentences import sentence_spans
from newsfuse.cluster.stories import describe_story
from newsfuse.config import Settings
from newsfuse.ids import article_id
from newsfuse.index.fingerprints import embedding_matrix
from newsfuse.records import Article
from newsfuse.store import InputSeen, open_store
from newsfuse.web.app import create_app
from newsfuse.web.background import serve_in_thread

LIGHT = Settings(embedder="none", ner="rules")


def build_store(path: Path, size: int, seed: int = 21) -> list[str]:
    """A store of ``size`` articles in stories; returns the story ids."""
    corpus = unique_corpus(size, seed)
    articles = []
    for i, text in enumerate(corpus.texts):
        title = " ".join(text.split()[:8])
        articles.append(
            Article(
                id=article_id(None, title, text),
                input=f"synthetic#{i + 1}",
                text=text,
                source_format="text",
                title=title,
                language="en",
                sentences=tuple(sentence_spans(text)),
            )
        )
    vectors = synthetic_vectors(len(articles), corpus.groups)
    prints = [
        p.__class__(a.id, p.exact_hash, p.minhash, p.embedding, p.terms, p.entities, p.embedder)
        for a, p in zip(articles, fingerprints_for(corpus.texts, vectors), strict=True)
    ]
    group_of = {member: g[0] for g in corpus.groups for member in g}
    members: dict[int, list[int]] = {}
    for i in range(len(articles)):
        members.setdefault(group_of.get(i, i), []).append(i)
    with open_store(str(path)) as store:
        for start in range(0, len(articles), 1000):
            chunk = articles[start : start + 1000]
            store.write_batch(chunk, [], [InputSeen(f"raw{start + k}", a.input, a.id) for k, a in enumerate(chunk)])
        store.write_fingerprints(prints)
        by_index = embedding_matrix(prints)
        stories = [describe_story([articles[i] for i in ids], by_index[ids]) for ids in members.values()]
        store.write_stories(stories, replace=True)
        return [s.story_id for s in sorted(stories, key=lambda s: -len(s.article_ids))]


def unique_corpus(size: int, seed: int) -> SyntheticCorpus:
    """``size`` distinct synthetic articles: exact copies would share an id and shrink the store."""
    corpus = build(size + size // 5, seed=seed)
    first: dict[str, int] = {}
    for i, text in enumerate(corpus.texts):
        first.setdefault(text, i)
    keep = sorted(first.values())[:size]
    new_index = {old: new for new, old in enumerate(keep)}
    groups = [[new_index[i] for i in g if i in new_index] for g in corpus.groups]
    return SyntheticCorpus(
        texts=[corpus.texts[i] for i in keep],
        kinds=[corpus.kinds[i] for i in keep],
        groups=[g for g in groups if len(g) > 1],
    )


def run_load(base: str, story_ids: list[str], clients: int, requests: int, texts: list[str]) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"story page": [], "POST /api/articles": []}
    errors: list[str] = []
    lock = threading.Lock()

    def client(worker: int) -> None:
        with httpx.Client(base_url=base, timeout=300) as http:
            for i in range(requests):
                if i % 2 == 0:
                    path, started = (
                        f"/stories/{story_ids[(worker * requests + i) % len(story_ids)]}",
                        time.perf_counter(),
                    )
                    response = http.get(path)
                    kind = "story page"
                else:
                    body = {"id": f"load-{worker}-{i}", "text": texts[(worker * requests + i) % len(texts)]}
                    started = time.perf_counter()
                    response = http.post("/api/articles", json=body, headers={"Authorization": "Bearer load"})
                    kind = "POST /api/articles"
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    timings[kind].append(elapsed)
                    if response.status_code != 200:
                        errors.append(f"{kind}: {response.status_code} {response.text[:200]}")

    threads = [threading.Thread(target=client, args=(w,)) for w in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, first: {errors[0]}")
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--models", action="store_true", help="embed posted articles with the real models")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "load.duckdb"
        started = time.perf_counter()
        story_ids = build_store(path, args.size)
        with open_store(str(path), read_only=True) as store:
            before = store.describe()["articles"]  # exact copies share one id
        print(f"store of {before} articles, {len(story_ids)} stories built in {time.perf_counter() - started:.0f} s")
        fresh = build(args.clients * args.requests, seed=99, copy_rate=0.0, negative_rate=0.0).texts
        settings = Settings() if args.models else LIGHT
        app = create_app(str(path), "load", settings=settings)
        with serve_in_thread(app) as base:
            ready = httpx.get(f"{base}/api/articles?limit=1").status_code
            warm = time.perf_counter()
            httpx.post(
                f"{base}/api/articles",
                json={"id": "warm-up", "text": fresh[0]},
                headers={"Authorization": "Bearer load"},
                timeout=600,
            )
            print(f"warm-up POST (the story assigner loads the store): {time.perf_counter() - warm:.1f} s")
            timings = run_load(base, story_ids, args.clients, args.requests, fresh[1:])
            app.state.access.wait_for_refresh()
            assert ready == 200
        app.state.access.close()
        with open_store(str(path), read_only=True) as store:
            count = store.describe()["articles"]
    for kind, values in timings.items():
        p50, p99 = statistics.median(values), percentile(values, 0.99)
        print(f"{kind:<20} n={len(values):<4} p50 {p50:8.1f} ms   p99 {p99:8.1f} ms")
    posted = len(timings["POST /api/articles"])
    print(f"articles before {before} + warm-up 1 + posted {posted} = {before + 1 + posted}; stored {count}")


if __name__ == "__main__":
    main()
