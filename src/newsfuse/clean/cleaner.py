"""Raw record to article: the clean stage.

Decides the final article from a raw record: which cleaner applies (HTML or
plain text), whose metadata wins (what the input states beats what the
cleaner infers, and a date a feed listed the page with comes last), the
language, the sentences, the credits, and the id. A record with no article
text left is rejected with the reason.
"""

from __future__ import annotations

from newsfuse.clean.credits import inline_credits
from newsfuse.clean.html_cleaner import clean_html
from newsfuse.clean.language import detect_language
from newsfuse.clean.normalize import normalise_text, repair_unicode
from newsfuse.clean.outlets import choose_outlet
from newsfuse.clean.render import visible_lines
from newsfuse.clean.repetition import LineStats
from newsfuse.clean.sentences import sentence_spans
from newsfuse.clean.text_cleaner import CleanedText, clean_plain_text, is_article_text, without_leading_title
from newsfuse.ids import article_id
from newsfuse.ingest.dates import parse_date
from newsfuse.ingest.decode import MAX_ARTICLE_CHARS, too_long_message
from newsfuse.records import Article, RawArticle, Rejection


def clean_record(raw: RawArticle, stats: LineStats | None = None) -> Article | Rejection:
    """The cleaned article for a raw record, or why there is none."""
    cleaned = _clean_body(raw, stats)
    if cleaned is None or not is_article_text(cleaned.text):
        return Rejection(raw.input, _empty_reason(raw))
    if len(cleaned.text) > MAX_ARTICLE_CHARS:
        return Rejection(raw.input, too_long_message(len(cleaned.text)))
    text = cleaned.text
    title = _given(raw.title) or cleaned.title
    outlet = choose_outlet(_given(raw.outlet), cleaned.outlet, raw.url)
    credits = tuple(cleaned.credits) + tuple(inline_credits(text))
    return Article(
        id=article_id(outlet, title, text),
        input=raw.input,
        text=text,
        source_format=raw.source_format,
        external_id=raw.external_id,
        title=title,
        outlet=outlet,
        author=cleaned.author,
        url=raw.url,
        published_at=raw.published_at or cleaned.published_at or _listed_date(raw.listed_at),
        language=raw.language or detect_language(text),
        removed=tuple(cleaned.removed),
        credits=credits,
        sentences=tuple(sentence_spans(text)),
    )


def _listed_date(value: str | None) -> str | None:
    """A feed's or sitemap's date for the page, when the page itself gives none."""
    return parse_date(value) if value else None


def _clean_body(raw: RawArticle, stats: LineStats | None) -> CleanedText | None:
    find_title = raw.title is None
    if raw.source_format == "html":
        cleaned = clean_html(raw.body, url=raw.url)
        if cleaned is not None:
            return cleaned
        # Trafilatura gives up on very short or oddly built pages; their
        # visible text still goes through the plain-text rules.
        page = "\n".join(visible_lines(raw.body))
        return clean_plain_text(normalise_text(page), stats, find_title) if page else None
    cleaned = clean_plain_text(normalise_text(raw.body), stats, find_title)
    if raw.title:
        cleaned.text = without_leading_title(cleaned.text, raw.title.strip())
    return cleaned


def _given(value: str | None) -> str | None:
    return " ".join(repair_unicode(value).split()) or None if value else None


def _empty_reason(raw: RawArticle) -> str:
    if raw.source_format == "html":
        return "no article text found in the HTML (the page may be an index, a login wall or script-only)"
    return "no article text found after removing page furniture"
