"""Claim mentions of one article: quotes, attributions, numbers, events.

Decides what an article asserts, as mentions with character spans:

* quotes: direct quotations (whole, across commas and sentences) and
  reported speech by a person, with the speaker resolved to the fullest
  name in the article and the cue verb kept with its polarity ("rejected",
  "did not say");
* attributions: statements credited to a non-person source (an agency, a
  ministry, "sources"), including "according to X";
* numbers: amounts, percentages, money and counts, normalised, with what
  they measure, what they count, and the year (see figures.py);
* events: who did what to whom, for the main action verbs of a sentence.

A mention's ``value`` holds what comparison needs beyond the text:
``direct`` (a quotation), ``inferred`` (the speaker comes from the
paragraph before, not from the sentence), ``negative_cue`` (the source
denies or rejects the content). English articles are parsed with spaCy;
other languages get quotations and numbers found by patterns.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from newsfuse.claims.attribution import SPEECH_LEMMAS, Attribution, attributions, sentence_at
from newsfuse.claims.figures import MIN_COUNT, figure_mentions, year_of
from newsfuse.claims.nlp import parse_pieces
from newsfuse.claims.numbers import parse_quantity
from newsfuse.claims.quotes import names_a_work
from newsfuse.claims.speakers import SpeakerIndex
from newsfuse.ingest.dates import to_datetime
from newsfuse.records import Article, ClaimMention, EventValue, NumberValue, QuoteValue, value_from_dict

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
NEGATIVE_CUES = frozenset("deny reject dismiss refute dispute rebuff contest rule".split())
_NEGATION = re.compile(r"\b(?:not|never|no)\b|n[’']t\b", re.I)
# Discourse connectives that open a sentence but belong to no one's statement,
# with the "it is that" of a translated cleft ("And it is that ...").
_CONNECTIVE = re.compile(
    r"^(?:(?:and|but|so|also|in addition|additionally|likewise|moreover|furthermore|however|meanwhile|besides|"
    r"still|yet|thus|therefore|indeed|in fact|in turn)\b,?\s+)+(?:it\s+is\s+that\s+|it[’']s\s+that\s+)?",
    re.I,
)
_PATTERN_QUOTE = re.compile(r"“([^”]{3,}?)”|\"([^\"\n]{3,}?)\"|«([^»]{3,}?)»|„([^“”]{3,}?)[“”]")
_PATTERN_NUMBER = re.compile(r"[$€£¥]?\s?\d[\d.,]*\s?(?:%|percent|per cent|million|billion|bn|mn)?")


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
    credits: list[tuple[Attribution, str | None]] = []
    last_speaker: str | None = None
    for attribution in found:
        if not attribution.speech:
            continue  # a stance ("endorsed", "thanked"), not a statement to check
        mentions = _speech_claims(article, doc, attribution, speakers, last_speaker)
        credit = mentions[0].attributed_to if mentions else _credit(article, attribution, speakers, None)
        credits.append((attribution, credit))
        claims += mentions
        if mentions and mentions[0].speaker and attribution.kind == "direct":
            last_speaker = mentions[0].speaker
    claims += _number_claims(article, doc, credits)
    claims += _event_claims(article, doc)
    return sorted(claims, key=lambda c: (c.span, c.type))


def sentence_of(doc: Any, position: int) -> str:
    sentence = sentence_at(doc, position)
    return str(sentence.text.strip()) if sentence is not None else ""


def _credit(article: Article, attribution: Attribution, speakers: SpeakerIndex, last_speaker: str | None) -> str | None:
    source_text = attribution.source_text(article.text)
    if source_text and attribution.source:
        return speakers.resolve(source_text, attribution.source[0], last_speaker)
    return None


def _speech_claims(
    article: Article, doc: Any, attribution: Attribution, speakers: SpeakerIndex, last_speaker: str | None
) -> list[ClaimMention]:
    """One mention per quotation part (or one for reported content), with speaker, cue and polarity."""
    credit = _credit(article, attribution, speakers, last_speaker)
    inferred = False
    if credit is None and attribution.kind == "direct" and _own_paragraph(article.text, attribution.pieces[0]):
        credit, inferred = last_speaker, last_speaker is not None
    person = speakers.is_person(credit)
    claim_type = "quote" if attribution.kind == "direct" or person else "attribution"
    cue = article.text[attribution.cue[0] : attribution.cue[1]] if attribution.cue else None
    value = QuoteValue(
        direct=attribution.kind == "direct",
        negative_cue=_negative_cue(doc, attribution),
        inferred=inferred,
        according=attribution.kind == "according-to",
        source_kind=_source_kind(doc, attribution.source) if attribution.source is not None else None,
    )
    minimum = MIN_QUOTE_WORDS if attribution.kind == "direct" else MIN_CONTENT_WORDS
    mentions = []
    for piece in attribution.pieces:
        if attribution.kind == "direct" and names_a_work(article.text, piece):
            continue  # the title of an article or a report: it names the piece, nobody said it
        start, end = piece if attribution.kind == "direct" else _without_connective(article.text, piece)
        content = article.text[start:end]
        if len(content.split()) < minimum:
            continue
        mentions.append(
            ClaimMention(
                article_id=article.id,
                type=claim_type,  # type: ignore[arg-type]
                span=(start, end),
                content=content,
                sentence=sentence_of(doc, start),
                speaker=credit if claim_type == "quote" else None,
                attributed_to=credit,
                cue=cue,
                value=value,
            )
        )
    return mentions


def _negative_cue(doc: Any, attribution: Attribution) -> bool:
    """The source denies the content: 'rejects', 'denied', 'did not say'."""
    if attribution.cue is None:
        return False
    cue = doc.char_span(attribution.cue[0], attribution.cue[1], alignment_mode="expand")
    if cue is None:
        return False
    return any(t.lemma_.casefold() in NEGATIVE_CUES or t.dep_ == "neg" for t in cue)


def _source_kind(doc: Any, source: tuple[int, int]) -> str:
    """The entity type of a source phrase ('PERSON', 'ORG', 'GPE' ...), 'OTHER' when it names none."""
    span = doc.char_span(source[0], source[1], alignment_mode="expand")
    entities = list(span.ents) if span is not None else []
    if not entities:
        return "OTHER"
    return str(max(entities, key=lambda e: len(e.text)).label_)


def _without_connective(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The span without an opening connective ('In addition, ...', 'And it is that ...')."""
    start, end = span
    match = _CONNECTIVE.match(text[start:end])
    if match and match.end() < end - start:
        start += match.end()
    return start, end


def _own_paragraph(text: str, span: tuple[int, int]) -> bool:
    """A quotation that is a paragraph by itself continues the previous speaker's quote."""
    before = text[: span[0]].rstrip('“"«„ ')
    after = text[span[1] :].lstrip('”"»,.!? ')
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


def _number_claims(article: Article, doc: Any, credits: list[tuple[Attribution, str | None]]) -> list[ClaimMention]:
    year = _article_year(article)
    claims = []
    for span, quantity, described in figure_mentions(doc):
        sentence = span.sent.text.strip()
        credit = next(
            (c for a, c in credits if any(s <= span.start_char < e for s, e in a.pieces)),
            None,
        )
        value: dict[str, object] = quantity.as_json()
        value.update(year_of(sentence, year))
        value.update({k: v for k, v in described.items() if k != "measure"})
        claims.append(
            ClaimMention(
                article_id=article.id,
                type="number",
                span=(span.start_char, span.end_char),
                content=span.text,
                sentence=sentence,
                attributed_to=credit,
                measure=str(described["measure"]) or None,
                value=value_from_dict(value),
            )
        )
    return claims


def _event_claims(article: Article, doc: Any) -> list[ClaimMention]:
    claims = []
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_ in SPEECH_LEMMAS or token.lemma_ not in EVENT_LEMMAS:
            continue
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        obj = next((c for c in token.children if c.dep_ in {"dobj", "pobj"}), None)
        if subject is None or obj is None:
            continue
        actor = _actor(subject)
        if actor is None:
            continue
        sentence = token.sent
        obj_text = " ".join(t.text for t in obj.subtree if t.dep_ != "punct")[:80]
        start, end = _trimmed_span(article.text, sentence.start_char, sentence.end_char)
        negated = any(c.dep_ == "neg" for c in token.children)
        claims.append(
            ClaimMention(
                article_id=article.id,
                type="event",
                span=(start, end),
                content=article.text[start:end],
                sentence=article.text[start:end],
                measure=actor,
                value=EventValue(subject=actor, verb=token.lemma_, object=obj_text, negated=negated),
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
            claims.append(
                ClaimMention(
                    article.id, "quote", span, content, _line_of(article.text, span[0]), value=QuoteValue(direct=True)
                )
            )
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


def negations(text: str) -> int:
    """How many negation words a text holds ('not', 'never', 'no', "n't")."""
    return len(_NEGATION.findall(text))


def _line_of(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start : end if end >= 0 else len(text)].strip()


def _article_year(article: Article) -> int | None:
    parsed = to_datetime(article.published_at) if article.published_at else None
    return parsed.year if parsed else None
