"""The claims of one story: extract, pair along provenance, match, judge.

Decides the claim groups of a story and what is written for each: a
statement a reader can scan, the normalised value, the speaker, the status
with a note showing the evidence, and every mention with its span and
attribution. The changes a derived article made to sentences it copied
(copies.py) are tied to the claim they touch: the two mentions that hold
the change are paired whatever their similarity, and when an article has no
mention there (a negation in a plain sentence, a credit cut from a
quotation) the changed sentence or quotation becomes one. Single-article
stories get claims too (all single-source), so the claims table covers the
whole store.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsfuse.claims.attribution import quote_spans
from newsfuse.claims.copies import Edit, aligned_sentences, copy_edits
from newsfuse.claims.extract import extract_claims
from newsfuse.claims.matching import group_mentions
from newsfuse.claims.numbers import parse_quantity
from newsfuse.claims.sources import index_relations
from newsfuse.claims.statement import statement
from newsfuse.claims.status import claim_status
from newsfuse.ids import digest
from newsfuse.provenance.direction import CONFIDENCE, trusted_direction
from newsfuse.records import (
    Article,
    ClaimGroup,
    ClaimMention,
    ClaimType,
    Provenance,
    Relation,
    Story,
    value_from_dict,
)

# Events are many and mostly background; only events told by two or more
# articles are kept as claims (an event in one article is context, not a
# claim to check), unless a copy changed them.
MIN_EVENT_ARTICLES = 2
# A copy changes one figure or two (a corrected toll, a planted change: evals/flags.py plants one); a
# template report of another day changes most of them. Set from the blind report2 judgement of
# evals/real_flags.py, where 52 false "altered" flags came from daily agency reports (Urdu market and
# exchange-rate reports, German currency reports) of different days, each pair with more than two.
MAX_CHANGED_FIGURES = 2
# Which mention types can carry each kind of change, best first.
_CARRIERS: dict[str, tuple[ClaimType, ...]] = {
    "figure": ("number",),
    "quote": ("quote", "attribution"),
    "negation": ("quote", "attribution", "event"),
    "attribution": ("quote", "attribution", "number"),
}


def claims_for_story(
    story: Story,
    articles: Sequence[Article],
    vectors: dict[str, np.ndarray],
    graph: Provenance | None,
    model: str = "e5",
    relations: Sequence[Relation] = (),
) -> list[ClaimGroup]:
    """The claim groups of one story, ordered by how many articles carry them (``model``: the sentence model;
    ``relations``: the story's pairwise relations, which tell claims taken from one another apart)."""
    by_id = {a.id: a for a in articles}
    extracted = extract_claims(articles)
    mentions = [m for a in articles for m in extracted[a.id]]
    parents = {c: p for c, p in (graph.parents if graph else ()) if c in by_id and p in by_id}
    edits: list[Edit] = []
    copied: set[tuple[str, int, int]] = set()
    for child, parent in sorted(parents.items()):
        aligned = aligned_sentences(by_id[parent], by_id[child])
        edits += _directed(copy_edits(by_id[parent], by_id[child], aligned), by_id[parent], by_id[child])
        copied |= {(child, *by_id[child].sentences[j]) for _, j, _ in aligned}
    forced: list[tuple[ClaimMention, ClaimMention, Edit]] = []
    for edit in edits:
        pair = _carriers(edit, mentions, by_id)
        mentions += [m for m in pair if m not in mentions]
        forced.append((*pair, edit))
    groups = []
    related = index_relations(relations)
    for members in group_mentions(mentions, by_id, vectors, parents, [(a, b) for a, b, _ in forced], model):
        changes = [e for a, b, e in forced if a in members and b in members]
        if members[0].type == "event" and not changes and len({m.article_id for m in members}) < MIN_EVENT_ARTICLES:
            continue
        status, support, note = claim_status(members, by_id, graph, changes, frozenset(copied), related)
        # A changed claim reads as its original said it; the note shows the change.
        lead = next((a for a, _, e in forced if e in changes and a in members), None) or _lead(members)
        groups.append(
            ClaimGroup(
                story_id=story.story_id,
                claim_id=_claim_id(story.story_id, lead, members),
                type=lead.type,
                statement=statement(lead),
                status=status,
                mentions=tuple(sorted(members, key=lambda m: (m.article_id, m.span))),
                independent_support=support,
                value=lead.value,
                speaker=lead.speaker,
                note=note,
            )
        )
    return sorted(groups, key=lambda g: (-len({m.article_id for m in g.mentions}), g.claim_id))


def _directed(edits: list[Edit], parent: Article, child: Article) -> list[Edit]:
    """The edits that hold whichever way the copy went, and a cut credit only when the child is the copy.

    A figure, a quotation's words or a negation that differ between two
    copies are a change either way round, unless so many figures differ
    that the two are one template filled twice. A credit present in one copy and
    absent from the other is a dropped credit only when dates, or a credit
    naming the other's outlet, show the credited text came first: otherwise
    the uncredited text may be the original (a press release, a company's
    statement, the outlet's own story) that the other credited when it
    copied.
    """
    if sum(1 for e in edits if e.kind == "figure") > MAX_CHANGED_FIGURES:
        # Many figures changed in copied sentences: a report written to a template (a daily market or
        # exchange-rate report, an agency's dateline) filled with another day's figures, not a copy
        # whose figures were changed.
        edits = [e for e in edits if e.kind != "figure"]
    direction = trusted_direction(parent, child)
    # Only dates, or a credit naming the other's outlet: that one text carries a wire credit and the other
    # does not says which is closer to the wire, not that the uncredited one is not the original (an
    # agency's story quoting a company's own statement carries the wire credit; the statement does not).
    child_is_copy = (
        direction is not None and direction.target.id == child.id and direction.confidence >= CONFIDENCE["credit"]
    )
    return [e for e in edits if e.kind != "attribution" or child_is_copy]


def _claim_id(story_id: str, lead: ClaimMention, members: Sequence[ClaimMention]) -> str:
    """A content hash of the lead and every member, so two groups of one story never share an id."""
    spans = sorted(f"{m.article_id}:{m.type}:{m.span[0]}-{m.span[1]}" for m in members)
    return "c" + digest(story_id, lead.type, lead.article_id, str(lead.span), *spans)[:15]


def _lead(members: Sequence[ClaimMention]) -> ClaimMention:
    """The mention that best states the claim: a direct quote, attributed, then the longest."""
    return max(
        members,
        key=lambda m: (bool(m.value_dict().get("direct")), m.attributed_to is not None, len(m.content)),
    )


def _carriers(
    edit: Edit, mentions: list[ClaimMention], articles: dict[str, Article]
) -> tuple[ClaimMention, ClaimMention]:
    """The parent's and the child's mention holding the change, made from the text where extraction has none."""
    parent = _carrier(edit, mentions, articles[edit.parent_id], edit.parent_span, edit.parent_sentence)
    child = _carrier(edit, mentions, articles[edit.child_id], edit.child_span, edit.child_sentence)
    if edit.kind == "attribution" and child.attributed_to is not None:
        child = _made(articles[edit.child_id], "attribution", edit.child_sentence, edit.child_sentence)
    return parent, child


def _carrier(
    edit: Edit, mentions: list[ClaimMention], article: Article, span: tuple[int, int], sentence: tuple[int, int]
) -> ClaimMention:
    where = sentence if edit.kind == "attribution" else span
    for kind in _CARRIERS[edit.kind]:
        found = [
            m
            for m in mentions
            if m.article_id == article.id and m.type == kind and _touches(m.span, where) and _touches(m.span, sentence)
        ]
        if found:
            return min(found, key=lambda m: m.span[1] - m.span[0])
    if edit.kind == "figure":
        return _made(article, "number", span, sentence)
    if edit.kind == "quote":
        quote = next((q for q in quote_spans(article.text) if q[0] <= span[0] and span[1] <= q[1]), sentence)
        return _made(article, "quote", quote, sentence, direct=True)
    return _made(article, "event" if edit.kind == "negation" else "attribution", sentence, sentence)


def _made(
    article: Article, kind: ClaimType, span: tuple[int, int], sentence: tuple[int, int], direct: bool = False
) -> ClaimMention:
    """A mention made from the text around a change that extraction did not cover."""
    text = article.text[span[0] : span[1]]
    value: dict[str, object] = {"direct": direct} if kind in {"quote", "attribution"} else {}
    if kind == "number":
        quantity = parse_quantity(text)
        value = quantity.as_json() if quantity else {}
    return ClaimMention(
        article_id=article.id,
        type=kind,
        span=span,
        content=text,
        sentence=article.text[sentence[0] : sentence[1]],
        value=value_from_dict(value),
    )


def _touches(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
