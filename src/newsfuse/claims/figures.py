"""Figures of one parsed article: the amount, what it measures, whose it is and when.

Decides, for each number the parser finds, whether it is a figure worth
checking (not a year, a date or a small count such as "two countries") and
describes it so that two articles' figures can be compared by what they
measure rather than by nearness:

* ``noun``: what is counted or the unit ("400 *tents*", "35 *km*");
* ``measure``: the quantity, as written, without the number ("*depth*" in
  "a depth of 35 km", "*increase in Russian energy exports*" in "a 40%
  increase in Russian energy exports", the subject "*Trade between China
  and Russia*" in "Trade ... reached $190 billion");
* ``change``: the verb or noun of change it goes with ("rise", "increase"),
  because a 40% rise is not a 40% share;
* ``year``: the year the sentence names or "this year"/"last year" resolved
  against the article's date.
"""

from __future__ import annotations

import re
from typing import Any

from newsfuse.claims.numbers import CURRENCY_WORDS, Quantity, parse_quantity, resolve_year, year_reference, yen_or_yuan
from newsfuse.index.tokens import STOPWORDS

NUMBER_LABELS = frozenset({"MONEY", "PERCENT", "CARDINAL", "QUANTITY"})
# Counts below this ("two countries", "three weeks") are descriptions, not figures anyone reports.
MIN_COUNT = 10
MAX_MEASURE_WORDS = 12
CHANGE_WORDS = frozenset(
    """rise increase grow growth jump climb gain surge soar fall drop decline decrease cut reduce reduction shrink
    slump plunge slide dip lose loss boost raise lower hike""".split()
)
_MODIFIER_DEPS = frozenset({"nummod", "quantmod", "compound", "amod", "npadvmod", "nmod", "appos"})
_ATTACHED_DEPS = frozenset({"dobj", "attr", "pobj", "npadvmod", "advmod", "oprd", "nsubj", "nsubjpass", "conj"})
# Emergency and service telephone numbers (North America, the UK, the EU, Australia; the US crisis and
# non-emergency lines) followed by a word of calling name a line, not an amount: "responding to 911 calls".
EMERGENCY_NUMBERS = frozenset({"911", "999", "112", "000", "111", "101", "311", "211", "988"})
PHONE_NOUNS = frozenset("call caller dispatcher operator line hotline number service emergency center centre".split())
_PRICE_PREPOSITIONS = frozenset({"for", "at", "worth"})
# Verbs of a contest whose result is given as a tally: "X leads Y by 57 percent to 33 percent".
CONTEST_VERBS = frozenset("lead beat defeat top edge trail outpoll".split())
_DROPPED_EDGE_WORDS = frozenset("a an the of to by at in on for from with and or about some".split())
# Nouns that hold a figure without saying what it measures ("a record of
# $190 billion", "a total of 300"): the measure is further up the parse.
_FOLDED_SUFFIXES = ("ians", "ian", "an", "ese", "ish", "ia", "a", "e", "s")
GENERIC_NOUNS = frozenset(
    """record total sum figure amount level high low number value estimate tally count rate share percent
    percentage year years month months week weeks day days time times""".split()
)


def figure_mentions(doc: Any) -> list[tuple[Any, Quantity, dict[str, object]]]:
    """(span, quantity, description) of every figure in the document."""
    found = []
    for entity in doc.ents:
        if entity.label_ not in NUMBER_LABELS:
            continue
        span = _with_currency(entity)
        quantity = parse_quantity(span.text)
        if quantity is None or quantity.unit == "year" or _is_date_part(span):
            continue
        if quantity.unit == "count" and quantity.amount < MIN_COUNT:
            continue
        quantity = yen_or_yuan(quantity, _paragraph(doc, span))
        found.append((span, quantity, describe(span, quantity.unit)))
    return found


def describe(span: Any, unit: str = "count") -> dict[str, object]:
    """Noun, measure and change of a number span (see the module docstring).

    A count's noun is what it counts ("400 tents"); the noun an amount of
    money or a percentage modifies is what it measures ("a 310 million euro
    expansion", "a 40% increase in exports").
    """
    noun, anchor = _counted_noun(span)
    tally = _tally_measure(span)
    if tally is not None:
        noun, measure = None, tally
    elif unit == "count" and _counts_a_state(span):
        # "13 dead", "40 wounded": the adjective is what is counted (the dead), not the clause's subject.
        noun, measure = span.root.head.lemma_.casefold(), span.root.head.lower_
    elif unit != "count" and noun is not None and _names_a_measure(anchor):
        noun, measure = None, phrase(anchor, number=span)
    else:
        measure = _measure(anchor, span)
        if unit == "count" and noun is not None and _counts_a_subject(anchor):
            # "30 people were killed", "350 people were taking shelter": what happened to the counted
            # subject is part of what is counted; the dead and the sheltered are two quantities.
            measure = f"{measure} {anchor.head.lemma_}"
    change = _change(anchor)
    described: dict[str, object] = {"measure": measure}
    if noun:
        described["noun"] = noun
    if change:
        described["change"] = change
    return described


def _counts_a_state(span: Any) -> bool:
    """A count of an adjective after it ('13 dead across the country'): people in that state."""
    token = span.root
    return bool(token.dep_ == "nummod" and token.head.pos_ == "ADJ" and token.head.i >= span.end)


def _counts_a_subject(noun: Any) -> bool:
    return bool(noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.pos_ == "VERB")


def _tally_measure(span: Any) -> str | None:
    """Whose figure one side of a tally is: "X leads Y by 57 percent to 33 percent" gives X 57 percent, Y 33.

    The two figures are joined by "to" (not "from ... to", a change), and a
    contest verb before them names both sides: its subject holds the first
    figure, its object (or, when it has none, the subject's unnamed rival)
    the second. None for any other figure. (When the
    parser reads both as one entity, "52% to 48%", its amount is the first.)
    """
    doc = span.doc
    joined = any(t.lower_ == "to" for t in span)  # one entity for both: its amount is the first figure's
    first = joined or (span.end < len(doc) - 1 and doc[span.end].lower_ == "to" and _is_number(doc[span.end + 1]))
    second = span.start > 1 and doc[span.start - 1].lower_ == "to" and _is_number(doc[span.start - 2])
    opening = span.start if first else _figure_start(doc, span.start - 2)
    if not (first or second) or (opening > 0 and doc[opening - 1].lower_ == "from"):
        return None
    verbs = [t for t in doc[span.sent.start : opening] if t.pos_ == "VERB" and t.lemma_.casefold() in CONTEST_VERBS]
    if not verbs:
        return None
    subject, rival = (next((c for c in verbs[-1].children if c.dep_ == dep), None) for dep in ("nsubj", "dobj"))
    if subject is None:
        return None
    if rival is None:  # "Trump leads by 57 percent to 33 percent": the second figure is the unnamed rival's
        return phrase(subject) if first else f"{phrase(subject)}'s rival"
    holder, other = (subject, rival) if first else (rival, subject)
    return f"{phrase(holder)} against {phrase(other)}"


def _is_number(token: Any) -> bool:
    return bool(token.like_num or token.ent_type_ in NUMBER_LABELS)


def _figure_start(doc: Any, end: int) -> int:
    """The first token of the figure whose last token is ``end`` ('57 percent' from 'percent')."""
    start = end
    while start > 0 and doc[start - 1].ent_iob_ in {"I", "B"} and doc[start].ent_iob_ == "I":
        start -= 1
    return start


def measure_keys(measure: str | None) -> set[str]:
    """Comparable keys of a measure's words: change and generic words dropped, demonyms and plurals folded.

    >>> sorted(measure_keys("increase in Russian energy exports to China"))
    ['chin', 'energ', 'expor', 'russ']
    >>> sorted(measure_keys("Russia's energy shipments") & measure_keys("Russian energy exports"))
    ['energ', 'russ']
    """
    return {
        _folded(word)[:5]
        for word in re.findall(r"[^\W\d_]+", (measure or "").casefold())
        if len(word) >= 3 and word not in STOPWORDS and word not in CHANGE_WORDS and word not in GENERIC_NOUNS
    }


def _folded(word: str) -> str:
    suffix = next((s for s in _FOLDED_SUFFIXES if word.endswith(s) and len(word) - len(s) >= 4), "")
    return word[: len(word) - len(suffix)]


def year_of(sentence: str, article_year: int | None) -> dict[str, object]:
    when = resolve_year(sentence, article_year)
    if when is not None:
        return {"year": when}
    reference = year_reference(sentence)
    return {"year_ref": reference} if reference else {}


def _with_currency(ent: Any) -> Any:
    """'310 million' followed by 'euros' is one amount: extend the entity over a currency word."""
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].lower_ in CURRENCY_WORDS:
        return doc[ent.start : ent.end + 1]
    return ent


def _is_date_part(span: Any) -> bool:
    """'May 24', '5 p.m.', 'No. 10', '911 calls': numbers that name a day, an hour, a thing or a phone line."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None and (before.ent_type_ in {"DATE", "TIME"} or before.lower_ in {"no", "no.", "#"}):
        return True
    if span.text in EMERGENCY_NUMBERS and after is not None and after.lemma_.casefold() in PHONE_NOUNS:
        return True
    return after is not None and after.ent_type_ == "TIME"


def _paragraph(doc: Any, span: Any) -> str:
    text = doc.text
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    return str(text[start : end if end >= 0 else len(text)])


def _counted_noun(span: Any) -> tuple[str | None, Any]:
    """The noun the number counts or measures in ('tents', 'km'), and the token to climb from."""
    token = span.root
    head = token.head
    if token.dep_ in {"nummod", "quantmod", "compound"} and head.pos_ in {"NOUN", "PROPN"} and head.i >= span.end:
        if head.lower_ in CURRENCY_WORDS:
            return None, head
        return head.lemma_.casefold(), head
    return None, token


def _measure(anchor: Any, span: Any) -> str:
    """What the figure measures: an 'of' head ('depth of 35 km'), the noun it modifies, or the clause's subject."""
    token = anchor
    if token.dep_ == "pobj" and token.head.lower_ == "of" and _names_a_measure(token.head.head):
        return phrase(token.head.head, without=token.head)
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        token = token.head.head  # "a record of $190 billion": climb past the generic noun
    while token.dep_ in _MODIFIER_DEPS and token.head is not token:
        token = token.head
        if _names_a_measure(token) and not token.ent_type_:
            return phrase(token, without=None, number=span)
    return _subject_measure(token, span)


def _names_a_measure(token: Any) -> bool:
    """A noun that says what is measured: not a currency, a generic holder ('record') or a bare change word."""
    lowered = token.lower_
    return (
        token.pos_ in {"NOUN", "PROPN"}
        and lowered not in CURRENCY_WORDS
        and lowered not in GENERIC_NOUNS
        and (token.lemma_.casefold() not in CHANGE_WORDS or _has_holder(token))
    )


def _has_holder(token: Any) -> bool:
    """'increase in Russian energy exports' names its holder; 'year-on-year increase' does not."""
    return any(
        c.dep_ == "prep" and c.lower_ in {"in", "of"} and any(g.dep_ == "pobj" for g in c.children)
        for c in token.children
    )


def _subject_measure(token: Any, span: Any) -> str:
    """The subject of the clause the figure sits in ('Trade ... reached $190 billion' -> 'Trade ...').

    A price or cost attached to a verb by 'for', 'at' or 'worth' measures the
    verb and its object ('expand the northern terminal for 320 million euros').
    """
    if token.dep_ == "pobj" and token.head.lower_ in _PRICE_PREPOSITIONS and token.head.head.pos_ == "VERB":
        verb = token.head.head
        done = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if done is not None:
            return f"{verb.lemma_} {phrase(done, number=span)}"
    verb = token.head if token.dep_ in _ATTACHED_DEPS or token.dep_ == "prep" else token
    for _ in range(4):
        found = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c is not token), None)
        if found is not None and found.lower_ in {"that", "which", "who"} and verb.dep_ == "relcl":
            return phrase(verb.head, without=verb)  # "trade that reached ...": the antecedent
        if found is not None and (found.pos_ == "PRON" or found.ent_type_ == "PERSON"):
            return _verb_and_object(verb, span)  # "she won 50 delegates": what was won, not who
        if found is not None:
            return phrase(found, number=span)
        if verb.head is verb:
            break
        verb = verb.head
    return phrase(token, number=span)


def _verb_and_object(verb: Any, span: Any) -> str:
    """'win delegates' for "she won 50 delegates"; the verb alone when its object is the figure."""
    done = next((c for c in verb.children if c.dep_ == "dobj" and not (span.start <= c.i < span.end)), None)
    words = phrase(done, number=span) if done is not None else ""
    return f"{verb.lemma_} {words}".strip() if verb.pos_ == "VERB" else words


def _change(anchor: Any) -> str | None:
    """A verb or noun of change governing the figure ('rose 40%', 'a 40% increase', 'increase by 40%')."""
    token = anchor
    for _ in range(3):
        if token.lemma_.casefold() in CHANGE_WORDS:
            return str(token.lemma_.casefold())
        if token.head is token:
            break
        token = token.head
    return None


def phrase(token: Any, without: Any = None, number: Any = None) -> str:
    """The token's subtree as written, without numbers and clauses, at most 12 words.

    Hyphens and apostrophes inside a word stay ("Russia-China"); a determiner
    that belonged to the number goes ("a 40% increase" -> "increase").
    """
    skip = {t.i for t in without.subtree} if without is not None else set()
    if number is not None:
        skip |= set(range(number.start, number.end))
    for child in token.children:
        if child.dep_ in {"relcl", "acl", "advcl"} and child.i > token.i:
            skip |= {t.i for t in child.subtree}
    kept = [
        t
        for t in token.subtree
        if t.i not in skip and t.ent_type_ not in NUMBER_LABELS and (t.dep_ != "punct" or _inside_word(t))
    ]
    while kept and (kept[0].lower_ in _DROPPED_EDGE_WORDS or kept[0].is_punct):
        kept = kept[1:]
    while kept and (kept[-1].lower_ in _DROPPED_EDGE_WORDS or kept[-1].is_punct):
        kept = kept[:-1]
    kept = kept[:MAX_MEASURE_WORDS]
    words = []
    for k, t in enumerate(kept):
        joined = k + 1 < len(kept) and kept[k + 1].i == t.i + 1 and not t.whitespace_
        words.append(t.text + ("" if joined else " "))
    return "".join(words).strip()


def _inside_word(token: Any) -> bool:
    """A hyphen or apostrophe with no space on either side: part of a word such as 'Russia-China'."""
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 else None
    return (
        token.text in {"-", "–", "'", "’", "/"}
        and before is not None
        and not before.whitespace_
        and (not token.whitespace_)
    )


# What may sit right before and after a figure written whole: a space, a
# bracket, a quotation mark or sentence punctuation (not "$", a letter, a
# degree sign or another digit group).
_WHOLE_BEFORE = re.compile(r"(?:^|[\s(\[“\"‘'—–])$")
_WHOLE_AFTER = re.compile(r"(?:$|[\s)\]”\"’',.;:!?—–])")
_RECORD = re.compile(r"\d\s?-\s?\d")
_SPLIT_THOUSANDS = re.compile(r",\s\d{3}\b")
_THOUSANDS_BEFORE = re.compile(r"\d,\s$")
_CLOCK = re.compile(r"\s?(?:a\.\s?m\.|p\.\s?m\.|:\s?\d)", re.I)
_AM_PM = re.compile(r"\s?(?:a\.\s?m\.|p\.\s?m\.)", re.I)
# Hours and minutes: two-digit minutes under 60 ("08:18", "7:05"), so a ratio or score ("3:1") stays a figure.
_HH_MM = re.compile(r"(?<!\d)([01]?\d|2[0-3])\s?:\s?([0-5]\d)(?!\d)")


def clock_time(text: str, span: tuple[int, int]) -> bool:
    """The number at ``span`` is a clock time or a piece of one: the hour or the minutes of "08:18", the
    hour of "7 a. m.": a time of day, which no copy 'changes' by publishing later."""
    start, end = span
    if _AM_PM.match(text, end):
        return True
    return any(m.start() <= start and end <= m.end() for m in _HH_MM.finditer(text, max(0, start - 5), end + 5))


def plain_figure(text: str, span: tuple[int, int]) -> bool:
    """The figure at ``span`` is written whole and stands alone: not a piece of "$20m", "170, 000" or
    "35°" or "4, 183", not a score or record line ("45-7-2", "58 - 3"), not a clock time ("07 : 37 a. m.",
    "7 a. m.")."""
    start, end = span
    before, after = text[max(0, start - 1) : start], text[end : end + 1]
    if not _WHOLE_BEFORE.search(before) or not _WHOLE_AFTER.match(after):
        return False
    around = text[max(0, start - 4) : end + 4]
    if _RECORD.search(around) or _SPLIT_THOUSANDS.match(text, end) or _CLOCK.match(text, end):
        return False
    if _THOUSANDS_BEFORE.search(text[max(0, start - 4) : start]) or _CLOCK.search(text[start:end]):
        return False  # "4, 183": the tail of a figure split by a tokeniser; "7 a. m.": a clock time
    return not re.search(r":\s?$", text[max(0, start - 2) : start])
