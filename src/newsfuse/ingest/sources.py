"""Turn command-line inputs into a stream of raw records.

Decides which files an input names (folders recursively, in sorted order so a
run is reproducible) and which reader each file needs, by its suffix. Every
problem becomes a ``Rejection`` for that record; the stream goes on.
"""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsfuse.errors import RecordError
from newsfuse.ids import digest
from newsfuse.ingest.decode import DEFAULT_MAX_BYTES, decode_bytes, read_gzip, too_large_message
from newsfuse.ingest.jsonl import iter_jsonl
from newsfuse.ingest.warc import iter_warc
from newsfuse.records import RawArticle, Rejection, SourceFormat

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc"}
ALL_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES

Record = RawArticle | Rejection


@dataclass(frozen=True)
class ReadLimits:
    """Limits applied to every record read."""

    max_bytes: int = DEFAULT_MAX_BYTES


def kind_of(path: Path) -> str | None:
    """The reader a file needs ('text', 'html', 'jsonl', 'warc'), or None if unsupported."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if not suffixes:
        return None
    last = suffixes[-1]
    for kind, group in (
        ("text", TEXT_SUFFIXES),
        ("html", HTML_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
        ("warc", WARC_SUFFIXES),
    ):
        if last in group:
            return kind
    return None


def expand_inputs(inputs: Iterable[str]) -> Iterator[str | Rejection]:
    """Paths named by the inputs: files as given, folders walked recursively in sorted order."""
    for name in inputs:
        if name == "-":
            yield name
            continue
        path = Path(name)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield name
        else:
            yield Rejection(name, "no such file or folder; check the path")


def _walk(folder: Path) -> Iterator[str | Rejection]:
    """Files under the folder; hidden files and folders (.git, .DS_Store) are left out, other types rejected."""
    try:
        children = sorted(folder.rglob("*"))
    except OSError as error:
        yield Rejection(str(folder), f"cannot list folder: {error.strerror or error}")
        return
    for child in children:
        if not child.is_file() or any(part.startswith(".") for part in child.relative_to(folder).parts):
            continue
        yield str(child) if kind_of(child) else _unsupported(child)


def _unsupported(path: Path) -> Rejection:
    return Rejection(
        str(path),
        f"unsupported file type {path.suffix or '(none)'}; use .txt, .html, .jsonl or .warc (optionally .gz)",
    )


def iter_records(
    inputs: Iterable[str], limits: ReadLimits | None = None, stdin: BinaryIO | None = None
) -> Iterator[Record]:
    """Every raw article (or rejection) the inputs hold, in a stable order."""
    limits = limits or ReadLimits()
    for item in expand_inputs(inputs):
        if isinstance(item, Rejection):
            yield item
        elif item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from iter_jsonl(stream, "-", limits.max_bytes)
        else:
            yield from _iter_file(Path(item), limits)


def _iter_file(path: Path, limits: ReadLimits) -> Iterator[Record]:
    name = str(path)
    kind = kind_of(path)
    if kind is None:
        yield _unsupported(path)
        return
    if kind in ("warc", "jsonl"):
        # Many records per file: streamed, so a file of any size is fine and
        # the size limit applies to each record.
        try:
            stream = _open_stream(path)
        except OSError as error:
            yield Rejection(name, f"cannot read file: {error.strerror or error}")
            return
        with stream:
            if kind == "warc":
                yield from iter_warc(stream, name, limits.max_bytes)
            else:
                yield from iter_jsonl(stream, name, limits.max_bytes)
        return
    try:
        data = _read_bytes(path, limits.max_bytes, plain_text=kind == "text")
    except RecordError as error:
        yield Rejection(name, str(error))
        return
    yield _single_document(name, data, "html" if kind == "html" else "text")


def _open_stream(path: Path) -> BinaryIO:
    if path.suffix.lower() == ".gz" and kind_of(path) != "warc":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    # warcio detects and decompresses gzip members itself.
    return path.open("rb")


def _read_bytes(path: Path, max_bytes: int, plain_text: bool = False) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes and path.suffix.lower() != ".gz":
            raise RecordError(too_large_message(size, max_bytes, plain_text=plain_text))
        data = path.read_bytes()
    except PermissionError as error:
        raise RecordError("cannot read file: permission denied; check its permissions") from error
    except OSError as error:
        raise RecordError(f"cannot read file: {error.strerror or error}") from error
    if path.suffix.lower() == ".gz":
        data = read_gzip(data, max_bytes, plain_text=plain_text)
    return data


def _single_document(name: str, data: bytes, source_format: SourceFormat) -> Record:
    if not data.strip():
        return Rejection(name, "empty file")
    try:
        body = decode_bytes(data, html=source_format == "html")
    except RecordError as error:
        return Rejection(name, str(error))
    return RawArticle(
        input=name,
        source_format=source_format,
        body=body,
        raw_hash=digest(source_format, body),
    )
