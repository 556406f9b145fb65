"""Event dates read from the articles, and the names a reader sees (outlets, titles)."""

from __future__ import annotations

import pytest

from newsfuse.brief.event_date import event_date, lead_date
from newsfuse.clean.cleaner import clean_record
from newsfuse.clean.outlets import (
    article_label,
    choose_outlet,
    cut_at_word,
    display_outlet,
    display_title,
    outlet_from_url,
)
from newsfuse.records import Article, RawArticle
from tests.articles import make_article


def _article(article_id: str, text: str, published: str | None = None, **fields: object) -> Article:
    return make_article(article_id, text, f"/data/feeds/{article_id}.txt", published_at=published, **fields)


def test_a_weekday_resolves_against_the_publication_date() -> None:
    # 2024-03-14 is a Thursday: "on Tuesday" is two days before.
    found = lead_date(_article("a", "The council voted on Tuesday to close the old bridge.", "2024-03-14T09:00:00Z"))
    assert found is not None and found.day is not None
    assert found.day.isoformat() == "2024-03-12"


def test_a_date_without_year_takes_the_latest_such_day_before_publication() -> None:
    found = lead_date(_article("a", "The bridge was closed on December 30 after an inspection.", "2024-01-05"))
    assert found is not None and found.day is not None
    assert found.day.isoformat() == "2023-12-30"


def test_undated_weekdays_corroborate_a_calendar_date_and_the_page_date_does_not_win() -> None:
    # A repost dated months later names the day; two undated reports say "on Tuesday".
    articles = [
        _article("wire", "The council voted on Tuesday to close the old bridge to lorries."),
        _article("copy", "On Tuesday the council decided that lorries may no longer cross the old bridge."),
        _article("blog", "Councillors closed the old bridge to lorries on March 12 after a long debate.", "2024-06-01"),
        _article("late", "Today the bridge is quiet and cyclists have it to themselves.", "2024-06-01"),
    ]
    found = event_date(articles)
    assert found is not None
    assert found.date == "2024-03-12"  # a Tuesday
    assert set(found.article_ids) == {"wire", "copy", "blog"}
    assert "March 12" in found.note


def test_no_day_in_the_leads_gives_no_event_date() -> None:
    articles = [_article("a", "Prices rose sharply in 2023, the statistics office said.", "2024-02-01")]
    assert event_date(articles) is None


def test_background_dates_after_the_lead_do_not_count() -> None:
    text = (
        "The ministers met in Oslo to sign the fishing treaty.\n"
        "Both sides praised the talks.\n"
        "Officials had prepared the text for months.\n"
        "The delegations arrived at the venue early.\n"
        "A first draft was rejected on January 3 by the committee."
    )
    assert event_date([_article("a", text, "2024-05-02")]) is None


def test_outlet_from_the_url_host() -> None:
    assert outlet_from_url("https://www.example-news.org/world/2024/story") == "example-news.org"
    assert outlet_from_url("http://m.dailytimes.example/a") == "dailytimes.example"
    assert outlet_from_url("not a url") is None
    assert outlet_from_url("http://127.0.0.1:8080/page") is None
    assert outlet_from_url(None) is None


def test_the_input_s_outlet_beats_the_page_which_beats_the_url() -> None:
    assert choose_outlet("Given Times", "Page Name", "https://www.host.example/a") == "Given Times"
    assert choose_outlet(None, "Page Name", "https://www.host.example/a") == "Page Name"
    assert choose_outlet(None, None, "https://www.host.example/a") == "host.example"
    assert choose_outlet(None, None, None) is None


def test_the_clean_stage_names_the_outlet_from_the_url_when_nothing_else_does() -> None:
    raw = RawArticle(
        input="feed.jsonl#3",
        source_format="text",
        body="A long enough article body about the harbour and its new cranes, written for this test.",
        raw_hash="h",
        url="https://www.harbour-news.example/cranes",
    )
    article = clean_record(raw)
    assert isinstance(article, Article)
    assert article.outlet == "harbour-news.example"


def test_an_article_without_outlet_is_named_by_its_file() -> None:
    article = _article("x", "Some text that is long enough to be an article about bridges.")
    assert display_outlet(article) == "outlet not given (x.txt)"
    line = Article(id="y", input="/in/feed.jsonl#7", text="t", source_format="text")
    assert display_outlet(line) == "outlet not given (feed.jsonl#7)"
    given = Article(id="z", input="api:1f2e#2", external_id="harbour-042", text="t", source_format="text")
    assert display_outlet(given) == "outlet not given (harbour-042)"
    assert display_outlet(_article("z", "text", outlet="The Courier")) == "The Courier"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Short title", 80, "Short title"),
        ("The harbour board approved the expansion plan", 30, "The harbour board approved…"),
        ("Supercalifragilisticexpialidocious", 10, "Supercali…"),
        ("Words, with commas, everywhere", 20, "Words, with commas…"),
    ],
)
def test_titles_are_cut_at_a_word_boundary(text: str, limit: int, expected: str) -> None:
    cut = cut_at_word(text, limit)
    assert cut == expected
    assert len(cut) <= limit


def test_an_untitled_article_is_named_by_its_first_sentence_cut_at_a_word() -> None:
    text = "China on Wednesday staged a strengthening of its economic ties with its northern neighbour. More text."
    label = article_label(_article("u", text))
    title = display_title(_article("u", text))
    assert title.endswith("…") and not title[:-1].endswith(("neighbo", "strengt"))
    assert title[:-1] == text[: len(title) - 1]
    assert label == f"outlet not given (u.txt) — {title}"


def test_a_number_alone_is_no_date_in_another_language() -> None:
    # dateparser reads "seit 40 Jahren" as the publication day 40 years back; a lead date needs its own day.
    aged = _article("a", "Der Bürgermeister, seit 40 Jahren im Amt, eröffnete die Brücke.", "2024-03-14", language="de")
    assert lead_date(aged) is None
    dated = lead_date(_article("b", "Die Brücke ist seit dem 24.05.2019 geschlossen.", language="de"))
    assert dated is not None and dated.day is not None and dated.day.isoformat() == "2019-05-24"
