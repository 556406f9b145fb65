"""Rules that name what a single line is, from its own words and shape.

Decides, for one line in isolation, whether it is a known kind of page
furniture (cookie notice, share or comment prompt, navigation, caption,
credit, byline, date line, advertisement, markup) and returns the reason, or
None when the line alone does not say. Position-dependent decisions (title,
site name, author bios, related headlines, header and footer leftovers) are
made in ``text_cleaner.py``.
"""

from __future__ import annotations

from newsfuse.clean import cues
from newsfuse.clean.credits import line_credit
from newsfuse.clean.lines import Line
from newsfuse.ingest.dates import parse_date
from newsfuse.records import Credit

# Cue lines longer than these word counts are kept: a cookie notice is one or
# two sentences (the longest in the trafilatura-eval pages is 58 words), a
# prompt or menu is a few words. Above it, the cue word is part of reporting
# ("the company's privacy policy was criticised ...").
MAX_COOKIE_WORDS = 60
MAX_PROMPT_WORDS = 8
MAX_NAV_WORDS = 12
MAX_CAPTION_WORDS = 40
MAX_DATE_WORDS = 9
MAX_BYLINE_WORDS = 12


def line_reason(line: Line, extracted: bool = False) -> tuple[str, Credit | None] | None:
    """The reason this line is not article text, with a credit when it is one.

    ``extracted`` is for text an HTML extractor already reduced to the main
    content: there, short lines without a cue (dates, names, prices, list
    items) are content, so only cue-based rules apply.
    """
    text = line.text
    if _is_markup(line):
        return "markup", None
    if (
        cues.COOKIE.search(text)
        and line.n_words <= MAX_COOKIE_WORDS
        and (cues.COOKIE_ACTION.search(text) or not line.is_prose)
    ):
        return "cookie-notice", None
    if cues.ADVERTISEMENT.search(text) and line.n_words <= MAX_PROMPT_WORDS:
        return "advertisement", None
    credit = line_credit(text)
    is_caption = line.n_words <= MAX_CAPTION_WORDS and _has_caption_cue(text)
    if is_caption and (credit is None or cues.PHOTO.search(text)):
        return "caption", None
    if credit is not None:
        return "credit", credit
    if not line.is_prose:
        return _short_line_reason(line, extracted)
    return None


def _short_line_reason(line: Line, extracted: bool) -> tuple[str, Credit | None] | None:
    text = line.text
    if cues.BUTTON.match(text):
        return "navigation", None
    if cues.COMMENT_PROMPT.search(text) and line.n_words <= MAX_PROMPT_WORDS:
        return "comment-prompt", None
    if cues.SHARE_PROMPT.search(text) and line.n_words <= MAX_PROMPT_WORDS:
        return "share-prompt", None
    if cues.RELATED.match(text) and line.n_words <= MAX_PROMPT_WORDS:
        return "related-links", None
    if extracted:
        return None
    if date_of_line(text) is not None:
        return "dateline", None
    if cues.BYLINE.match(text) and line.n_words <= MAX_BYLINE_WORDS:
        return "byline", None
    if cues.NAVIGATION.search(text) and line.n_words <= MAX_NAV_WORDS:
        return "navigation", None
    if line.letter_share < 0.5 and len(text) < 80:
        # "|||", "1 2 3 Next", "12:45" — no words to speak of.
        return "navigation", None
    return None


def _has_caption_cue(text: str) -> bool:
    """A photo credit at the start or the end of the line, where captions put it."""
    # 40 characters covers "Photo: Getty Images / AFP via Getty Images."; a
    # cue deeper inside a sentence is reporting about a photo, not a caption.
    return any(match.start() <= 2 or match.end() >= len(text) - 40 for match in cues.CAPTION_CREDIT.finditer(text))


def _is_markup(line: Line) -> bool:
    """Template or code residue: 'size=(large) align=(left)', '{{title}}', 'var x = ...'."""
    if not cues.MARKUP.search(line.text):
        return False
    # A prose sentence ending in ';' or quoting '=>' is still prose.
    return not (line.is_prose and line.letter_share > 0.75)


def date_of_line(text: str) -> str | None:
    """The ISO date when the whole line is a date (with an optional 'Published:' prefix)."""
    words = text.split()
    if not words or len(words) > MAX_DATE_WORDS:
        return None
    stripped = cues.DATE_PREFIX.sub("", text).strip(" |·•-–—")
    return parse_date(stripped)


# Bios are a few sentences; a longer line is an article paragraph, whatever
# words it contains (ECB+ articles come as one line per article).
MAX_BIO_WORDS = 90


def is_bio(line: Line) -> bool:
    """Prose that describes a writer rather than the news: 'Jim Pollard is an Australian journalist ...'."""
    text = line.text
    return (
        line.is_prose
        and line.n_words <= MAX_BIO_WORDS
        and bool(cues.BIO_OPENING.match(text))
        and bool(cues.BIO.search(text))
    )
