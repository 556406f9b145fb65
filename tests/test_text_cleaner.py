from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.clean.credits import inline_credits, line_credit
from newsfuse.clean.repetition import LineStats
from newsfuse.clean.text_cleaner import clean_plain_text, filter_extracted_text

ARTICLE_SENTENCES = [
    "The regional harbour authority voted on Thursday to expand the northern container terminal",
    '"This is the largest investment in the port for a generation," said Tomas Berg',
    "The expansion is expected to raise annual capacity by 40 percent by 2028",
    "Residents of the nearby fishing village have objected to the dredging work",
    "The authority said an environmental review would be published",
]


@pytest.fixture
def harbour(fixtures: Path) -> str:
    return (fixtures / "harbour_page.txt").read_text()


def test_every_article_sentence_is_kept(harbour: str) -> None:
    cleaned = clean_plain_text(harbour)
    for sentence in ARTICLE_SENTENCES:
        assert sentence in cleaned.text
    assert "Opposition from residents" in cleaned.text  # a subheading inside the body stays


def test_page_furniture_is_removed_with_reasons(harbour: str) -> None:
    reasons = {r.text: r.reason for r in clean_plain_text(harbour).removed}
    assert reasons["Skip to content"] == "navigation"
    assert reasons["Home | World | Business | Sport"] == "navigation"
    assert reasons["Cranes line the quay at the northern terminal. Photo: Harbour Authority"] == "caption"
    assert reasons["Ferry Operator Cuts Winter Timetable – Coastal News"] == "related-links"
    assert reasons["Fishing Quotas Set to Fall for Third Year Running"] == "related-links"
    assert reasons["Maria Lindqvist is a reporter based in Gothenburg who covers shipping and regional politics."] == (
        "author-bio"
    )
    assert reasons["Share this article"] == "share-prompt"
    assert reasons["3 comments"] == "comment-prompt"
    assert reasons["Accept all"] == "navigation"
    assert (
        reasons["We use cookies to improve your experience on this site. By continuing you accept our cookie policy."]
        == "cookie-notice"
    )


def test_metadata_is_inferred(harbour: str) -> None:
    cleaned = clean_plain_text(harbour)
    assert cleaned.title == "Harbour Authority Approves Expansion of Northern Container Terminal"
    assert cleaned.author == "Maria Lindqvist"
    assert cleaned.published_at == "2024-03-14"
    assert cleaned.text.startswith("The regional harbour authority")


def test_site_name_repeated_on_page_becomes_outlet() -> None:
    page = (
        "Tram Line Extension Opens Ahead of Schedule\n\nCity Ledger\n\n"
        "The new tram line to the university opened on Monday, three weeks ahead of the planned date, "
        "the transport department said.\n"
        "Passenger numbers on the first day exceeded forecasts by a wide margin, officials added.\n\n"
        "City Ledger uses cookies to enhance your experience. Learn more\nGot it!"
    )
    cleaned = clean_plain_text(page)
    assert cleaned.outlet == "City Ledger"
    assert {r.reason for r in cleaned.removed} >= {"site-name", "cookie-notice"}


def test_text_without_headline_keeps_first_paragraph() -> None:
    page = (
        "Officials confirmed on Friday that the bridge will reopen next week after repairs to its deck.\n"
        "Traffic had been diverted through the city centre for two months, causing long delays."
    )
    cleaned = clean_plain_text(page)
    assert cleaned.title is None
    assert cleaned.text == page


def test_prose_with_a_cue_word_is_not_removed() -> None:
    page = (
        "Regulators Fine Retailer Over Tracking\n\n"
        "The regulator fined the retailer 2 million euros on Tuesday after finding that its website placed "
        "advertising cookies on visitors' computers without asking for consent, in breach of privacy law, "
        "and that it kept the data for far longer than it had told customers it would in its published notice.\n"
        "The company said it would appeal."
    )
    cleaned = clean_plain_text(page)
    assert "placed advertising cookies" in cleaned.text


def test_corpus_repetition_marks_short_template_lines() -> None:
    stats = LineStats()
    for i in range(5):
        stats.update(f"Story {i}\nTap to expand\nBody text number {i} goes here.")
    page = (
        "Council Budget Passes After Long Debate\n\n"
        "The council passed its budget on Wednesday after a debate that lasted late into the night.\n"
        "Tap to expand\n"
        "Spending on schools rises by four percent under the plan, the finance office said."
    )
    reasons = {r.text: r.reason for r in clean_plain_text(page, stats=stats).removed}
    assert reasons["Tap to expand"] == "repeated-boilerplate"
    assert "Tap to expand" not in {r.text for r in clean_plain_text(page).removed}


def test_extracted_text_keeps_lists_and_short_lines() -> None:
    text = "Results:\nPalm Bay d. Rockledge 70-44\nJune 9 -- Coral Sky Amphitheatre\nShare this article"
    cleaned = filter_extracted_text(text)
    assert "Palm Bay d. Rockledge 70-44" in cleaned.text
    assert "June 9 -- Coral Sky Amphitheatre" in cleaned.text
    assert [r.reason for r in cleaned.removed] == ["share-prompt"]


@pytest.mark.parametrize(
    ("line", "source", "kind"),
    [
        ("Reuters with additional editing by Jim Pollard", "Reuters", "wire"),
        ("(Reporting by Ana Ruiz; Editing by Tom Brown)", None, "byline"),
        ("© 2019 The Associated Press. All rights reserved.", "AP", "wire"),
        ("This article was originally published by Futurism.", "Futurism", "origin"),
        ("— AFP", "AFP", "wire"),
    ],
)
def test_credit_lines(line: str, source: str | None, kind: str) -> None:
    credit = line_credit(line)
    assert credit is not None
    assert (credit.source, credit.kind) == (source, kind)


def test_sentences_mentioning_an_agency_are_not_credits() -> None:
    assert line_credit("Reuters reported on Tuesday that the central bank would raise rates again next month.") is None


def test_inline_wire_dateline_is_found() -> None:
    credits = inline_credits("BEIJING (Reuters) - China said on Wednesday it would expand trade.\nSecond paragraph.")
    assert [(c.source, c.kind) for c in credits] == [("Reuters", "wire")]
