"""Live news: pages, feeds and sitemaps fetched politely into the store.

Decides how newsfuse reaches the web. Every request goes through one polite
client (robots.txt, one connection and a minimum delay per host, conditional
requests, retries with backoff, limits on time, size and redirects); every
response is kept in a WARC file beside the store so a run can be redone
offline; every failure becomes a rejection with its reason, and the crawl
goes on. Needs the ``fetch`` extra: ``pip install 'newsfuse[fetch]'``.
"""

from __future__ import annotations

from newsfuse.errors import MissingDependencyError


def require_fetch_extra() -> None:
    """Fail early, with the install line, when the fetch extra is missing."""
    try:
        import courlan  # noqa: F401
        import feedparser  # noqa: F401
        import httpx  # noqa: F401
        import protego  # noqa: F401
    except ImportError as error:
        raise MissingDependencyError(f"the fetch extra ({error.name})", "pip install 'newsfuse[fetch]'") from error
