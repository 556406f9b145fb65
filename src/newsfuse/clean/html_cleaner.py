"""HTML cleaning: trafilatura for the main text and metadata, then our line rules.

Decides an HTML page's article text. Trafilatura finds the main content and
the metadata (title, date, site name, author); its output then goes through
the same line rules as plain text, which take out what it lets through
(share prompts, credit lines, related-link headings). Everything visible on
the page that did not make it into the text is listed as removed, with the
most specific reason the line rules can give.
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura
from trafilatura.settings import Document

from newsfuse.clean.line_rules import line_reason
from newsfuse.clean.lines import Line
from newsfuse.clean.normalize import normalise_text
from newsfuse.clean.render import visible_lines
from newsfuse.clean.text_cleaner import CleanedText, filter_extracted_text, without_leading_title
from newsfuse.ingest.dates import parse_date
from newsfuse.records import RemovedLine

# A page shows hundreds of menu items; the first 400 removed lines say what
# was taken out without bloating the store (the largest ScrapingHub page has
# about 1,900 visible lines).
MAX_REMOVED_LINES = 400
# favor_precision drops some lines inside the article (a subheading, a list
# item, a one-line paragraph) that trafilatura's standard mode keeps. A gap of
# at most this many lines between two lines both modes kept is filled from
# the standard extraction; longer gaps are boxes (related links, adverts)
# precision mode was right to drop. Chosen on the tune split of both cleaning
# corpora (evals/clean.py): F1 over no filling +0.0015 ScrapingHub, +0.0008
# trafilatura-eval at 1 line; +0.0004 / +0.0009 at 2; any gap about -0.007 / +0.001.
MAX_FILLED_GAP = 1


@dataclass(frozen=True)
class ExtractionOptions:
    """How trafilatura is asked to extract.

    Comments are readers' words, not the article's. Precision mode with its
    short gaps filled from the standard mode (``MAX_FILLED_GAP``) was chosen
    on the tune split of ``evals/clean.py``: with our line rules, F1 0.982
    on ScrapingHub and 0.932 on trafilatura-eval, against 0.965 and 0.932 for
    the standard mode alone. The report split's figures are in README.
    """

    include_comments: bool = False
    favor_precision: bool = True
    include_tables: bool = True


def clean_html(html: str, url: str | None = None, options: ExtractionOptions | None = None) -> CleanedText | None:
    """The article in an HTML page, or None when trafilatura finds no main text."""
    options = options or ExtractionOptions()
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=options.include_comments,
        favor_precision=options.favor_precision,
        include_tables=options.include_tables,
    )
    if not isinstance(document, Document) or not (document.text or "").strip():
        return None
    text = document.text or ""
    if options.favor_precision:
        standard = trafilatura.extract(
            html, url=url, include_comments=options.include_comments, include_tables=options.include_tables
        )
        text = fill_short_gaps(text, standard or "")
    cleaned = filter_extracted_text(normalise_text(text))
    title = _clean_field(document.title)
    if title and cleaned.text.split("\n", 1)[0].strip() == title:
        # Trafilatura repeats the <h1> as the first line when it sits in the
        # article container; the title lives in its own field (unless it is
        # the whole article, as in a one-sentence news flash).
        cleaned.text = without_leading_title(cleaned.text.lstrip(), title).strip()
    cleaned.title = title
    cleaned.outlet = _clean_field(document.sitename) or _clean_field(document.hostname)
    cleaned.author = _clean_field(document.author)
    cleaned.published_at = parse_date(document.date) if document.date else None
    cleaned.removed = _removed_lines(html, cleaned) + cleaned.removed
    return cleaned


def fill_short_gaps(precise: str, standard: str) -> str:
    r"""The precise extraction with the lines the standard one has inside its short gaps put back.

    >>> fill_short_gaps("Intro.\nEnd.", "Menu\nIntro.\nA subheading\nEnd.\nRelated")
    'Intro.\nA subheading\nEnd.'
    """
    kept = [line.strip() for line in precise.split("\n") if line.strip()]
    wider = [line.strip() for line in standard.split("\n") if line.strip()]
    position: dict[str, int] = {}
    for index, line in enumerate(wider):
        position.setdefault(line, index)
    known = set(kept)
    filled: list[str] = []
    previous: int | None = None
    for line in kept:
        current = position.get(line)
        if previous is not None and current is not None and 1 < current - previous <= MAX_FILLED_GAP + 1:
            filled.extend(extra for extra in wider[previous + 1 : current] if extra not in known)
        filled.append(line)
        if current is not None:
            previous = current
    return "\n".join(filled)


def _clean_field(value: str | None) -> str | None:
    if not value:
        return None
    return " ".join(value.split()) or None


def _removed_lines(html: str, cleaned: CleanedText) -> list[RemovedLine]:
    """Visible lines of the page that are not part of the kept text or title."""
    kept = " ".join(cleaned.text.split()) + "\n" + (cleaned.title or "")
    removed: list[RemovedLine] = []
    seen: set[str] = set()
    for index, text in enumerate(visible_lines(html)):
        if text in seen or not any(ch.isalnum() for ch in text) or text in kept:
            continue
        seen.add(text)
        found = line_reason(Line(index=index, text=text))
        removed.append(RemovedLine(text, found[0] if found else "outside-main-content"))
        if len(removed) >= MAX_REMOVED_LINES:
            break
    return removed
