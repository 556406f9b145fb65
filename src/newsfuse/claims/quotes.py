"""Quotations: where they are and who speaks them.

Decides the inside of every quotation (any quotation-mark style, the
doubled apostrophes of wire copy included), and its speaker: the subject of
a speech verb in its sentence outside the quotation, or of a verb that
introduces it with a colon. A quotation that goes on with the previous one
(split by its attribution, or a paragraph that is only a quotation) is a
further part of that attribution, so '"A," she said. "B."' is one quote.
A quotation right after "entitled" or "headlined" names a work (``names_a_work``).
"""

from __future__ import annotations

import re
from typing import Any

from newsfuse.claims.cues import OPENING, TRIM, Attribution, cue_span, is_cue, overlaps, sentence_at, subject, trimmed

# Quotation marks of every style news text uses, the doubled apostrophes of
# wire copy (''...'', and "...'' where a straight mark opens them) included. A straight mark opens only after a space or
# an opening bracket, so that '"...," he said. "..."' never reads the credit
# between two quotations as a quotation of its own. A curly mark that ends its
# paragraph closes a quotation (a typo for ”), so it never opens one that would
# run across the reporter's next paragraphs.
_QUOTES = re.compile(
    r"“(?!\s*\n)([^”\"\n]{3,}?)\"(?!\w)|“(?!\s*\n)([^”]{3,}?)”|(?<![\w,.;:!?])\"(?=\S)([^\"\n]{3,}?)(?:\"|''(?!\w))"
    r"|«([^»]{3,}?)»|„(?!\s*\n)([^“”]{3,}?)[“”]"
    r"|(?<!\w)‘([^’]{12,}?)’(?!\w)|(?<![\w,.;:!?'])''(?=\S)([^\n]{3,}?)''"
)

# Characters between two parts of one quotation: room for "the presumptive
# Republican presidential nominee wrote in an early morning tweet".
MAX_BRIDGE = 250

_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
# A quotation right after one of these words is the title of a work ('an article entitled, "DNA Results
# Confirm ..."'). PolNeAR's annotators still mark some such titles as attributed content, so attribution
# spans keep them; the claims stage does not read them as anybody's statement.
_TITLE_WORDS = re.compile(r"\b(?:entitled|titled|headlined|headline|captioned)[\s,:]*$", re.IGNORECASE)


def names_a_work(text: str, quote: tuple[int, int]) -> bool:
    """The quotation is the title of a work: it follows "entitled", "titled", "headlined" or "captioned"."""
    return bool(_TITLE_WORDS.search(text[max(0, quote[0] - 40) : quote[0]].rstrip(OPENING)))


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The inside of every quotation, in text order."""
    spans = []
    for match in _QUOTES.finditer(text):
        group = match.lastindex or 0
        start, end = trimmed(text, match.start(group), match.end(group))
        if end > start:
            spans.append((start, end))
    return spans


def quote_attributions(doc: Any, quotes: list[tuple[int, int]]) -> list[Attribution]:
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
    if "\n" in between.strip(" \t" + TRIM.replace("\n", "")):
        # A paragraph that is only a quotation goes on with the quotation before it.
        opens_paragraph = text[: quote[0]].rstrip(OPENING + " \t").endswith("\n")
        return source is None and previous.source is not None and opens_paragraph
    if source is not None:
        if previous.source is None or source == previous.source:
            return True
        if not end <= source[0] < quote[0]:
            return False  # the quotation's own speaker comes after it: a new attribution
        both_between = end <= previous.source[0] < quote[0]
        return not both_between or text[source[0] : source[1]].casefold() in _PRONOUNS
    return previous.source is not None and (end <= previous.source[0] < quote[0] or len(between.strip(TRIM)) < 40)


def _speaker_of_quote(doc: Any, quote: tuple[int, int]) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Source and cue of a quotation: a speech verb in its sentence outside it, or an introduction with a colon."""
    sentences = _sentences_touching(doc, quote)
    for sentence in sentences:
        for token in sentence:
            if quote[0] <= token.idx < quote[1] or not is_cue(token):
                continue
            source = subject(token)
            if source is not None and not overlaps(source, quote):
                return source, cue_span(token)
    before = doc.text[: quote[0]].rstrip(OPENING + " ")
    if before.endswith(":"):
        intro = sentence_at(doc, len(before) - 1)
        for token in intro or []:
            if is_cue(token) and (source := subject(token)) is not None:
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
        if between.strip(TRIM) == "" and "," in between:
            found.append(following)
    unique = {s.start: s for s in found}
    return [unique[k] for k in sorted(unique)]
