"""Features of one line of page text.

Decides nothing itself: it measures what the line classifier weighs (length,
sentence punctuation, capitalisation, shape) so the rules in
``text_cleaner.py`` read as decisions, not as string fiddling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_CLOSERS = "\"'”’»)]*"
_SENTENCE_END = re.compile(r"[.!?…。！？]$")
_INNER_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’»)]*\s+[\"'“‘«(]*[A-ZÀ-Ý]")
_SOURCE_SUFFIX = re.compile(r"\s[–—|-]\s+[A-Z][\w&.' ]{1,30}$")
# Function words that stay lower-case in Title Case headlines (English,
# German, French, Spanish, Italian articles and prepositions).
_MINOR = frozenset(
    """a an the of in on at to for and or nor but as by with from into over after before about amid vs via than
    that is are was be its it his her their our your out up off per der die das und in im zu mit von für auf
    den dem des ein eine le la les de du des et en au aux un une pour sur el los las y del con por para una il
    lo gli di da e per con su""".split()
)
# A line of at least this many words is prose even without final punctuation
# (long standfirsts often lack the full stop); shorter unpunctuated lines are
# headings, labels or links. 20 words sits above every heading in the
# ScrapingHub gold and below 99% of its body paragraphs.
PROSE_MIN_WORDS_UNPUNCTUATED = 20
# A punctuated line needs this many words to count as prose: "Yes, I agree!" and
# "No comments:" are not sentences of an article.
PROSE_MIN_WORDS = 7


@dataclass(frozen=True)
class Line:
    """One non-blank line of page text, with the measures the classifier uses."""

    index: int
    text: str
    after_blank: bool = False

    @cached_property
    def words(self) -> list[str]:
        return _WORD.findall(self.text)

    @cached_property
    def n_words(self) -> int:
        """Words, counting two CJK characters as one word (those scripts use no spaces)."""
        cjk = len(_CJK.findall(self.text))
        return len(self.words) + cjk // 2

    @cached_property
    def ends_sentence(self) -> bool:
        return bool(_SENTENCE_END.search(self.text.rstrip(_CLOSERS + " ")))

    @property
    def n_sentences(self) -> int:
        return len(_INNER_SENTENCE_BREAK.findall(self.text)) + (1 if self.ends_sentence else 0)

    @cached_property
    def title_case_share(self) -> float:
        """Share of content words that start with a capital (1.0 for Title Case)."""
        content = [w for w in self.words if w.casefold() not in _MINOR]
        if not content:
            return 0.0
        return sum(1 for w in content if w[0].isupper()) / len(content)

    @property
    def n_content_words(self) -> int:
        return sum(1 for w in self.words if w.casefold() not in _MINOR)

    @property
    def is_prose(self) -> bool:
        """A sentence (or several) of running text."""
        if self.n_words >= PROSE_MIN_WORDS_UNPUNCTUATED:
            return True
        return self.ends_sentence and self.n_words >= PROSE_MIN_WORDS and not self.text.endswith(":")

    @property
    def is_headline_like(self) -> bool:
        """Short, unpunctuated, mostly capitalised: a title, heading or linked headline."""
        if not 2 <= self.n_words < PROSE_MIN_WORDS_UNPUNCTUATED or self.text.endswith((".", ":", ",")):
            return False
        return self.text[:1].isupper() or self.text[:1] in "\"'“‘«"

    @property
    def is_title_case(self) -> bool:
        """Every content word capitalised, as in a headline or a list of linked headlines."""
        # 0.85 lets one lower-case content word through in a ten-word
        # headline (tickers, "iPhone"); subheads in sentence case stay below.
        return self.n_content_words >= 3 and self.title_case_share >= 0.85

    @property
    def has_source_suffix(self) -> bool:
        """Ends in ' – Outlet' or ' | Outlet', as linked headlines from elsewhere do."""
        return bool(_SOURCE_SUFFIX.search(self.text))

    @property
    def letter_share(self) -> float:
        letters = sum(ch.isalpha() for ch in self.text)
        return letters / max(1, len(self.text.replace(" ", "")))


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text`` with whether a blank line preceded each."""
    lines: list[Line] = []
    blank_before = False
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            blank_before = True
            continue
        lines.append(Line(index=len(lines), text=stripped, after_blank=blank_before))
        blank_before = False
    return lines
