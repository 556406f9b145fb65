"""Who said what: direct quotes, reported speech and 'according to' attributions.

Decides, from the dependency parse, the source, cue and content of each
attribution, quotations first:

* a quotation (any quotation-mark style) is one content however many
  commas or sentences it holds; its speaker is the subject of a speech
  verb in its sentence outside the quotation, or of a verb introducing it
  with a colon just before; a quotation that continues a quoted speaker's
  paragraph ('"...," he said. "..."') is a further part of that
  attribution;
* a speech or cognition verb with a subject (source) and a clausal
  complement (content), when the complement is not a quotation;
* "according to X" with the rest of its clause as content.

Spans are character offsets into the parsed text; contents are trimmed of
spaces, quotation marks and end punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

SPEECH_LEMMAS = frozenset(
    """say tell report add state stress assure announce claim note explain warn insist argue write confirm deny
    predict estimate believe think acknowledge admit suggest declare reveal comment remark emphasize emphasise
    urge reply respond allege learn describe indicate conclude vow promise pledge threaten accuse tweet signal
    agree disclose recall complain caution contend maintain testify told call show cite want plan support know find
    demand question defend mention discuss offer decline seem charge hope expect fear feel worry pledge propose
    criticize criticise praise blame dismiss reject predict forecast project ask assert concede counter insist
    lament observe point reiterate repeat say shout speculate stress swear tout underscore voice wonder worry
    announce boast brag joke quip recount remind retort rule understand doubt guess figure imagine""".split()
)
# Cues whose content is often an object or a 'to' clause, not a that-clause:
# "called for reforms", "wants to leave", "cited the report".
_OBJECT_CONTENT = frozenset(
    "call cite want plan support demand propose offer promise pledge urge ask reject dismiss deny vow".split()
)
_QUOTES = re.compile(r"“([^”]{3,}?)”|\"([^\"\n]{3,}?)\"|«([^»]{3,}?)»|„([^“”]{3,}?)[“”]|(?<!\w)‘([^’]{12,}?)’(?!\w)")
_OPENING = '“"«„‘'
_TRIM = " \n\t,.;:\"'“”‘’«»„"
_LEADING = re.compile(r"^(?:that|whether|if)\s+", re.I)
MIN_BEFORE_WORDS = 4
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class Attribution:
    """Who (source) said (cue) what (content); ``parts`` are the content's pieces (several for a split quote)."""

    kind: Literal["direct", "indirect", "according-to"]
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: tuple[int, int]
    parts: tuple[tuple[int, int], ...] = ()

    def source_text(self, text: str) -> str | None:
        return text[self.source[0] : self.source[1]] if self.source else None

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        return self.parts or (self.content,)


def attributions(doc: Any) -> list[Attribution]:
    """Attributions in a parsed document, in text order, one per content span."""
    text = doc.text
    quotes = quote_spans(text)
    found = _quote_attributions(doc, quotes)
    taken = [p for a in found for p in a.pieces]
    for attribution in _verb_attributions(doc) + _according_to(doc):
        if not any(_overlaps(attribution.content, span) for span in taken):
            found.append(attribution)
            taken.append(attribution.content)
    return sorted(found, key=lambda a: a.content)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The inside of every quotation, in text order."""
    spans = []
    for match in _QUOTES.finditer(text):
        group = next(i for i in range(1, 6) if match.group(i) is not None)
        start, end = _trimmed(text, match.start(group), match.end(group))
        if end > start:
            spans.append((start, end))
    return spans


def _quote_attributions(doc: Any, quotes: list[tuple[int, int]]) -> list[Attribution]:
    """Each quotation with its speaker; a quotation continuing the previous one's speaker joins it."""
    text = doc.text
    results: list[Attribution] = []
    for quote in quotes:
        source, cue = _speaker_of_quote(doc, quote)
        previous = results[-1] if results else None
        if source is None and previous is not None and _continues(text, previous, quote):
            merged = Attribution(
                "direct",
                previous.source,
                previous.cue,
                (previous.content[0], quote[1]),
                (*previous.pieces, quote),
            )
            results[-1] = merged
            continue
        results.append(Attribution("direct", source, cue, quote, (quote,)))
    return results


def _continues(text: str, previous: Attribution, quote: tuple[int, int]) -> bool:
    """The quotation follows the previous attributed one in the same paragraph, with only its cue between."""
    if previous.source is None:
        return False
    between = text[previous.pieces[-1][1] : quote[0]]
    if "\n" in between.strip(" \t" + _TRIM.replace("\n", "")):
        return False
    cue_end = max(previous.cue[1] if previous.cue else 0, previous.source[1])
    after_cue = text[max(cue_end, previous.pieces[-1][1]) : quote[0]]
    return len(between) < 200 and len(after_cue.strip(_TRIM).split()) <= 2


def _speaker_of_quote(doc: Any, quote: tuple[int, int]) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Source and cue of a quotation: a speech verb in its sentence outside it, or an introduction with a colon."""
    sentences = _sentences_touching(doc, quote)
    for sentence in sentences:
        for token in sentence:
            if quote[0] <= token.idx < quote[1] or not _is_cue(token):
                continue
            source = subject(token)
            if source is not None and not _overlaps(source, quote):
                return source, cue_span(token)
    before = doc.text[: quote[0]].rstrip(_OPENING + " ")
    if before.endswith(":"):
        intro = sentence_at(doc, len(before) - 1)
        for token in intro or []:
            if _is_cue(token) and (source := subject(token)) is not None:
                return source, cue_span(token)
    return None, None


def _sentences_touching(doc: Any, span: tuple[int, int]) -> list[Any]:
    first = sentence_at(doc, span[0])
    last = sentence_at(doc, max(span[0], span[1] - 1))
    found = [s for s in (first, last) if s is not None]
    # '"...," he said.' often splits after the closing mark: the cue is in the
    # next sentence, which the comma before the closing mark announces.
    if last is not None and last.end < len(doc):
        following = doc[last.end].sent
        between = doc.text[span[1] : following.start_char]
        if between.strip(_TRIM) == "" and "," in between:
            found.append(following)
    unique = {s.start: s for s in found}
    return [unique[k] for k in sorted(unique)]


def _is_cue(token: Any) -> bool:
    return token.lemma_.casefold() in SPEECH_LEMMAS and token.pos_ in {"VERB", "AUX"}


def _verb_attributions(doc: Any) -> list[Attribution]:
    results = []
    text = doc.text  # Doc.text joins every token on each access: read it once
    for token in doc:
        if not _is_cue(token):
            continue
        source = subject(token)
        content = _complement(token, text)
        if source is None or content is None:
            continue
        results.append(Attribution("indirect", source, cue_span(token), content, (content,)))
    return results


def subject(verb: Any) -> tuple[int, int] | None:
    """The span of a speech verb's subject (or passive agent); a participle shares its head's subject."""
    if verb.dep_ in {"advcl", "xcomp", "conj"} and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        # "..., saying that ...": the participle shares its head's subject.
        return subject(verb.head) if verb.head is not verb else None
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.tag_ not in {"EX"} and child.lower_ not in {"it", "that", "which"}:
            return span_of(child.left_edge, child.right_edge)
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return span_of(objects[0].left_edge, objects[0].right_edge)
    return None


def _complement(verb: Any, text: str) -> tuple[int, int] | None:
    for child in verb.children:
        if child.dep_ in {"ccomp", "parataxis"} or (child.dep_ == "xcomp" and verb.lemma_ in {"say", "tell"}):
            return _trimmed(text, child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text))
    if verb.lemma_ in _OBJECT_CONTENT:
        for child in verb.children:
            if child.dep_ in {"xcomp", "dobj"}:
                return _trimmed(text, child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text))
            if child.dep_ == "prep" and child.lower_ in {"for", "on"}:
                last = child.right_edge
                return _trimmed(text, child.idx + len(child.text) + 1, last.idx + len(last.text))
    return None


def cue_span(verb: Any) -> tuple[int, int]:
    """The verb with its auxiliaries and negation before it ('did not say', 'has denied')."""
    auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass", "neg"} and c.i < verb.i]
    start = min([verb.idx] + [a.idx for a in auxiliaries])
    return start, verb.idx + len(verb.text)


def _according_to(doc: Any) -> list[Attribution]:
    results = []
    for token in doc:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None:
            continue
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects:
            continue
        source = span_of(objects[0].left_edge, objects[0].right_edge)
        sentence = token.sent
        phrase_start, phrase_end = token.idx, source[1]
        before = _trimmed(doc.text, sentence.start_char, phrase_start)
        after = _trimmed(doc.text, phrase_end, sentence.end_char)
        # The statement is usually the clause before "according to X"; what
        # follows is often a circumstance ("after signing ...").
        content = before if len(doc.text[before[0] : before[1]].split()) >= MIN_BEFORE_WORDS else after
        if content[1] > content[0]:
            results.append(Attribution("according-to", source, (token.idx, to.idx + 2), content, (content,)))
    return results


def sentence_at(doc: Any, char: int) -> Any:
    """The sentence holding character ``char``: via its token (cheap), else by scanning the sentences."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span[0].sent
    return next((s for s in doc.sents if s.start_char <= char < s.end_char), None)


def is_quoted(text: str, span: tuple[int, int]) -> bool:
    """The content starts right after an opening quotation mark (trimming removed the mark itself)."""
    return span[0] > 0 and text[span[0] - 1] in _OPENING


def span_of(first: Any, last: Any) -> tuple[int, int]:
    return first.idx, last.idx + len(last.text)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
