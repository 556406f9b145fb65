"""Classes and folds of code points, as tables built once: what ``lexical`` looks each character up in.

Decides, per code point, whether it is part of a word, how ``tokens.words``
folds it (NFKC, then case fold), and whether its text needs the slow, exact
route of ``unicodedata`` (combining marks, composing characters, Hangul
jamo, folds of several letters). Built from ``unicodedata`` of the running
Python, so the tables always agree with ``tokens.words``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from newsfuse.index.tokens import _CJK_RANGE

WORD, MARK, CJK, CONTEXTUAL = 1, 2, 4, 8
# A UTF-16 code unit whose text needs the exact route (U+FFFF is no character).
HARD = 0xFFFF
# Code points above this are ideographs, private use or unassigned: none
# has a normal form or case fold other than itself (checked by building).
_TABLE_LOOP = 0x30000


def code_point_classes() -> np.ndarray:
    """WORD, MARK and CJK bits (and CONTEXTUAL) of every code point."""
    return _tables()[1]


@lru_cache(maxsize=1)
def ascii_codes() -> np.ndarray:
    """Per ASCII byte: its lower case if a letter or digit, else 0 (not part of a word)."""
    return np.array([ord(chr(c).lower()) if chr(c).isalnum() else 0 for c in range(128)] + [0] * 128, np.uint8)


@lru_cache(maxsize=1)
def bmp_codes() -> np.ndarray:
    """Per UTF-16 code unit: its fold if a word character, 0 if not, ``HARD`` if it needs the exact route."""
    fold, classes = _tables()
    bmp_fold = fold[:0x10000]
    folded_class = classes[np.minimum(bmp_fold, 0x10FFFF)]
    hard = ((classes[:0x10000] | folded_class) & (CONTEXTUAL | CJK)) != 0
    hard |= bmp_fold >= HARD
    hard[0xD800:0xE000] = True  # half of a character outside the BMP
    codes = np.where((folded_class & WORD) != 0, bmp_fold, 0)
    return np.where(hard, HARD, codes).astype(np.uint16)


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Per code point: its NFKC case fold (when one code point) and class bits. Built once, about 0.2 s.

    CONTEXTUAL marks characters whose fold cannot be looked up alone: marks,
    characters that compose with what precedes them, Hangul jamo, and those
    whose fold is several characters of which one is a letter or digit (a
    fold to punctuation only, such as an ellipsis, is a non-word character).
    Regular expressions over one string of every code point find the classes;
    only blocks of 128 code points that NFKC or case folding changes are
    visited one character at a time.
    """
    size = 0x110000
    fold = np.arange(size, dtype=np.uint32)
    classes = np.zeros(size, dtype=np.uint8)
    code_of = np.concatenate([np.arange(0xD800), np.arange(0xE000, size)])
    everything = code_of.astype("<u4").tobytes().decode("utf-32-le")
    for bit, pattern in ((WORD, r"[^\W_]+"), (CJK, f"[{_CJK_RANGE}]+")):
        for match in re.finditer(pattern, everything):
            classes[code_of[match.start() : match.end()]] |= bit
    # Marks as ``tokens._mark_class`` defines them: categories Mn, Mc, Me below U+30000.
    low = everything[: _TABLE_LOOP - 0x800]
    marks = np.fromiter((unicodedata.category(c)[0] == "M" for c in low), dtype=bool, count=len(low))
    classes[code_of[: len(low)][marks]] |= MARK
    contextual = (classes & MARK).astype(bool)
    contextual[0x1100:0x1200] = True
    for start in range(0, _TABLE_LOOP - 0x800, 128):  # positions in ``everything``, surrogates left out
        block = everything[start : start + 128]
        if unicodedata.is_normalized("NFKC", block) and block.casefold() == block:
            continue
        for char in block:
            _fold_one(char, fold, contextual)
    classes[contextual] |= CONTEXTUAL
    return fold, classes


def _fold_one(char: str, fold: np.ndarray, contextual: np.ndarray) -> None:
    """Record one character's fold, or that it needs its neighbours."""
    normal = unicodedata.normalize("NFKC", char)
    folded = normal.casefold()
    if normal != char and any(contextual[ord(c)] or unicodedata.category(c)[0] == "M" for c in normal):
        contextual[ord(char)] = True
    if len(folded) == 1:
        fold[ord(char)] = ord(folded)
    elif any(c.isalnum() for c in folded):
        contextual[ord(char)] = True
    else:
        fold[ord(char)] = ord(" ")
    parts = unicodedata.decomposition(char).split()
    if len(parts) == 2 and not parts[0].startswith("<"):
        contextual[int(parts[1], 16)] = True  # it composes with what precedes it
