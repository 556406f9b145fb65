"""Cue rules that must hold by their general shape, not by one page's wording."""

from __future__ import annotations

import pytest

from newsfuse.clean.text_cleaner import clean_plain_text, filter_extracted_text

BODY = (
    "The river authority opened the new flood barrier on Monday after four years of building work.\n"
    "Engineers said the barrier would protect about 3,000 homes from the spring surges.\n"
    "The council will review the barrier's first season in a report due next winter.\n"
)


def _reasons(text: str, extracted: bool = False) -> dict[str, str]:
    cleaned = filter_extracted_text(text) if extracted else clean_plain_text(text)
    return {removed.text: removed.reason for removed in cleaned.removed}


@pytest.mark.parametrize("extracted", [False, True])
@pytest.mark.parametrize("label", ["Ok, sounds fine!", "Accept and close", "Manage my choices", "Mehr erfahren"])
def test_a_button_beside_a_cookie_notice_belongs_to_the_banner(label: str, extracted: bool) -> None:
    notice = "This website stores cookies to count visits and remember your choices."
    reasons = _reasons(BODY + f"{notice}\n{label}\n", extracted)
    assert reasons[notice] == "cookie-notice"
    assert reasons[label] == "cookie-notice"


def test_menu_items_beside_a_privacy_link_are_not_consent_controls() -> None:
    # A one-word "Privacy" link in a footer menu is no banner: its neighbours keep their own reasons.
    reasons = _reasons(BODY + "Privacy\nOk Computer Tour Dates\nAbout us\n")
    assert reasons.get("Ok Computer Tour Dates") != "cookie-notice"
    assert reasons.get("About us") != "cookie-notice"


def test_a_button_label_far_from_any_notice_is_not_a_consent_control() -> None:
    text = "Ok, sounds fine!\n" + BODY
    assert _reasons(text, extracted=True).get("Ok, sounds fine!") != "cookie-notice"


@pytest.mark.parametrize(
    ("line", "is_markup"),
    [
        ("#size=(large) #align=(left)", True),
        ("data-width=300 data-height=250", True),
        ("(event) => { hide(); }", True),
        ("<div class='promo'>", True),
        ("=> see the timetable below", False),
        ("<The Quiet Hour> opens at the city theatre", False),
        ("The survey (n=812, 64 %) and the panel (n=95, 12 %) agreed", False),
    ],
)
def test_markup_is_code_shaped_not_punctuation_shaped(line: str, is_markup: bool) -> None:
    reasons = _reasons(BODY.replace("\n", f"\n{line}\n", 1), extracted=True)
    assert (reasons.get(line) == "markup") is is_markup


def test_an_author_box_is_found_by_its_shape() -> None:
    # A name plate, then a sentence that opens with the name and gives a profession, after the article.
    bio = "Sam Ortega is a reporter who covers rivers, coasts and the towns that live beside them."
    reasons = _reasons(BODY + f"Sam Ortega | Contact\n{bio}\n")
    assert reasons[bio] == "author-bio"
    assert reasons["Sam Ortega | Contact"] == "author-bio"


def test_a_reporter_quoted_inside_the_article_is_not_a_bio() -> None:
    quoted = "Sam Ortega, a reporter who has followed the project since 2019, said the opening was overdue."
    lines = BODY.split("\n")
    page = "\n".join([lines[0], quoted, *lines[1:]])
    assert quoted in clean_plain_text(page).text
