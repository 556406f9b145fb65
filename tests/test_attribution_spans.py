"""Attribution spans on sentences written for these tests: who said what, and where each content starts and ends."""

from __future__ import annotations

import pytest

from newsfuse.claims.attribution import Attribution, attributions
from newsfuse.claims.nlp import parse


def _found(text: str) -> list[tuple[str | None, str, bool]]:
    """(source, content, is a statement) of every attribution in the text."""
    doc = parse([text])[0]
    return [(a.source_text(text), text[a.content[0] : a.content[1]], a.speech) for a in attributions(doc)]


def _only(text: str) -> Attribution:
    found = attributions(parse([text])[0])
    assert len(found) == 1, found
    return found[0]


def test_a_quotation_split_by_its_speaker_is_one_content() -> None:
    text = (
        'Budget talks resumed on Monday.\n\n"While the plan is not ideal," she said, '
        '"I think most voters would accept it as a start."\n\nOthers disagreed.'
    )
    found = attributions(parse([text])[0])
    assert len(found) == 1
    quote = found[0]
    assert quote.kind == "direct"
    assert quote.source_text(text) == "she"
    assert [text[a:b] for a, b in quote.pieces] == [
        "While the plan is not ideal",
        "I think most voters would accept it as a start",
    ]


def test_reported_clause_keeps_its_that() -> None:
    assert _found("The mayor said that the bridge would reopen in May.") == [
        ("The mayor", "that the bridge would reopen in May", True)
    ]


def test_a_phrase_after_the_object_belongs_to_what_was_said() -> None:
    source, content, _ = _found("The council accused the contractor of delays on the harbour project.")[0]
    assert (source, content) == ("The council", "the contractor of delays on the harbour project")


def test_a_time_phrase_after_the_object_is_left_out() -> None:
    _, content, _ = _found("The governor endorsed the candidate on Tuesday.")[0]
    assert content == "the candidate"


@pytest.mark.parametrize("verb", ["decried", "slammed", "bemoaned"])
def test_learned_stance_verbs_mark_attributions_but_make_no_statement(verb: str) -> None:
    source, content, statement = _found(f"The union {verb} the new shift rota.")[0]
    assert (source, content, statement) == ("The union", "the new shift rota", False)


def test_a_passive_expectation_has_no_source_and_takes_its_subject() -> None:
    attribution = _only("The harbour bridge is expected to reopen in May.")
    assert attribution.source is None
    assert not attribution.speech  # no one is quoted, so no claim is made of it
    text = "The harbour bridge is expected to reopen in May."
    assert text[attribution.content[0] : attribution.content[1]] == "The harbour bridge is expected to reopen in May"


def test_a_sourceless_cue_never_displaces_a_quotation() -> None:
    text = 'Groups backing the tunnel plan rallied. "We will keep pushing," the organiser said.'
    found = _found(text)
    assert ("the organiser", "We will keep pushing", True) in found


def test_an_indirect_question_is_the_content_of_ask() -> None:
    text = "A reporter asked the minister whether the tunnel would be finished on time."
    source, content, _ = _found(text)[0]
    assert (source, content) == ("A reporter", "whether the tunnel would be finished on time")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            'The governor said on Friday that the levy "had run its course."',
            'that the levy "had run its course."',
        ),
        ('The governor said the levy "had run its course," and left early.', 'the levy "had run its course,"'),
        ("The governor said the levy was “a relic” of another era.", "the levy was “a relic” of another era"),
    ],
)
def test_a_reported_clause_ending_in_a_quotation_keeps_both_its_marks(text: str, content: str) -> None:
    assert [found[1] for found in _found(text)] == [content]


def test_a_curly_mark_that_ends_its_paragraph_opens_no_quotation() -> None:
    # The first quotation is closed with an opening mark by mistake; the reporter's next paragraph
    # must not become part of a quotation that runs on to the next speaker's words.
    text = (
        'The council wrote that "the budget cannot carry another levy this year.“\n'
        "Rents rose by a fifth in the same period, and the harbour fees by more than 40 percent.\n"
        "“Nobody on the council wanted the levy,” said Mayor Ines Varga. “It was forced on us.”"
    )
    quoted = [[text[a:b] for a, b in found.pieces] for found in _attributions(text) if found.kind == "direct"]
    assert not any("harbour fees" in piece for pieces in quoted for piece in pieces), quoted
    assert ["Nobody on the council wanted the levy", "It was forced on us"] in quoted


def _attributions(text: str) -> list[Attribution]:
    return attributions(parse([text])[0])
