"""Whether a sentence can stand alone in a brief, and the light edits that let it.

Decides what a reader would see out of context. A sentence lifted from an
article may lean on what came before it: a leading connective ("And",
"However") is dropped; a leading "he"/"she" is replaced by the person when
the sentence before names exactly one (or the claims stage attributed the
sentence's quote to a named speaker); a trailing pronoun attribution
("..., he said.") is named the same way. A sentence that still leans on its
context is not chosen: one opening with "they", "it", "this", "these",
"those" or a possessive, a pronoun whose person cannot be told, or one
that is not whole (no closing full stop, as in a standfirst or heading).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsfuse.records import Article, ClaimGroup

# Longest first, so "and it is that" (a translated "y es que") goes whole.
_SINGLE_CONNECTIVES = (
    "however but and also meanwhile moreover furthermore additionally likewise still yet so besides "
    "nevertheless nonetheless indeed similarly"
)
_CONNECTIVES = sorted(
    [*_SINGLE_CONNECTIVES.split(), "in addition", "in turn", "as a result", "and it is that", "it is that"],
    key=len,
    reverse=True,
)
_CONNECTIVE = re.compile(r"^(" + "|".join(_CONNECTIVES) + r"),?\s+", re.I)
_LEADING_PRONOUN = re.compile(r"^(he|she)\s+", re.I)
# Openings that point back at something the brief has not said.
_DEPENDENT_OPENING = re.compile(
    r"^[“\"‘']?(?:they|it|its|these|those|that|his|her|their|them|him|such|the latter|the former|he|she|"
    r"this(?!\s+(?:year|week|month|morning|afternoon|evening|weekend|season|spring|summer|autumn|fall|winter)\b))\b",
    re.I,
)
_PRONOUN_ATTRIBUTION = re.compile(
    r"(,[”\"’]?\s+|[”\"’]\s+)(he|she)\s+(said|says|added|adds|told|tells|noted|explained)\b"
)
_WHOLE = re.compile(r"[.!?][”\"’')\]]*\s*$|[.!?]\s*[”\"’]\s*$")
# Two or more capitalised words: a person named in full ("Steve Tsang").
_PERSON = re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+)+)\b")
_NOT_A_NAME = {"The", "In", "On", "At", "A", "An", "But", "And", "As", "After", "Before", "When", "While", "Last"}


def is_whole(text: str) -> bool:
    """A complete sentence: it ends with a full stop, question or exclamation mark (maybe inside a quote)."""
    return bool(_WHOLE.search(text.strip()))


def standalone(text: str, article: Article, index: int, speakers: Sequence[str] = ()) -> tuple[str, bool] | None:
    """(text a reader can follow, whether it was edited), or None when the sentence needs its context.

    ``speakers`` are the named speakers the claims stage attributed this
    sentence's quotes to.
    """
    if not is_whole(text):
        return None
    edited = _CONNECTIVE.sub("", text, count=1)
    pronoun = _LEADING_PRONOUN.match(edited)
    if pronoun:
        name = _one_person(article, index, speakers)
        if name is None:
            return None
        edited = name + " " + edited[pronoun.end() :]
    elif _DEPENDENT_OPENING.match(edited):
        return None
    attribution = _PRONOUN_ATTRIBUTION.search(edited)
    if attribution:
        name = _one_person(article, index, speakers)
        if name is None:
            return None
        start, end = attribution.span(2)
        edited = edited[:start] + name + edited[end:]
    edited = edited[:1].upper() + edited[1:]
    return edited, edited != text


def _one_person(article: Article, index: int, speakers: Sequence[str]) -> str | None:
    """The person a pronoun stands for: the one named speaker, else the one person named just before."""
    named = {s for s in speakers if s and len(s.split()) >= 2}
    if len(named) == 1:
        return next(iter(named))
    if index == 0:
        return None
    start, end = article.sentences[index - 1]
    people = {m.group(1) for m in _PERSON.finditer(article.text[start:end]) if m.group(1).split()[0] not in _NOT_A_NAME}
    return next(iter(people)) if len(people) == 1 else None


def quote_speakers(claims: Sequence[ClaimGroup], article_id: str, span: tuple[int, int]) -> list[str]:
    """Named speakers of the quotes the claims stage found inside ``span`` of the article."""
    return [
        m.speaker
        for group in claims
        for m in group.mentions
        if m.article_id == article_id and m.speaker and m.span[0] < span[1] and span[0] < m.span[1]
    ]
