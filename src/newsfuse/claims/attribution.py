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
# Verbs of expressing a stance rather than saying something ("endorsed
# Cruz", "thanked voters", "denounced the plan"): attributions in PolNeAR's
# sense, but not claims anyone could check. The list holds the verbs that
# PolNeAR's annotators marked as cues in at least 45% of their uses with a
# subject, seen at least five times, in the first 150 articles of its train
# split (evals/attribution.py reports on dev).
EXPRESSION_LEMMAS = frozenset(
    """continue appear focus refuse express back thank refer endorse congratulate prefer denounce attack mock
    intend share avoid echo oppose challenge cheer boo read""".split()
)
CUE_LEMMAS = SPEECH_LEMMAS | EXPRESSION_LEMMAS
# Nouns of saying and proposing ("his call for", "the claim that"), the
# commonest noun cues of PolNeAR's train split.
NOUN_CUES = frozenset(
    """call claim endorsement support demand announcement proposal assertion comment declaration criticism warning
    statement plan view assessment prediction estimate promise pledge threat accusation allegation insistence
    suggestion argument admission denial complaint praise condemnation""".split()
)
# Cues whose content is often an object or a 'to' clause, not a that-clause:
# "called for reforms", "wants to leave", "cited the report".
_OBJECT_CONTENT = (
    frozenset(
        """call cite want plan support demand propose offer promise pledge urge ask reject dismiss deny vow mention
        criticize criticise discuss praise blame describe defend""".split()
    )
    | EXPRESSION_LEMMAS
)
# Verbs whose object is the person addressed, not what is said.
_ADDRESS = frozenset("tell ask remind inform warn assure urge advise".split())
_CONTENT_PREPOSITIONS = frozenset({"for", "on", "about", "to", "against", "with"})
# Quotation marks of every style news text uses, the doubled apostrophes of
# wire copy (''...'') included.
# wire copy (''...'') included. A straight mark opens only after a space or
# an opening bracket, so that '"...," he said. "..."' never reads the credit
# between two quotations as a quotation of its own.
_QUOTES = re.compile(
    r"“([^”\"\n]{3,}?)\"(?!\w)|“([^”]{3,}?)”|(?<![\w,.;:!?])\"(?=\S)([^\"\n]{3,}?)\"|«([^»]{3,}?)»|„([^“”]{3,}?)[“”]"
    r"|(?<!\w)‘([^’]{12,}?)’(?!\w)|(?<![\w,.;:!?'])''(?=\S)([^\n]{3,}?)''"
)
_OPENING = '“"«„‘'
_TRIM = " \n\t,.;:\"'“”‘’«»„"
MIN_BEFORE_WORDS = 4
# Characters between two parts of one quotation: room for "the presumptive
# Republican presidential nominee wrote in an early morning tweet".
MAX_BRIDGE = 250
_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
# A line that opens with up to four capitalised words and a colon, then the
# words of that source: the headline form of an attribution.
_NAME_COLON = re.compile(r"(?m)^[ \t]*((?:[A-Z][\w.’'&-]*\s?){1,4}):[ \t]+([^\n]{10,})$")
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class Attribution:
    """Who (source) said (cue) what (content); ``parts`` are the content's pieces (several for a split quote)."""

    kind: Literal["direct", "indirect", "according-to"]
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: tuple[int, int]
    parts: tuple[tuple[int, int], ...] = ()
    speech: bool = True

    def source_text(self, text: str) -> str | None:
        return text[self.source[0] : self.source[1]] if self.source else None

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        return self.parts or (self.content,)


def attributions(doc: Any) -> list[Attribution]:
    """Attributions in a parsed document, in text order, one per content span.

    A quotation is a content of its own unless it sits inside a reported
    clause that says more than it (``said that he is "excited where we
    stand"``): then the clause is the content, quoted words and all.
    """
    text = doc.text
    quotes = quote_spans(text)
    reported = _verb_attributions(doc) + _according_to(doc) + _headline_colon(text) + _noun_attributions(doc)
    clauses = [_absorbing(text, c, quotes) for c in reported]
    quotes = [q for q in quotes if not any(_absorbs(text, c.content, q) for c in clauses)]
    found = [a for a in _quote_attributions(doc, quotes) if a.source is not None or _words(text, a.content) >= 5]
    taken = [p for a in found for p in a.pieces]
    for attribution in clauses:
        if not any(_overlaps(attribution.content, span) for span in taken):
            found.append(attribution)
            taken.append(attribution.content)
    return sorted(found, key=lambda a: a.content)


def _absorbing(text: str, clause: Attribution, quotes: list[tuple[int, int]]) -> Attribution:
    """A reported clause that opens a quotation runs to the quotation's end ('that he is "excited ... stand"')."""
    end = max([clause.content[1]] + [q[1] for q in quotes if _absorbs(text, clause.content, q)])
    if end == clause.content[1]:
        return clause
    content = (clause.content[0], end)
    return Attribution(clause.kind, clause.source, clause.cue, content, (content,), clause.speech)


def _absorbs(text: str, clause: tuple[int, int], quote: tuple[int, int]) -> bool:
    """The quotation starts inside the clause, after at least one word of it."""
    return clause[0] < quote[0] < clause[1] and _words(text, (clause[0], quote[0])) >= 1


def _words(text: str, span: tuple[int, int]) -> int:
    return len(text[span[0] : span[1]].split())


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The inside of every quotation, in text order."""
    spans = []
    for match in _QUOTES.finditer(text):
        group = match.lastindex or 0
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
        if previous is not None and _continues(text, previous, quote, source):
            results[-1] = Attribution(
                "direct",
                previous.source or source,
                previous.cue or cue,
                (previous.content[0], quote[1]),
                (*previous.pieces, quote),
            )
            continue
        results.append(Attribution("direct", source, cue, quote, (quote,)))
    return results


def _continues(text: str, previous: Attribution, quote: tuple[int, int], source: tuple[int, int] | None) -> bool:
    """The quotation goes on with the previous one: same paragraph, one attribution between them at most.

    '"A," she said. "B."' and '"A," the senator wrote in a tweet. "B."' are one
    quotation in two parts; so is '"A." He added, "B."', whose own speaker
    stands between the two parts. A quotation with a speaker of its own
    elsewhere starts a new attribution.
    """
    end = previous.pieces[-1][1]
    between = text[end : quote[0]]
    if len(between) > MAX_BRIDGE:
        return False
    if "\n" in between.strip(" \t" + _TRIM.replace("\n", "")):
        # A paragraph that is only a quotation goes on with the quotation before it.
        opens_paragraph = text[: quote[0]].rstrip(_OPENING + " \t").endswith("\n")
        return source is None and previous.source is not None and opens_paragraph
    if source is not None:
        if previous.source is None or source == previous.source:
            return True
        if not end <= source[0] < quote[0]:
            return False  # the quotation's own speaker comes after it: a new attribution
        both_between = end <= previous.source[0] < quote[0]
        return not both_between or text[source[0] : source[1]].casefold() in _PRONOUNS
    return previous.source is not None and (end <= previous.source[0] < quote[0] or len(between.strip(_TRIM)) < 40)


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
    return token.lemma_.casefold() in CUE_LEMMAS and token.pos_ in {"VERB", "AUX"}


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
        speech = token.lemma_.casefold() in SPEECH_LEMMAS
        results.append(Attribution("indirect", source, cue_span(token), content, (content,), speech))
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
    """What the verb reports: its clause, else (for most cues) its object or 'to' clause or prepositional object.

    For verbs of address ("told reporters", "urged voters to ...") the object
    is the audience: the content is the 'to' clause with its addressee, or nothing.
    """
    for child in verb.children:
        if child.dep_ in {"ccomp", "parataxis"} or (child.dep_ == "xcomp" and verb.lemma_ in {"say", "tell"}):
            return _clause_span(verb, child, text)
    lemma = verb.lemma_.casefold()
    if verb.dep_ == "parataxis" and lemma in SPEECH_LEMMAS:
        # "In three years, Barden says, far too many lives have been lost": the sentence around the aside.
        sentence = verb.sent
        return _trimmed(text, sentence.start_char, sentence.end_char)
    if lemma in _ADDRESS:
        to_clause = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        addressee = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if to_clause is None:
            return None
        start = (
            addressee.left_edge.idx if addressee is not None and addressee.i < to_clause.i else to_clause.left_edge.idx
        )
        return _trimmed(text, start, to_clause.right_edge.idx + len(to_clause.right_edge.text))
    for child in verb.children:
        if child.dep_ in {"xcomp", "dobj"}:
            return _object_span(verb, child, text)
    if lemma in _OBJECT_CONTENT:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in _CONTENT_PREPOSITIONS:
                last = child.right_edge
                return _trimmed(text, child.idx + len(child.text) + 1, last.idx + len(last.text))
    return None


def _object_span(verb: Any, obj: Any, text: str) -> tuple[int, int]:
    """An object with what it is called or described as: 'him a "nice guy"', 'the meeting as a "step"'."""
    last = obj.right_edge
    for sibling in verb.children:
        if sibling.i > last.i and (sibling.dep_ in {"oprd", "xcomp", "acomp"} or sibling.lower_ == "as"):
            last = sibling.right_edge
    return _trimmed(text, obj.left_edge.idx, last.idx + len(last.text))


def _clause_span(verb: Any, clause: Any, text: str) -> tuple[int, int]:
    """The clause's words, with a second 'and that ...' clause of the same verb ("said that X, and that Y")."""
    last = clause.right_edge
    for sibling in verb.children:
        if sibling.i > last.i and sibling.dep_ in {"conj", "ccomp"} and sibling.left_edge.lower_ == "that":
            last = sibling.right_edge
    end = last.idx + len(last.text)
    return _trimmed(text, clause.left_edge.idx, end)


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
                content = _trimmed(text, child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text))
            elif child.dep_ == "prep" and child.lower_ in {"of", "for", "on", "that"} and child.i == token.i + 1:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    content = span_of(objects[0].left_edge, objects[0].right_edge)
            if content is not None:
                break
        if content is None or _words(text, content) < 2:
            continue
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        source = span_of(owner.left_edge, owner.right_edge) if owner is not None else None
        found.append(
            Attribution("indirect", source, (token.idx, token.idx + len(token.text)), content, (content,), False)
        )
    return found


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


def _headline_colon(text: str) -> list[Attribution]:
    """'Trump: I'm the Worst Thing That Ever Happened' — a line opened by a short name and a colon."""
    found = []
    for match in _NAME_COLON.finditer(text):
        source = (match.start(1), match.end(1))
        content = _trimmed(text, match.start(2), match.end(2))
        if content[1] > content[0]:
            found.append(Attribution("indirect", source, (match.end(1), match.start(2)), content, (content,)))
    return found


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
