"""Live fetching end to end: simulated outlets on loopback, newsfuse beside trafilatura's own downloader.

Decides how fetching is measured. Fifty outlets (each a real HTTP server on
its own loopback address, 127.0.0.2 and up) publish an RSS feed of
invented articles about shared events: some outlets reprint a wire text,
others rewrite it. Three runs are timed, each on a fresh store:

- newsfuse end to end: ``fetch_urls`` on the fifty feeds, robots.txt,
  per-host delay, WARC archive, cleaning, indexing, story assignment, and
  the refresh of provenance, claims and briefs, until the last refresh is
  written. Articles per second is stored articles over that wall time.
- newsfuse fetch and clean: the same crawl into a sink that only cleans and
  stores (no index, stories or claims), the work trafilatura's peer does.
- trafilatura (the peer): feeds and pages fetched with its
  ``buffered_downloads`` and ``load_download_buffer`` (its per-host back-off
  at the same delay), links read with its feed parser, main text with
  ``extract``. It does not read robots.txt or keep the responses.

The per-host delay is checked on the servers' own logs: the smallest gap
between two requests to one host, and the most requests one host had in
flight at once. Medians of the runs are printed, and the ratio of
newsfuse's fetch-and-clean rate to the peer's.

    .venv/bin/python -m benchmarks.fetch [--outlets 50] [--articles 4] [--delay 0.5] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsfuse.config import Settings
from newsfuse.engines import LocalEngine
from newsfuse.fetch.archive import WarcArchive
from newsfuse.fetch.client import PoliteClient
from newsfuse.fetch.crawl import Crawl, Target
from newsfuse.fetch.policy import FetchPolicy
from newsfuse.fetch.sample_site import NewsSite, SampleArticle
from newsfuse.fetch.state import FetchState
from newsfuse.fetch.watch import fetch_urls
from newsfuse.pipeline import ingest_records
from newsfuse.records import RawArticle, Rejection
from newsfuse.store import DuckDBStore, open_store
from newsfuse.web.access import Outcome

PLACES = ["Alder Bay", "Krona", "Westholm", "Pine Ridge", "Marrow", "Tessel", "Orrin", "Calder Falls"]
ACTORS = ["the regional council", "the water board", "the rail company", "the port authority", "the health trust"]
ACTIONS = ["approved a plan for", "postponed a vote on", "announced funding for", "halted work on"]
OBJECTS = ["a new tram depot", "the river embankment", "a ferry terminal", "school repairs", "a wind farm"]


def event_sentences(event: int) -> list[str]:
    """Sentences of one invented event (the wire report's text)."""
    rng = random.Random(event)
    place, actor = rng.choice(PLACES), rng.choice(ACTORS)
    action, thing = rng.choice(ACTIONS), rng.choice(OBJECTS)
    amount, people, day = rng.randint(2, 90), rng.randint(20, 900), rng.randint(1, 28)
    return [
        f"In {place}, {actor} {action} {thing} on day {day} of the month, officials said on Tuesday.",
        f"The decision affects about {people} residents and is expected to cost {amount} million euros.",
        f'"We have waited long enough for {thing}," said a spokesperson for {actor} in {place}.',
        f"Opponents in {place} argued that the {amount} million euros could be spent elsewhere.",
        f"A further meeting on {thing} is planned for next month, the statement from {actor} added.",
        f"Residents of {place} were invited to comment on the plans before the end of the week.",
    ]


def outlet_articles(outlet: int, per_outlet: int, events: int) -> list[SampleArticle]:
    """An outlet's articles: each about one event, reprinted (even outlets) or rewritten (odd ones)."""
    articles = []
    for n in range(per_outlet):
        event = (outlet * per_outlet + n) % events
        sentences = event_sentences(event)
        if outlet % 2:
            rng = random.Random(outlet * 1000 + n)
            sentences = rng.sample(sentences, k=len(sentences) - 1)
        title = f"{sentences[0][:60]} (event {event})"
        articles.append(
            SampleArticle(
                f"e{event}-o{outlet}-{n}", f"Outlet {outlet}", title, "2026-03-14T08:00:00Z", tuple(sentences)
            )
        )
    return articles


def start_outlets(count: int, per_outlet: int, port: int = 80) -> list[NewsSite]:
    """The outlets, on 127.0.0.2 and up. Port 80 by default: trafilatura's link checks drop URLs with a port."""
    events = max(1, count * per_outlet // 5)
    return [
        NewsSite(articles=outlet_articles(n, per_outlet, events), host=f"127.0.0.{n + 2}", port=port).start()
        for n in range(count)
    ]


class CleanOnlySink:
    """Cleans and stores, nothing more: the share of the work trafilatura's peer does."""

    def __init__(self, store: DuckDBStore) -> None:
        self.store = store

    def ingest(self, records: Sequence[RawArticle | Rejection]) -> list[Outcome]:
        ingest_records(lambda: iter(records), self.store, LocalEngine(workers=1))
        found = self.store.articles_for_raw([r.raw_hash for r in records if isinstance(r, RawArticle)])
        return [
            Outcome(r.input, "stored", found.get(r.raw_hash), None)
            if isinstance(r, RawArticle)
            else Outcome(r.input, "rejected", None, None, r.reason)
            for r in records
        ]

    def flush(self) -> None:
        """Nothing runs in the background."""


def run_end_to_end(sites: list[NewsSite], policy: FetchPolicy, settings: Settings, folder: Path) -> dict[str, float]:
    store = str(folder / "e2e.duckdb")
    started = time.perf_counter()
    report, _ = fetch_urls([s.url("/feed.xml") for s in sites], store, settings, policy, folder / "warc")
    seconds = time.perf_counter() - started
    with open_store(store, read_only=True) as db:
        stories = len(db.stories())
    return {"seconds": seconds, "articles": report.stored, "stories": stories, "requests": report.requests}


def run_fetch_clean(sites: list[NewsSite], policy: FetchPolicy, folder: Path) -> dict[str, float]:
    async def crawl(store: DuckDBStore) -> int:
        state = FetchState(store)
        async with PoliteClient(policy, WarcArchive(folder / "warc-clean")) as client:
            report = await Crawl(client, state, CleanOnlySink(store)).run(Target(s.url("/feed.xml")) for s in sites)
        state.close()
        return report.stored

    with open_store(str(folder / "clean.duckdb")) as store:
        started = time.perf_counter()
        stored = asyncio.run(crawl(store))
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "articles": stored}


def run_trafilatura(sites: list[NewsSite], delay: float, threads: int) -> dict[str, float]:
    """The peer: trafilatura's downloader with its per-host back-off, its feed link parser, its extractor."""
    import trafilatura
    from trafilatura.downloads import add_to_compressed_dict, buffered_downloads, load_download_buffer
    from trafilatura.feeds import FeedParameters, extract_links

    options = _loopback_options()
    started = time.perf_counter()
    feeds = _download_all([s.url("/feed.xml") for s in sites], delay, threads, options)
    links: list[str] = []
    for site in sites:
        params = FeedParameters(site.base, site.host, site.url("/feed.xml"))
        links.extend(extract_links(feeds.get(site.url("/feed.xml"), ""), params))
    store = add_to_compressed_dict(links)
    extracted = 0
    while not store.done:
        bufferlist, store = load_download_buffer(store, sleep_time=delay)
        for _url, page in buffered_downloads(bufferlist, threads, options):
            if page and trafilatura.extract(page, with_metadata=True):
                extracted += 1
    return {"seconds": time.perf_counter() - started, "articles": extracted, "links": len(links)}


def _loopback_options() -> Any:
    """trafilatura's options with its SSRF guard off: the outlets are on loopback, which it refuses by default."""
    from trafilatura.settings import Extractor, use_config

    config = use_config()
    config["DEFAULT"]["SSRF_PROTECTION"] = "off"
    return Extractor(config=config)


def _download_all(urls: list[str], delay: float, threads: int, options: Any) -> dict[str, str]:
    from trafilatura.downloads import add_to_compressed_dict, buffered_downloads, load_download_buffer

    store = add_to_compressed_dict(urls)
    found: dict[str, str] = {}
    while not store.done:
        bufferlist, store = load_download_buffer(store, sleep_time=delay)
        for url, text in buffered_downloads(bufferlist, threads, options):
            found[url] = text or ""
    return found


def politeness(sites: list[NewsSite]) -> tuple[float, int]:
    """The smallest gap between two requests to one host (start to start), and the most in flight at once."""
    smallest = min((b.at - a.at for s in sites for a, b in zip(s.hits, s.hits[1:], strict=False)), default=float("inf"))
    return smallest, max(s.max_in_flight for s in sites)


def _reset(sites: list[NewsSite]) -> None:
    for site in sites:
        site.hits.clear()
        site.max_in_flight = 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--outlets", type=int, default=50)
    parser.add_argument("--articles", type=int, default=4, help="articles per outlet")
    parser.add_argument("--delay", type=float, default=0.5, help="seconds between requests to one host")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--embedder", default="none", help="'none' (default) or 'e5' for the end-to-end runs")
    parser.add_argument("--threads", type=int, default=16, help="download threads of the peer")
    parser.add_argument("--port", type=int, default=80, help="outlets' port (80 needs root; others break the peer)")
    args = parser.parse_args(argv)
    policy = replace(FetchPolicy(delay=args.delay), connections=args.threads)
    settings = Settings(embedder=args.embedder, ner="rules" if args.embedder == "none" else "auto")
    sites = start_outlets(args.outlets, args.articles, args.port)
    results: dict[str, list[dict[str, float]]] = {
        "newsfuse_end_to_end": [],
        "newsfuse_fetch_clean": [],
        "trafilatura": [],
    }
    checks: list[tuple[float, int]] = []
    try:
        for run in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="newsfuse-fetch-bench-") as folder:
                _reset(sites)
                results["newsfuse_end_to_end"].append(run_end_to_end(sites, policy, settings, Path(folder)))
                checks.append(politeness(sites))
                _reset(sites)
                results["newsfuse_fetch_clean"].append(run_fetch_clean(sites, policy, Path(folder)))
                checks.append(politeness(sites))
                _reset(sites)
                results["trafilatura"].append(run_trafilatura(sites, args.delay, args.threads))
            print(f"run {run + 1}: " + json.dumps({k: v[-1] for k, v in results.items()}), flush=True)
    finally:
        for site in sites:
            site.stop()
    _report(args, results, checks)


def _report(
    args: argparse.Namespace, results: dict[str, list[dict[str, float]]], checks: list[tuple[float, int]]
) -> None:
    setup = f"{args.outlets} outlets x {args.articles} articles, delay {args.delay} s per host"
    print(f"\n{setup}, {args.runs} runs (medians)")
    rates = {}
    for name, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        articles = statistics.median(r["articles"] for r in runs)
        rates[name] = statistics.median(r["articles"] / r["seconds"] for r in runs)
        print(f"  {name:22s} {seconds:7.2f} s  {articles:5.0f} articles  {rates[name]:7.1f} articles/s")
    peer = rates["trafilatura"]
    ratio = f"{rates['newsfuse_fetch_clean'] / peer:.2f}" if peer else "n/a (the peer extracted nothing)"
    print(f"  fetch+clean rate, newsfuse / trafilatura: {ratio}")
    smallest = min(gap for gap, _ in checks)
    most = max(flight for _, flight in checks)
    verdict = "respected" if smallest >= args.delay and most == 1 else "VIOLATED"
    print(
        f"  newsfuse per-host delay {verdict}: smallest gap {smallest:.3f} s (delay {args.delay}), "
        f"at most {most} request(s) in flight per host"
    )
    floor = (args.articles + 2) * args.delay
    print(f"  lower bound set by the delay alone: {floor:.1f} s ({args.articles + 2} requests per host)")


if __name__ == "__main__":
    main()
