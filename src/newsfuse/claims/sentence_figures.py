"""The figures of a copied sentence, and whether the copy printed another value for one of them.

Decides, for two sentences one copied from the other, which numbers are
figures (with their scale word: "$53 million"; "60 m" is metres, "$60m"
millions) and whether a figure the copy kept in place changed value: the
same figure in another unit is converted before it is compared ("22
miles", "35 km"), and a number followed by another word ("17 passes",
"17 of 20") is another figure, not a changed one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from newsfuse.claims.figures import clock_time
from newsfuse.claims.numbers import RELATIVE_TOLERANCE, SCALES, Quantity, parse_quantity
from newsfuse.claims.units import comparable_units, same_measurement, unit_after
from newsfuse.claims.wording import tokens

Span = tuple[int, int]
_CURRENCY_SIGNS = frozenset("$€£¥")
# A lone "b" after a number is too often a list letter ("5 b)") to read as billions in running text.
_SCALE_AFTER = sorted((re.escape(w) for w in SCALES if w != "b"), key=len, reverse=True)
_SCALE = re.compile(r"\s*(?:%|percent|per cent|" + "|".join(_SCALE_AFTER) + r")(?!\w)", re.I)


@dataclass(frozen=True)
class SentenceFigure:
    """A number of a copied sentence: its value (with its scale word), where it is, and the word after it."""

    value: float
    span: Span
    unit: str | None


def changed_figure(a: SentenceFigure, b: SentenceFigure) -> bool:
    """The copy printed another value for the same figure.

    One measurement in two units ('22 miles' and '35 km') is a conversion,
    compared after converting; a number followed by a different word
    ('17 passes' and '17 of 20') is not the same figure, so not a change.
    """
    converted = same_measurement(a.value, a.unit, b.value, b.unit)
    if converted is not None:
        return not converted
    if not comparable_units(a.unit, b.unit):
        return False
    return abs(a.value - b.value) > RELATIVE_TOLERANCE * max(abs(a.value), abs(b.value), 1e-9)


def sentence_figures(text: str, span: Span) -> list[SentenceFigure]:
    """The numbers of a sentence, in order."""
    return [
        SentenceFigure(quantity.amount, where, unit_after(text, where[1]))
        for quantity, where in _quantities(text, span)
    ]


def qualified_figure_values(text: str, qualifiers: Mapping[str, str]) -> list[tuple[float, str, str | None]]:
    """(value, unit, kind) of every number in a text, read with its scale word ('$53 million' -> 53e6,
    'currency'); ``kind`` is ``qualifiers``' kind for the phrase right before the number ("about" ->
    "approximate", "more than" -> "at least"), or None."""
    found = []
    for quantity, (start, _) in _quantities(text, (0, len(text))):
        before = " ".join(re.findall(r"[^\W\d_]+", text[max(0, start - 20) : start])[-2:]).casefold()
        kind = next((k for w, k in qualifiers.items() if before == w or before.endswith(" " + w)), None)
        found.append((quantity.amount, quantity.unit, kind))
    return found


def _quantities(text: str, span: Span) -> list[tuple[Quantity, Span]]:
    found = []
    for token in tokens(text, span):
        if not any(c.isdigit() for c in token.text) or clock_time(text, token.span):
            continue  # a time of day ("08:18") is when, not how many
        scale = _SCALE.match(text, token.span[1])
        if scale and scale.group().strip().casefold() == "m" and token.text[:1] not in _CURRENCY_SIGNS:
            scale = None  # "60 m" is sixty metres; "$60m" is sixty million
        end = scale.end() if scale else token.span[1]
        quantity = parse_quantity(text[token.span[0] : end])
        if quantity is not None:
            found.append((quantity, (token.span[0], end)))
    return found
