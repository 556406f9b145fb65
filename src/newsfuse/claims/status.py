"""How a claim stands: altered, conflicting, attribution dropped, credited differently, corroborated, single-source.

Decides one status per claim group, most serious first, each with a note
that shows the evidence (both articles' words, with their ids):

1. ``altered``: a derived article changed what it took from its parent
   (the provenance graph): a figure, a quotation's words or a negation in a
   copied sentence (copies.py), or a figure or quoted wording of the same
   claim in a rewrite;
2. ``conflicting``: articles that do not derive from each other give
   different values for the same figure (beyond rounding, and beyond what
   "more than", "about" and the like allow);
3. ``attribution-dropped``: a derived article states without any credit
   what its parent credited to someone;
4. ``credited-differently``: the same value or statement, credited to
   different sources ("Interfax" in one article, "Alexander Novak" in
   another): worth a look, but not a conflict of values;
5. ``corroborated``: at least two independent sources, where copies count
   once: a mention collapses into the highest ancestor (in the provenance
   graph) that also carries the claim, and an absent wire credited by that
   ancestor counts once however many reprints cite it;
6. ``single-source`` otherwise.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from newsfuse.claims.copies import Edit, different_words, tokens
from newsfuse.claims.matching import containment, same_amount
from newsfuse.claims.speakers import PRONOUNS, name_of, same_source
from newsfuse.claims.statement import excerpt
from newsfuse.records import Article, ClaimMention, ClaimStatus, Provenance

# How far apart an approximate figure ("about 60", "nearly 60") may sit from
# another before they disagree: 10%, the rounding news copy applies to
# "about" figures.
APPROXIMATE_TOLERANCE = 0.1
_APPROXIMATE = frozenset({"about", "around", "roughly", "approximately", "nearly", "almost", "close to", "some"})
_AT_LEAST = frozenset({"more than", "over", "at least", "just over", "a record"})
_AT_MOST = frozenset({"less than", "under", "fewer than", "up to", "just under"})
# Two credited statements are one statement when the shorter keeps this
# share of its content words in the longer (the paraphrase matching of
# matching.py lets looser pairs into a group; a credit flag needs more).
SAME_CREDITED_CONTENT = 0.6
_PLACE_KINDS = frozenset({"GPE", "LOC", "NORP", "FAC"})
_CREDIT_CUE = re.compile(
    r"\b(?:said|says|say|told|tells|added|according to|stated|wrote|reported|reports|announced|claimed|"
    r"insisted|argued|warned|stressed|assured|confirmed|declared|noted|explained)\b",
    re.I,
)


def claim_status(
    group: Sequence[ClaimMention],
    articles: dict[str, Article],
    graph: Provenance | None,
    edits: Sequence[Edit] = (),
    copied: frozenset[tuple[str, int, int]] = frozenset(),
) -> tuple[ClaimStatus, int, str]:
    """Status, independent support and a note with the evidence for a group of mentions.

    ``copied`` holds (article id, start, end) of every sentence a derived
    article copied from its parent: those were compared word for word, and
    ``edits`` is what that comparison found, so the looser rules below do
    not judge them again.
    """
    parent = dict(graph.parents) if graph else {}
    support = independent_support(group, articles, parent)
    if edits:
        status: ClaimStatus = "altered" if any(e.kind != "attribution" for e in edits) else "attribution-dropped"
        return status, support, "; ".join(_edit_note(e, articles) for e in edits)
    lineage = [(a, b) for a, b in _lineage_pairs(group, parent) if not _in_copied(b, copied)]
    checks: tuple[tuple[ClaimStatus, str], ...] = (
        ("altered", _altered(lineage, articles)),
        ("conflicting", _conflict(group, parent, articles)),
        ("attribution-dropped", _dropped(lineage, articles)),
        ("credited-differently", _credited_differently(group, parent, copied, articles)),
    )
    for checked, note in checks:
        if note:
            return checked, support, note
    if support >= 2:
        return "corroborated", support, f"{support} independent sources"
    return "single-source", support, "one independent source"


def independent_support(group: Sequence[ClaimMention], articles: dict[str, Article], parent: dict[str, str]) -> int:
    carriers = {m.article_id for m in group}
    roots = set()
    for article_id in carriers:
        root = article_id
        node = article_id
        while node in parent:
            node = parent[node]
            if node in carriers:
                root = node
        wire = _wire(articles.get(root))
        roots.add(("wire", wire) if wire else ("article", root))
    return len(roots)


def _wire(article: Article | None) -> str | None:
    if article is None:
        return None
    return next((c.source.casefold() for c in article.credits if c.kind == "wire" and c.source), None)


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


def _lineage_pairs(group: Sequence[ClaimMention], parent: dict[str, str]) -> list[tuple[ClaimMention, ClaimMention]]:
    """(source, derived) mentions: each mention with its nearest ancestor's mention in the group."""
    by_article = _by_article(group)
    pairs = []
    for article_id, mention in by_article.items():
        source_id = next((a for a in ancestors(article_id, parent) if a in by_article), None)
        if source_id is not None:
            pairs.append((by_article[source_id], mention))
    return pairs


def _in_copied(mention: ClaimMention, copied: frozenset[tuple[str, int, int]]) -> bool:
    return any(a == mention.article_id and s <= mention.span[0] < e for a, s, e in copied)


def _altered(lineage: list[tuple[ClaimMention, ClaimMention]], articles: dict[str, Article]) -> str:
    for source, derived in lineage:
        if source.type == derived.type == "number" and _disagree(source, derived):
            return f"figure changed from {source.content} to {derived.content} — " + " → ".join(
                (_evidence(source, articles), _evidence(derived, articles))
            )
        if _both_direct(source, derived) and _reworded(source, derived):
            return "quoted words changed — " + " → ".join((_evidence(source, articles), _evidence(derived, articles)))
    return ""


def _conflict(group: Sequence[ClaimMention], parent: dict[str, str], articles: dict[str, Article]) -> str:
    if group[0].type != "number":
        return ""
    members = list(group)
    for i, first in enumerate(members):
        for second in members[i + 1 :]:
            related = first.article_id in ancestors(second.article_id, parent) or second.article_id in ancestors(
                first.article_id, parent
            )
            if not related and _disagree(first, second):
                return "different values: " + " vs ".join((_evidence(first, articles), _evidence(second, articles)))
    return ""


def _dropped(lineage: list[tuple[ClaimMention, ClaimMention]], articles: dict[str, Article]) -> str:
    for source, derived in lineage:
        if source.type not in {"quote", "attribution", "number"}:
            continue
        credited = source.attributed_to and not source.value_dict().get("inferred")
        if (
            credited
            and derived.attributed_to is None
            and not _credited_nearby(derived, str(source.attributed_to), articles)
        ):
            return f"credit to {source.attributed_to} dropped — " + " → ".join(
                (_evidence(source, articles), _evidence(derived, articles))
            )
    return ""


def _credited_nearby(mention: ClaimMention, credit: str, articles: dict[str, Article]) -> bool:
    """The derived sentence credits someone, or its paragraph names the parent's source (a split sentence)."""
    if _CREDIT_CUE.search(mention.sentence):
        return True
    article = articles.get(mention.article_id)
    if article is None:
        return False
    text = article.text
    start = text.rfind("\n", 0, mention.span[0]) + 1
    end = text.find("\n", mention.span[1])
    paragraph = text[start : end if end >= 0 else len(text)].casefold()
    name = name_of(credit).casefold()
    return bool(name) and (name in paragraph or name.split()[-1] in paragraph.split())


def _credited_differently(
    group: Sequence[ClaimMention],
    parent: dict[str, str],
    copied: frozenset[tuple[str, int, int]],
    articles: dict[str, Article],
) -> str:
    """Two specific sources credited for one value; places are skipped ('Beijing' and 'China' speak for one state).

    A copied sentence and its original are left to the word-for-word comparison.
    """
    credited = [
        m
        for m in group
        if m.attributed_to
        and not m.value_dict().get("inferred")
        and m.attributed_to.casefold() not in PRONOUNS
        and m.value_dict().get("source_kind") not in _PLACE_KINDS
    ]
    for i, first in enumerate(credited):
        for second in credited[i + 1 :]:
            if _copy_of(first, second, parent, copied) or _copy_of(second, first, parent, copied):
                continue
            if first.type != "number" and containment(first.content, second.content) < SAME_CREDITED_CONTENT:
                continue  # statements on one topic, not one statement credited twice
            if not same_source(str(first.attributed_to), str(second.attributed_to)):
                return f"credited to {first.attributed_to} and to {second.attributed_to} — " + " vs ".join(
                    (_evidence(first, articles), _evidence(second, articles))
                )
    return ""


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
    if qualifier in _APPROXIMATE:
        return abs(stated - other) <= APPROXIMATE_TOLERANCE * max(abs(stated), abs(other), 1e-9)
    if qualifier in _AT_LEAST:
        return other >= stated
    if qualifier in _AT_MOST:
        return other <= stated
    return False


def _both_direct(a: ClaimMention, b: ClaimMention) -> bool:
    return bool(a.value_dict().get("direct")) and bool(b.value_dict().get("direct"))


def _reworded(a: ClaimMention, b: ClaimMention) -> bool:
    """A content word of one quotation replaced by another word in the other (trims and variants allowed)."""
    left = [t.key for t in tokens(a.content, (0, len(a.content)))]
    right = [t.key for t in tokens(b.content, (0, len(b.content)))]
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    return any(
        tag == "replace" and different_words(left[i1:i2], right[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    )
