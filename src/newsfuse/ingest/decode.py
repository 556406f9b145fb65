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
import math
import re
import zlib

from newsfuse.errors import RecordError

# A news article is a few KB; the largest page in the ScrapingHub benchmark is
# 1.3 MB of HTML. 20 MB leaves room for pages heavy with inline scripts while
# refusing data dumps that were never one article.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# The longest article text one record may give. The longest article body in
# the ScrapingHub benchmark is 53,372 characters and no corpus in
# ../shared/data has a text over 40,000; 200,000 (about 33,000 words) leaves
# room for the longest features while refusing books and dumps, which would
# make claim matching (quadratic in an article's claims) run for hours.
MAX_ARTICLE_CHARS = 200_000
# UTF-8 spends at most four bytes on a character: a text of more bytes than
# this holds more characters than one article may have, whatever the limit.
_MAX_TEXT_BYTES = 4 * MAX_ARTICLE_CHARS

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


def read_gzip(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES, plain_text: bool = False) -> bytes:
    """Decompress gzip data, refusing truncated streams and oversized results."""
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while chunk := stream.read(1 << 20):
                out.write(chunk)
                if out.tell() > max_bytes:
                    raise RecordError(too_large_message(out.tell(), max_bytes, "decompressed", plain_text))
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as error:
        raise RecordError(f"truncated or corrupt gzip data ({error}); re-download or re-compress the file") from error
    return out.getvalue()


def too_large_message(size: int, limit: int, what: str = "", plain_text: bool = False) -> str:
    """The reason given for a record over the size limit, with the --max-mb value that would admit it.

    A plain text too large to be one article whatever the limit is told to
    split instead (raising the limit would only lead to another rejection).

    >>> too_large_message(1_258_291, 1_048_576)
    'size 1.2 MB is over the 1 MB limit for one article; raise it with --max-mb 2 if this really is one article'
    """
    label = f"{what} size" if what else "size"
    over = f"{label} {size / 1048576:.1f} MB is over the {round(limit / 1048576, 1):g} MB limit for one article"
    if plain_text and size > _MAX_TEXT_BYTES:
        return f"{over}, and more text than one article may have ({MAX_ARTICLE_CHARS:,} characters); {SPLIT_ADVICE}"
    return f"{over}; raise it with --max-mb {math.floor(size / 1048576) + 1} if this really is one article"


SPLIT_ADVICE = "split it into separate articles (one file or JSON line each)"


def too_long_message(chars: int) -> str:
    """The reason given for an article whose clean text is longer than one article may be."""
    limit = f"{MAX_ARTICLE_CHARS:,}"
    return f"article text of {chars:,} characters is longer than one article may be ({limit}); {SPLIT_ADVICE}"


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
