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
from typing import Any

from newsfuse.claims.cues import (
    ADDRESS,
    CONTENT_PREPOSITIONS,
    NOUN_CUES,
    OBJECT_CONTENT,
    OBJECT_PREPOSITIONS,
    QUESTION_CUES,
    SPEECH_LEMMAS,
    Attribution,
    cue_span,
    is_cue,
    overlaps,
    sentence_at,
    span_of,
    subject,
    trimmed,
    words_in,
)
from newsfuse.claims.quotes import quote_attributions, quote_spans

__all__ = ["SPEECH_LEMMAS", "Attribution", "attributions", "quote_spans", "sentence_at"]
MIN_BEFORE_WORDS = 4
# Punctuation a quotation may end with inside its marks, then the closing mark itself.
_CLOSING_MARK = re.compile(r"[.,!?;:…]*[\"”»’']")

# A line that opens with up to four capitalised words and a colon, then the
# words of that source: the headline form of an attribution.
_NAME_COLON = re.compile(r"(?m)^[ \t]*((?:[A-Z][\w.’'&-]*\s?){1,4}):[ \t]+([^\n]{10,})$")


def attributions(doc: Any) -> list[Attribution]:
    """Attributions in a parsed document, in text order, one per content span.

    A quotation is a content of its own unless it sits inside a reported
    clause that says more than it (``said that he is "excited where we
    stand"``): then the clause is the content, quoted words and all.
    """
    text = doc.text
    quotes = quote_spans(text)
    verbs = _verb_attributions(doc)
    reported = [a for a in verbs if a.source is not None] + _according_to(doc) + _headline_colon(doc)
    clauses = [_absorbing(text, c, quotes) for c in reported + _noun_attributions(doc)]
    quotes = [q for q in quotes if not any(_absorbs(text, c.content, q) for c in clauses)]
    # Cues without a source ("is expected to win", "groups supporting Kasich")
    # come last: they never take a quotation or a sourced clause's place.
    clauses += [a for a in verbs if a.source is None]
    found = [a for a in quote_attributions(doc, quotes) if a.source is not None or words_in(text, a.content) >= 5]
    taken = [p for a in found for p in a.pieces]
    for attribution in clauses:
        if not any(overlaps(attribution.content, span) for span in taken):
            found.append(attribution)
            taken.append(attribution.content)
    return sorted(found, key=lambda a: a.content)


def _absorbing(text: str, clause: Attribution, quotes: list[tuple[int, int]]) -> Attribution:
    """A reported clause that opens a quotation runs to the quotation's end ('that he is "excited ... stand"')."""
    ends = [q[1] for q in quotes if _absorbs(text, clause.content, q)]
    if not ends or max(ends) < clause.content[1]:
        return clause
    content = (clause.content[0], _through_closing_mark(text, max(ends)))
    return Attribution(clause.kind, clause.source, clause.cue, content, (content,), clause.speech)


def _through_closing_mark(text: str, end: int) -> int:
    """Past the quotation's closing mark (and the stop or comma before it), so the clause shows both marks."""
    closing = _CLOSING_MARK.match(text, end)
    return closing.end() if closing else end


def _absorbs(text: str, clause: tuple[int, int], quote: tuple[int, int]) -> bool:
    """The quotation starts inside the clause, after at least one word of it."""
    return clause[0] < quote[0] < clause[1] and words_in(text, (clause[0], quote[0])) >= 1


def _verb_attributions(doc: Any) -> list[Attribution]:
    results = []
    text = doc.text  # Doc.text joins every token on each access: read it once
    for token in doc:
        if not is_cue(token):
            continue
        source = subject(token)
        content = _complement(token, text)
        if content is None:
            continue
        if source is None:
            content = _with_passive_subject(token, content)
        # Without a source it marks an attribution but is no one's statement.
        speech = source is not None and token.lemma_.casefold() in SPEECH_LEMMAS
        results.append(Attribution("indirect", source, cue_span(token), content, (content,), speech))
    return results


def _between_quotations(verb: Any) -> bool:
    """The verb sits between a closing and an opening quotation mark of its sentence ('"A," she said, "B."')."""
    before = [t for t in verb.sent if t.i < verb.i and t.is_quote]
    after = [t for t in verb.sent if t.i > verb.i and t.is_quote]
    return len(before) % 2 == 0 and len(before) > 0 and len(after) > 0


def _with_passive_subject(verb: Any, content: tuple[int, int]) -> tuple[int, int]:
    """'Sanders is expected to win': the passive subject is part of what is expected (PolNeAR's content spans)."""
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i), None)
    if passive is None or passive.left_edge.idx >= content[0]:
        return content
    return passive.left_edge.idx, content[1]


def _complement(verb: Any, text: str) -> tuple[int, int] | None:
    """What the verb reports: its clause, else (for most cues) its object or 'to' clause or prepositional object.

    For verbs of address ("told reporters", "urged voters to ...") the object
    is the audience: the content is the 'to' clause with its addressee, or nothing.
    """
    clause = _clause_complement(verb, text)
    if clause is not None:
        return clause
    lemma = verb.lemma_.casefold()
    if verb.dep_ == "parataxis" and lemma in SPEECH_LEMMAS:
        # "In three years, Barden says, far too many lives have been lost": the sentence around the aside.
        # Between two quotation parts it is left to the quotations ('"A," she said, "B."').
        sentence = verb.sent
        return None if _between_quotations(verb) else trimmed(text, sentence.start_char, sentence.end_char)
    question = next((c for c in verb.children if c.dep_ == "advcl" and c.left_edge.lower_ in {"if", "whether"}), None)
    if question is not None and lemma in QUESTION_CUES:
        return span_of(question.left_edge, question.right_edge)  # "asked voters if the primary was rigged"
    if lemma in ADDRESS:
        return _address_complement(verb, text)
    for child in verb.children:
        if child.dep_ in {"xcomp", "dobj"}:
            return _object_span(verb, child, text)
    if lemma in OBJECT_CONTENT:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in CONTENT_PREPOSITIONS:
                last = child.right_edge
                return trimmed(text, child.idx + len(child.text) + 1, last.idx + len(last.text))
    return None


def _clause_complement(verb: Any, text: str) -> tuple[int, int] | None:
    """The verb's clausal complement ('said that ...', '..., she says, ...')."""
    for child in verb.children:
        if child.dep_ == "parataxis" and is_cue(child):
            continue  # '"I think ...," she said': the aside is who speaks, not what is said
        if child.dep_ in {"ccomp", "parataxis"} or (child.dep_ == "xcomp" and verb.lemma_ in {"say", "tell"}):
            return _clause_span(verb, child, text)
    return None


def _address_complement(verb: Any, text: str) -> tuple[int, int] | None:
    """'urged voters to register': the 'to' clause with its addressee; the addressee alone is no content."""
    to_clause = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    addressee = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if to_clause is None:
        return None
    start = addressee.left_edge.idx if addressee is not None and addressee.i < to_clause.i else to_clause.left_edge.idx
    return trimmed(text, start, to_clause.right_edge.idx + len(to_clause.right_edge.text))


def _object_span(verb: Any, obj: Any, text: str) -> tuple[int, int]:
    """An object with what it is called or described as: 'him a "nice guy"', 'the meeting as a "step"'."""
    last = obj.right_edge
    for sibling in verb.children:
        if sibling.i > last.i and (sibling.dep_ in {"oprd", "xcomp", "acomp"} or sibling.lower_ == "as"):
            last = sibling.right_edge
        elif sibling.i == last.i + 1 and sibling.dep_ == "prep" and sibling.lower_ in OBJECT_PREPOSITIONS:
            last = sibling.right_edge  # "accused her of battery"
    return trimmed(text, obj.left_edge.idx, last.idx + len(last.text))


def _clause_span(verb: Any, clause: Any, text: str) -> tuple[int, int]:
    """The clause's words, with a second 'and that ...' clause of the same verb ("said that X, and that Y")."""
    last = clause.right_edge
    for sibling in verb.children:
        if sibling.i > last.i and sibling.dep_ in {"conj", "ccomp"} and sibling.left_edge.lower_ == "that":
            last = sibling.right_edge
    end = last.idx + len(last.text)
    return trimmed(text, clause.left_edge.idx, end)


def _noun_attributions(doc: Any) -> list[Attribution]:
    """Nouns of saying with what was said: "his call for a ban", "the claim that ...", "a declaration of victory".

    Stances rather than statements: kept for attribution, not for claims.
    """
    text = doc.text
    found = []
    for token in doc:
        if token.pos_ != "NOUN" or token.lemma_.casefold() not in NOUN_CUES:
            continue
        content = None
        for child in token.children:
            if child.dep_ in {"acl", "ccomp", "relcl"} and child.left_edge.lower_ in {"that", "to"}:
                content = trimmed(text, child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text))
            elif child.dep_ == "prep" and child.lower_ in {"of", "for", "on", "that"} and child.i == token.i + 1:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    content = span_of(objects[0].left_edge, objects[0].right_edge)
            if content is not None:
                break
        if content is None or words_in(text, content) < 2:
            continue
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        source = span_of(owner.left_edge, owner.right_edge) if owner is not None else None
        found.append(
            Attribution("indirect", source, (token.idx, token.idx + len(token.text)), content, (content,), False)
        )
    return found


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
        source = span_of(objects[0].left_edge, objects[0].right_edge)
        sentence = token.sent
        phrase_start, phrase_end = token.idx, source[1]
        before = trimmed(text, sentence.start_char, phrase_start)
        after = trimmed(text, phrase_end, sentence.end_char)
        # The statement is usually the clause before "according to X"; what
        # follows is often a circumstance ("after signing ...").
        content = before if len(text[before[0] : before[1]].split()) >= MIN_BEFORE_WORDS else after
        if content[1] > content[0]:
            results.append(Attribution("according-to", source, (token.idx, to.idx + 2), content, (content,)))
    return results


def _headline_colon(doc: Any) -> list[Attribution]:
    """'Trump: I'm the Worst Thing That Ever Happened' — a line opened by a short name and a colon.

    One word in capitals that the parser reads as a common noun ('PROBLEM:', 'UPDATE:') labels a
    section and credits nobody; a transcript's 'TRUMP:' is read as a proper noun and still does.
    """
    text = doc.text
    found = []
    for match in _NAME_COLON.finditer(text):
        if _section_label(doc, match.start(1), match.end(1)):
            continue
        source = (match.start(1), match.end(1))
        content = trimmed(text, match.start(2), match.end(2))
        if content[1] > content[0]:
            found.append(Attribution("indirect", source, (match.end(1), match.start(2)), content, (content,)))
    return found


def _section_label(doc: Any, start: int, end: int) -> bool:
    label = doc.char_span(start, end, alignment_mode="expand")
    words = [t for t in label or () if not t.is_space]
    return len(words) == 1 and words[0].text.isupper() and len(words[0].text) > 1 and words[0].pos_ == "NOUN"
