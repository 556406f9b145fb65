"""Words, shingles and hashed terms: the lexical view of an article.

Decides how text is cut into comparable units. Words are case-folded NFKC
runs of letters and digits; scripts without spaces (Chinese, Japanese) give
one token per character, so shingles still mean something there. Terms for
TF-IDF are hashed into a fixed space with CRC32 (stable across processes,
unlike Python's ``hash``), so no vocabulary has to be stored.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter
from functools import lru_cache

import numpy as np

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def _mark_class() -> str:
    """A character class of every combining mark (Unicode categories Mn, Mc, Me) below U+30000."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x30000):
        if unicodedata.category(chr(code))[0] != "M":
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


# Python's \w leaves out combining marks, so Devanagari, Bengali or vowelled
# Arabic words fell apart at every vowel sign ("हिंदी" gave "ह", "द"). Words
# may carry marks after their first letter. The full pattern is about twice
# as slow, so it runs only on texts holding a character of a script block
# that uses marks (one fast scan decides). Built on first use (0.1 s).
@lru_cache(maxsize=1)
def _marked_token() -> re.Pattern[str]:
    return re.compile(f"[^\\W_](?:[^\\W_]|[{_mark_class()}])*")


_MARK_SCRIPTS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u109f\u1700-\u1dff\u20d0-\u20f0\u302a-\u309a"
    "\ua66f-\uabff\ufb1e\ufe00-\ufe2f\U00010000-\U0002ffff]"
)
_CJK_RANGE = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CJK = re.compile(f"[{_CJK_RANGE}]")
_CJK_PIECES = re.compile(f"[{_CJK_RANGE}]|[^{_CJK_RANGE}]+")
# Word 3-grams: the unit NEWS-COPY (Silcock et al. 2023) and most news
# near-duplicate work use; long enough that shared 3-grams mean shared
# wording, short enough that light edits leave most of them intact.
SHINGLE_WORDS = 3
# 2^20 term buckets: with a few thousand distinct terms per story the
# collision rate is under 0.5%, and ids fit in 32 bits.
TERM_SPACE = 1 << 20
# Function words of the languages most common in our corpora; IDF would
# down-weight them anyway, but dropping them keeps term vectors short.
STOPWORDS = frozenset(
    """a an the and or but of in on at to for from by with as is are was were be been being it its this that
    these those he she they we you i his her their our your not no has have had will would can could said says
    say also than then there here which who whom what when where why how all any some more most other into over
    after before about up out if so do does did just one two new der die das und oder ein eine in im zu mit von
    für auf den dem des ist sind war wurde nicht sich es er sie le la les et ou un une des du de en au aux pour
    sur par est sont été il elle ils qui que el los las y o un una del de en con por para es son fue que se lo
    il lo gli e di da in con per che è sono non het een en van op te dat die voor met zijn is niet""".split()
)


def words(text: str) -> list[str]:
    """Case-folded word tokens of ``text``; each CJK character is a token of its own."""
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    tokens: list[str] = _token_pattern(text).findall(text.casefold())
    if text.isascii() or not any(_CJK.search(t) for t in tokens if not t.isascii()):
        return tokens
    return [piece for t in tokens for piece in (_split_cjk(t) if not t.isascii() else (t,))]


def _token_pattern(text: str) -> re.Pattern[str]:
    """The word pattern for ``text``: mark-aware only where marks can occur."""
    return _TOKEN if text.isascii() or not _MARK_SCRIPTS.search(text) else _marked_token()


def _split_cjk(token: str) -> list[str]:
    """'中国和' -> ['中', '国', '和']; Latin runs inside stay whole."""
    return _CJK_PIECES.findall(token)


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, case-folded token) for each word of ``text``; offsets index ``text`` itself."""
    spans = []
    for match in _token_pattern(text).finditer(text):
        token = match.group()
        if token.isascii() or not _CJK.search(token):
            spans.append((match.start(), match.end(), token.casefold()))
            continue
        offset = match.start()
        for piece in _split_cjk(token):
            spans.append((offset, offset + len(piece), piece.casefold()))
            offset += len(piece)
    return spans


def shingles(tokens: list[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """Distinct word n-grams as sorted 64-bit hashes; a text shorter than ``size`` words is one shingle.

    The same hashes as ``lexical.shingle_batch`` gives for the text these
    tokens came from (that module hashes whole batches without a loop per word).
    """
    from newsfuse.index.lexical import shingles_of_words  # lexical builds on this module's word rules

    return shingles_of_words(tokens, size)


def term_id(term: str) -> int:
    return zlib.crc32(term.encode("utf-8")) % TERM_SPACE


def term_counts(tokens: list[str]) -> Counter[int]:
    """Hashed counts of content words (stopwords and one-letter tokens dropped)."""
    return Counter(term_id(t) for t in tokens if t not in STOPWORDS and (len(t) > 1 or not t.isascii()))
