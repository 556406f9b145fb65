"""Speakers: titles and pronouns resolve to the named person; credits compare across articles."""

from __future__ import annotations

from newsfuse.claims.attribution import attributions
from newsfuse.claims.extract import extract_claims
from newsfuse.claims.nlp import parse
from newsfuse.claims.speakers import SpeakerIndex, same_source
from tests.test_claims import _article

TALKS = (
    "Prime Minister Sanna Holm met President Ivo Marek of Moldavia in Tallinn on Monday.\n"
    "“Our two countries will build the bridge together, and nobody will stop it,” said the president.\n"
    "The Estonian prime minister, Sanna Holm, said the talks had been frank.\n"
    "Harbour director Piet Lund was cautious. He said the bridge would cost more than planned."
)


def _quotes(text: str) -> dict[str, str | None]:
    return {m.content: m.speaker for m in extract_claims([_article("t", text)])["t"] if m.type == "quote"}


def test_a_title_resolves_to_the_person_named_before_it() -> None:
    quotes = _quotes(TALKS)
    bridge = next(speaker for content, speaker in quotes.items() if content.startswith("Our two countries"))
    assert bridge is not None and bridge.startswith("Ivo Marek")


def test_a_quote_is_kept_whole_across_its_commas() -> None:
    assert "Our two countries will build the bridge together, and nobody will stop it" in _quotes(TALKS)


def test_a_pronoun_resolves_to_the_last_person_who_did_something() -> None:
    quotes = _quotes(TALKS)
    cost = next(speaker for content, speaker in quotes.items() if "cost more" in content)
    assert cost is not None and cost.startswith("Piet Lund")


def test_a_role_comes_from_the_title_a_name_stands_beside() -> None:
    index = SpeakerIndex(parse([TALKS])[0])
    roles = {p.name: p.role for p in index.people}
    assert roles["Sanna Holm"] is not None and "prime minister" in roles["Sanna Holm"].casefold()


def test_credits_compare_by_name_not_by_wording() -> None:
    assert same_source("Sanna Holm, Estonian Prime Minister", "Holm")
    assert same_source("Baltic News Agency", "the Baltic news agency")
    assert not same_source("Sanna Holm", "Ivo Marek")
    assert not same_source("Baltic News Agency", "Nordic Wire")


def test_a_name_that_qualifies_a_body_is_not_the_speaker() -> None:
    text = (
        "President Ivo Marek visited the harbour on Monday.\n"
        "The Marek administration said the bridge would be finished by the end of the decade."
    )
    credits = {m.content: m.attributed_to for m in extract_claims([_article("t", text)])["t"]}
    said = next(credit for content, credit in credits.items() if content.startswith("the bridge would"))
    assert said is not None and not said.startswith("Ivo Marek")


def test_a_section_label_in_capitals_credits_nobody_but_a_speaker_label_does() -> None:
    """'PROBLEM:' opens a listicle's section; 'TRUMP:' opens a transcript's turn; 'Trump:' a headline."""
    labelled = {
        "label": "PROBLEM: Last year, the average household bought 240 cartons of milk, more than ever before.",
        "transcript": "TRUMP: We are going to win so much that you will get tired of winning.",
        "headline": "Trump: I am the worst thing that ever happened to the Islamic State.",
    }
    found = {key: extract_claims([_article(key, text)])[key] for key, text in labelled.items()}
    assert all(m.attributed_to is None for m in found["label"]) and found["label"]
    assert [m.attributed_to for m in found["transcript"]] == ["TRUMP"]
    assert [m.attributed_to for m in found["headline"]] == ["Trump"]


def test_the_title_of_a_work_is_nobodys_quote_but_stays_an_attributed_span() -> None:
    text = (
        "A “news” report published by the Harbour Gazette entitled, “Bridge Costs Triple After Design Change Says "
        "Board,” drew angry letters.\n"
        "“The bridge will cost three times what was promised,” the harbour director, Piet Lund, said on Monday."
    )
    quotes = _quotes(text)
    assert list(quotes) == ["The bridge will cost three times what was promised"]
    spans = [text[a.content[0] : a.content[1]] for a in attributions(parse([text])[0])]
    assert any("Bridge Costs Triple" in span for span in spans)
