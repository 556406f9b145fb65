"""WARC archives: HTML response records become raw articles.

Decides which records of a crawl are articles: ``response`` records whose HTTP
content type is HTML. Records are numbered from 1 in file order (all record
types counted), so ``path#7`` always names the same record. Requests,
metadata and non-HTML responses are skipped silently; a truncated archive is
rejected from the point where it breaks, keeping what came before.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

from newsfuse.errors import RecordError
from newsfuse.ids import digest
from newsfuse.ingest.decode import decode_bytes, too_large_message
from newsfuse.records import RawArticle, Rejection

_HTML_TYPES = ("text/html", "application/xhtml")


def iter_warc(stream: BinaryIO, name: str, max_bytes: int) -> Iterator[RawArticle | Rejection]:
    """Each HTML response record of a WARC stream as a raw article or a rejection."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    try:
        for record in ArchiveIterator(stream):
            number += 1
            if record.rec_type != "response" or not _is_html(record):
                continue
            yield _to_article(record, f"{name}#{number}", max_bytes)
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as error:
        yield Rejection(f"{name}#{number + 1}", f"truncated or corrupt WARC after record {number}: {_short(error)}")


def _is_html(record: object) -> bool:
    headers = getattr(record, "http_headers", None)
    content_type = headers.get_header("Content-Type", "") if headers is not None else ""
    return any(kind in content_type.lower() for kind in _HTML_TYPES)


def _to_article(record: object, where: str, max_bytes: int) -> RawArticle | Rejection:
    stream = record.content_stream()  # type: ignore[attr-defined]
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return Rejection(where, too_large_message(len(data), max_bytes))
    if getattr(record.raw_stream, "limit", 0) > 0:  # type: ignore[attr-defined]
        # The record's Content-Length promised more bytes than the file holds.
        raise EOFError("record cut short")
    if not data.strip():
        return Rejection(where, "empty response body")
    try:
        body = decode_bytes(data, html=True)
    except RecordError as error:
        return Rejection(where, str(error))
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    return RawArticle(
        input=where,
        source_format="html",
        body=body,
        raw_hash=digest("html", body, url),
        url=url,
    )


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) < 160 else text[:157] + "..."
