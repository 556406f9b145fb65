"""When the event happened, read from what the articles say.

Decides a story's event date, apart from publication dates (when articles
appeared) and page dates (a blog's header repeats the day it reposted). An
article tells its event in its lead, so only the first sentences count; each
article casts one vote, with the most precise date expression of its lead:

1. an explicit calendar date ("May 24", "24 May 2023", "24. Mai"), resolved
   against the article's publication date for a missing year (the latest
   such day on or before publication);
2. failing that, a weekday or "yesterday" ("on Wednesday"), resolved against
   the publication date (the latest such day on or before it) when the
   article is dated, and otherwise kept as a bare weekday.

A bare weekday cannot name a day alone, but it corroborates a calendar date
that falls on that weekday; so does a calendar date without a year
corroborate one with the same month and day. The date with the most votes
wins (ties: the earlier date); without any resolved date there is no event
date. "Today" is not used: it is only the publication date again.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from newsfuse.ingest.dates import to_datetime
from newsfuse.records import Article

# The lead: an article states its event (who, what, where, when) in its first
# sentences. On the seeds the event's date phrases sit in sentences 1-3; later
# sentences date the background ("held talks on Monday", "visited in March").
LEAD_SENTENCES = 4
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_ENGLISH_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTHS})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTHS})\.?(?:,?\s+(?P<y2>(?:19|20)\d\d))?)\b",
    re.I,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ENGLISH_RELATIVE = re.compile(r"\b(?:on\s+|last\s+)?(" + "|".join(_WEEKDAYS) + r"|yesterday)\b", re.I)
_DIGIT = re.compile(r"\d")
# Years before this are no news event's date: a figure misread as a year ("0016").
FIRST_YEAR = 1900


@dataclass(frozen=True)
class DateMention:
    """One article's date phrase: a full date, a month and day, or a weekday."""

    article_id: str
    phrase: str
    day: date | None = None
    month_day: tuple[int, int] | None = None
    weekday: int | None = None


@dataclass(frozen=True)
class EventDate:
    """The event's day and the articles whose words give or corroborate it."""

    date: str
    article_ids: tuple[str, ...]
    phrases: tuple[str, ...]

    @property
    def note(self) -> str:
        quoted = "; ".join(f"“{p}”" for p in self.phrases)
        return f"{self.date} from {len(self.article_ids)} article(s): {quoted}"


def event_date(articles: Sequence[Article]) -> EventDate | None:
    """The story's event date, or None when no article's lead dates it to a day."""
    votes = [m for m in (lead_date(a) for a in articles) if m is not None]
    candidates = sorted({m.day for m in votes if m.day is not None})
    best: tuple[int, date] | None = None
    for candidate in candidates:
        support = sum(1 for m in votes if _agrees(m, candidate))
        if best is None or support > best[0]:
            best = (support, candidate)
    if best is None:
        return None
    backing = [m for m in votes if _agrees(m, best[1])]
    return EventDate(best[1].isoformat(), tuple(m.article_id for m in backing), tuple(m.phrase for m in backing))


def _agrees(mention: DateMention, day: date) -> bool:
    if mention.day is not None:
        return mention.day == day
    if mention.month_day is not None:
        return mention.month_day == (day.month, day.day)
    return mention.weekday == day.weekday()


def lead_date(article: Article) -> DateMention | None:
    """The most precise date phrase of the article's lead (calendar dates before weekdays)."""
    published = _published_day(article.published_at)
    lead = [article.text[s:e] for s, e in article.sentences[:LEAD_SENTENCES]]
    if article.title:
        lead.insert(0, article.title)
    english = (article.language or "en") == "en"
    for sentence in lead:
        found = _calendar_date(article, sentence, published, english)
        if found:
            return found
    if not english:
        return None
    for sentence in lead:
        match = _ENGLISH_RELATIVE.search(sentence)
        if match:
            return _relative(article.id, match, published)
    return None


def _calendar_date(article: Article, sentence: str, published: date | None, english: bool) -> DateMention | None:
    if english:
        match = _ENGLISH_DATE.search(sentence)
        if match is None:
            return None
        month = _month_number(match.group("m1") or match.group("m2"))
        day_of_month = int(match.group("d1") or match.group("d2"))
        year = match.group("y1") or match.group("y2")
        return _calendar(article.id, match.group(0), month, day_of_month, int(year) if year else None, published)
    return _foreign_calendar_date(article, sentence, published)


def _calendar(
    article_id: str, phrase: str, month: int, day_of_month: int, year: int | None, published: date | None
) -> DateMention | None:
    if not 1 <= day_of_month <= 31:
        return None
    if year is None and published is None:
        return DateMention(article_id, phrase, month_day=(month, day_of_month))
    try:
        if year is not None:
            return DateMention(article_id, phrase, day=date(year, month, day_of_month))
        assert published is not None
        found = date(published.year, month, day_of_month)
        if found > published:
            found = date(published.year - 1, month, day_of_month)
        return DateMention(article_id, phrase, day=found)
    except ValueError:
        return None


def _relative(article_id: str, match: re.Match[str], published: date | None) -> DateMention:
    word = match.group(1).lower()
    if word == "yesterday":
        day = published - timedelta(days=1) if published else None
        return DateMention(article_id, match.group(0), day=day) if day else DateMention(article_id, match.group(0))
    weekday = _WEEKDAYS.index(word)
    if published is None:
        return DateMention(article_id, match.group(0), weekday=weekday)
    back = (published.weekday() - weekday) % 7
    return DateMention(article_id, match.group(0), day=published - timedelta(days=back))


def _foreign_calendar_date(article: Article, sentence: str, published: date | None) -> DateMention | None:
    """A calendar date in another language, found by dateparser (only sentences with a digit)."""
    if not _DIGIT.search(sentence):
        return None
    from dateparser.search import search_dates

    settings = {"REQUIRE_PARTS": ["day", "month"], "PREFER_DATES_FROM": "past"}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime.combine(published, datetime.min.time())  # type: ignore[assignment]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(sentence, languages=[article.language or "en"], settings=settings)
    base = published or date.today()
    for phrase, when in found or []:
        if _names_a_day(phrase, when.date(), base) and when.year >= FIRST_YEAR:
            return DateMention(article.id, phrase, day=when.date())
    return None


def _names_a_day(phrase: str, found: date, base: date) -> bool:
    """The phrase gave the day itself: two numbers ('24.05.2019'), or one whose day and month are not the
    reference day's. Dateparser fills what a phrase lacks from the reference day, so an age or a span
    ('de 41 años', '40 Jahren') or a year alone comes back as the reference's day and month."""
    numbers = re.findall(r"\d+", phrase)
    return len(numbers) >= 2 or (len(numbers) == 1 and (found.month, found.day) != (base.month, base.day))


def _month_number(name: str) -> int:
    key = name.lower()[:3]
    return ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec").index(key) + 1


def _published_day(value: str | None) -> date | None:
    parsed = to_datetime(value) if value else None
    return parsed.date() if parsed else None
