"""URL keys: when two links name the same article, and which host a URL belongs to.

Decides what counts as "the same URL" so an article is fetched once. Links in
feeds and sitemaps carry tracking parameters (utm_*, fbclid, ...), mixed-case
hosts, default ports and fragments; courlan's normalisation strips the
tracking parameters and sorts the rest, and the fragment is dropped because
it never reaches the server.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url


def is_http(url: str) -> bool:
    """Whether the URL is an absolute http(s) URL with a host."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


def url_key(url: str) -> str:
    """The normalised form two links to one document share."""
    try:
        normal = normalize_url(url.strip())
    except (ValueError, AttributeError):
        normal = url.strip()
    parts = urlsplit(normal)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    """The host a request goes to (politeness is per host, whatever the port)."""
    return (urlsplit(url).hostname or "").lower()


def origin_of(url: str) -> str:
    """scheme://host[:port], the scope of a robots.txt file."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def absolute(base: str, link: str) -> str:
    """``link`` resolved against ``base``."""
    return urljoin(base, link.strip())
