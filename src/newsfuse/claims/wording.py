"""Whether a copy's words say what its original's words said: one word respelled, or another word.

Decides, for a stretch of a quotation replaced in a copy, whether a content
word of one side has no counterpart on the other (a word the writer chose
instead: a change of what was quoted) or every word has one: the same word
inflected ("pay"/"paying") or spelled the British or American way, a typing
slip and its fix ("crash"/"cash"), a word masked with asterisks and the
word written out ("f***ed"/"fucked": a house style for swearing), a contraction split or expanded ("I'm",
"I am"), or one figure in digits and in words ("12th"/"Twelfth"). A
number spelled out that changes value ("twenty"/"thirty") is a change.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from newsfuse.index.tokens import STOPWORDS

Span = tuple[int, int]
# A figure with its sign and decimals ("$20", "4.5%") or a word with its inner apostrophes and hyphens,
# and with letters masked by asterisks ("sh*t", "f***ed").
WORD_TOKEN = re.compile(r"[$€£¥]?\d+(?:[.,]\d+)*%?|[^\W_]+(?:[’'-][^\W_]+|\*+[^\W_]*)*", re.UNICODE)


@dataclass(frozen=True)
class Token:
    text: str
    span: Span

    @property
    def key(self) -> str:
        return self.text.casefold().replace("’", "'")


def tokens(text: str, span: Span) -> list[Token]:
    start, end = span
    return [Token(m.group(), (start + m.start(), start + m.end())) for m in WORD_TOKEN.finditer(text[start:end])]


# What is left of a contraction a tokeniser split off ("I 'm", "do n't"): a function word.
_CONTRACTED = frozenset("m s t d ll re ve am".split())
# Numbers written as words, cardinal and ordinal: a quotation that spells a
# figure out ("Twelfth") says what the digits ("12th") say.
_CARDINALS = """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty""".split()
_ORDINALS = """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth
    fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth""".split()
_TENS = "thirty forty fifty sixty seventy eighty ninety".split()
_TENTHS = "thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()
NUMBER_WORDS: dict[str, int] = {
    **{w: k for k, w in enumerate(_CARDINALS, start=1)},
    **{w: k for k, w in enumerate(_ORDINALS, start=1)},
    **{w: 10 * k for k, w in enumerate(_TENS, start=3)},
    **{w: 10 * k for k, w in enumerate(_TENTHS, start=3)},
    "hundred": 100,
    "hundredth": 100,
    "thousand": 1000,
    "thousandth": 1000,
}
_SUFFIXES = ("ings", "ing", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    """A crude stem for comparing quoted words: inflection and British/American spelling removed."""
    word = word.casefold().replace("’", "'").split("'")[0]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word.replace("is", "iz").replace("our", "or")[:6]


def different_words(old: list[str], new: list[str]) -> bool:
    """A content word of one side has no counterpart (same stem or near spelling) on the other.

    Figures are the figure comparison's business ('$20' and '20-dollar'),
    and a respacing is no change ("She ’ s" and "She's").
    """
    if _letters(old) == _letters(new):
        return False
    spelled = [w for w in (*old, *new) if w in NUMBER_WORDS]
    old_values, new_values = _number_values(old), _number_values(new)
    if spelled and old_values and new_values and old_values != new_values:
        return True  # a figure spelled out in the quotation changed ('twenty years' -> 'thirty years')
    old_content = [w for w in old if _content_word(w)]
    new_content = [w for w in new if _content_word(w)]
    if not old_content or not new_content:
        return False
    return any(not any(_same_word(a, b) for b in new_content) for a in old_content) or any(
        not any(_same_word(a, b) for a in old_content) for b in new_content
    )


def _number_values(found: list[str]) -> list[float]:
    """The figures a stretch of words states, spelled or in digits ('12th' and 'twelfth' are both 12)."""
    values = []
    for word in found:
        digits = word.rstrip("stndrh") if word[:1].isdigit() else ""
        if digits.replace(".", "", 1).isdigit():
            values.append(float(digits))
        elif word in NUMBER_WORDS:
            values.append(float(NUMBER_WORDS[word]))
    return values


def _content_word(word: str) -> bool:
    """A word whose replacement changes what a quotation says.

    Not a function word, nor one contracted with one ("I'm", "we've"), nor
    a figure in digits or words ('12th' and 'Twelfth' are one ordinal; the
    figure comparison judges numbers).
    """
    if word in STOPWORDS or any(c.isdigit() for c in word) or word in NUMBER_WORDS or word in _CONTRACTED:
        return False
    head, _, tail = word.replace("’", "'").partition("'")
    return not (tail and head in STOPWORDS)


def _letters(found: list[str]) -> str:
    return "".join(c for c in "".join(found) if c.isalnum())


def _same_word(a: str, b: str) -> bool:
    """One word, inflected, spelled another way, or with a typing slip ('crash'/'cash' drawer)."""
    if stem(a) == stem(b) or _masked(a, b) or _masked(b, a):
        return True
    if min(len(a), len(b)) >= 4 and _one_slip(a, b):
        return True
    return min(len(a), len(b)) >= 5 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _masked(masked: str, word: str) -> bool:
    """``masked`` is ``word`` with some letters hidden by asterisks: its letters in place, a letter or more
    behind each run of asterisks ('f***ed' and 'fucked', 'sh*t' and 'shit'; not 'f***ed' and 'fed')."""
    if "*" not in masked or "*" in word:
        return False
    pattern = "".join(r"[^\W\d_]+" if part.startswith("*") else re.escape(part) for part in re.split(r"(\*+)", masked))
    return re.fullmatch(pattern, word) is not None


def _one_slip(a: str, b: str) -> bool:
    """The words differ by one letter added, dropped or changed: a typo or its fix, not another word.

    A word a writer chose instead ('sanctions' for 'pressure') differs in
    more than one letter; a negation is judged on its own (``_negations``).
    """
    if abs(len(a) - len(b)) > 1:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    edits = [(max(i2 - i1, j2 - j1)) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    return sum(edits) <= 1
