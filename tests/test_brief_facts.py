"""Which claim groups the brief counts as one fact, and which quote mentions may back a citation (brief/facts.py)."""

from __future__ import annotations

from newsfuse.brief.facts import cites_quote, fact_ids, same_statement
from newsfuse.records import ClaimGroup, ClaimMention, NumberValue, QuoteValue

MAYOR = "Ana Ruiz, mayor of Lenbridge"
SENTENCE = "The ferry will run again from Monday, the mayor said."


def quote(article_id: str, content: str, speaker: str | None = MAYOR, direct: bool = True) -> ClaimMention:
    return ClaimMention(
        article_id, "quote", (0, len(content)), content, SENTENCE, speaker, speaker, "said", None, QuoteValue(direct)
    )


def figure(article_id: str, amount: float) -> ClaimMention:
    value = NumberValue(amount, "count", raw=str(amount))
    return ClaimMention(article_id, "number", (0, 2), str(amount), SENTENCE, measure="ferry crossings", value=value)


def group(claim_id: str, *mentions: ClaimMention) -> ClaimGroup:
    kind = mentions[0].type
    return ClaimGroup("s1", claim_id, kind, claim_id, "single-source", tuple(mentions), 1)


def test_one_remark_an_article_repeats_is_one_fact() -> None:
    headline = group("c1", quote("a", "The ferry runs again from Monday"))
    body = group("c2", quote("a", "From Monday the ferry runs again"), quote("b", "the ferry runs again from Monday"))
    other = group("c3", quote("a", "The bridge repairs take until spring"))
    facts = fact_ids([headline, body, other])
    assert facts["c1"] == facts["c2"] == "c1"
    assert facts["c3"] == "c3"


def test_the_same_words_from_another_speaker_are_another_fact() -> None:
    mayor = group("c1", quote("a", "The ferry runs again from Monday"))
    operator = group("c2", quote("b", "The ferry runs again from Monday", "Tom Hale, ferry operator"))
    assert fact_ids([mayor, operator]) == {"c1": "c1", "c2": "c2"}


def test_one_figure_stated_twice_is_one_fact_and_another_amount_is_not() -> None:
    facts = fact_ids([group("c1", figure("a", 12)), group("c2", figure("a", 12)), group("c3", figure("a", 40))])
    assert facts["c1"] == facts["c2"] != facts["c3"]


def test_a_quotation_is_backed_by_the_same_words_quoted_not_by_a_paraphrase() -> None:
    stated = quote("a", "The ferry runs again from Monday")
    assert cites_quote(stated, quote("b", "the ferry runs again from Monday"))
    assert not cites_quote(stated, quote("c", "the ferry running again from Monday", direct=False))
    reported = quote("a", "the ferry would run again from Monday", direct=False)
    assert cites_quote(reported, quote("c", "the ferry running again from Monday", direct=False))


def test_a_mention_credited_to_someone_else_or_saying_something_else_backs_no_citation() -> None:
    stated = quote("a", "The ferry runs again from Monday")
    assert not same_statement(stated, quote("b", "The ferry runs again from Monday", "Tom Hale, ferry operator"))
    assert not cites_quote(stated, quote("b", "the deep ties between the two harbour towns"))
