"""Copied sentences between an article and the one it derives from, and what the copy changed.

Decides, for a derived article and its provenance parent, which of their
sentences are one sentence copied (the same words in the same order, up to
light edits), and which edits in a copied sentence change what it says:

* ``figure``: a number replaced by a different value (the same count of
  numbers on both sides, so a dropped figure is a trim, not a change);
* ``negation``: a negation put in or taken out ("not", "n't", "never",
  "no", "hardly" ...);
* ``quote``: a content word inside a quotation replaced by a different
  word (spelling variants such as "characterised"/"characterized" and
  inflections such as "pay"/"paying" are the same word; function words do
  not count);
* ``attribution``: the parent's sentence credits someone ("..., she said",
  "according to ...") and the copy keeps the rest without any credit.

Everything else a copy does (trimming, re-punctuating, reordering words
outside quotations) is editing, not a change of what was said.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from newsfuse.claims.attribution import quote_spans
from newsfuse.claims.numbers import RELATIVE_TOLERANCE, Quantity, parse_quantity
from newsfuse.claims.units import comparable_units, same_measurement, unit_after
from newsfuse.index.tokens import STOPWORDS
from newsfuse.records import Article

EditKind = Literal["figure", "quote", "negation", "attribution"]
Span = tuple[int, int]
# Two sentences are one copied sentence when this share of their tokens
# (difflib ratio over lowercased word tokens) lines up. Set on the tune
# split of evals/flags.py: 0.6 keeps a copy with one replaced phrase or a
# cut attribution (ratios 0.75-0.97) and leaves out paraphrases of the
# same fact (0.3-0.55 on the seeds' bot rewrites).
COPY_RATIO = 0.6
# Candidate sentences share at least this many content words (all of them
# when the child's sentence has fewer: '"There are no excuses," he said.').
MIN_SHARED_WORDS = 2
_TOKEN = re.compile(r"[$€£¥]?\d+(?:[.,]\d+)*%?|[^\W_]+(?:[’'-][^\W_]+)*", re.UNICODE)
_CURRENCY_SIGNS = frozenset("$€£¥")
# How far before a quotation or a colon a reporting verb still introduces it ("the 55-year-old said:",
# "Below is a statement by the agency's director:").
INTRODUCING_CHARS = 60
_BRACKETED = re.compile(r"\[[^\]]*\]")
_SCALE = re.compile(r"\s*(?:%|percent|per cent|thousand|million|billion|trillion|bn|mn|m|k)\b", re.I)
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
NEGATORS = frozenset("not never no n't nor neither nobody nothing none hardly scarcely barely without".split())
_CREDIT = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|according to|stated|states|wrote|writes|explained|noted|"
    r"reported|reports|announced|claimed|insisted|argued|warned|stressed|assured|confirmed|declared)\b",
    re.I,
)
_SUFFIXES = ("ings", "ing", "ed", "es", "s", "ly")
# Neighbours (sentence steps on each side) that show a passage was copied:
# the next sentence, or one further where a trim dropped a sentence between.
_NEIGHBOURS = ((1, 1), (2, 1), (1, 2))
# A quotation's words count as replaced when a replaced stretch is this short
# (tokens on each side): a word or a phrase swapped, not a sentence rewritten
# (the planted benchmark swaps one word; the seeds' translated quote three).
MAX_QUOTE_EDIT_TOKENS = 3
# A negation put in or taken out changes at most this many other content
# words: "did not" -> "did", not a clause trimmed ("... and have no further comment").
MAX_NEGATION_CONTEXT_WORDS = 0
# Credits the child may keep in another form than the parent's "said": a
# reporting verb of any tense ("Authorities estimate ...", "statistics
# showed ..."), or a source named around the sentence.
_ANY_CREDIT = re.compile(
    r"\b(?:said|says|say|saying|told|tells|telling|added|adds|according to|stated|states|wrote|writes|writing|"
    r"explained|noted|reported|reports|announced|claimed|insisted|argued|warned|stressed|assured|confirmed|"
    r"declared|tweeted|posted|quoted|recalled|described|continued|estimated?|estimates|showed|shows|indicated|"
    r"indicates|revealed|reveals|believes?|believed|cited|citing|quoting|reportedly|allegedly|"
    r"suggested|suggests|admitted|acknowledged|denied|replied|responded|testified|predicted|urged|vowed)\b",
    re.I,
)


@dataclass(frozen=True)
class Token:
    text: str
    span: Span

    @property
    def key(self) -> str:
        return self.text.casefold().replace("’", "'")


@dataclass(frozen=True)
class Edit:
    """One change a derived article made to a sentence it copied, with both sides' spans."""

    kind: EditKind
    parent_id: str
    child_id: str
    parent_span: Span
    child_span: Span
    parent_sentence: Span
    child_sentence: Span

    def describe(self, parent: str, child: str) -> str:
        before = parent[self.parent_span[0] : self.parent_span[1]]
        after = child[self.child_span[0] : self.child_span[1]]
        if self.kind == "figure":
            return f"figure changed from {before} to {after}"
        if self.kind == "quote":
            return f"quoted words changed from “{before}” to “{after}”"
        if self.kind == "negation":
            return "negation put in" if _negations(after) > _negations(before) else "negation taken out"
        return "the credit was cut from a copied sentence"


def tokens(text: str, span: Span) -> list[Token]:
    start, end = span
    return [Token(m.group(), (start + m.start(), start + m.end())) for m in _TOKEN.finditer(text[start:end])]


def aligned_sentences(parent: Article, child: Article) -> list[tuple[int, int, float]]:
    """(parent sentence, child sentence, ratio) for sentences the child copied, one-to-one, best first."""
    parent_tokens = [[t.key for t in tokens(parent.text, s)] for s in parent.sentences]
    child_tokens = [[t.key for t in tokens(child.text, s)] for s in child.sentences]
    index: dict[str, set[int]] = {}
    for k, sentence in enumerate(parent_tokens):
        for word in set(sentence) - STOPWORDS:
            index.setdefault(word, set()).add(k)
    candidates = []
    for j, sentence in enumerate(child_tokens):
        shared: dict[int, int] = {}
        content = set(sentence) - STOPWORDS
        for word in content:
            for k in index.get(word, ()):
                shared[k] = shared.get(k, 0) + 1
        for k, count in shared.items():
            if count >= min(MIN_SHARED_WORDS, len(content)):
                ratio = difflib.SequenceMatcher(None, parent_tokens[k], sentence, autojunk=False).ratio()
                if ratio >= COPY_RATIO:
                    candidates.append((ratio, k, j))
    used_parent: set[int] = set()
    used_child: set[int] = set()
    pairs = []
    for ratio, k, j in sorted(candidates, reverse=True):
        if k not in used_parent and j not in used_child:
            used_parent.add(k)
            used_child.add(j)
            pairs.append((k, j, ratio))
    return pairs


def copy_edits(parent: Article, child: Article, aligned: list[tuple[int, int, float]] | None = None) -> list[Edit]:
    """What the child changed in the sentences it copied from the parent (``aligned``: their sentence pairs)."""
    edits: list[Edit] = []
    parent_quotes, child_quotes = quote_spans(parent.text), quote_spans(child.text)
    for k, j, _ in in_passage(aligned if aligned is not None else aligned_sentences(parent, child)):
        pair = _SentencePair(parent, child, parent.sentences[k], child.sentences[j], parent_quotes, child_quotes)
        edits += pair.edits()
    return edits


def in_passage(aligned: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Sentence pairs that sit in a copied passage: a neighbouring sentence was copied along with them.

    One sentence that two articles share (a statement both quote, a line of
    a press release) is not a copy of an article's passage, and what differs
    around it is not an edit of it.
    """
    pairs = {(k, j) for k, j, _ in aligned}
    return [
        (k, j, ratio)
        for k, j, ratio in aligned
        if any((k + dk * sign, j + dj * sign) in pairs for sign in (1, -1) for dk, dj in _NEIGHBOURS)
    ]


@dataclass
class _SentencePair:
    parent: Article
    child: Article
    parent_sentence: Span
    child_sentence: Span
    parent_quotes: Sequence[Span]
    child_quotes: Sequence[Span]

    def edit(self, kind: EditKind, parent_span: Span, child_span: Span) -> Edit:
        return Edit(
            kind,
            self.parent.id,
            self.child.id,
            parent_span,
            child_span,
            self.parent_sentence,
            self.child_sentence,
        )

    def edits(self) -> list[Edit]:
        before, after = tokens(self.parent.text, self.parent_sentence), tokens(self.child.text, self.child_sentence)
        found = self._figures()
        if _negations(_joined(before)) != _negations(_joined(after)):
            negation = self._negation(before, after)
            found += [negation] if negation else []
        found += self._quote_words(before, after)
        parent_text = _unquoted(self.parent.text, self.parent_sentence, self.parent_quotes)
        child_text = _unquoted(self.child.text, self.child_sentence, self.child_quotes)
        cut_credit = _CREDIT.search(parent_text) and not _ANY_CREDIT.search(child_text)
        if cut_credit and not self._credited_around(before, after):
            found.append(self.edit("attribution", self.parent_sentence, self.child_sentence))
        return found

    def _credited_around(self, before: list[Token], after: list[Token]) -> bool:
        """The child still credits the statement, or never took it from the parent's sentence.

        Credited: the cut source is named in the sentences around or in the
        paragraph (its name, surname or initials), or a sentence next to it
        credits someone ("..., a highway patrol officer said." before "he
        said" was cut; a quotation that goes on into "..., he said.").
        A quotation printed without its quotation marks and without its
        speaker is the plainest dropped attribution (a rewrite that states
        what someone said as fact), so it is never excused.
        """
        text = self.child.text
        cut = _cut_words(before, after, self.parent_quotes)
        names = [t.text for t in cut if t.text[:1].isupper() and t.key not in STOPWORDS and len(t.text) > 1]
        around = _around(self.child, self.child_sentence)
        paragraph = _paragraph(text, self.child_sentence)
        context_words = set(_TOKEN.findall(text[around[0] : around[1]])) | set(_TOKEN.findall(paragraph))
        if names and (any(n in context_words for n in names) or _initials(names) in context_words):
            return True
        quote = next((q for q in self.child_quotes if q[0] < self.child_sentence[1] <= q[1]), None)
        if quote is not None:  # the quotation goes on past the sentence: its credit may follow its end
            closing = _around(self.child, (quote[1], quote[1]))
            if _ANY_CREDIT.search(_unquoted(text, (quote[1], closing[1]), self.child_quotes)):
                return True
        if self._introduced():
            return True
        if names:
            return False
        # "he said" cut: the pronoun stood for the source the sentence before credits.
        return bool(_ANY_CREDIT.search(_unquoted(text, (around[0], self.child_sentence[0]), self.child_quotes)))

    def _introduced(self) -> bool:
        """A credit before the sentence introduces it: the quotation it is part of opened after a credit
        ('the 55-year-old said: "...'), or the sentence before ends in a colon after one ('Below is a
        statement by ...:')."""
        text, start = self.child.text, self.child_sentence[0]
        opened = next((q for q in self.child_quotes if q[0] < start < q[1]), None)
        lead_end = opened[0] if opened is not None else start
        lead = _around(self.child, (lead_end, lead_end))
        before = _unquoted(text, (lead[0], lead_end), self.child_quotes).rstrip(" \n\"“'‘")
        # The credit leads straight into the words: "... said:" or "... said," right before them, not a
        # credit somewhere in the sentence before (that one credits its own sentence).
        tail = before[-INTRODUCING_CHARS:]
        if opened is not None and before.endswith((":", ",")) and _ANY_CREDIT.search(tail):
            return True
        return before.endswith(":") and bool(_ANY_CREDIT.search(tail) or " by " in tail)

    def _figures(self) -> list[Edit]:
        left = _figures(self.parent.text, self.parent_sentence)
        right = _figures(self.child.text, self.child_sentence)
        if len(left) != len(right):
            return []
        return [self.edit("figure", a.span, b.span) for a, b in zip(left, right, strict=True) if _changed_figure(a, b)]

    def _negation(self, before: list[Token], after: list[Token]) -> Edit | None:
        """The negation that changed, located by the token diff; None when it went with other words."""
        matcher = difflib.SequenceMatcher(None, [t.key for t in before], [t.key for t in after], autojunk=False)
        for _, i1, i2, j1, j2 in (op for op in matcher.get_opcodes() if op[0] != "equal"):
            if _negations(_joined(before[i1:i2])) != _negations(_joined(after[j1:j2])):
                if _context_words(before[i1:i2]) + _context_words(after[j1:j2]) > MAX_NEGATION_CONTEXT_WORDS:
                    return None  # a clause trimmed or added, not a negation put in or taken out
                return self.edit("negation", _cover(before, i1, i2), _cover(after, j1, j2))
        return None

    def _quote_words(self, before: list[Token], after: list[Token]) -> list[Edit]:
        """One edit per quotation whose content words were replaced, spanning all its replaced words.

        Words in square brackets are the editor's gloss ('[the White House]'
        for 'WH'), not the speaker's, and are left out on both sides.
        """
        before = _outside_brackets(before, self.parent.text, self.parent_sentence)
        after = _outside_brackets(after, self.child.text, self.child_sentence)
        matcher = difflib.SequenceMatcher(None, [t.key for t in before], [t.key for t in after], autojunk=False)
        changed: dict[Span, list[tuple[int, int, int, int]]] = {}
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "replace":
                continue
            old, new = before[i1:i2], after[j1:j2]
            if max(len(old), len(new)) > MAX_QUOTE_EDIT_TOKENS:
                continue  # a stretch rewritten, not a quoted word replaced
            quote = _quote_of(old, self.parent_quotes)
            if quote is None or _quote_of(new, self.child_quotes) is None:
                continue
            if different_words([t.key for t in old], [t.key for t in new]):
                changed.setdefault(quote, []).append((i1, i2, j1, j2))
        return [
            self.edit(
                "quote",
                _cover(before, ops[0][0], ops[-1][1]),
                _cover(after, ops[0][2], ops[-1][3]),
            )
            for ops in changed.values()
        ]


def _outside_brackets(found: list[Token], text: str, sentence: Span) -> list[Token]:
    start, end = sentence
    spans = [(start + m.start(), start + m.end()) for m in _BRACKETED.finditer(text[start:end])]
    return [t for t in found if not any(s <= t.span[0] < e for s, e in spans)]


def _context_words(found: Sequence[Token]) -> int:
    return sum(1 for t in found if t.key not in STOPWORDS and t.key not in NEGATORS and not t.key.endswith("n't"))


def _cut_words(before: list[Token], after: list[Token], quotes: Sequence[Span]) -> list[Token]:
    """The parent's words outside quotations that the child's copy of the sentence lacks."""
    matcher = difflib.SequenceMatcher(None, [t.key for t in before], [t.key for t in after], autojunk=False)
    return [
        t
        for tag, i1, i2, _, _ in matcher.get_opcodes()
        if tag in {"delete", "replace"}
        for t in before[i1:i2]
        if not any(q[0] <= t.span[0] < q[1] for q in quotes)
    ]


def _around(article: Article, sentence: Span) -> Span:
    """The sentence with the one before and the one after it."""
    starts = [s for s in article.sentences if s[1] <= sentence[0]]
    ends = [s for s in article.sentences if s[0] >= sentence[1]]
    start = starts[-1][0] if starts else sentence[0]
    end = ends[0][1] if ends else sentence[1]
    return start, end


def _paragraph(text: str, span: Span) -> str:
    start = text.rfind("\n", 0, span[0]) + 1
    end = text.find("\n", span[1])
    return text[start : end if end >= 0 else len(text)]


def _initials(names: Sequence[str]) -> str:
    """'US Geological Survey' -> 'USGS': a body's initials, which a copy may credit it by."""
    return "".join(n if n.isupper() else n[0] for n in (n.replace(".", "") for n in names) if n)


def _unquoted(text: str, span: Span, quotes: Sequence[Span]) -> str:
    """The sentence with quoted words blanked: a 'he says' inside a quotation credits no one for the sentence."""
    chars = list(text[span[0] : span[1]])
    for start, end in quotes:
        for k in range(max(start, span[0]), min(end, span[1])):
            chars[k - span[0]] = " "
    return "".join(chars)


@dataclass(frozen=True)
class _Figure:
    """A number of a copied sentence: its value (with its scale word), where it is, and the word after it."""

    value: float
    span: Span
    unit: str | None


def _changed_figure(a: _Figure, b: _Figure) -> bool:
    """The copy printed another value for the same figure.

    One measurement in two units ('22 miles' and '35 km') is a conversion,
    compared after converting; a number followed by a different word
    ('17 passes' and '17 of 20') is not the same figure, so not a change.
    """
    converted = same_measurement(a.value, a.unit, b.value, b.unit)
    if converted is not None:
        return not converted
    if not comparable_units(a.unit, b.unit):
        return False
    return abs(a.value - b.value) > RELATIVE_TOLERANCE * max(abs(a.value), abs(b.value), 1e-9)


def _figures(text: str, span: Span) -> list[_Figure]:
    """The numbers of a sentence, in order."""
    return [_Figure(quantity.amount, where, unit_after(text, where[1])) for quantity, where in _quantities(text, span)]


def figure_values(text: str) -> list[tuple[float, str]]:
    """(value, unit) of every number in a text, read with its scale word: '$53 million' -> (53e6, 'currency')."""
    return [(quantity.amount, quantity.unit) for quantity, _ in _quantities(text, (0, len(text)))]


def _quantities(text: str, span: Span) -> list[tuple[Quantity, Span]]:
    found = []
    for token in tokens(text, span):
        if not any(c.isdigit() for c in token.text):
            continue
        scale = _SCALE.match(text, token.span[1])
        if scale and scale.group().strip().casefold() == "m" and token.text[:1] not in _CURRENCY_SIGNS:
            scale = None  # "60 m" is sixty metres; "$60m" is sixty million
        end = scale.end() if scale else token.span[1]
        quantity = parse_quantity(text[token.span[0] : end])
        if quantity is not None:
            found.append((quantity, (token.span[0], end)))
    return found


def _negations(text: str) -> int:
    lowered = text.casefold().replace("’", "'")
    return sum(1 for w in re.findall(r"[a-z']+", lowered) if w in NEGATORS or w.endswith("n't"))


def _joined(found: Sequence[Token]) -> str:
    return " ".join(t.text for t in found)


def _cover(found: Sequence[Token], start: int, end: int) -> Span:
    """Character span of tokens[start:end]; an empty range gives the point where it would be."""
    if start < end:
        return found[start].span[0], found[end - 1].span[1]
    at = found[start].span[0] if start < len(found) else (found[-1].span[1] if found else 0)
    return at, at


def _quote_of(found: Sequence[Token], quotes: Sequence[Span]) -> Span | None:
    """The quotation that holds all the tokens, if one does."""
    if not found:
        return None
    return next((q for q in quotes if q[0] <= found[0].span[0] and found[-1].span[1] <= q[1]), None)


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
    if word in STOPWORDS or any(c.isdigit() for c in word) or word in NUMBER_WORDS:
        return False
    head, _, tail = word.replace("’", "'").partition("'")
    return not (tail and head in STOPWORDS)


def _letters(found: list[str]) -> str:
    return "".join(c for c in "".join(found) if c.isalnum())


def _same_word(a: str, b: str) -> bool:
    """One word, inflected, spelled another way, or with a typing slip ('crash'/'cash' drawer)."""
    if stem(a) == stem(b):
        return True
    if min(len(a), len(b)) >= 4 and _one_slip(a, b):
        return True
    return min(len(a), len(b)) >= 5 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


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
