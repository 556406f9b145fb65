"""Who said what: direct quotes, reported speech and 'according to' attributions.

Decides, from the dependency parse, the source, cue and content of each
attribution: a speech or cognition verb with a subject (source) and a
clausal complement or adjacent quotation (content); "according to X" with
the rest of its clause as content; and quotations (any quotation-mark
style) whose speaker is found in the same sentence, or is the last person
named before a pronoun. Spans are character offsets into the parsed text.
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
    criticize criticise praise blame dismiss reject predict forecast project ask""".split()
)
# Cues whose content is often an object or a 'to' clause, not a that-clause:
# "called for reforms", "wants to leave", "cited the report".
_OBJECT_CONTENT = frozenset(
    "call cite want plan support demand propose offer promise pledge urge ask reject dismiss".split()
)
_QUOTES = re.compile(r"“([^”]{3,}?)”|\"([^\"\n]{3,}?)\"|«([^»]{3,}?)»|„([^“”]{3,}?)[“”]|‘([^’]{12,}?)’(?!\w)")
_TRIM = " ,.;:\"'“”‘’«»„"
MIN_BEFORE_WORDS = 4


@dataclass(frozen=True)
class Attribution:
    kind: Literal["direct", "indirect", "according-to"]
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: tuple[int, int]

    def source_text(self, text: str) -> str | None:
        return text[self.source[0] : self.source[1]] if self.source else None


def attributions(doc: Any) -> list[Attribution]:
    """Attributions in a parsed document, in text order, one per content span."""
    found = _verb_attributions(doc) + _according_to(doc)
    covered = [a.content for a in found]
    for quote in _quotes(doc.text):
        if not any(_overlaps(quote, span) for span in covered):
            found.append(_quote_attribution(doc, quote))
    unique: dict[tuple[int, int], Attribution] = {}
    for attribution in sorted(found, key=lambda a: (a.content, a.source is None)):
        unique.setdefault(attribution.content, attribution)
    return sorted(unique.values(), key=lambda a: a.content)


def _verb_attributions(doc: Any) -> list[Attribution]:
    results = []
    text = doc.text  # Doc.text joins every token on each access: read it once
    for token in doc:
        if token.lemma_.casefold() not in SPEECH_LEMMAS or token.pos_ not in {"VERB", "AUX"}:
            continue
        source = _subject(token)
        content = _complement(token, text)
        if source is None or content is None:
            continue
        kind: Literal["direct", "indirect"] = "direct" if _is_quoted(text, content) else "indirect"
        results.append(Attribution(kind, source, _cue(token), content))
    return results


def _subject(verb: Any) -> tuple[int, int] | None:
    if verb.dep_ in {"advcl", "xcomp", "conj"} and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        # "..., saying that ...": the participle shares its head's subject.
        return _subject(verb.head) if verb.head is not verb else None
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and child.tag_ not in {"EX"} and child.lower_ not in {"it", "that"}:
            return _span(child.left_edge, child.right_edge)
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return _span(objects[0].left_edge, objects[0].right_edge)
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


def _cue(verb: Any) -> tuple[int, int]:
    auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass", "neg"} and c.i < verb.i]
    start = min([verb.idx] + [a.idx for a in auxiliaries])
    return start, verb.idx + len(verb.text)


def _according_to(doc: Any) -> list[Attribution]:
    results = []
    text = doc.text  # read once: each access joins every token (quadratic on long articles)
    for token in doc:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None:
            continue
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects:
            continue
        source = _span(objects[0].left_edge, objects[0].right_edge)
        sentence = token.sent
        phrase_start, phrase_end = token.idx, source[1]
        before = _trimmed(text, sentence.start_char, phrase_start)
        after = _trimmed(text, phrase_end, sentence.end_char)
        # The statement is usually the clause before "according to X"; what
        # follows is often a circumstance ("after signing ...").
        content = before if len(text[before[0] : before[1]].split()) >= MIN_BEFORE_WORDS else after
        if content[1] > content[0]:
            results.append(Attribution("according-to", source, (token.idx, to.idx + 2), content))
    return results


def _quotes(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _QUOTES.finditer(text):
        group = next(i for i in range(1, 6) if match.group(i) is not None)
        spans.append((match.start(group), match.end(group)))
    return spans


def _quote_attribution(doc: Any, quote: tuple[int, int]) -> Attribution:
    """A quotation whose speaker is named by a speech verb in its sentence, if any."""
    sentence = sentence_at(doc, quote[0])
    if sentence is not None:
        for token in sentence:
            if token.lemma_.casefold() in SPEECH_LEMMAS and not (quote[0] <= token.idx < quote[1]):
                source = _subject(token)
                if source is not None:
                    return Attribution("direct", source, _cue(token), quote)
    return Attribution("direct", None, None, quote)


def sentence_at(doc: Any, char: int) -> Any:
    """The sentence holding character ``char``: via its token (cheap), else by scanning the sentences."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span[0].sent
    return next((s for s in doc.sents if s.start_char <= char < s.end_char), None)


def _is_quoted(text: str, span: tuple[int, int]) -> bool:
    """The content starts right after an opening quotation mark (trimming removed the mark itself)."""
    return span[0] > 0 and text[span[0] - 1] in '“"«„‘'


def _span(first: Any, last: Any) -> tuple[int, int]:
    return first.idx, last.idx + len(last.text)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
