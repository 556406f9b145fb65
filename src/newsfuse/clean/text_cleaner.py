"""Plain-text cleaning: keep the article, set aside the page around it.

Decides, line by line, what of a page copied as plain text is the article.
Three passes:

1. each line on its own (``line_rules``): cookie notices, prompts, captions,
   credits, bylines, dates, navigation, markup; short lines repeated on the
   page or across the corpus;
2. the article body is the densest run of prose (a maximum-sum segment where
   prose lines add their length and other lines subtract); lines before it
   are the page header (title, site name, kickers), lines after it the
   footer (related headlines, bios, site chrome);
3. inside the body, short lines are kept (subheadings, list items) unless
   they look like linked headlines from elsewhere.

Text that an HTML extractor already reduced to the main content only gets
pass 1 (``filter_extracted_text``): its lists and short lines are content.
Every removed line keeps its reason; metadata found on the way (title, site
name, byline, date line, credits) is returned with the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from newsfuse.clean import cues
from newsfuse.clean.line_rules import date_of_line, is_bio, line_reason
from newsfuse.clean.lines import Line, split_lines
from newsfuse.clean.repetition import LineStats
from newsfuse.records import Credit, RemovedLine

# A header line this short that reappears elsewhere on the page (cookie
# notice, copyright line) is the site's name: "Bullion Bite" above the body
# and in "Bullion Bite uses cookies".
MAX_SITE_NAME_WORDS = 5
# A title has at least this many words; shorter header lines are kickers or
# section labels ("China and Russia", "World").
MIN_TITLE_WORDS = 4
# The title is among the last few open lines above the body; further up are
# menus, whose items can be long ("Company TownTelevisionBusiness...").
TITLE_WINDOW = 8
# The line just above a bio that is this short is the bio's name plate
# ("Jane Doe", "Sam | Contact").
MAX_NAME_PLATE_WORDS = 6
# A consent banner is a notice plus its controls: up to this many short lines
# right beside a sentence-long cookie notice that open like a button ("Ok,
# ...", "Accept all", "Manage settings") belong to it, even when the rest of
# the label is not a known phrase. Three words stays below a title
# (MIN_TITLE_WORDS), which may sit right under a banner.
MAX_CONSENT_CONTROL_WORDS = 3
MAX_CONSENT_CONTROLS = 3
# Body finding: a line that is not prose costs half its length plus this
# many characters: a run of menu items outweighs a short teaser paragraph,
# while one caption or subheading inside an article does not split it.
# Chosen on the tune split of both cleaning corpora rendered to text
# (`python -m evals.clean --calibrate`): mean F1 of ScrapingHub and
# trafilatura-eval 0.861 at 10-30, 0.862 at 40, 0.869 at 60 and 80, 0.867 at
# 120. The corpora pull apart (ScrapingHub 0.893 at 25 -> 0.918 at 60;
# trafilatura-eval 0.835 at 15 -> 0.820 at 60); 60 is the lower end of the
# plateau of their mean.
NON_PROSE_COST = 60
# Fewer letters than this is not an article (a stray menu, an error page).
MIN_ARTICLE_LETTERS = 40
_BYLINE_NAME = re.compile(r"^(by|von|par|por|di|door|written by)\s+", re.I)
_OUTLET_IN_NOTICE = re.compile(r"^([A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,3}) (uses|use|verwendet|utilise|utiliza) ")


@dataclass
class CleanedText:
    """What the plain-text cleaner found."""

    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published_at: str | None = None
    credits: list[Credit] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)


def clean_plain_text(text: str, stats: LineStats | None = None, find_title: bool = True) -> CleanedText:
    """Split page text into the article and the removed lines, with metadata."""
    lines = split_lines(text)
    reasons, credits = _line_pass(lines)
    _mark_consent_controls(lines, reasons)
    _mark_repeated(lines, reasons, stats)
    _mark_bios(lines, reasons)
    result = CleanedText(text="", credits=credits)
    body = _body_span(lines, reasons)
    if body is None:
        if find_title:
            result.title = next((ln.text for ln in lines if ln.index not in reasons and ln.is_headline_like), None)
    else:
        start, end = body
        _classify_header(lines[:start], lines, reasons, result, find_title)
        _classify_body(lines[start : end + 1], reasons)
        _classify_footer(lines[end + 1 :], reasons)
    return _finish(lines, reasons, result)


def filter_extracted_text(text: str) -> CleanedText:
    """Remove furniture an HTML extractor let through, keeping its structure."""
    lines = split_lines(text)
    reasons, credits = _line_pass(lines, extracted=True)
    _mark_consent_controls(lines, reasons)
    _mark_bios(lines, reasons)
    return _finish(lines, reasons, CleanedText(text="", credits=credits))


def without_leading_title(text: str, title: str) -> str:
    """The text without the title repeated as its first line, unless the title is all the text there is.

    A news flash is one sentence, often given as both title and text: that
    sentence is the article, not a heading to strip. A title that is not a
    sentence (a headline above a paywall) is still stripped, so the page is
    rejected rather than kept as its headline.
    """
    if not title or not text.startswith(title):
        return text
    rest = text[len(title) :].lstrip("\n")
    if is_article_text(rest) or not Line(0, title).is_prose:
        return rest
    return text


def is_article_text(text: str) -> bool:
    """Enough letters to be an article rather than a stray menu or an error page."""
    return sum(ch.isalpha() for ch in text) >= MIN_ARTICLE_LETTERS


def _line_pass(lines: list[Line], extracted: bool = False) -> tuple[dict[int, str], list[Credit]]:
    reasons: dict[int, str] = {}
    credits: list[Credit] = []
    for line in lines:
        found = line_reason(line, extracted=extracted)
        if found:
            reasons[line.index] = found[0]
            if found[1] is not None:
                credits.append(found[1])
    return reasons, credits


def _mark_consent_controls(lines: list[Line], reasons: dict[int, str]) -> None:
    """The short lines the line rules left unexplained next to a cookie notice are its buttons.

    Only a notice written as a sentence anchors a banner: a one-word
    "Privacy" link in a footer menu is not one, and the menu items beside it
    are navigation, not consent controls.
    """
    notices = [ln.index for ln in lines if ln.is_prose and reasons.get(ln.index) == "cookie-notice"]
    for index in notices:
        for step in (-1, 1):
            neighbour = index + step
            for _ in range(MAX_CONSENT_CONTROLS):
                if not 0 <= neighbour < len(lines) or not _is_consent_control(lines[neighbour], reasons):
                    break
                reasons[neighbour] = "cookie-notice"
                neighbour += step


def _is_consent_control(line: Line, reasons: dict[int, str]) -> bool:
    if line.index in reasons or line.is_prose or not 0 < line.n_words <= MAX_CONSENT_CONTROL_WORDS:
        return False
    return bool(cues.CONSENT_CONTROL.match(line.text))


def _mark_repeated(lines: list[Line], reasons: dict[int, str], stats: LineStats | None) -> None:
    """Short lines seen twice on the page, or on many pages of the corpus, are templates."""
    on_page = Counter(ln.text for ln in lines if not ln.is_prose)
    for line in lines:
        if line.index in reasons or line.is_prose:
            continue
        if on_page[line.text] >= 2 or (stats is not None and line.n_words <= 3 and stats.is_boilerplate(line.text)):
            reasons[line.index] = "repeated-boilerplate"


def _mark_bios(lines: list[Line], reasons: dict[int, str]) -> None:
    """A bio is prose about a writer after the article ends, or introduced as one."""
    news = [ln.index for ln in lines if ln.is_prose and ln.index not in reasons and not is_bio(ln)]
    last_news = news[-1] if news else -1
    for line in lines:
        if line.index in reasons or not is_bio(line):
            continue
        previous = lines[line.index - 1] if line.index > 0 else None
        introduced = previous is not None and _is_name_plate(previous, line)
        if line.index > last_news or introduced:
            reasons[line.index] = "author-bio"
            if previous is not None and previous.n_words <= MAX_NAME_PLATE_WORDS and not previous.is_prose:
                reasons[previous.index] = "author-bio"


def _is_name_plate(previous: Line, bio: Line) -> bool:
    """The short line above a bio whose first word opens the bio ('Jim Pollard')."""
    if previous.is_prose or previous.n_words > MAX_NAME_PLATE_WORDS or not previous.words:
        return False
    return previous.words[0] in bio.words[:4]


def _body_span(lines: list[Line], reasons: dict[int, str]) -> tuple[int, int] | None:
    """The maximum-sum run of lines, prose counting for and everything else against."""
    best, best_span = 0.0, None
    running, start = 0.0, 0
    for line in lines:
        if line.is_prose and line.index not in reasons:
            value = float(len(line.text))
        else:
            value = -(len(line.text) / 2 + NON_PROSE_COST)
        if running <= 0:
            running, start = 0.0, line.index
        running += value
        if running > best:
            best, best_span = running, (start, line.index)
    return best_span


def _classify_header(
    header: list[Line], lines: list[Line], reasons: dict[int, str], result: CleanedText, find_title: bool
) -> None:
    open_lines = [ln for ln in header if ln.index not in reasons]
    title = _pick_title(open_lines[-TITLE_WINDOW:]) if find_title else None
    if title is not None:
        result.title = title.text
    page_text = "\n".join(ln.text for ln in lines)
    for line in open_lines:
        if line is title:
            continue
        if _is_site_name(line, page_text):
            reasons[line.index] = "site-name"
        elif line.is_prose:
            reasons[line.index] = "outside-main-text"
        elif not (line.ends_sentence and line.n_words >= 4 and line.index >= header[-1].index - 1):
            # A short sentence right above the body is a standfirst; keep it.
            reasons[line.index] = "page-header"


def _pick_title(candidates: list[Line]) -> Line | None:
    """The longest headline-like line; ties go to the one nearest the body."""
    headlines = [ln for ln in candidates if ln.is_headline_like and ln.n_words >= MIN_TITLE_WORDS]
    headlines = headlines or [ln for ln in candidates if ln.is_headline_like]
    if not headlines:
        return None
    return max(headlines, key=lambda ln: (ln.n_words, ln.index))


def _is_site_name(line: Line, page_text: str) -> bool:
    if line.n_words > MAX_SITE_NAME_WORDS or line.ends_sentence or not line.text[:1].isupper():
        return False
    return page_text.count(line.text) >= 2


def _classify_body(body: list[Line], reasons: dict[int, str]) -> None:
    for position, line in enumerate(body):
        if line.index in reasons or line.is_prose:
            continue
        if (
            line.is_title_case
            and line.n_content_words >= MIN_TITLE_WORDS
            and (line.has_source_suffix or _in_headline_run(body, position, reasons))
        ):
            reasons[line.index] = "related-links"


def _in_headline_run(body: list[Line], position: int, reasons: dict[int, str]) -> bool:
    """Two or more Title Case headlines in a row: a list of links, not a subheading."""

    def headline(i: int) -> bool:
        if not 0 <= i < len(body):
            return False
        line = body[i]
        return line.index not in reasons and not line.is_prose and line.is_title_case

    return headline(position - 1) or headline(position + 1)


def _classify_footer(footer: list[Line], reasons: dict[int, str]) -> None:
    for line in footer:
        if line.index in reasons:
            continue
        if line.is_prose:
            reasons[line.index] = "outside-main-text"
        elif line.is_headline_like and line.n_words >= MIN_TITLE_WORDS:
            reasons[line.index] = "related-links"
        else:
            reasons[line.index] = "page-footer"


def _finish(lines: list[Line], reasons: dict[int, str], result: CleanedText) -> CleanedText:
    _collect_metadata(lines, reasons, result)
    result.text = "\n".join(ln.text for ln in lines if ln.index not in reasons and ln.text != result.title)
    result.removed = [RemovedLine(ln.text, reasons[ln.index]) for ln in lines if ln.index in reasons]
    return result


def _collect_metadata(lines: list[Line], reasons: dict[int, str], result: CleanedText) -> None:
    for line in lines:
        reason = reasons.get(line.index)
        if reason == "site-name" and result.outlet is None:
            result.outlet = line.text
        elif reason == "dateline" and result.published_at is None:
            result.published_at = date_of_line(line.text)
        elif reason == "byline" and result.author is None:
            result.author = _BYLINE_NAME.sub("", line.text).strip(" ,.|") or None
        elif reason == "cookie-notice" and result.outlet is None:
            match = _OUTLET_IN_NOTICE.match(line.text)
            if match and match.group(1).lower() not in {"we", "this", "our", "wir", "nous"}:
                result.outlet = match.group(1)
