"""Outlet and title names a reader understands.

Decides two things. Which outlet an article comes from: what the input
states wins; then what the page says of itself (HTML site name, a site-name
line or a cookie notice naming the site, found by the cleaners); then the
host of the article's URL ("www.reuters.com" -> "reuters.com"). And how an
article is named on every page and report: "OUTLET — TITLE", where an
unknown outlet reads "outlet not given (INPUT)" so the reader still knows
which input it is (the id the input gave it, else its file name), and an untitled article is named by its first sentence
cut at a word boundary.

Outlet identity across spellings and aliases (issue 19) builds on
``outlet_from_url`` and ``display_outlet``: keep them the single place where
an outlet name is decided.

>>> outlet_from_url("https://www.reuters.com/world/china/story-2023-05-24/")
'reuters.com'
>>> cut_at_word("Russia and China strengthen their economic ties", 30)
'Russia and China strengthen…'
"""

from __future__ import annotations

import re
from pathlib import PurePath
from urllib.parse import urlsplit

from newsfuse.records import Article

# A label longer than this is cut at a word boundary: it must fit a graph
# node, a list line or a select option.
TITLE_CHARS = 80
_LEADING_HOST = re.compile(r"^(?:www\d?|m|amp|mobile)\.")
_RECORD_SUFFIX = re.compile(r"#\d+$")
NOT_GIVEN = "outlet not given"


def url_host(url: str | None) -> str | None:
    """The lower-case host name of a web address or bare host; None for no address, an IP or a bad one."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host or "." not in host or host.replace(".", "").isdigit():
        return None
    return host.lower()


def outlet_from_url(url: str | None) -> str | None:
    """The host of a web address without its ``www.``/``m.`` prefix, or None."""
    host = url_host(url)
    return _LEADING_HOST.sub("", host) if host else None


def choose_outlet(given: str | None, from_page: str | None, url: str | None) -> str | None:
    """The outlet of a record: stated by the input, else found on the page, else the URL's host."""
    return given or from_page or outlet_from_url(url)


def input_name(article: Article) -> str:
    """What names an article's input for a reader: the id the input gave it, else its file (and record number)."""
    if article.external_id:
        return article.external_id
    path = _RECORD_SUFFIX.sub("", article.input)
    suffix = article.input[len(path) :]
    return (PurePath(path).name or path) + suffix


def display_outlet(article: Article) -> str:
    """The outlet as a reader sees it: its name, or that none was given and which input it is."""
    return article.outlet or outlet_from_url(article.url) or f"{NOT_GIVEN} ({input_name(article)})"


def cut_at_word(text: str, limit: int = TITLE_CHARS) -> str:
    """``text`` on one line, at most ``limit`` characters, cut at a word boundary with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut and not flat[limit - 1].isspace():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–—-") + "…"


def display_title(article: Article, limit: int = TITLE_CHARS) -> str:
    """The title, or for an untitled article its first sentence, cut at a word boundary."""
    if article.title:
        return cut_at_word(article.title, limit)
    first = article.text[slice(*article.sentences[0])] if article.sentences else article.text
    return cut_at_word(first, limit)


def article_label(article: Article, limit: int = TITLE_CHARS) -> str:
    """ "OUTLET — TITLE" for lists, citations and graph tooltips."""
    return f"{display_outlet(article)} — {display_title(article, limit)}"
