"""Claims: extraction, normalisation, matching and statuses, on our own small articles."""

from __future__ import annotations

import numpy as np
import pytest

from newsfuse.claims.extract import extract_claims
from newsfuse.claims.numbers import parse_quantity, resolve_year
from newsfuse.claims.stage import claims_for_story
from newsfuse.claims.support import check_support
from newsfuse.clean.sentences import sentence_spans
from newsfuse.index.embed import E5Embedder
from newsfuse.records import Article, Credit, Provenance, Story

WIRE = (
    "The port authority of Lindholm approved a 310 million euro expansion of the northern terminal on Thursday.\n"
    "“This is the largest investment in the port for a generation,” said Anna Berg, the authority's director.\n"
    "Berg said the two new berths would be ready by 2028.\n"
    "Cargo volumes rose 12% last year, according to the regional statistics office."
)
COPY = (
    "The port authority of Lindholm approved a 310 million euro expansion of the northern terminal on Thursday.\n"
    "This is the largest investment in the port for a generation.\n"
    "The two new berths would be ready by 2028.\n"
    "Cargo volumes rose 12% last year."
)
OTHER = (
    "Lindholm's harbour board backed a plan on Thursday to expand the northern terminal for 320 million euros.\n"
    "Local fishermen fear that dredging will damage spawning grounds, their association said."
)


def _article(article_id: str, text: str, **kwargs: object) -> Article:
    return Article(
        id=article_id,
        input=article_id,
        text=text,
        source_format="text",
        language="en",
        sentences=tuple(sentence_spans(text)),
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("text", "amount", "unit", "currency", "qualifier"),
    [
        ("$190 billion", 190e9, "currency", "USD", None),
        ("190,000 million dollars", 190e9, "currency", "USD", None),
        ("USD 190bn", 190e9, "currency", "USD", None),
        ("more than 40%", 40.0, "percent", None, "more than"),
        ("over 40 percent", 40.0, "percent", None, "over"),
        ("2.5 million", 2.5e6, "count", None, None),
    ],
)
def test_quantities_normalise(text: str, amount: float, unit: str, currency: str | None, qualifier: str | None) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None
    assert (quantity.amount, quantity.unit, quantity.currency, quantity.qualifier) == (
        amount,
        unit,
        currency,
        qualifier,
    )


def test_relative_years_resolve_against_the_article_date() -> None:
    assert resolve_year("sales rose this year", 2023) == 2023
    assert resolve_year("trade reached a record last year", 2023) == 2022
    assert resolve_year("in 2019 it fell", None) == 2019
    assert resolve_year("this year", None) is None


def test_extraction_finds_speaker_quote_numbers_and_according_to() -> None:
    article = _article("w", WIRE)
    mentions = extract_claims([article])["w"]
    quotes = [m for m in mentions if m.type == "quote"]
    assert any(
        m.content.startswith("This is the largest investment") and m.speaker and m.speaker.startswith("Anna Berg")
        for m in quotes
    )
    assert any(m.speaker and m.speaker.startswith("Anna Berg") and "berths" in m.content for m in quotes)
    numbers = {m.content: m for m in mentions if m.type == "number"}
    assert numbers["310 million euro"].value_dict()["currency"] == "EUR"
    assert numbers["12%"].attributed_to == "regional statistics office"
    for mention in mentions:
        assert article.text[mention.span[0] : mention.span[1]] == mention.content


@pytest.fixture(scope="module")
def story_claims() -> list:  # type: ignore[type-arg]
    articles = [
        _article("wire", WIRE, credits=(Credit("(Reuters)", "Reuters", "wire"),), published_at="2024-05-02T09:00:00"),
        _article("copy", COPY, published_at="2024-05-02T13:00:00"),
        _article("other", OTHER),
    ]
    embedder = E5Embedder()
    vectors = {a.id: embedder.embed([a.text[s:e] for s, e in a.sentences]) for a in articles}
    graph = Provenance("s1", ("wire", "other"), 2, "wire", ("Reuters",), (("copy", "wire"),))
    story = Story("s1", tuple(a.id for a in articles), None, None, None)
    return claims_for_story(story, articles, vectors, graph)


def test_dropped_attribution_is_flagged(story_claims: list) -> None:  # type: ignore[type-arg]
    quote = next(g for g in story_claims if g.type == "quote" and "largest investment" in g.statement)
    assert quote.status == "attribution-dropped"
    assert {m.article_id for m in quote.mentions} == {"wire", "copy"}


def test_different_figures_for_one_thing_conflict(story_claims: list) -> None:  # type: ignore[type-arg]
    cost = next(
        g for g in story_claims if g.type == "number" and {m.article_id for m in g.mentions} >= {"wire", "other"}
    )
    assert cost.status == "conflicting"
    assert cost.independent_support == 2


def test_copies_do_not_corroborate(story_claims: list) -> None:  # type: ignore[type-arg]
    cargo = next(g for g in story_claims if g.type == "number" and "12%" in g.statement)
    assert cargo.independent_support == 1  # the copy counts with the wire it derives from


def test_support_checker_agrees_refutes_and_ignores() -> None:
    embedder = E5Embedder()
    article = _article("w", WIRE)
    vectors = embedder.embed([article.text[s:e] for s, e in article.sentences])

    def stance(statement: str, text: str = article.text) -> str:
        return check_support(statement, embedder.embed([statement])[0], text, list(article.sentences), vectors).stance

    assert (
        stance("The port authority of Lindholm approved a 310 million euro expansion of the northern terminal.")
        == "agree"
    )
    assert (
        stance("The port authority of Lindholm approved a 450 million euro expansion of the northern terminal.")
        == "disagree"
    )
    assert stance("The football club sacked its coach after six straight defeats.") == "unrelated"
    assert np.isfinite(check_support("x", np.zeros(384), article.text, [], np.zeros((0, 384))).score)
