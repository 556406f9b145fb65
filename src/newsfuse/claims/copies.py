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
from newsfuse.claims.sentence_figures import changed_figure, sentence_figures
from newsfuse.claims.wording import WORD_TOKEN, Token, different_words, tokens
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
# How far before a quotation or a colon a reporting verb still introduces it ("the 55-year-old said:",
# "Below is a statement by the agency's director:").
INTRODUCING_CHARS = 60
_BRACKETED = re.compile(r"\[[^\]]*\]")
NEGATORS = frozenset("not never no n't nor neither nobody nothing none hardly scarcely barely without".split())
_CREDIT = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|according to|stated|states|wrote|writes|explained|noted|"
    r"reported|reports|announced|claimed|insisted|argued|warned|stressed|assured|confirmed|declared)\b",
    re.I,
)
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
        context_words = set(WORD_TOKEN.findall(text[around[0] : around[1]])) | set(WORD_TOKEN.findall(paragraph))
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
        left = sentence_figures(self.parent.text, self.parent_sentence)
        right = sentence_figures(self.child.text, self.child_sentence)
        if len(left) != len(right):
            return []
        return [self.edit("figure", a.span, b.span) for a, b in zip(left, right, strict=True) if changed_figure(a, b)]

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
