"""Whether two articles' figures state one fact: the words around each figure, and whose figure it is.

Decides, for two figures that already share a unit and a measure
(status.py), whether they are the *same* figure told twice, so that
different values are a conflict:

* the same counted thing, for counts: the noun or word after each number
  ("226 *yards*" and "22 *carries*" count different things), or units of
  one dimension (money and percentages compare currency and unit instead);
* the same holder: the names next to each figure ("Jamaal Charles ... 226
  yards" and "Peyton Hillis ran for 101 yards" are two players' figures);
  when both figures have names nearby, one name must be shared;
* the same source: two figures credited to two different named sources
  (two polls, two agencies' estimates, "a poll for Kathimerini" and "a
  poll published by Ethnos") are two measurements, not one fact told two
  ways.

Each rule can only take a conflict away: a false "conflicting" costs a
fact-checker more than a missed one.
"""

from __future__ import annotations

import re

from newsfuse.claims.numbers import SCALE_WORDS
from newsfuse.claims.speakers import named_credit, same_source
from newsfuse.claims.units import comparable_units, same_measurement, unit_after
from newsfuse.index.tokens import STOPWORDS
from newsfuse.records import Article, ClaimMention

# Words on each side of a figure read for the names of its holder: the clause
# it sits in ("... and Peyton Hillis ran for 101 yards" reaches the name six
# words back), not the whole sentence, whose other clauses hold other
# figures' holders.
NAME_WINDOW_WORDS = 6
_WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*|\d[\d.,]*|[.!?;:]|\n")
_SENTENCE_END = frozenset(".!?\n")
# A holder's window also ends where another clause or another figure begins: in "Jamaal Charles rushed
# for 226 yards while Peyton Hillis added 101", Hillis holds the 101, not the 226.
_CLAUSE_WORDS = frozenset("while whilst whereas but although though meanwhile".split())
# Capitalised words that name no holder: calendar words and titles.
_NOT_HOLDERS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december mr mrs ms dr the a an""".split()
)


def same_figure(a: ClaimMention, b: ClaimMention, articles: dict[str, Article]) -> bool:
    """Two figures state one fact (see the module docstring): same counted thing, holder and source."""
    if not same_holder(a, b, articles):
        return False
    credit_a, credit_b = named_credit(a), named_credit(b)
    if credit_a and credit_b and not same_source(credit_a, credit_b):
        return False
    names_a, names_b = _credit_names(a.attributed_to), _credit_names(b.attributed_to)
    return not (names_a and names_b and not names_a & names_b)


def _credit_names(credit: str | None) -> set[str]:
    """Proper names inside a credit that may be a description ('an opinion poll for the Kathimerini
    newspaper'): two polls or two papers named differently are two sources."""
    words = re.findall(r"[^\W\d_]+", credit or "")
    return {w.casefold() for w in words[1:] if w[:1].isupper() and w.casefold() not in _NOT_HOLDERS} | (
        {words[0].casefold()} if words and words[0].isupper() and len(words[0]) > 1 else set()
    )


def same_holder(a: ClaimMention, b: ClaimMention, articles: dict[str, Article]) -> bool:
    """The figures count one kind of thing and, where names stand next to both, share a name."""
    text_a, text_b = _text(a, articles), _text(b, articles)
    counts = a.value_dict().get("unit") == "count" and b.value_dict().get("unit") == "count"
    if counts and not comparable_units(_counted(a, text_a), _counted(b, text_b)):
        return False  # an amount of money or a percentage already compared its currency or unit
    names_a, names_b = _holders(a, text_a), _holders(b, text_b)
    return not (names_a and names_b and not names_a & names_b)


def _holders(mention: ClaimMention, text: str) -> set[str]:
    """Names next to the figure, less the names of whoever it is credited to (a source is no holder)."""
    credited = " ".join(filter(None, (mention.attributed_to, mention.speaker))).casefold()
    return {name for name in holder_names(text, mention.span) if name not in credited.split()}


def converted_agreement(a: ClaimMention, b: ClaimMention, articles: dict[str, Article]) -> bool | None:
    """Whether the figures agree once converted between units ('22 miles', '35 km'); None when no
    conversion applies."""
    amount_a, amount_b = _amount(a), _amount(b)
    return same_measurement(amount_a, _counted(a, _text(a, articles)), amount_b, _counted(b, _text(b, articles)))


def holder_names(text: str, span: tuple[int, int]) -> set[str]:
    """Capitalised words within the figure's clause window, not starting a sentence, folded."""
    before = _WORD.findall(text[max(0, span[0] - 200) : span[0]])
    after = _WORD.findall(text[span[1] : span[1] + 200])
    back, sentence_start = _clause(list(reversed(before)))
    left = back[:NAME_WINDOW_WORDS]
    if sentence_start and back and len(back) <= NAME_WINDOW_WORDS:
        left = left[:-1]  # the sentence's first word is capitalised whatever it is
    right = _clause(after)[0][:NAME_WINDOW_WORDS]
    return {
        w.casefold()
        for w in (*left, *right)
        if w[:1].isupper() and w.casefold() not in _NOT_HOLDERS and w.casefold() not in STOPWORDS
    }


def _clause(words: list[str]) -> tuple[list[str], bool]:
    """The words up to the end of the figure's clause, and whether a sentence boundary (or the end of
    the words read) ended it rather than another clause or figure."""
    kept: list[str] = []
    for word in words:
        if word in _SENTENCE_END or word == ";":
            return kept, True
        if word[:1].isdigit() or word.casefold() in _CLAUSE_WORDS:
            return kept, False
        kept.append(word)
    return kept, True


def _counted(mention: ClaimMention, text: str | None) -> str | None:
    """What the figure counts: the parsed noun, the unit the mention ends with ('22 miles'), else the word
    written right after it."""
    noun = mention.value_dict().get("noun")
    if isinstance(noun, str) and noun:
        return noun
    inside = re.search(r"\d[\d.,]*\s*-?\s*([^\W\d_]+)\.?\s*$", mention.content)
    if inside and inside.group(1).casefold() not in SCALE_WORDS:
        return inside.group(1)
    if text is None:
        return None
    word = unit_after(text, mention.span[1])
    return word if word and word.casefold() not in STOPWORDS else None


def _text(mention: ClaimMention, articles: dict[str, Article]) -> str:
    article = articles.get(mention.article_id)
    return article.text if article is not None else mention.sentence


def _amount(mention: ClaimMention) -> float:
    return float(mention.value_dict().get("amount", 0.0))  # type: ignore[arg-type]
