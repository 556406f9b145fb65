"""Bytes to text: decompression, binary sniffing and encoding repair.

Decides whether a byte string is usable text at all, and if so which encoding
it is in. Inputs in the wild mix UTF-8 with legacy code pages line by line
(copy-pasted pages, concatenated dumps), so a line that is not UTF-8 is decoded
on its own rather than the whole file being thrown away.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib

from newsfuse.errors import RecordError

# A news article is a few KB; the largest page in the ScrapingHub benchmark is
# 1.3 MB of HTML. 20 MB leaves room for pages heavy with inline scripts while
# refusing data dumps that were never one article.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (also docx/xlsx)",
    b"\x7fELF": "an executable",
    b"\x1f\x8b": "gzip data without a .gz suffix",
}
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# More than 10% control bytes in the first 8 KB never occurs in text we have
# seen (the HTML corpora have 0%); binary formats sit far above it.
_MAX_CONTROL_SHARE = 0.10
_SNIFF_BYTES = 8192
# Below this many bytes charset guessing picks neighbouring code pages at
# random (cp1250 for French in our tests); Windows-1252 is the most common
# legacy encoding of Western web text, so it is the default there.
MIN_GUESS_BYTES = 2000
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.I)


def read_gzip(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Decompress gzip data, refusing truncated streams and oversized results."""
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while chunk := stream.read(1 << 20):
                out.write(chunk)
                if out.tell() > max_bytes:
                    raise RecordError(too_large_message(out.tell(), max_bytes, "decompressed"))
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as error:
        raise RecordError(f"truncated or corrupt gzip data ({error}); re-download or re-compress the file") from error
    return out.getvalue()


def too_large_message(size: int, limit: int, what: str = "") -> str:
    """The reason given for a record over the size limit."""
    label = f"{what} size" if what else "size"
    return (
        f"{label} {size / 1048576:.1f} MB is over the {limit / 1048576:.0f} MB limit for one article; "
        "raise it with --max-mb if this really is one article"
    )


def check_not_binary(data: bytes) -> None:
    """Raise RecordError when the bytes are plainly not text."""
    head = data[:_SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    for magic, name in _MAGIC.items():
        if head.startswith(magic):
            raise RecordError(f"binary file: looks like {name}, not text or HTML")
    if b"\x00" in head:
        raise RecordError("binary file: contains NUL bytes, not text or HTML")
    if head and len(_CONTROL.findall(head)) / len(head) > _MAX_CONTROL_SHARE:
        raise RecordError("binary file: too many control characters to be text")


def decode_bytes(data: bytes, html: bool = False) -> str:
    """Decode text of unknown encoding; mixed-encoding input is decoded line by line."""
    check_not_binary(data)
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data) if html else None
    if declared:
        return data.decode(declared, errors="replace")
    return _decode_mixed(data)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore")
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def _decode_mixed(data: bytes) -> str:
    """UTF-8 where a line is valid UTF-8, the best single-byte guess elsewhere."""
    legacy = _guess_legacy_encoding(data)
    lines = []
    for raw_line in data.splitlines(keepends=True):
        try:
            lines.append(raw_line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw_line.decode(legacy, errors="replace"))
    return "".join(lines)


def _guess_legacy_encoding(data: bytes) -> str:
    """Windows-1252 for short samples (guessers are unreliable there), else charset_normalizer's guess."""
    if len(data) < MIN_GUESS_BYTES:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding in {"utf_8", "ascii"}:
        return "cp1252"
    return str(best.encoding)
