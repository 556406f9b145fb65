"""Numbers in news text, normalised so that equal quantities compare equal.

Decides the value of a numeric expression: "$190 billion", "190,000 million
dollars" and "USD 190bn" are all 1.9e11 USD; "more than 40%" and "over 40
percent" are 40 percent with the qualifier kept; "this year" and "last year"
are resolved against the article's date. Also decides what a number measures
(the noun phrase it attaches to in the parse), which is how two articles'
numbers are recognised as figures for the same thing.

>>> parse_quantity("190,000 million dollars").amount == parse_quantity("$190 billion").amount
True
>>> parse_quantity("more than 40%")
Quantity(amount=40.0, unit='percent', currency=None, qualifier='more than', raw='more than 40%')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Scale words after a number, in one table for every reader of figures. The
# South Asian lakh (100,000), crore (10 million) and arab (a billion) are
# written in Latin, Urdu and Hindi script in the region's news.
SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "bln": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "arab": 1e9,
    "ہزار": 1e3,
    "لاکھ": 1e5,
    "کروڑ": 1e7,
    "ارب": 1e9,
    "हज़ार": 1e3,
    "हजार": 1e3,
    "लाख": 1e5,
    "करोड़": 1e7,
    "करोड": 1e7,
    "अरब": 1e9,
}
# Words that scale a figure or make it a share: not what the figure counts.
SCALE_WORDS = frozenset({*SCALES, "percent", "per", "cent"})
_CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "yuan": "CNY",
    "cny": "CNY",
    "rmb": "CNY",
    "renminbi": "CNY",
    "yen": "JPY",
    "jpy": "JPY",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "rub": "RUB",
    "₹": "INR",
    "rupees": "INR",
    "inr": "INR",
    "chf": "CHF",
    "francs": "CHF",
}
CURRENCY_WORDS = frozenset(k for k in _CURRENCIES if k.isalpha())
_QUALIFIERS = [
    "more than",
    "over",
    "at least",
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "up to",
    "less than",
    "under",
    "fewer than",
    "some",
    "close to",
    "just over",
    "just under",
    "a record",
]
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_TOKEN = re.compile(r"[$€£¥₹]|us\$|\d+(?:[.,]\d+)*|[^\W\d_]+|%", re.I)
# "¥" is the sign of both the yen and the yuan: the currency is decided by
# the words around it (see yen_or_yuan), and stays "JPY/CNY" when nothing tells.
AMBIGUOUS_YEN_SIGN = "JPY/CNY"
_JAPAN = re.compile(r"\b(?:yen|japan|japanese|tokyo|nikkei|boj)\b", re.I)
_CHINA = re.compile(r"\b(?:yuan|renminbi|rmb|china|chinese|beijing|shanghai|pboc)\b", re.I)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
# Two figures within half a percent of each other are the same figure
# rounded differently ("$190 billion" and "$190.2 billion").
RELATIVE_TOLERANCE = 0.005


@dataclass(frozen=True)
class Quantity:
    """A normalised amount: ``unit`` is 'percent', 'currency', 'count' or 'year'."""

    amount: float
    unit: str
    currency: str | None
    qualifier: str | None
    raw: str

    def same_value(self, other: Quantity) -> bool:
        if self.unit != other.unit or self.currency != other.currency:
            return False
        scale = max(abs(self.amount), abs(other.amount), 1e-9)
        return abs(self.amount - other.amount) / scale <= RELATIVE_TOLERANCE

    def as_json(self) -> dict[str, Any]:
        return {
            "amount": self.amount,
            "unit": self.unit,
            "currency": self.currency,
            "qualifier": self.qualifier,
            "raw": self.raw,
        }


def parse_number(text: str) -> float | None:
    """'190,000' -> 190000.0; '2.5' -> 2.5; '1.234,5' (European) -> 1234.5."""
    match = _NUMBER.search(text)
    if not match:
        return None
    digits = match.group()
    if "," in digits and "." in digits:
        digits = (
            digits.replace(".", "").replace(",", ".")
            if digits.rfind(",") > digits.rfind(".")
            else digits.replace(",", "")
        )
    elif "," in digits:
        head, _, tail = digits.rpartition(",")
        digits = digits.replace(",", "") if len(tail) == 3 else head.replace(",", "") + "." + tail
    try:
        return float(digits)
    except ValueError:
        return None


def parse_quantity(text: str) -> Quantity | None:
    """The normalised quantity in a short expression, or None when it holds no number."""
    lowered = " ".join(text.lower().split())
    base = parse_number(lowered)
    if base is None:
        return None
    qualifier = next((q for q in _QUALIFIERS if lowered.startswith(q + " ") or f" {q} " in f" {lowered}"), None)
    tokens = [t.lower() for t in _TOKEN.findall(lowered)]
    # Words split at spaces too: a regex word stops at the vowel signs of Indic scripts ("करोड़").
    words = [*tokens, *(w.strip(".,;:()") for w in lowered.split())]
    scale = next((SCALES[t] for t in words if t in SCALES and not t.isdigit()), 1.0)
    currency = next((_CURRENCIES[t] for t in tokens if t in _CURRENCIES), None)
    if currency is None and "¥" in tokens:
        currency = AMBIGUOUS_YEN_SIGN
    if "%" in lowered or "percent" in lowered or "per cent" in lowered:
        unit = "percent"
    elif currency:
        unit = "currency"
    elif _YEAR.fullmatch(lowered.strip(" .,;:!?)(")):
        unit = "year"
    else:
        unit = "count"
    amount = base if unit in {"percent", "year"} else base * scale
    return Quantity(amount=amount, unit=unit, currency=currency, qualifier=qualifier, raw=text.strip())


def yen_or_yuan(quantity: Quantity, context: str) -> Quantity:
    """Decide a "¥" amount's currency from the words around it: Japan/yen or China/yuan, else keep it open.

    >>> yen_or_yuan(parse_quantity("¥500 billion"), "Tokyo's budget").currency
    'JPY'
    >>> yen_or_yuan(parse_quantity("¥500 billion"), "the budget").currency
    'JPY/CNY'
    """
    if quantity.currency != AMBIGUOUS_YEN_SIGN:
        return quantity
    japan, china = len(_JAPAN.findall(context)), len(_CHINA.findall(context))
    if japan == china:
        return quantity
    currency = "JPY" if japan > china else "CNY"
    return Quantity(quantity.amount, quantity.unit, currency, quantity.qualifier, quantity.raw)


RELATIVE_YEARS = (("this year", 0), ("last year", -1), ("next year", 1), ("a year ago", -1))


def year_reference(text: str) -> str | None:
    """'this year', 'last year' or 'next year' when the text says so (kept when no date resolves it)."""
    lowered = text.lower()
    return next((phrase for phrase, _ in RELATIVE_YEARS if phrase in lowered), None)


def resolve_year(text: str, article_year: int | None) -> int | None:
    """An explicit year, or 'this year' / 'last year' / 'next year' against the article's year."""
    explicit = _YEAR.search(text)
    if explicit:
        return int(explicit.group())
    if article_year is None:
        return None
    lowered = text.lower()
    for phrase, offset in RELATIVE_YEARS:
        if phrase in lowered:
            return article_year + offset
    return None
