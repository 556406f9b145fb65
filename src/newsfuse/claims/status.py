"""How a claim stands: altered, conflicting, attribution dropped, credited differently, corroborated, single-source.

Decides one status per claim group, most serious first, each with a note
that shows the evidence (both articles' words, with their ids):

1. ``altered``: a derived article changed what it took from its parent
   (the provenance graph): a figure, a quotation's words or a negation in a
   sentence of a copied passage (copies.py); a rewrite in its own words is
   not compared word for word;
2. ``conflicting``: articles that do not derive from each other give
   different values for the same quantity (same unit, same measure, the
   same counted thing, holder and source: figure_context.py; beyond
   rounding and unit conversion, and beyond what "more than", "about" and
   the like allow);
3. ``attribution-dropped``: a derived article copied a credited sentence
   of its parent's passage without the credit, and does not credit it
   around the sentence either (copies.py);
4. ``credited-differently``: one statement or value credited to two
   specific, differently named sources ("Interfax" in one article,
   "Alexander Novak" in another): worth a look, but not a conflict of
   values;
5. ``corroborated``: at least two independent sources (of one value, for a
   figure), where copies count once (sources.py: along the provenance
   graph, between articles whose relation aligned the claim's words, and
   per absent wire credited);
6. ``single-source`` otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.claims.copies import Edit
from newsfuse.claims.figure_context import converted_agreement, same_figure, same_holder
from newsfuse.claims.figures import measure_keys, plain_figure
from newsfuse.claims.matching import containment, content_words, same_amount
from newsfuse.claims.sources import RelationIndex, independent_support
from newsfuse.claims.speakers import named_credit, same_source
from newsfuse.claims.statement import excerpt
from newsfuse.records import Article, ClaimMention, ClaimStatus, Provenance

# How far apart an approximate figure ("about 60", "nearly 60") may sit from
# another before they disagree: 10%, the rounding news copy applies to
# "about" figures.
APPROXIMATE_TOLERANCE = 0.1
APPROXIMATE_WORDS = frozenset({"about", "around", "roughly", "approximately", "nearly", "almost", "close to", "some"})
AT_LEAST_WORDS = frozenset({"more than", "over", "at least", "just over", "a record"})
AT_MOST_WORDS = frozenset({"less than", "under", "fewer than", "up to", "just under"})
# Two credited statements are one statement when the shorter keeps this
# share of its content words in the longer (the paraphrase matching of
# matching.py lets looser pairs into a group; a credit flag needs more).
SAME_CREDITED_CONTENT = 0.6
# A credit flag says two outlets name different sources for *one*
# statement, so it asks more: this share of the shorter statement's content
# words, and at least this many, in the other. Set on the dev sample of
# evals/real_flags.py, where 14 of 31 credit flags joined two statements on
# one topic (shared words 0.6-0.7, two or three words).
CREDITED_STATEMENT_CONTENT = 0.75
MIN_SHARED_CREDITED_WORDS = 4
# ... and half the longer one's: a short clause inside a long statement is
# not that statement ("to end the Flynn investigation").
SAME_STATEMENT_BOTH_WAYS = 0.5
# Two figures conflict only when they measure one thing: this share of
# their measure keys (figures.measure_keys) shared, over both sides' keys.
SAME_QUANTITY_WORDS = 0.5


def claim_status(
    group: Sequence[ClaimMention],
    articles: dict[str, Article],
    graph: Provenance | None,
    edits: Sequence[Edit] = (),
    copied: frozenset[tuple[str, int, int]] = frozenset(),
    relations: RelationIndex | None = None,
) -> tuple[ClaimStatus, int, str]:
    """Status, independent support and a note with the evidence for a group of mentions.

    ``copied`` holds (article id, start, end) of every sentence a derived
    article copied from its parent: those were compared word for word, and
    ``edits`` is what that comparison found, so the looser rules below do
    not judge them again. ``relations`` (the story's pairwise relations,
    sources.index_relations) show which carriers share the claim's words.
    """
    parent = dict(graph.parents) if graph else {}
    support = independent_support(group, articles, parent, relations)
    if edits:
        status: ClaimStatus = "altered" if any(e.kind != "attribution" for e in edits) else "attribution-dropped"
        return status, support, "; ".join(_edit_note(e, articles) for e in edits)
    # Altered and attribution-dropped come only from the word-for-word
    # comparison of copied passages (``edits``): a derived article that
    # rewrote a passage says it in its own words, and what differs between
    # two wordings is not evidence of a change.
    checks: tuple[tuple[ClaimStatus, str], ...] = (
        ("conflicting", _conflict(group, parent, articles)),
        ("credited-differently", _credited_differently(group, parent, copied, articles)),
    )
    for checked, note in checks:
        if note:
            return checked, support, note
    if support >= 2 and group[0].type == "number":
        support = max(independent_support(c, articles, parent, relations) for c in _value_classes(group, articles))
    if support >= 2:
        return "corroborated", support, f"{support} independent sources"
    return "single-source", support, "one independent source"


def _value_classes(group: Sequence[ClaimMention], articles: dict[str, Article]) -> list[list[ClaimMention]]:
    """A figure's mentions, class by class of the value they give.

    A figure is corroborated by sources that give it, not by a group that
    also holds other values ("Kask ran 12 km" and "Lind ran 11 km" grouped
    as one claim of two different holders: no conflict, and no support).
    """
    classes: list[list[ClaimMention]] = []
    for mention in group:
        home = next((c for c in classes if _one_value(c[0], mention, articles)), None)
        if home is None:
            classes.append([mention])
        else:
            home.append(mention)
    return classes


def _one_value(a: ClaimMention, b: ClaimMention, articles: dict[str, Article]) -> bool:
    """The same amount (within rounding or what a qualifier allows), or one measurement in two units."""
    if not _disagree(a, b):
        return True
    units = a.value_dict().get("unit"), b.value_dict().get("unit")
    return units[0] != units[1] and converted_agreement(a, b, articles) is True


def ancestors(article_id: str, parent: dict[str, str]) -> list[str]:
    chain = []
    while article_id in parent and parent[article_id] not in chain:
        article_id = parent[article_id]
        chain.append(article_id)
    return chain


def _by_article(group: Sequence[ClaimMention]) -> dict[str, ClaimMention]:
    return {m.article_id: m for m in group}


def _evidence(mention: ClaimMention, articles: dict[str, Article], span: tuple[int, int] | None = None) -> str:
    article = articles.get(mention.article_id)
    text = article.text if article else mention.sentence
    where = span or mention.span
    shown = excerpt(text, where) if article else mention.content
    return f"“{shown}” ({mention.article_id} {where[0]}-{where[1]})"


def _edit_note(edit: Edit, articles: dict[str, Article]) -> str:
    parent, child = articles[edit.parent_id].text, articles[edit.child_id].text
    before = excerpt(parent, edit.parent_span if edit.kind != "attribution" else edit.parent_sentence)
    after = excerpt(child, edit.child_span if edit.kind != "attribution" else edit.child_sentence)
    return (
        f"{edit.describe(parent, child)} — {edit.parent_id} {edit.parent_span[0]}-{edit.parent_span[1]}: “{before}”; "
        f"{edit.child_id} {edit.child_span[0]}-{edit.child_span[1]}: “{after}”"
    )


def _in_copied(mention: ClaimMention, copied: frozenset[tuple[str, int, int]]) -> bool:
    return any(a == mention.article_id and s <= mention.span[0] < e for a, s, e in copied)


def _conflict(group: Sequence[ClaimMention], parent: dict[str, str], articles: dict[str, Article]) -> str:
    """Two unrelated articles give different values for one quantity: same unit, same measure, not a score line."""
    if group[0].type != "number":
        return ""
    members = [m for m in group if not _in_record(m, articles)]
    for i, first in enumerate(members):
        for second in members[i + 1 :]:
            related = first.article_id in ancestors(second.article_id, parent) or second.article_id in ancestors(
                first.article_id, parent
            )
            if related or not (_same_quantity(first, second) and same_figure(first, second, articles)):
                continue
            if _values_differ(first, second, articles):
                return "different values: " + " vs ".join((_evidence(first, articles), _evidence(second, articles)))
    return ""


def _values_differ(a: ClaimMention, b: ClaimMention, articles: dict[str, Article]) -> bool:
    """Different values once converted between units, or, without units, beyond what qualifiers allow."""
    converted = converted_agreement(a, b, articles)
    return not converted if converted is not None else _disagree(a, b)


def _same_quantity(a: ClaimMention, b: ClaimMention) -> bool:
    """Both figures measure one thing: the same unit and scale, most of their measure words shared both ways."""
    va, vb = a.value_dict(), b.value_dict()
    if va.get("unit") != vb.get("unit") or va.get("currency") != vb.get("currency"):
        return False
    left, right = measure_keys(a.measure), measure_keys(b.measure)
    if not left or not right:
        return False
    return len(left & right) / len(left | right) >= SAME_QUANTITY_WORDS


def _in_record(mention: ClaimMention, articles: dict[str, Article]) -> bool:
    """A figure that is not written whole and alone (a score line, a clock time): what it counts is unclear."""
    article = articles.get(mention.article_id)
    return article is not None and not plain_figure(article.text, mention.span)


def _credited_differently(
    group: Sequence[ClaimMention],
    parent: dict[str, str],
    copied: frozenset[tuple[str, int, int]],
    articles: dict[str, Article],
) -> str:
    """Two specific, named sources credited for one statement or value (see ``named_credit``).

    A copied sentence and its original are left to the word-for-word
    comparison; two credits that name one body or person in different forms
    ('USGS' and 'US Geological Survey', 'Mr Khalid' and 'Khalid Abu Bakar')
    are one source; statements must be one statement, not two on a topic.
    """
    credited = [m for m in group if named_credit(m)]
    for i, first in enumerate(credited):
        for second in credited[i + 1 :]:
            if _copy_of(first, second, parent, copied) or _copy_of(second, first, parent, copied):
                continue
            if not _one_statement(first, second, articles):
                continue
            if not same_source(str(first.attributed_to), str(second.attributed_to)):
                return f"credited to {first.attributed_to} and to {second.attributed_to} — " + " vs ".join(
                    (_evidence(first, articles), _evidence(second, articles))
                )
    return ""


def _one_statement(a: ClaimMention, b: ClaimMention, articles: dict[str, Article]) -> bool:
    if a.type == "number" or b.type == "number":
        return a.type == b.type and same_amount(a, b) and _same_quantity(a, b) and same_holder(a, b, articles)
    left, right = content_words(a.content), content_words(b.content)
    shared = left & right
    return (
        containment(a.content, b.content) >= CREDITED_STATEMENT_CONTENT
        and len(shared) >= MIN_SHARED_CREDITED_WORDS
        and len(shared) / max(len(left), len(right)) >= SAME_STATEMENT_BOTH_WAYS
    )


def _copy_of(
    derived: ClaimMention, source: ClaimMention, parent: dict[str, str], copied: frozenset[tuple[str, int, int]]
) -> bool:
    return source.article_id in ancestors(derived.article_id, parent) and _in_copied(derived, copied)


def _disagree(a: ClaimMention, b: ClaimMention) -> bool:
    """Different values that no qualifier reconciles ('more than 40' and 45 agree)."""
    if same_amount(a, b):
        return False
    va, vb = a.value_dict(), b.value_dict()
    x, y = float(va.get("amount", 0.0)), float(vb.get("amount", 0.0))  # type: ignore[arg-type]
    return not (_allows(va.get("qualifier"), x, y) or _allows(vb.get("qualifier"), y, x))


def _allows(qualifier: object, stated: float, other: float) -> bool:
    if qualifier in APPROXIMATE_WORDS:
        return abs(stated - other) <= APPROXIMATE_TOLERANCE * max(abs(stated), abs(other), 1e-9)
    if qualifier in AT_LEAST_WORDS:
        return other >= stated
    if qualifier in AT_MOST_WORDS:
        return other <= stated
    return False
