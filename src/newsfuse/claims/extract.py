"""Claim mentions of one article: quotes, attributions, numbers, events.

Decides what an article asserts, as mentions with character spans:

* quotes: direct quotations and reported speech by a person, with the
  speaker resolved to the fullest name in the article and the cue verb;
* attributions: statements credited to a non-person source (an agency, a
  ministry, "sources"), including "according to X";
* numbers: amounts, percentages, money and counts, normalised, with what
  they measure and the year when the sentence says "this year" or names one;
* events: who did what to whom, for the main action verbs of a sentence.

English articles are parsed with spaCy; other languages get quotations and
numbers found by patterns.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from newsfuse.claims.attribution import SPEECH_LEMMAS, Attribution, attributions, sentence_at
from newsfuse.claims.nlp import parse_pieces
from newsfuse.claims.numbers import CURRENCY_WORDS, parse_quantity, resolve_year, year_reference
from newsfuse.claims.speakers import PRONOUNS, SpeakerIndex
from newsfuse.ingest.dates import to_datetime
from newsfuse.records import Article, ClaimMention, EventValue, NumberValue, QuoteValue

NUMBER_LABELS = frozenset({"MONEY", "PERCENT", "CARDINAL", "QUANTITY"})
EVENT_LEMMAS = frozenset(
    """sign visit meet impose hold agree announce kill attack arrest elect win launch approve reject sanction
    invade strike detain release accuse sue fire hire resign appoint ban open close join leave raise cut""".split()
)
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# A quotation shorter than this is a phrase in scare quotes ("no limits"),
# not a quote of anyone's statement.
MIN_QUOTE_WORDS = 5
# Reported content shorter than this ("that", "which", a single name) is a
# parse fragment, not a statement.
MIN_CONTENT_WORDS = 3
# Counts below this ("two countries", "three weeks") are descriptions, not figures anyone reports.
MIN_COUNT = 10
_PATTERN_QUOTE = re.compile(r"“([^”]{3,}?)”|\"([^\"\n]{3,}?)\"|«([^»]{3,}?)»|„([^“”]{3,}?)[“”]")
_PATTERN_NUMBER = re.compile(r"[$€£]?\s?\d[\d.,]*\s?(?:%|percent|per cent|million|billion|bn|mn)?")


def extract_claims(articles: Sequence[Article]) -> dict[str, list[ClaimMention]]:
    """Claim mentions per article id."""
    english = [a for a in articles if a.language in (None, "en")]
    mentions: dict[str, list[ClaimMention]] = {}
    for article, pieces in zip(english, parse_pieces([a.text for a in english]), strict=True):
        mentions[article.id] = [claim for offset, doc in pieces for claim in _piece_claims(article, offset, doc)]
    for article in articles:
        if article.id not in mentions:
            mentions[article.id] = pattern_claims(article)
    return mentions


def _piece_claims(article: Article, offset: int, doc: Any) -> list[ClaimMention]:
    """Claims of one piece of a long article (the whole article when it is short), spans into the whole text."""
    if offset == 0 and len(doc.text) == len(article.text):
        return parsed_claims(article, doc)
    claims = parsed_claims(dataclasses.replace(article, text=doc.text), doc)
    return [dataclasses.replace(c, span=(c.span[0] + offset, c.span[1] + offset)) for c in claims]


def parsed_claims(article: Article, doc: Any) -> list[ClaimMention]:
    """Claims of an English article from its parse."""
    speakers = SpeakerIndex(doc)
    found = attributions(doc)
    claims: list[ClaimMention] = []
    last_speaker: str | None = None
    for attribution in found:
        claim = _speech_claim(article, doc, attribution, speakers, last_speaker)
        if claim is not None:
            claims.append(claim)
            last_speaker = claim.speaker or last_speaker
    claims += _number_claims(article, doc, found, speakers)
    claims += _event_claims(article, doc)
    return sorted(claims, key=lambda c: (c.span, c.type))


def _sentence_of(doc: Any, position: int) -> str:
    sentence = sentence_at(doc, position)
    return str(sentence.text.strip()) if sentence is not None else ""


def _speech_claim(
    article: Article, doc: Any, attribution: Attribution, speakers: SpeakerIndex, last_speaker: str | None
) -> ClaimMention | None:
    start, end = attribution.content
    content = article.text[start:end]
    minimum = MIN_QUOTE_WORDS if attribution.kind == "direct" else MIN_CONTENT_WORDS
    if len(content.split()) < minimum:
        return None
    source_text = attribution.source_text(article.text)
    if source_text and attribution.source and source_text.casefold() in PRONOUNS and last_speaker:
        speaker: str | None = last_speaker  # "he added": the person quoted just before
    elif source_text and attribution.source:
        speaker = speakers.resolve(source_text, attribution.source[0])
    else:
        speaker = last_speaker if attribution.kind == "direct" and _own_paragraph(article.text, (start, end)) else None
    person = speaker is not None and any(p.label == speaker for p in speakers.people)
    cue = article.text[attribution.cue[0] : attribution.cue[1]] if attribution.cue else None
    claim_type = "quote" if attribution.kind == "direct" or person else "attribution"
    return ClaimMention(
        article_id=article.id,
        type=claim_type,  # type: ignore[arg-type]
        span=(start, end),
        content=content,
        sentence=_sentence_of(doc, start),
        speaker=speaker if claim_type == "quote" else None,
        attributed_to=speaker,
        cue=cue,
        value=QuoteValue(direct=attribution.kind == "direct"),
    )


def _own_paragraph(text: str, span: tuple[int, int]) -> bool:
    """A quotation that is a paragraph by itself continues the previous speaker's quote."""
    before = text[: span[0]].rstrip('“"«„ ')
    after = text[span[1] :].lstrip('”"»,.!? ')
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


def _number_claims(article: Article, doc: Any, found: list[Attribution], speakers: SpeakerIndex) -> list[ClaimMention]:
    year = _article_year(article)
    claims = []
    for found_ent in doc.ents:
        if found_ent.label_ not in NUMBER_LABELS:
            continue
        ent = _with_currency(found_ent)
        quantity = parse_quantity(ent.text)
        if quantity is None or (quantity.unit == "count" and quantity.amount < MIN_COUNT):
            continue
        sentence = ent.sent
        credited = next((a for a in found if a.content[0] <= ent.start_char < a.content[1]), None)
        source = credited.source_text(article.text) if credited else None
        when = resolve_year(sentence.text, year)
        reference = year_reference(sentence.text) if when is None else None
        value = NumberValue(**quantity.as_json(), year=when, year_ref=reference)
        claims.append(
            ClaimMention(
                article_id=article.id,
                type="number",
                span=(ent.start_char, ent.end_char),
                content=ent.text,
                sentence=sentence.text.strip(),
                attributed_to=speakers.resolve(source, credited.source[0])
                if source and credited and credited.source
                else None,
                measure=measure_of(ent),
                value=value,
            )
        )
    return claims


def _with_currency(ent: Any) -> Any:
    """'310 million' followed by 'euros' is one amount: extend the entity over a currency word."""
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].lower_ in CURRENCY_WORDS:
        return doc[ent.start : ent.end + 1]
    return ent


def measure_of(ent: Any) -> str:
    """The noun phrase a number attaches to: what it counts or measures."""
    token = ent.root
    while token.dep_ in {"nummod", "quantmod", "compound", "amod", "npadvmod"} and token.head is not token:
        token = token.head
        if token.pos_ in {"NOUN", "PROPN"} and not token.ent_type_ and token.lower_ not in CURRENCY_WORDS:
            return _phrase(token)
    verb = token.head if token.dep_ in {"dobj", "attr", "pobj", "npadvmod", "advmod", "oprd"} else token
    for _ in range(4):
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and subject.lower_ in {"that", "which", "who"} and verb.dep_ == "relcl":
            return _phrase(verb.head, without=verb)  # "trade that reached ...": the antecedent
        if subject is not None:
            return _phrase(subject)
        if verb.head is verb:
            break
        verb = verb.head
    return _phrase(token)


def _phrase(token: Any, without: Any = None) -> str:
    """The token's subtree as written (original spacing), without numbers, at most 12 words."""
    skip = {t.i for t in without.subtree} if without is not None else set()
    kept = [t for t in token.subtree if t.ent_type_ not in NUMBER_LABELS and t.dep_ != "punct" and t.i not in skip]
    return "".join(t.text_with_ws for t in kept[:12]).strip()


def _event_claims(article: Article, doc: Any) -> list[ClaimMention]:
    claims = []
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_ in SPEECH_LEMMAS:
            continue
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        obj = next((c for c in token.children if c.dep_ in {"dobj", "pobj"}), None)
        if subject is None or obj is None:
            continue
        actor = _actor(subject)
        if actor is None or token.lemma_ not in EVENT_LEMMAS:
            continue
        sentence = token.sent
        obj_text = " ".join(t.text for t in obj.subtree if t.dep_ != "punct")[:80]
        start, end = _trimmed_span(article.text, sentence.start_char, sentence.end_char)
        claims.append(
            ClaimMention(
                article_id=article.id,
                type="event",
                span=(start, end),
                content=article.text[start:end],
                sentence=article.text[start:end],
                measure=actor,
                value=EventValue(subject=actor, verb=token.lemma_, object=obj_text),
            )
        )
    return claims


def _trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _actor(token: Any) -> str | None:
    """The most specific named actor in a subject: a person before an organisation, a place or a people."""
    subtree = {t.i for t in token.subtree}
    entities = [e for e in token.doc.ents if e.label_ in ACTOR_LABELS and e.start in subtree]
    if not entities:
        return None
    rank = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3}
    return str(min(entities, key=lambda e: (rank[e.label_], e.start)).text)


def pattern_claims(article: Article) -> list[ClaimMention]:
    """Quotations and figures found by patterns, for languages without a parser."""
    claims = []
    for match in _PATTERN_QUOTE.finditer(article.text):
        group = next(i for i in range(1, 5) if match.group(i) is not None)
        content = match.group(group)
        if len(content.split()) >= MIN_QUOTE_WORDS:
            span = (match.start(group), match.end(group))
            claims.append(ClaimMention(article.id, "quote", span, content, _line_of(article.text, span[0])))
    for match in _PATTERN_NUMBER.finditer(article.text):
        quantity = parse_quantity(match.group())
        if quantity is None or (quantity.unit == "count" and quantity.amount < MIN_COUNT) or quantity.unit == "year":
            continue
        span = (match.start(), match.end())
        claims.append(
            ClaimMention(
                article.id,
                "number",
                span,
                match.group().strip(),
                _line_of(article.text, span[0]),
                value=NumberValue(**quantity.as_json()),
            )
        )
    return claims


def _line_of(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start : end if end >= 0 else len(text)].strip()


def _article_year(article: Article) -> int | None:
    parsed = to_datetime(article.published_at) if article.published_at else None
    return parsed.year if parsed else None
