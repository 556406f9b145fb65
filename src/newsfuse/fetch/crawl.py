"""One crawl: from the URLs given to articles in the store.

Decides the order and the bookkeeping of a crawl. Each host gets one worker
that takes its URLs in turn (the polite client holds it to one connection
and the host's delay), so hosts are crawled side by side and none faster
than it allows. Feeds and sitemaps add their links; a page is queued once
per run under its normalised URL and never when the store has it already.
HTML pages go, in batches, to the sink on a worker thread, so cleaning and
indexing overlap with fetching. Every failure is recorded as a rejection
with its reason, and the crawl goes on.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from newsfuse.fetch.client import Fetched, PoliteClient
from newsfuse.fetch.documents import Listing, kind_of, parse_feed, parse_sitemap, unpack
from newsfuse.fetch.failures import FetchFailure
from newsfuse.fetch.sink import Sink
from newsfuse.fetch.state import FetchState, PageRow
from newsfuse.fetch.urls import host_of, is_http, url_key
from newsfuse.ingest.pages import page_article
from newsfuse.records import RawArticle, Rejection
from newsfuse.web.access import Outcome

TargetKind = Literal["auto", "feed", "sitemap", "page"]
# Pages handed to the sink at once at most: enough to amortise a store
# transaction, few enough that stories appear while the crawl goes on.
SINK_BATCH = 32

Notify = Callable[[str], None]


@dataclass(frozen=True)
class Target:
    """A URL to fetch and what it is expected to be."""

    url: str
    kind: TargetKind = "auto"
    depth: int = 0
    parent: str | None = None
    # The date the listing that named this page gave it (ISO 8601), if any.
    listed_at: str | None = None


@dataclass(frozen=True)
class _Page:
    """A fetched HTML page on its way to the sink."""

    key: str
    url: str
    final_url: str
    status: int
    body: bytes
    listed_at: str | None = None


@dataclass
class CrawlReport:
    """What one crawl (or one poll of a watch) did."""

    requests: int = 0
    documents: int = 0
    unchanged: int = 0
    pages: int = 0
    stored: int = 0
    duplicates: int = 0
    known: int = 0
    over_limit: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    articles: dict[str, str] = field(default_factory=dict)
    stories: set[str] = field(default_factory=set)

    def line(self) -> str:
        """One human line for the end of a run or poll."""
        failed = sum(self.failures.values())
        text = (
            f"{self.requests} requests, {self.pages} pages fetched, {self.stored} articles stored "
            f"in {len(self.stories)} stories, {self.duplicates} duplicates, {self.unchanged} unchanged feeds/sitemaps, "
            f"{self.known} already fetched, {failed} failed"
        )
        if failed:
            text += " (" + ", ".join(f"{kind} {count}" for kind, count in sorted(self.failures.items())) + ")"
        if self.over_limit:
            text += f"; {self.over_limit} links left over the page limit"
        return text


class Crawl:
    """Fetches targets through a polite client into a sink."""

    def __init__(self, client: PoliteClient, state: FetchState, sink: Sink, notify: Notify | None = None) -> None:
        self.client = client
        self.policy = client.policy
        self.state = state
        self.sink = sink
        self.notify = notify or (lambda _message: None)
        self.report = CrawlReport()
        self._queued: set[str] = set()
        self._queues: dict[str, deque[Target]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._out: asyncio.Queue[_Page | Rejection | None] = asyncio.Queue()
        self._page_budget = self.policy.max_pages

    async def run(self, targets: Iterable[Target]) -> CrawlReport:
        """Fetch the targets and everything they list; return what happened."""
        requests_before = sum(self.client.requests.values())
        processor = asyncio.create_task(self._process())
        self._submit(list(targets))
        while self._workers:
            await asyncio.gather(*list(self._workers.values()))
        await self._out.put(None)
        await processor
        self.report.requests = sum(self.client.requests.values()) - requests_before
        return self.report

    # -- queueing --------------------------------------------------------
    def _submit(self, targets: list[Target]) -> None:
        pages = [t for t in targets if t.kind in ("page", "auto")]
        done = self.state.done_pages([url_key(t.url) for t in pages], self.policy.page_attempts)
        for target in targets:
            if not is_http(target.url):
                self._fail(
                    target,
                    FetchFailure(target.url, "bad-url", "not an http(s) URL; give a full http:// or https:// address"),
                )
                continue
            key = url_key(target.url)
            if key in self._queued:
                continue
            if key in done:
                self.report.known += 1
                continue
            if target.kind == "page":
                if self._page_budget <= 0:
                    self.report.over_limit += 1
                    continue
                self._page_budget -= 1
            self._queued.add(key)
            self._enqueue(target)

    def _enqueue(self, target: Target) -> None:
        host = host_of(target.url)
        self._queues.setdefault(host, deque()).append(target)
        if host not in self._workers:
            self._workers[host] = asyncio.create_task(self._work(host))

    async def _work(self, host: str) -> None:
        queue = self._queues[host]
        while queue:
            target = queue.popleft()
            try:
                await self._handle(target)
            except Exception as error:  # a bug must not stop the other URLs
                self._fail(
                    target,
                    FetchFailure(
                        target.url, "error", f"fetch failed ({type(error).__name__}: {error}); please report this URL"
                    ),
                )
        del self._workers[host]

    # -- one URL -----------------------------------------------------------
    async def _handle(self, target: Target) -> None:
        key = url_key(target.url)
        validators = self.state.validators(key) if target.kind != "page" else None
        # Tracking parameters are not sent: the normalised URL names the same document.
        got = await self.client.get(key, validators)
        if isinstance(got, FetchFailure):
            self._fail(target, got)
            return
        if got.status == 304:
            self.report.unchanged += 1
            self.state.record_success(key, target.kind, 304, got.final_url)
            self.notify(f"unchanged {target.url}")
            # An unchanged sitemap index says nothing about its sitemaps: they are polled too.
            children = self.state.child_sitemaps(key)
            self._submit([Target(url, "sitemap", target.depth + 1, key) for url in children])
            return
        try:
            body = unpack(got.body, self.policy.max_bytes)
        except (OSError, EOFError, ValueError) as error:
            self._fail(target, FetchFailure(target.url, "bad-gzip", f"gzip body that cannot be unpacked ({error})"))
            return
        kind = kind_of(got.content_type, body)
        if target.kind == "page" and kind != "html":
            self._fail(target, _not_html(target.url, got))
        elif kind == "html":
            self._page(target, key, got)
        elif kind == "feed":
            self._listing(target, key, got, "feed", parse_feed(body, got.final_url, got.content_type))
        elif kind == "sitemap":
            self._listing(target, key, got, "sitemap", parse_sitemap(body, got.final_url))
        else:
            self._fail(target, _not_html(target.url, got))

    def _listing(self, target: Target, key: str, got: Fetched, kind: str, listing: Listing) -> None:
        self.report.documents += 1
        if listing.problem and not listing.pages and not listing.sitemaps:
            self._fail(target, FetchFailure(target.url, "malformed", listing.problem))
            return
        if listing.problem:
            self.report.failures["malformed"] += 1
            self._out.put_nowait(Rejection(target.url, listing.problem))
        self.state.record_success(key, kind, got.status, got.final_url, got.validators, listed_by=target.parent)
        self.notify(f"listed {len(listing.pages)} pages and {len(listing.sitemaps)} sitemaps in {target.url}")
        children = []
        if listing.sitemaps and target.depth >= self.policy.max_sitemap_depth:
            self._fail(
                target,
                FetchFailure(
                    target.url,
                    "too-deep",
                    f"sitemap indexes nested deeper than {self.policy.max_sitemap_depth}; children not fetched",
                ),
            )
        elif listing.sitemaps:
            children = [Target(url, "sitemap", target.depth + 1, key) for url in listing.sitemaps]
        self._submit(children + [Target(link.url, "page", listed_at=link.published) for link in listing.pages])

    def _page(self, target: Target, key: str, got: Fetched) -> None:
        self.report.pages += 1
        self._queued.add(url_key(got.final_url))
        self._out.put_nowait(_Page(key, target.url, got.final_url, got.status, got.body, target.listed_at))

    def _fail(self, target: Target, failure: FetchFailure) -> None:
        self.report.failures[failure.kind] += 1
        self.state.record_failure(url_key(target.url), target.kind if target.kind != "auto" else "page", failure)
        self.notify(f"failed {target.url}: {failure.reason}")
        self._out.put_nowait(Rejection(target.url, failure.reason))

    # -- processing ----------------------------------------------------------
    async def _process(self) -> None:
        finished = False
        while not finished:
            item = await self._out.get()
            batch = []
            while item is not None:
                batch.append(item)
                if len(batch) >= SINK_BATCH or self._out.empty():
                    break
                item = self._out.get_nowait()
            finished = item is None
            if not batch:
                continue
            try:
                await self._deliver(batch)
            except Exception as error:  # the store refused a batch: say so, keep crawling
                self.report.failures["processing"] += len(batch)
                self.notify(
                    f"could not store {len(batch)} records ({type(error).__name__}: {error}); "
                    "their pages are fetched again next time"
                )

    async def _deliver(self, batch: list[_Page | Rejection]) -> None:
        """Pages become raw articles and go to the sink on a worker thread; their state is written here after."""
        records, outcomes = await asyncio.to_thread(self._ingest, batch)
        rows: list[PageRow] = []
        for item, record, outcome in zip(batch, records, outcomes, strict=True):
            if not isinstance(item, _Page):
                continue
            if isinstance(record, Rejection):
                failure = FetchFailure(item.url, "unusable", record.reason)
                self.report.failures[failure.kind] += 1
                self.state.record_failure(item.key, "page", failure)
                continue
            canonical = url_key(record.url) if record.url else None
            if canonical:
                self._queued.add(canonical)
            rows.append(PageRow(item.key, item.final_url, canonical, item.status, outcome.article_id))
            self._count(item.key, outcome)
        self.state.record_pages(rows)
        stored = sum(1 for row in rows if row.article_id)
        if stored:
            self.notify(f"stored {stored} articles")

    def _ingest(self, batch: list[_Page | Rejection]) -> tuple[list[RawArticle | Rejection], list[Outcome]]:
        limit = self.policy.max_bytes
        records = [_page_record(item, limit) if isinstance(item, _Page) else item for item in batch]
        return records, self.sink.ingest(records)

    def _count(self, key: str, outcome: Outcome) -> None:
        if outcome.status == "stored":
            self.report.stored += 1
        elif outcome.status == "duplicate":
            self.report.duplicates += 1
        else:
            self.report.failures["unusable"] += 1
        if outcome.article_id:
            self.report.articles[key] = outcome.article_id
        if outcome.story_id and outcome.status == "stored":
            self.report.stories.add(outcome.story_id)


def _page_record(page: _Page, limit: int) -> RawArticle | Rejection:
    """The page as a raw article, carrying the date its listing gave (the cleaner uses it when the page has none)."""
    record = page_article(page.final_url, page.final_url, page.body, limit)
    if isinstance(record, RawArticle) and page.listed_at:
        return replace(record, listed_at=page.listed_at)
    return record


def _not_html(url: str, got: Fetched) -> FetchFailure:
    kind = got.content_type.split(";")[0].strip() or "none given"
    return FetchFailure(url, "not-html", f"not an HTML page, feed or sitemap (content type {kind})")
