"""WARC archives: HTML response records become raw articles.

Decides which records of a crawl are articles: successful (2xx) ``response``
records whose HTTP content type is HTML and whose body is not a feed or a
sitemap served as HTML. Records are numbered from 1 in file order (all record
types counted), so ``path#7`` always names the same record. Requests,
metadata, error pages and non-HTML responses are skipped silently; a truncated archive is
rejected from the point where it breaks, keeping what came before.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from newsfuse.ingest.pages import page_article
from newsfuse.records import RawArticle, Rejection

_HTML_TYPES = ("text/html", "application/xhtml")
# A feed or sitemap a server labels text/html: its root element gives it away.
_NOT_A_PAGE = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:\w+:)?(?:rss|feed|rdf|urlset|sitemapindex)\b", re.I | re.S
)


def iter_warc(stream: BinaryIO, name: str, max_bytes: int) -> Iterator[RawArticle | Rejection]:
    """Each HTML response record of a WARC stream as a raw article or a rejection."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    try:
        for record in ArchiveIterator(stream):
            number += 1
            if record.rec_type != "response" or not _is_html(record) or not _succeeded(record):
                continue
            found = _to_article(record, f"{name}#{number}", max_bytes)
            if found is not None:
                yield found
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as error:
        yield Rejection(f"{name}#{number + 1}", f"truncated or corrupt WARC after record {number}: {_short(error)}")


def _is_html(record: object) -> bool:
    headers = getattr(record, "http_headers", None)
    content_type = headers.get_header("Content-Type", "") if headers is not None else ""
    return any(kind in content_type.lower() for kind in _HTML_TYPES)


def _succeeded(record: object) -> bool:
    """Whether the HTTP status is 2xx (error pages are not articles); records without one pass."""
    status = getattr(getattr(record, "http_headers", None), "get_statuscode", lambda: "200")()
    return not str(status).isdigit() or str(status).startswith("2")


def _to_article(record: object, where: str, max_bytes: int) -> RawArticle | Rejection | None:
    stream = record.content_stream()  # type: ignore[attr-defined]
    data = stream.read(max_bytes + 1)
    if getattr(record.raw_stream, "limit", 0) > 0 and len(data) <= max_bytes:  # type: ignore[attr-defined]
        # The record's Content-Length promised more bytes than the file holds.
        raise EOFError("record cut short")
    if _NOT_A_PAGE.match(data[:2048]):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    return page_article(where, url, data, max_bytes)


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) < 160 else text[:157] + "..."
