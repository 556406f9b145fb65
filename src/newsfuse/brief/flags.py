"""Flags under a brief: what a reader must not miss about the story's claims.

Decides which claim groups are flagged: every altered, conflicting,
attribution-dropped and credited-differently claim (each note carries the
evidence, both articles' words), and single-source claims a reader can
check that the brief itself states (a claim of weight resting on one
source) when the story has more than one independent source; in a story
whose articles all derive from one origin everything rests on that origin,
and flagging each claim would say nothing new.

A single-source flag says that no other independent outlet states the
claim, so it is raised only where that can be checked and was: a figure
with what it measures (written whole: not a piece of "$20m" or of a
"45-7-2" record), or a direct quotation of eight words or more by a named
person; and only when no article outside the claim's derivation tree gives
the same figure (any wording) or the speaker's name near most of the
quotation's content words. A claim that fails these stays single-source in
claims.jsonl, but is not raised as a flag.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsfuse.claims.copies import figure_values
from newsfuse.claims.figures import measure_keys
from newsfuse.claims.matching import content_words
from newsfuse.claims.numbers import RELATIVE_TOLERANCE, parse_quantity
from newsfuse.claims.speakers import clean_name, name_of
from newsfuse.claims.statement import shorten
from newsfuse.index.tokens import STOPWORDS
from newsfuse.records import FLAGGED_STATUSES, Article, BriefSentence, ClaimGroup, ClaimMention, Flag, Provenance

ALWAYS_FLAGGED: tuple[str, ...] = FLAGGED_STATUSES
_ORDER = {status: rank for rank, status in enumerate((*ALWAYS_FLAGGED, "single-source"))}
STATEMENT_CHARS = 140
# A quotation shorter than this is a phrase, not a statement worth a flag.
MIN_FLAGGED_QUOTE_WORDS = 8
# Another article states a quotation when a stretch of three of its
# sentences around the speaker's name holds this share of the quotation's
# content words (a paraphrase keeps the names and nouns; dev sample of
# evals/real_flags.py: 22 of 62 single-source flags were stated elsewhere).
ELSEWHERE_QUOTE_WORDS = 0.5
_SPEAKER_KINDS = frozenset({"PERSON", "OTHER"})
_WRITTEN_WITH = re.compile(r"[$€£¥\w.,]")
_RECORD = re.compile(r"\s?-\s?\d")


def flags_for(
    claims: Sequence[ClaimGroup],
    sentences: Sequence[BriefSentence],
    articles: Sequence[Article] = (),
    graph: Provenance | None = None,
) -> list[Flag]:
    """The story's flags; ``articles`` (and the provenance ``graph``) let single-source claims be checked."""
    found = []
    several_sources = any(group.independent_support >= 2 for group in claims)
    by_id = {a.id: a for a in articles}
    for group in claims:
        if group.status in ALWAYS_FLAGGED:
            found.append(
                Flag(group.claim_id, group.status, f"{shorten(group.statement, STATEMENT_CHARS)} — {group.note}")
            )
        elif (
            group.status == "single-source"
            and several_sources
            and group.type in {"quote", "number"}
            and _stated(group, sentences)
            and by_id
            and _checkable(group, by_id)
            and not _stated_elsewhere(group, by_id, graph)
        ):
            note = (
                f"{shorten(group.statement, STATEMENT_CHARS)} — only one independent source "
                f"(no article outside its derivation states it)"
            )
            found.append(Flag(group.claim_id, group.status, note))
    return sorted(found, key=lambda f: (_ORDER.get(f.status, 9), f.claim_id))


def _stated(group: ClaimGroup, sentences: Sequence[BriefSentence]) -> bool:
    return any(
        m.article_id == s.source_id and m.span[0] < s.source_span[1] and s.source_span[0] < m.span[1]
        for m in group.mentions
        for s in sentences
    )


def _checkable(group: ClaimGroup, articles: dict[str, Article]) -> bool:
    """A specific statement: a whole figure with what it measures, or a long direct quotation by a named person."""
    if group.type == "number":
        return all(m.article_id in articles and _whole_figure(m, articles[m.article_id]) for m in group.mentions)
    return any(_named_quote(m) for m in group.mentions)


def _whole_figure(mention: ClaimMention, article: Article) -> bool:
    start, end = mention.span
    before, after = article.text[max(0, start - 1) : start], article.text[end : end + 1]
    if _WRITTEN_WITH.fullmatch(before or " ") or (after.isalnum()) or _RECORD.match(article.text, end):
        return False  # a piece of "$20m", "2-Time" or a "45-7-2" record: what it counts is not what it says
    return bool(measure_keys(mention.measure))


def _named_quote(mention: ClaimMention) -> bool:
    value = mention.value_dict()
    words = mention.content.split()
    if not value.get("direct") or value.get("inferred") or len(words) < MIN_FLAGGED_QUOTE_WORDS:
        return False
    if words[-1].strip(",;:").casefold() in STOPWORDS:
        return False  # cut off mid-clause ('... so the'): not the whole quotation
    if value.get("source_kind") is not None and value.get("source_kind") not in _SPEAKER_KINDS:
        return False
    name = _speaker_name(mention)
    return len(name) >= 2 and all(w[:1].isupper() and w.isalpha() for w in name)


def _speaker_name(mention: ClaimMention) -> list[str]:
    return clean_name(name_of(mention.speaker or "")).replace("-", "").split()


def _stated_elsewhere(group: ClaimGroup, articles: dict[str, Article], graph: Provenance | None) -> bool:
    others = _independent_of(group, articles, graph)
    if group.type == "number":
        amounts = [q for m in group.mentions if (q := parse_quantity(m.content)) is not None]
        stated = [value for article in others for value in figure_values(article.text)]
        return any(_same_figure(q.amount, q.unit, v, u) for v, u in stated for q in amounts)
    return any(_quoted_in(m, article) for m in group.mentions if _named_quote(m) for article in others)


def _independent_of(group: ClaimGroup, articles: dict[str, Article], graph: Provenance | None) -> list[Article]:
    """Articles of the story outside the derivation trees of the claim's articles."""
    parent = dict(graph.parents) if graph else {}

    def root(article_id: str) -> str:
        seen = {article_id}
        while article_id in parent and parent[article_id] not in seen:
            article_id = parent[article_id]
            seen.add(article_id)
        return article_id

    mine = {root(m.article_id) for m in group.mentions}
    return [a for a in articles.values() if root(a.id) not in mine]


def _same_figure(amount: float, unit: str, other: float, other_unit: str) -> bool:
    compatible = unit == other_unit or "count" in {unit, other_unit}
    return compatible and abs(amount - other) <= RELATIVE_TOLERANCE * max(abs(amount), abs(other), 1e-9)


def _quoted_in(mention: ClaimMention, article: Article) -> bool:
    """The speaker's surname within a sentence of most of the quotation's content words."""
    surname = _speaker_name(mention)[-1]
    words = content_words(mention.content)
    spans = article.sentences
    for k, (start, end) in enumerate(spans):
        if not re.search(rf"(?<!\w){re.escape(surname)}(?!\w)", article.text[start:end]):
            continue
        window = article.text[spans[max(0, k - 1)][0] : spans[min(len(spans) - 1, k + 1)][1]]
        if words and len(words & content_words(window)) / len(words) >= ELSEWHERE_QUOTE_WORDS:
            return True
    return False
