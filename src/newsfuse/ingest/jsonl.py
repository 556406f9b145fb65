"""JSON Lines records: one article per line.

Decides which lines are usable articles. A line needs ``text`` or ``html`` (a
non-empty string); ``id``, ``title``, ``url``, ``outlet``, ``published_at`` and
``language`` are optional. A broken line is rejected as ``path#LINE`` and the
file goes on.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from newsfuse.ids import digest
from newsfuse.ingest.dates import parse_date
from newsfuse.ingest.decode import too_large_message
from newsfuse.records import RawArticle, Rejection

OPTIONAL_FIELDS = ("title", "url", "outlet", "published_at", "language")


def iter_jsonl(lines: Iterable[bytes], name: str, max_bytes: int) -> Iterator[RawArticle | Rejection]:
    """Each line of a JSON Lines stream as a raw article or a rejection."""
    number = 0
    iterator = iter(lines)
    while True:
        try:
            raw = next(iterator)
        except StopIteration:
            return
        except (EOFError, zlib.error, OSError) as error:
            yield Rejection(f"{name}#{number + 1}", f"file truncated or corrupt after line {number} ({error})")
            return
        number += 1
        if not raw.strip():
            continue
        yield parse_line(raw, f"{name}#{number}", max_bytes)


def parse_line(raw: bytes, where: str, max_bytes: int) -> RawArticle | Rejection:
    """One JSON line to a raw article, or the reason it cannot be one."""
    if len(raw) > max_bytes:
        return Rejection(where, too_large_message(len(raw), max_bytes))
    try:
        obj = json.loads(raw.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as error:
        # Some messages end in "at" ("Invalid control character at"): say it once.
        return Rejection(where, f"invalid JSON: {error.msg.removesuffix(' at')} at column {error.colno}")
    if not isinstance(obj, dict):
        return Rejection(where, f"expected a JSON object per line, got {type(obj).__name__}")
    return _from_object(obj, where)


def _from_object(obj: dict[str, Any], where: str) -> RawArticle | Rejection:
    body, source_format = _body(obj)
    if body is None:
        return Rejection(where, "missing field: each line needs a non-empty 'text' or 'html' string")
    fields = {key: _scalar(obj.get(key)) for key in OPTIONAL_FIELDS}
    if fields["published_at"] is not None:
        fields["published_at"] = parse_date(fields["published_at"])
    external_id = _scalar(obj.get("id"))
    return RawArticle(
        input=where,
        source_format=source_format,
        body=body,
        raw_hash=digest(source_format, body, external_id, *fields.values()),
        external_id=external_id,
        title=fields["title"],
        url=fields["url"],
        outlet=fields["outlet"],
        published_at=fields["published_at"],
        language=(fields["language"] or "").lower()[:2] or None,
    )


def _body(obj: dict[str, Any]) -> tuple[str | None, Any]:
    for key, source_format in (("text", "text"), ("html", "html")):
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value, source_format
    return None, "text"


def _scalar(value: Any) -> str | None:
    """Optional fields as strings; numbers become strings, other types are dropped."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    return None
