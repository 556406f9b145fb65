"""Fetch once, or watch feeds and sitemaps on a schedule: the library entry points.

Decides the life of a crawl session. ``fetch_urls`` crawls the URLs given
and returns; ``Watch`` polls a list of feeds and sitemaps every ``every``
seconds until stopped, keeping one polite client (so robots.txt answers and
host delays carry over between polls) and retrying pages that failed for a
passing reason. A poll that fails (a site down, a feed broken) is recorded
and the next poll comes as scheduled: a watch stops only when asked.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Sequence
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.fetch import require_fetch_extra
from newsfuse.fetch.archive import WarcArchive, warc_folder
from newsfuse.fetch.client import PoliteClient
from newsfuse.fetch.crawl import Crawl, CrawlReport, Notify, Target
from newsfuse.fetch.policy import FetchPolicy
from newsfuse.fetch.sink import Sink, open_sink
from newsfuse.fetch.state import FetchState
from newsfuse.web.access import StoreAccess


def fetch_urls(
    urls: Sequence[str],
    store_path: str,
    settings: Settings | None = None,
    policy: FetchPolicy | None = None,
    warc_dir: Path | None = None,
    notify: Notify | None = None,
) -> tuple[CrawlReport, Path | None]:
    """Fetch pages, feeds and sitemaps into the store; return the report and the WARC file written."""
    require_fetch_extra()
    policy = policy or FetchPolicy()
    access = open_sink(store_path, settings)
    archive = WarcArchive(warc_dir or warc_folder(store_path))
    try:
        report = asyncio.run(_fetch_once(urls, access, policy, archive, notify))
        access.flush()
    finally:
        archive.close()
        access.close()
    return report, archive.path


async def _fetch_once(
    urls: Sequence[str], access: StoreAccess, policy: FetchPolicy, archive: WarcArchive, notify: Notify | None
) -> CrawlReport:
    state = FetchState(access.store)
    try:
        async with PoliteClient(policy, archive) as client:
            return await Crawl(client, state, access, notify).run(Target(url.strip()) for url in urls)
    finally:
        state.close()


class Watch:
    """Polls feeds and sitemaps into a sink until stopped."""

    def __init__(
        self,
        feeds: Sequence[str],
        sink: StoreAccess,
        policy: FetchPolicy,
        archive: WarcArchive,
        every: float,
        notify: Notify | None = None,
    ) -> None:
        self.feeds = list(feeds)
        self.sink: Sink = sink
        self.store = sink.store
        self.policy = policy
        self.archive = archive
        self.every = every
        self.notify = notify or (lambda _message: None)
        self.reports: list[CrawlReport] = []
        self.stop = threading.Event()

    async def run(self, polls: int | None = None) -> list[CrawlReport]:
        """Poll until ``stop`` is set (or ``polls`` polls are done); return each poll's report."""
        state = FetchState(self.store)
        try:
            async with PoliteClient(self.policy, self.archive) as client:
                while not self.stop.is_set():
                    try:
                        report = await self._poll(client, state)
                    except Exception as error:  # a poll that breaks is reported; the next one comes as planned
                        report = CrawlReport()
                        report.failures["poll"] += 1
                        self.notify(f"poll failed ({type(error).__name__}: {error})")
                    self.reports.append(report)
                    self.notify(f"poll {len(self.reports)}: {report.line()}")
                    if polls is not None and len(self.reports) >= polls:
                        break
                    await self._sleep(self.every)
        finally:
            state.close()
            self.archive.flush()
        return self.reports

    async def _poll(self, client: PoliteClient, state: FetchState) -> CrawlReport:
        retries = [Target(url, "page") for url in state.retry_pages(self.policy.page_attempts)]
        targets = [Target(url) for url in self.feeds] + retries
        return await Crawl(client, state, self.sink, self.notify).run(targets)

    async def _sleep(self, seconds: float) -> None:
        """Wait, waking early when stopped."""
        deadline = asyncio.get_running_loop().time() + seconds
        while not self.stop.is_set():
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                return
            await asyncio.sleep(min(left, 0.2))


def run_watch(watch: Watch, polls: int | None = None) -> list[CrawlReport]:
    """Run a watch in this thread; Ctrl-C or SIGTERM ends it after the poll under way."""
    require_fetch_extra()

    async def main() -> list[CrawlReport]:
        loop = asyncio.get_running_loop()
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, watch.stop.set)
        return await watch.run(polls)

    return asyncio.run(main())


def read_feed_list(path: Path) -> list[str]:
    """URLs of a feed list: one a line; blank lines and lines starting with # are ignored."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


__all__ = ["Watch", "fetch_urls", "read_feed_list", "run_watch"]
