"""Dates given as free text, normalised to ISO 8601.

Decides whether a string is a date and which one. Inputs give dates in every
format ("2023-05-24T10:32:00Z", "May 24, 2023", "Saturday, July 22, 2023",
"24.05.2023"); downstream stages compare them, so they are all brought to ISO
8601, keeping the time and zone when given.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime

from dateutil import parser as date_parser

# Years outside this range in a news corpus are parse accidents ("1200 troops").
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_HAS_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A date written out in words is at most about 40 characters
# ("Samstag, 22. Juli 2023, 14:05 Uhr MESZ").
_MAX_FOREIGN_DATE_CHARS = 48
_DAY_FIRST = re.compile(r"^\s*\d{1,2}[./]\d{1,2}[./]\d{2,4}")


def parse_date(value: str) -> str | None:
    """ISO 8601 for a date string, or None when it is not a date."""
    parsed = to_datetime(value)
    if parsed is None:
        return None
    if parsed.hour == parsed.minute == parsed.second == 0 and parsed.tzinfo is None and "T" not in value:
        return parsed.date().isoformat()
    return parsed.isoformat()


def to_datetime(value: str) -> datetime | None:
    """A datetime for a date string, or None when it is not one."""
    text = value.strip()
    if not text or not _HAS_DIGIT.search(text) or len(text) > 64:
        return None
    parsed = _parse_numeric_or_english(text) or _parse_other_languages(text)
    if parsed is None or not _MIN_YEAR <= parsed.year <= _MAX_YEAR:
        return None
    return parsed


def _parse_numeric_or_english(text: str) -> datetime | None:
    try:
        with warnings.catch_warnings():
            # Unknown zone names ("PT", "CET") parse as naive times; that is
            # the best available reading, not something to warn a user about.
            warnings.simplefilter("ignore", date_parser.UnknownTimezoneWarning)
            parsed: datetime = date_parser.parse(text, dayfirst=bool(_DAY_FIRST.match(text)), fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed


def _parse_other_languages(text: str) -> datetime | None:
    """Month names in other languages ('5 de noviembre del 2005', '24. Mai 2023').

    dateparser knows 200 locales but costs milliseconds per call, so it is
    only asked about short strings that contain a four-digit year.
    """
    if len(text) > _MAX_FOREIGN_DATE_CHARS or not _YEAR.search(text):
        return None
    import dateparser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(text, settings={"REQUIRE_PARTS": ["year", "month"]})
    return parsed if isinstance(parsed, datetime) else None
