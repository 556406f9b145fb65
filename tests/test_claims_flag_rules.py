"""The rules that keep flags precise, on small texts of our own: copied passages, credits, checkable claims."""

from __future__ import annotations

from newsfuse.brief.flags import flags_for
from newsfuse.claims.copies import aligned_sentences, copy_edits, in_passage
from newsfuse.claims.quotes import quote_spans
from newsfuse.claims.sources import independent_support, index_relations
from newsfuse.claims.speakers import named_credit, same_source
from newsfuse.records import (
    BriefSentence,
    ClaimGroup,
    ClaimMention,
    NumberValue,
    Passage,
    Provenance,
    QuoteValue,
    Relation,
)
from tests.test_claims import _article

REPORT = (
    "Flooding closed the coastal road near Varnholm on Monday.\n"
    "The river rose 3 metres overnight, the regional water board said.\n"
    "“We have never seen the water come up this fast in spring,” said Ada Lindqvist, a ferry operator.\n"
    "Repairs are not expected before the weekend, and the board has no further comment.\n"
    "Schools in the valley stay shut until Thursday."
)


def _kinds(parent: str, child: str) -> list[str]:
    return [e.kind for e in copy_edits(_article("p", parent), _article("c", child))]


def test_a_copied_passage_with_a_cut_credit_is_an_edit() -> None:
    child = REPORT.replace(", the regional water board said.", ".")
    assert _kinds(REPORT, child) == ["attribution"]


def test_one_sentence_two_articles_share_is_no_copied_passage() -> None:
    # Two articles that both quote one line of a statement, in otherwise different words.
    parent = "Officials met on Monday.\nThe river rose 3 metres overnight, the regional water board said.\nMore soon."
    child = "Residents packed sandbags all night long in the old town.\nThe river rose 3 metres overnight.\nBye now."
    assert _kinds(parent, child) == []
    aligned = aligned_sentences(_article("p", parent), _article("c", child))
    assert aligned and not in_passage(aligned)


def test_a_trimmed_clause_is_not_a_negation_taken_out() -> None:
    child = REPORT.replace(", and the board has no further comment.", ".")
    assert "negation" not in _kinds(REPORT, child)
    assert _kinds(REPORT, REPORT.replace("are not expected", "are expected")) == ["negation"]


def test_a_credit_kept_in_the_next_sentence_is_not_dropped() -> None:
    parent = REPORT.replace(
        "“We have never seen the water come up this fast in spring,” said Ada Lindqvist, a ferry operator.",
        "“We have never seen the water come up this fast in spring,” said Lindqvist. “It is unusual,” she added.",
    )
    child = parent.replace(
        "“We have never seen the water come up this fast in spring,” said Lindqvist.",
        "“We have never seen the water come up this fast in spring.” Lindqvist said so on radio.",
    )
    assert "attribution" not in _kinds(parent, child)


def test_a_rewritten_stretch_of_a_quote_is_not_a_replaced_word() -> None:
    child = REPORT.replace("come up this fast in spring", "rise like that at any time of the year")
    assert "quote" not in _kinds(REPORT, child)
    assert _kinds(REPORT, REPORT.replace("this fast in spring", "this fast in winter")) == ["quote"]


def test_wire_copy_quotations_closed_by_two_apostrophes() -> None:
    text = "\"The dam held through the night, '' the engineer said. Then he left."
    assert [text[s:e] for s, e in quote_spans(text)] == ["The dam held through the night"]


def test_credits_in_other_forms_name_one_source() -> None:
    assert same_source("USGS", "US Geological Survey")
    assert same_source("U.S. Geological Survey", "USGS")
    assert same_source("Mr Lindqvist", "Ada Lindqvist, a ferry operator")
    assert not same_source("USGS", "European Space Agency")


def _mention(credit: str, sentence: str, kind: str | None = "ORG", inferred: bool = False) -> ClaimMention:
    value = QuoteValue(direct=False, source_kind=kind, inferred=inferred)
    return ClaimMention("a", "attribution", (0, 10), "the river rose fast", sentence, attributed_to=credit, value=value)


def test_only_specific_names_in_the_sentence_are_named_credits() -> None:
    assert named_credit(_mention("Varnholm Water Board", "The river rose, the Varnholm Water Board said."))
    assert named_credit(_mention("Ada Lindqvist", "Ada Lindqvist said the river rose.", "PERSON"))
    assert not named_credit(_mention("officials", "The river rose, officials said.", "OTHER"))
    assert not named_credit(_mention("Officials", "Officials said the river rose.", None))
    assert not named_credit(_mention("Ada Lindqvist", "She said the river rose.", "PERSON"))  # named elsewhere
    assert not named_credit(_mention("Ada Lindqvist", "Ada Lindqvist said the river rose.", "PERSON", inferred=True))
    assert not named_credit(_mention("Neither", "Neither expected the river to rise.", None))


OTHER_SAYS = "The coastal road near Varnholm was shut on Monday after the river rose 3 metres overnight."
OTHER_SILENT = "The coastal road near Varnholm was shut on Monday after heavy rain fell over the valley."


OTHER_COUNTS = "The coastal road near Varnholm was shut on Monday, and 40 households were told to leave."


def _single_source_figure(metres: int, other: str = OTHER_SAYS, parents: tuple[tuple[str, str], ...] = ()) -> list[str]:
    report = REPORT.replace("3 metres", f"{metres} metres")
    articles = [_article("a", report), _article("b", other), _article("x", OTHER_SILENT)]
    start = report.index(f"{metres} metres")
    figure = ClaimMention(
        "a",
        "number",
        (start, start + 8),
        f"{metres} metres",
        report.splitlines()[1],
        measure="river rose",
        value=NumberValue(amount=float(metres), unit="count"),
    )
    group = ClaimGroup("s", "c1", "number", f"river rose: {metres} metres", "single-source", (figure,), 1)
    corroborated = ClaimGroup("s", "c2", "event", "road shut", "corroborated", (), 2)
    brief = [BriefSentence(report.splitlines()[1], ("a",), "a", (start - 16, start + 40))]
    graph = Provenance("s", ("a", "b", "x"), 3, "a", parents=parents)
    return [f.status for f in flags_for([group, corroborated], brief, articles, graph)]


def test_a_figure_another_independent_article_gives_is_not_single_source() -> None:
    assert _single_source_figure(3) == []


def test_a_figure_no_other_article_gives_is_flagged_single_source() -> None:
    assert _single_source_figure(4, OTHER_COUNTS) == ["single-source"]


def test_no_single_source_flag_where_every_other_article_derives_from_the_claims_origin() -> None:
    # "No article outside its derivation states it" says nothing when there is no article outside it.
    assert _single_source_figure(4, OTHER_COUNTS, parents=(("b", "a"), ("x", "a"))) == []
    assert _single_source_figure(4, OTHER_COUNTS, parents=(("b", "a"),)) == ["single-source"]


def test_an_approximate_figure_elsewhere_states_a_close_one() -> None:
    # "about 4.2" in another independent article allows the 10% an "about" means; a bare 4.2 does not.
    about = "The coastal road near Varnholm was shut on Monday; water stood about 4.2 metres deep in the square."
    assert _single_source_figure(4, about) == []
    assert _single_source_figure(4, about.replace("about ", "")) == ["single-source"]


def test_a_derived_article_telling_the_measure_in_its_own_sentence_withholds_the_flag() -> None:
    # b derives from a, yet tells how far the river rose in a sentence of its own, with another value:
    # the fact is not one sentence's alone, and the discrepancy is not a single source.
    assert _single_source_figure(4, OTHER_SAYS, parents=(("b", "a"),)) == []
    assert _single_source_figure(4, OTHER_SILENT, parents=(("b", "a"),)) == ["single-source"]


def _single_source_quote(other: str) -> list[str]:
    sentence = REPORT.splitlines()[2]
    start = REPORT.index("We have never")
    words = "We have never seen the water come up this fast in spring"
    value = QuoteValue(direct=True, source_kind="PERSON")
    span = (start, start + len(words))
    quote = ClaimMention("a", "quote", span, words, sentence, speaker="Ada Lindqvist", value=value)
    group = ClaimGroup("s", "c1", "quote", f"Ada Lindqvist: {words}", "single-source", (quote,), 1)
    corroborated = ClaimGroup("s", "c2", "event", "road shut", "corroborated", (), 2)
    brief = [BriefSentence(sentence, ("a",), "a", (start - 1, start + len(sentence)))]
    articles = [_article("a", REPORT), _article("b", other), _article("x", OTHER_SILENT)]
    graph = Provenance("s", ("a", "b", "x"), 3, "a")
    return [f.status for f in flags_for([group, corroborated], brief, articles, graph)]


def test_a_quotation_is_single_source_only_where_no_independent_article_names_its_speaker() -> None:
    assert _single_source_quote(OTHER_SAYS) == ["single-source"]
    # In its own words, without the quotation's: the speaker is there, so the words may be too.
    paraphrase = "Ferry operator Ada Lindqvist said the water had risen faster than in any spring she recalls."
    assert _single_source_quote(paraphrase) == []


def test_a_bound_elsewhere_states_a_figure_it_allows_nearby() -> None:
    # "more than 3" tells a 4 (within the factor a bound allows), "less than 5" too; "more than 2" and
    # "more than 5" do not.
    water = "The coastal road near Varnholm was shut on Monday; water stood {} metres deep in the square."
    assert _single_source_figure(4, water.format("more than 3")) == []
    assert _single_source_figure(4, water.format("less than 5")) == []
    assert _single_source_figure(4, water.format("more than 2")) == ["single-source"]
    assert _single_source_figure(4, water.format("more than 5")) == ["single-source"]


def test_a_figure_held_by_a_quantifier_alone_names_no_measure_and_is_not_flagged() -> None:
    sentence = "Some 900 homes lost power, and another 250 were cut off from running water."
    report = f"Storm hits Varnholm.\n{sentence}"
    articles = [_article("a", report), _article("x", OTHER_SILENT)]
    start = report.index("250")

    def flagged(measure: str) -> list[str]:
        value = NumberValue(amount=250.0, unit="count")
        figure = ClaimMention("a", "number", (start, start + 3), "250", sentence, measure=measure, value=value)
        group = ClaimGroup("s", "c1", "number", f"{measure}: 250", "single-source", (figure,), 1)
        corroborated = ClaimGroup("s", "c2", "event", "storm", "corroborated", (), 2)
        brief = [BriefSentence(sentence, ("a",), "a", (report.index(sentence), len(report)))]
        return [
            f.status for f in flags_for([group, corroborated], brief, articles, Provenance("s", ("a", "x"), 2, "a"))
        ]

    assert flagged("another") == []
    assert flagged("running water") == ["single-source"]


def test_a_figure_another_article_gives_differently_is_not_single_source() -> None:
    # Another independent article tells how far the river rose, with another value: the claim is not one
    # source's alone (whether the two values conflict is the claim status's business).
    assert _single_source_figure(4, OTHER_SAYS) == []


PATROL = (
    "A van overturned on the ring road near Varnholm on Sunday night.\n"
    "The driver had been speeding through the roadworks, a patrol officer said.\n"
    "He was on probation for an earlier offence, he said.\n"
    "“We will reopen the ring road by noon on Monday,” the roads agency said in a statement.\n"
    "Traffic was diverted through the town centre."
)


def test_a_cut_pronoun_credit_after_a_credited_sentence_is_not_dropped() -> None:
    child = PATROL.replace("an earlier offence, he said.", "an earlier offence.")
    assert "attribution" not in _kinds(PATROL, child)


STATEMENT = (
    "A van overturned on the ring road near Varnholm on Sunday night.\n"
    "“We will reopen the ring road by noon on Monday,” the roads agency said in a statement.\n"
    "Traffic was diverted through the town centre.\n"
    "Buses ran on time."
)


def test_a_quotation_stated_as_fact_in_a_copy_is_a_cut_credit() -> None:
    # The copy takes the sentences around it word for word and prints the agency's
    # words as its own, without quotation marks or speaker: who said it is lost.
    child = STATEMENT.replace(
        "“We will reopen the ring road by noon on Monday,” the roads agency said in a statement.",
        "We will reopen the ring road by noon on Monday.",
    )
    assert _kinds(STATEMENT, child) == ["attribution"]
    kept = STATEMENT.replace(" the roads agency said in a statement.", "")
    assert _kinds(STATEMENT, kept) == ["attribution"]


def test_two_rewrites_that_share_the_quoted_passage_are_one_source_and_two_interviews_are_two() -> None:
    """Siblings under one reprint both carry a quotation it cut: their relation's passage over it makes one source."""
    quote = "the talks went well"
    group = [ClaimMention(a, "quote", (10, 29), quote, quote, attributed_to="Ana Ruiz") for a in ("r1", "r2")]
    parent = {"r1": "wire", "r2": "wire"}
    over = Relation("s", "r1", "r2", "rewrite", 0.8, 0.7, (Passage((5, 40), (8, 38), "paraphrase", 0.93),), "date")
    elsewhere = Relation("s", "r1", "r2", "rewrite", 0.8, 0.7, (Passage((50, 90), (50, 90), "near", 0.9),), "date")
    assert independent_support(group, {}, parent, index_relations([over])) == 1
    # The same words, but their relation aligned other passages: not taken from each other.
    assert independent_support(group, {}, parent, index_relations([elsewhere])) == 2
    assert independent_support(group, {}, parent) == 2
