"""Unicode repair and whitespace normalisation.

Decides the canonical form of text before anything else reads it: mojibake
repaired (ftfy), compatibility characters kept (quotes and dashes carry
meaning for quote extraction), invisible characters dropped, runs of spaces
collapsed, and paragraph breaks kept as single blank lines.
"""

from __future__ import annotations

import re

import ftfy

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_RUN = re.compile(r"\n{3,}")
_FTFY_CONFIG = ftfy.TextFixerConfig(
    # Curly quotes and dashes are evidence (quote spans, wire datelines);
    # keep them rather than flattening to ASCII.
    uncurl_quotes=False,
    fix_latin_ligatures=True,
    fix_character_width=True,
    normalization="NFC",
)


def repair_unicode(text: str) -> str:
    """Fix mojibake and broken escapes without flattening typography."""
    return ftfy.fix_text(text, config=_FTFY_CONFIG)


def normalise_lines(text: str) -> list[str]:
    """Lines with inner whitespace collapsed and ends stripped; blank lines kept as ''."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


def normalise_text(text: str) -> str:
    """Repaired text with tidy whitespace and at most one blank line between paragraphs."""
    lines = normalise_lines(repair_unicode(text))
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()
