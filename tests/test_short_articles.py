"""A short article is still an article: a one-sentence news flash is kept, page chrome is not.

A flash is often given with its only sentence as both title and text (a
feed), or as an HTML page whose headline and paragraph are the same
sentence. Removing the title from the text must not leave nothing. Pages
without any sentence (menus, a login wall, a headline above a paywall)
are still rejected.
"""

from __future__ import annotations

import json

import pytest

from newsfuse.clean.cleaner import clean_record
from newsfuse.ingest.jsonl import parse_line
from newsfuse.records import Article, RawArticle, Rejection

FLASH = "Voters in the river province began casting ballots on Sunday in the fourth election since the reform."
NAV = "<nav><ul>" + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(12)) + "</ul></nav>"
FOOTER = "<footer><p>Copyright 2024 Harbour Daily. All rights reserved.</p><a href='/privacy'>Privacy</a></footer>"


def _from_feed(record: dict[str, str]) -> Article | Rejection:
    raw = parse_line(json.dumps(record).encode(), "feed.jsonl#1", 1_000_000)
    assert isinstance(raw, RawArticle)
    return clean_record(raw)


def _from_html(body: str, title: str = FLASH) -> Article | Rejection:
    page = f"<html><head><title>{title}</title></head><body>{NAV}{body}{FOOTER}</body></html>"
    return clean_record(RawArticle(input="page.html", source_format="html", body=page, raw_hash="h"))


@pytest.mark.parametrize("text", [FLASH, FLASH + "\n", f"{FLASH}\n\nShare this article\nFollow us"])
def test_a_feed_flash_whose_text_repeats_its_title_is_kept(text: str) -> None:
    article = _from_feed({"id": "f1", "title": FLASH, "text": text})
    assert isinstance(article, Article), article
    assert article.text == FLASH and article.title == FLASH


def test_a_feed_article_still_loses_its_repeated_title() -> None:
    body = "The count starts after the polls close at eight, and results are expected by Monday morning."
    article = _from_feed({"id": "f2", "title": FLASH, "text": f"{FLASH}\n{body}"})
    assert isinstance(article, Article) and article.text == body


@pytest.mark.parametrize(
    "body", [f"<article><h1>{FLASH}</h1><p>{FLASH}</p></article>", f"<article><p>{FLASH}</p></article>"]
)
def test_an_html_flash_is_kept_without_the_page_around_it(body: str) -> None:
    article = _from_html(body)
    assert isinstance(article, Article), article
    assert article.text == FLASH
    assert "Section" not in article.text and "Copyright" not in article.text


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (
            "<h1>Latest News From The Harbour</h1><ul><li><a href='/a'>Ferry Strike Ends After Two Weeks</a></li></ul>",
            "Harbour Daily - Latest News",
        ),
        ("<h1>Sign in to continue reading</h1><form><input name=u><button>Sign in</button></form>", "Sign in"),
        (
            "<article><h1>Harbour Council Approves New Budget For Ferry Services</h1>"
            "<div class='paywall'>Subscribe to read</div></article>",
            "Harbour Council Approves New Budget For Ferry Services",
        ),
    ],
)
def test_pages_without_a_sentence_of_news_stay_rejected(body: str, title: str) -> None:
    assert isinstance(_from_html(body, title), Rejection)


def test_a_menu_given_as_text_stays_rejected() -> None:
    result = _from_feed({"id": "m", "text": "Home\nNews\nSport\nWeather\nContact us\nPrivacy policy and terms of use"})
    assert isinstance(result, Rejection) and "page furniture" in result.reason
