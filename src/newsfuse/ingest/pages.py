"""An HTML response as a raw article: shared by the WARC reader and the live fetcher.

Decides what a fetched page contributes before cleaning: its text (decoded
as for HTML files) and its URL, which is the page's canonical URL (``<link
rel="canonical">``, else ``og:url``) when it names one over http(s), else
the URL it was fetched from. Because the live fetcher and the WARC reader
both go through ``page_article``, a crawl replayed from its WARC files gives
the same articles as the crawl itself.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from newsfuse.errors import RecordError
from newsfuse.ids import digest
from newsfuse.ingest.decode import decode_bytes, too_large_message
from newsfuse.records import RawArticle, Rejection

# The <head> is what holds the canonical link; 64 KB covers heads heavy
# with inline scripts without parsing a whole page twice.
_HEAD_BYTES = 65536
_HEAD_END = re.compile(r"</head\s*>", re.I)


def page_article(where: str, url: str | None, data: bytes, max_bytes: int) -> RawArticle | Rejection:
    """The raw article for an HTML response body fetched from ``url``."""
    if len(data) > max_bytes:
        return Rejection(where, too_large_message(len(data), max_bytes))
    if not data.strip():
        return Rejection(where, "empty response body")
    try:
        body = decode_bytes(data, html=True)
    except RecordError as error:
        return Rejection(where, str(error))
    return RawArticle(
        input=where,
        source_format="html",
        body=body,
        raw_hash=digest("html", body, url),
        url=(canonical_url(body, url) if url else None) or url,
    )


def canonical_url(page: str, base: str) -> str | None:
    """The canonical URL a page declares, absolute, or None."""
    head = page[:_HEAD_BYTES]
    end = _HEAD_END.search(head)
    if end:
        head = head[: end.end()]
    try:
        tree = html.fromstring(head)
    except (etree.ParserError, ValueError):
        return None
    for found in (
        tree.xpath("//link[translate(@rel,'CANOIL','canoil')='canonical']/@href"),
        tree.xpath("//meta[@property='og:url']/@content"),
    ):
        for href in found:
            resolved = urljoin(base, str(href).strip())
            if urlsplit(resolved).scheme in {"http", "https"} and urlsplit(resolved).hostname:
                return resolved
    return None
