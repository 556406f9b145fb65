"""Content-hash ids.

An article's id is a hash of what a reader sees (outlet, title and clean text),
so one article read twice, from two files or a re-run, gets one id; the same
wire text printed by two outlets gets two ids (and is then grouped as an exact
duplicate), because who printed it matters for provenance.
"""

from __future__ import annotations

import hashlib
import unicodedata

# 16 hex digits = 64 bits: the birthday bound puts a first collision near
# 4 billion articles, far beyond a month of a news firehose.
ID_HEX_DIGITS = 16


def digest(*parts: str | bytes | None) -> str:
    """A short, stable hex digest of the parts, with a separator between them."""
    hasher = hashlib.blake2b(digest_size=ID_HEX_DIGITS // 2)
    for part in parts:
        if part is None:
            hasher.update(b"\x00none")
        elif isinstance(part, str):
            hasher.update(part.encode("utf-8", "surrogatepass"))
        else:
            hasher.update(part)
        hasher.update(b"\x1f")
    return hasher.hexdigest()


def normalise_for_hash(text: str) -> str:
    """Text reduced to what should not change an id: case-folded, NFKC, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def article_id(outlet: str | None, title: str | None, text: str) -> str:
    """The id of a cleaned article."""
    return digest(
        normalise_for_hash(outlet or ""),
        normalise_for_hash(title or ""),
        normalise_for_hash(text),
    )
