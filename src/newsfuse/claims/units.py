"""Units of measurement after a figure, and whether two figures in different units agree.

Decides when "22 miles" and "35 kilometres", or "about 200 ft" and "about
60 m", are one figure written in two units: both words are units of one
physical dimension (length, area, volume, mass, speed, time)
in pint's registry, and the amounts, converted, lie within
``CONVERSION_TOLERANCE`` of each other. News copy rounds a converted figure
(22 miles is 35.4 km, printed "35"; 200 ft is 61 m, printed "about 60"),
so a conversion is never compared at the half-percent of numbers.py.

Words that pint reads as units but news uses as nouns ("points", "line",
"second" as an ordinal) are not units here, nor one-letter symbols other
than "m" (a caller that has seen a currency reads "$60 m" as millions).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Conversions as printed in news copy are rounded to two significant figures
# or to "about": 22 mi = 35.4 km, 85 mi = 136.8 km printed 135 (1.3%),
# 200 ft = 61 m printed "about 60" (1.6%). 10% admits that rounding and the
# "about" tolerance of status.py, and stays far below the planted benchmark's
# changes (about a third, evals/planted.py).
CONVERSION_TOLERANCE = 0.1
# Dimensions a news figure is measured in; anything else (angles, typographic
# points, information) is not read as a unit, nor temperature (its scales are
# offset, not multiples of each other).
_DIMENSIONS = frozenset(
    {
        "[length]",
        "[length] ** 2",
        "[length] ** 3",
        "[mass]",
        "[length] / [time]",
        "[time]",
    }
)
# Words pint knows as units that news text uses otherwise.
_NOT_UNITS = frozenset(
    """point points line lines second seconds rod rods chain chains link links bag bags cup cups drop drops
    pinch stone stones bolt bolts hand hands span spans square squares cable cables block blocks a an at
    in min h s g t are percent""".split()
)
_WORD = re.compile(r"\s*-?\s*([^\W\d_]+\.?)", re.UNICODE)


@cache
def _registry() -> Any:
    import pint  # deferred: building the registry takes about half a second

    return pint.UnitRegistry()


@cache
def physical_unit(word: str) -> tuple[str, float] | None:
    """(dimension, size in base units) of a unit word ('miles' -> ('[length]', 1609.344)); None otherwise."""
    key = word.casefold().strip(".")
    if (len(key) < 2 and key != "m") or key in _NOT_UNITS or not key.isalpha():
        return None
    try:
        quantity = _registry().Quantity(1, key)
        dimension = str(quantity.dimensionality)
        size = float(quantity.to_base_units().magnitude)
    except Exception:  # pint raises several unrelated types for a word that is no unit
        return None
    return (dimension, size) if dimension in _DIMENSIONS else None


def unit_after(text: str, end: int) -> str | None:
    """The word right after a number ending at ``end`` ('35 km', '200-foot'), if any."""
    match = _WORD.match(text, end)
    return match.group(1) if match else None


def same_measurement(amount_a: float, unit_a: str | None, amount_b: float, unit_b: str | None) -> bool | None:
    """Whether two amounts in physical units agree once converted; None when they are not both such units
    of one dimension (then the caller compares them as it would any figure)."""
    found_a = physical_unit(unit_a) if unit_a else None
    found_b = physical_unit(unit_b) if unit_b else None
    if found_a is None or found_b is None or found_a[0] != found_b[0]:
        return None
    base_a, base_b = amount_a * found_a[1], amount_b * found_b[1]
    scale = max(abs(base_a), abs(base_b), 1e-12)
    return abs(base_a - base_b) / scale <= CONVERSION_TOLERANCE


def comparable_units(unit_a: str | None, unit_b: str | None) -> bool:
    """Two figures' unit words can measure one thing: the same word (up to a plural 's'), or units of one
    physical dimension; a bare number compares with a bare number only."""
    if not unit_a or not unit_b:
        return not unit_a and not unit_b
    a, b = unit_a.casefold().strip("."), unit_b.casefold().strip(".")
    if a.rstrip("s") == b.rstrip("s"):
        return True
    found_a, found_b = physical_unit(a), physical_unit(b)
    return found_a is not None and found_b is not None and found_a[0] == found_b[0]
