"""robots.txt: what a site lets newsfuse fetch, and how often.

Decides the reading of robots.txt the way the major crawlers do: a missing
file (any 4xx) allows everything; a file that cannot be had (5xx, timeout,
refused) allows nothing until it can, because the site may be telling
crawlers to stay away; a Crawl-delay raises the host's delay. Parsing and
matching are Protego's (the parser Scrapy uses). Answers are cached per
origin for ``ttl`` seconds; failures are not cached, so a site that comes
back is read again at the next request.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from protego import Protego

from newsfuse.fetch.failures import FetchFailure
from newsfuse.fetch.urls import origin_of


@dataclass(frozen=True)
class RobotsAnswer:
    """A fetched robots.txt: ``rules`` is None when the site has none (all allowed)."""

    rules: Protego | None
    fetched_at: float


# The robots.txt fetcher returns (status, text) or a failure.
RobotsLoader = Callable[[str], Awaitable[tuple[int, str] | FetchFailure]]


class RobotsCache:
    """robots.txt per origin, fetched through the polite client."""

    def __init__(self, user_agent: str, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.user_agent = user_agent
        self.ttl = ttl
        self.clock = clock
        self._answers: dict[str, RobotsAnswer] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def check(self, url: str, load: RobotsLoader) -> FetchFailure | float | None:
        """None or the Crawl-delay (seconds) when ``url`` may be fetched; else the failure to record."""
        origin = origin_of(url)
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            answer = self._answers.get(origin)
            if answer is None or self.clock() - answer.fetched_at > self.ttl:
                loaded = await self._load(origin, load)
                if isinstance(loaded, FetchFailure):
                    return FetchFailure(url, loaded.kind, loaded.reason, loaded.retryable)
                answer = self._answers[origin] = loaded
        if answer.rules is None:
            return None
        if not answer.rules.can_fetch(url, self.user_agent):
            return FetchFailure(url, "robots", "robots.txt disallows this URL for newsfuse; not fetched")
        delay = answer.rules.crawl_delay(self.user_agent)
        return float(delay) if delay else None

    async def _load(self, origin: str, load: RobotsLoader) -> RobotsAnswer | FetchFailure:
        got = await load(origin + "/robots.txt")
        if isinstance(got, FetchFailure):
            # The site cannot be reached at all (DNS, refused, timeout): that is the reason to record.
            return got
        status, _text = got
        if 400 <= status < 500:
            return RobotsAnswer(None, self.clock())
        if status >= 500:
            return FetchFailure(
                origin,
                "robots-unavailable",
                f"robots.txt unavailable (HTTP {status}); nothing fetched from this site until it answers",
                True,
            )
        return RobotsAnswer(Protego.parse(_text), self.clock())
