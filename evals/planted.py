"""Planted changes: a real article and a reprint of it with exactly one known change (or none).

Decides how a reprint is made from a real article (Multi-News sources,
PolNeAR texts, ECB+ documents in ../shared/data), by rules that know
nothing of newsfuse's extractor (an eval never scores a component with
itself):

* ``figure``: one number (not a year, a date, a time or a name like "G7")
  changed by about a third, written in the original's format;
* ``attribution``: one attribution cut out ("..., X said." -> "...";
  "According to X, ..." -> "..."; ", according to X." -> ".");
* ``quote``: one word inside a quotation of eight or more words replaced by
  a content word taken from elsewhere in the same article;
* ``negation``: "not" put after an auxiliary verb, or an existing "not"
  / "n't" taken out;
* ``none``: a verbatim reprint, or one trimmed of its last paragraphs.

Changed reprints are trimmed too, one in three, keeping the change. Every
change records its ``site``: character span, in the reprint, of the
sentence that holds it; a flag that does not touch that sentence is away
from the change.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass

CHANGE_KINDS = ("figure", "attribution", "quote", "negation")

Span = tuple[int, int]


@dataclass(frozen=True)
class Planted:
    """A reprint of ``original`` with one change of ``kind`` (or ``none``) at ``site`` (reprint offsets)."""

    kind: str
    detail: str
    original: str
    reprint: str
    site: Span | None


# A number with its format: digits with thousands separators and decimals.
_NUMBER = re.compile(r"(?<![\w.,:/-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w:/-]|[.,]\d)")
_MONTHS = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s*$|(?:No|no|Nos|#|Route|Level)\.?\s*$"
)
_AFTER_NOT_A_FIGURE = re.compile(r"\s*(?:a\.m|p\.m|am\b|pm\b|st\b|nd\b|rd\b|th\b|:|/)")
_SAID = r"(?:said|says|added|told [A-Z]?\w+|wrote|stated|explained|noted)"
_NAME = r"(?:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}|he|she|they|the [a-z]+(?:\s+[a-z]+){0,2})"
# ", Jane Doe said." / ", said Jane Doe, a spokeswoman." at a sentence end.
_TRAILING_ATTRIBUTION = re.compile(
    rf"(,[”\"’]?)\s+(?:{_NAME}\s+{_SAID}|{_SAID}\s+{_NAME}(?:,[^.\n]{{3,80}})?|according to [^.\n,]{{3,60}})"
    r"(?=\.(?:\s|$))"
)
_LEADING_ACCORDING = re.compile(r"(?:(?<=^)|(?<=\n)|(?<=\. ))According to [^,\n]{3,60}, ([a-z])")
# A straight quotation mark opens only after a space or a bracket, so two
# scare quotes ('"certainly" deserves ... a "look"') are not read as one quotation.
_QUOTATION = re.compile(r"“([^”\n]{20,}?)”|(?<![\w,.;:!?])\"(?=\S)([^\"\n]{20,}?)\"")
_WORD = re.compile(r"\b[a-z]{4,}\b")
_AUXILIARY_THEN_WORD = re.compile(
    r"\b(is|are|was|were|will|would|can|could|should|has|have|had|does|did|must|may|might)"
    r"\s+(?!not\b|never\b)([a-z]{3,})\b"
)
_NEGATED = re.compile(
    r"\b(is|are|was|were|will|would|can|could|should|has|have|had|does|did|do|must)( not)\b"
    r"|\b(is|are|was|were|does|did|do|has|have|had|would|could|should)(n[’']t)\b"
)
_STOP = frozenset(
    """that this with from have they their there were what when which would could should about after been
    also into more most some than them then these those will your just like over such only very said says""".split()
)
TRIM_KEEP = 0.6
_BOUNDARY = re.compile(r"[.!?][”\"’)]*\s+|\n")


def seeded(*parts: str) -> random.Random:
    """A random generator fixed by the given strings (the same pairs on every run and machine)."""
    return random.Random(int(hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12], 16))


def sentence_around(text: str, start: int, end: int) -> Span:
    """The sentence (ended by ., ! or ? before a space, or by a line break) that holds [start, end)."""
    left = 0
    for boundary in _BOUNDARY.finditer(text, 0, start):
        left = boundary.end()
    after = _BOUNDARY.search(text, max(end, left))
    right = after.end() if after else len(text)
    while right > left and text[right - 1].isspace():
        right -= 1
    while left < right and text[left].isspace():
        left += 1
    return left, right


def _body_start(text: str) -> int:
    """Skip a first line that is a headline (no sentence end): changes go into the body."""
    first = text.find("\n")
    return first + 1 if 0 < first < 200 and not text[:first].rstrip().endswith((".", "”", '"')) else 0


def _changed(original: str, start: int, end: int, replacement: str, kind: str, detail: str) -> Planted:
    reprint = original[:start] + replacement + original[end:]
    return Planted(kind, detail, original, reprint, sentence_around(reprint, start, start + max(len(replacement), 1)))


def figure_candidates(text: str) -> list[re.Match[str]]:
    found = []
    for match in _NUMBER.finditer(text, _body_start(text)):
        value = float(match.group().replace(",", ""))
        is_year = match.group(2) is None and 1900 <= value <= 2100 and "," not in match.group()
        before, after = text[max(0, match.start() - 12) : match.start()], text[match.end() : match.end() + 6]
        if is_year or value < 2 or _MONTHS.search(before) or _AFTER_NOT_A_FIGURE.match(after):
            continue
        if before.endswith(("-", "G", "F")) or re.match(r"[A-Za-z]", after[:1] or " "):
            continue
        found.append(match)
    return found


def changed_figure(match: re.Match[str], rng: random.Random) -> str:
    """The figure moved up or down by about a third, written like the original."""
    integer, decimals = match.group(1), match.group(2) or ""
    value = float(integer.replace(",", "") + decimals)
    new = value * (4 / 3 if rng.random() < 0.5 else 2 / 3)
    places = len(decimals) - 1 if decimals else 0
    rounded = round(new, places) if places else round(new)
    if rounded == value:
        rounded = value + (1 if not places else 10**-places)
    text = f"{rounded:,.{places}f}" if "," in integer else f"{rounded:.{places}f}"
    return text


def plant_figure(original: str, rng: random.Random) -> Planted | None:
    candidates = figure_candidates(original)
    if not candidates:
        return None
    match = rng.choice(candidates)
    new = changed_figure(match, rng)
    return _changed(original, match.start(), match.end(), new, "figure", f"{match.group()} -> {new}")


def plant_attribution(original: str, rng: random.Random) -> Planted | None:
    body = _body_start(original)
    options: list[tuple[int, int, str]] = []
    for match in _TRAILING_ATTRIBUTION.finditer(original, body):
        # Keep a closing quotation mark that sat before the comma: '"...," she said.' -> '"...".'
        options.append((match.start(), match.end(), match.group(1)[1:]))
    for match in _LEADING_ACCORDING.finditer(original, body):
        options.append((match.start(), match.start(1) + 1, match.group(1).upper()))
    if not options:
        return None
    start, end, replacement = rng.choice(options)
    return _changed(original, start, end, replacement, "attribution", original[start:end].strip())


def plant_quote_word(original: str, rng: random.Random) -> Planted | None:
    body = _body_start(original)
    quotes = [m for m in _QUOTATION.finditer(original, body) if len((m.group(1) or m.group(2)).split()) >= 8]
    if not quotes:
        return None
    quote = rng.choice(quotes)
    inside = quote.group(1) or quote.group(2)
    inside_start = quote.start(1) if quote.group(1) else quote.start(2)
    words = [m for m in _WORD.finditer(inside) if m.group() not in _STOP][1:-1]
    quoted = {m.group() for m in _WORD.finditer(inside)}
    outside = sorted(
        {m.group() for m in _WORD.finditer(original) if m.group() not in _STOP and m.group() not in quoted}
    )
    if not words or not outside:
        return None
    word = rng.choice(words)
    replacement = rng.choice(outside)
    start, end = inside_start + word.start(), inside_start + word.end()
    return _changed(original, start, end, replacement, "quote", f"{word.group()} -> {replacement}")


def plant_negation(original: str, rng: random.Random) -> Planted | None:
    body = _body_start(original)
    remove = list(_NEGATED.finditer(original, body))
    insert = list(_AUXILIARY_THEN_WORD.finditer(original, body))
    if remove and (not insert or rng.random() < 0.5):
        match = rng.choice(remove)
        group = 2 if match.group(2) else 4
        return _changed(original, match.start(group), match.end(group), "", "negation", f"removed '{match.group()}'")
    if not insert:
        return None
    match = rng.choice(insert)
    return _changed(original, match.end(1), match.end(1), " not", "negation", f"inserted 'not' after {match.group(1)}")


PLANTERS = {
    "figure": plant_figure,
    "attribution": plant_attribution,
    "quote": plant_quote_word,
    "negation": plant_negation,
}


def trimmed(text: str, keep_until: int = 0) -> str:
    """The text without its last paragraphs (about 60% kept), never cutting before ``keep_until``."""
    paragraphs = [m.end() for m in re.finditer(r"\n+", text)]
    target = max(int(len(text) * TRIM_KEEP), keep_until)
    cut = next((p for p in paragraphs if p >= target), len(text))
    return text[:cut].rstrip()


def plant(article_id: str, text: str, kind: str) -> Planted | None:
    """A reprint of ``text`` with one change of ``kind`` ('none' for an unchanged reprint), or None when impossible."""
    rng = seeded(article_id, kind)
    if kind == "none":
        if rng.random() < 0.5:
            return Planted("none", "verbatim", text, text, None)
        shorter = trimmed(text)
        return Planted("none", "trimmed", text, shorter, None) if len(shorter) < len(text) else None
    planted = PLANTERS[kind](text, rng)
    if planted is None or planted.site is None:
        return None
    if rng.random() < 1 / 3:
        shorter = trimmed(planted.reprint, planted.site[1])
        planted = Planted(kind, planted.detail + " (trimmed)", text, shorter, planted.site)
    return planted
