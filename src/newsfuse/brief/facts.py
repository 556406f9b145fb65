"""Which claim mentions and claim groups state one fact, as the brief needs it.

Decides two things the claims stage deliberately leaves open:

* whether a mention of a quote group may stand as a citation of another:
  group matching lets looser pairs in (sentences close in embedding space,
  whatever the credit), so that a change of credit can be flagged; a
  citation needs the same speaker and the same statement (the bar the
  claims stage sets for its credited-differently flag), and quoted words
  need an article that gives the words, not reported speech;
* which claim groups are one fact for the brief's coverage. A claim group
  holds at most one mention per article, so an article that states one
  remark three times (headline, standfirst, body) gives three groups; the
  brief counts them once: quote and attribution groups whose speakers agree
  and some of whose mentions are one statement, and figure groups with a
  mention of the same figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from newsfuse.claims.matching import SPEECH, content_words, same_figure
from newsfuse.claims.speakers import same_source
from newsfuse.claims.status import SAME_CREDITED_CONTENT
from newsfuse.records import ClaimGroup, ClaimMention


def same_statement(a: ClaimMention, b: ClaimMention) -> bool:
    """One source's one statement: the credits agree (or one is missing) and the words are one statement."""
    if a.type not in SPEECH or b.type not in SPEECH:
        return False
    first, second = a.attributed_to or a.speaker, b.attributed_to or b.speaker
    if first and second and not same_source(first, second):
        return False
    left, right = _content(a.content), _content(b.content)
    if not left or not right:
        return False
    return len(left & right) / min(len(left), len(right)) >= SAME_CREDITED_CONTENT


@lru_cache(maxsize=4096)
def _content(text: str) -> frozenset[str]:
    """Content words of a mention (cached: every pair of a story's groups is compared)."""
    return frozenset(content_words(text))


def cites_quote(stated: ClaimMention, other: ClaimMention) -> bool:
    """``other`` may stand as a citation of the quote ``stated``: one statement, and for quoted words, the words.

    A quotation (words inside quotation marks) is backed by an article that
    gives those words as the speaker's too: quoted, or credited "according
    to" the speaker. Reported speech in the article's own words ("described
    the relations as ...") backs the gist, not the quoted words; it is cited
    only when the support checker finds that it states the sentence.
    """
    if not same_statement(stated, other):
        return False
    return not _quoted(stated) or _quoted(other) or _value_flag(other, "according")


def _quoted(mention: ClaimMention) -> bool:
    return _value_flag(mention, "direct")


def _value_flag(mention: ClaimMention, key: str) -> bool:
    return bool(mention.value_dict().get(key))


def same_fact(a: ClaimMention, b: ClaimMention) -> bool:
    """Two mentions state one fact: one statement by one source, or one figure of one measure and amount."""
    if a.type == "number" and b.type == "number":
        # A cosine of 0 asks same_figure for the same amount, not merely a close sentence.
        return same_figure(a, b, 0.0)
    return same_statement(a, b)


def fact_ids(claims: Sequence[ClaimGroup]) -> dict[str, str]:
    """Each claim group's fact: the id of the first group (in the given order) that states the same fact."""
    fact = {g.claim_id: g.claim_id for g in claims}

    def root(claim_id: str) -> str:
        while fact[claim_id] != claim_id:
            claim_id = fact[claim_id]
        return claim_id

    for i, first in enumerate(claims):
        for second in claims[i + 1 :]:
            if root(first.claim_id) == root(second.claim_id) or (first.type in SPEECH) != (second.type in SPEECH):
                continue
            if any(same_fact(a, b) for a in first.mentions for b in second.mentions):
                fact[root(second.claim_id)] = root(first.claim_id)
    return {claim_id: root(claim_id) for claim_id in fact}
