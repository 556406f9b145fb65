"""How politely newsfuse fetches: the limits every request obeys.

Decides the defaults. One second between requests to a host is the delay
most crawlers of news sites use (Scrapy's AutoThrottle starts higher, many
sites' robots.txt ask for 1-10 s); a robots.txt Crawl-delay raises it, up
to ``max_crawl_delay``. Three attempts with doubling backoff ride out a
short outage without hammering a struggling server.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from newsfuse import __version__

USER_AGENT = f"newsfuse/{__version__} (news story checker; honours robots.txt)"


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and manners for one crawl. Times are in seconds."""

    user_agent: str = USER_AGENT
    delay: float = 1.0
    max_crawl_delay: float = 30.0
    timeout: float = 30.0
    connect_timeout: float = 10.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    attempts: int = 3
    backoff: float = 2.0
    # A Retry-After longer than this is not waited for: the URL is rejected
    # for now and retried on a later run or poll.
    max_retry_after: float = 120.0
    robots_ttl: float = 24 * 3600.0
    # Concurrent requests across all hosts (each host still gets one at a time).
    connections: int = 32
    # Pages fetched per run or poll at most: a sitemap of a whole archive
    # must not turn into a runaway crawl.
    max_pages: int = 1000
    # Sitemap indexes nest; deeper than this is a loop or a trap.
    max_sitemap_depth: int = 3
    # A page that failed for a passing reason (timeout, 5xx, refused) is
    # tried again on later polls, this many times in all.
    page_attempts: int = 3

    def with_contact(self, contact: str | None) -> FetchPolicy:
        """The policy with a contact (an e-mail or URL) added to the User-Agent, as site owners ask."""
        if not contact:
            return self
        return replace(self, user_agent=f"{self.user_agent[:-1]}; {contact})")
