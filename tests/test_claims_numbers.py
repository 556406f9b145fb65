"""Figures: currency by context, years are not figures, what a figure measures."""

from __future__ import annotations

import pytest

from newsfuse.claims.extract import extract_claims
from newsfuse.claims.figures import measure_keys
from newsfuse.claims.numbers import AMBIGUOUS_YEN_SIGN, parse_quantity, yen_or_yuan
from tests.test_claims import _article


def _currency(text: str, context: str) -> str | None:
    quantity = parse_quantity(text)
    assert quantity is not None
    return yen_or_yuan(quantity, context).currency


def test_the_yen_sign_takes_its_currency_from_the_words_around_it() -> None:
    assert _currency("¥40 billion", "The carmaker in Osaka raised its forecast; the yen weakened.") == "JPY"
    assert _currency("¥40 billion", "Shanghai regulators said the renminbi fund would grow.") == "CNY"
    assert _currency("¥40 billion", "The fund would grow, the manager said.") == AMBIGUOUS_YEN_SIGN
    assert _currency("40 billion yen", "Beijing said") == "JPY"  # a named currency is not overruled


@pytest.mark.parametrize("text", ["2017.", "2017", "1998,"])
def test_a_bare_year_is_a_year(text: str) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None and quantity.unit == "year"


def test_years_and_dates_do_not_become_figures() -> None:
    text = (
        "The ferry line was founded in 2017. Its owners said on March 14 that ticket sales reached 48,000 "
        "in the first quarter, up 12% from a year earlier."
    )
    numbers = [m for m in extract_claims([_article("f", text)])["f"] if m.type == "number"]
    assert sorted(m.content for m in numbers) == ["12%", "48,000"]


def test_a_figure_measures_the_noun_it_modifies_not_the_neighbouring_numbers() -> None:
    text = (
        "The tremor struck at a depth of 35 kilometres, about 60 kilometres from the port of Varna, "
        "and a 40% increase in aftershocks was recorded."
    )
    numbers = {m.content: m for m in extract_claims([_article("q", text)])["q"] if m.type == "number"}
    depth = next(m for c, m in numbers.items() if c.startswith("35"))
    share = next(m for c, m in numbers.items() if c.startswith("40"))
    assert depth.measure == "depth"
    assert share.measure is not None and share.measure.startswith("increase in aftershocks")
    assert not share.measure.startswith("a ")  # no "a increase" left by cutting the number out


def test_a_count_of_the_subject_measures_what_happened_to_it() -> None:
    text = (
        "Some 30 people were killed when shells hit the camp, officials said. The shells landed near a school "
        "where 350 people were taking shelter."
    )
    numbers = {m.content: m for m in extract_claims([_article("k", text)])["k"] if m.type == "number"}
    killed = next(m for c, m in numbers.items() if c.endswith(" 30") or c == "30")
    sheltering = numbers["350"]
    assert killed.measure and sheltering.measure
    assert "kill" in killed.measure and "take" in sheltering.measure
    assert measure_keys(killed.measure) != measure_keys(sheltering.measure)


def test_a_count_of_an_adjective_counts_people_in_that_state() -> None:
    text = "Marchers filled the square of Varnholm on Friday, as organisers said 13 dead across the region."
    numbers = {m.content: m for m in extract_claims([_article("d", text)])["d"] if m.type == "number"}
    assert numbers["13"].measure == "dead"


def test_each_side_of_a_tally_holds_its_own_figure_and_a_change_stays_a_change() -> None:
    text = (
        "A survey published on Monday found that Maria Lopez leads Tom Hale by 54 percent to 38 percent "
        "among registered voters. Turnout in the district rose from 31 percent to 45 percent over a decade."
    )
    numbers = {m.content: m for m in extract_claims([_article("t", text)])["t"] if m.type == "number"}
    assert numbers["54 percent"].measure == "Maria Lopez against Tom Hale"
    assert numbers["38 percent"].measure == "Tom Hale against Maria Lopez"
    change = next(m for c, m in numbers.items() if c.startswith("31"))
    assert change.measure is not None and "against" not in change.measure
    alone = "Maria Lopez leads by 54 percent to 38 percent among registered voters, the survey found."
    numbers = {m.content: m for m in extract_claims([_article("u", alone)])["u"] if m.type == "number"}
    assert (numbers["54 percent"].measure, numbers["38 percent"].measure) == ("Maria Lopez", "Maria Lopez's rival")


def test_measure_keys_fold_demonyms_plurals_and_drop_change_words() -> None:
    assert measure_keys("increase in Albanian wind exports") == measure_keys("Albania's wind export")
    assert measure_keys("Mexican oil output") == measure_keys("oil outputs of Mexico")
    assert not measure_keys("year-on-year increase")


def test_south_asian_scale_words_scale_the_figure_in_every_script() -> None:
    from newsfuse.claims.sentence_figures import qualified_figure_values

    lakh = parse_quantity("4 lakh")
    assert lakh is not None and lakh.amount == 400_000

    def values(text: str) -> list[float]:
        return [v for v, _, _ in qualified_figure_values(text, {})]

    assert values("Rs 5 crore, 19 کروڑ and 12 करोड़ rupees") == [5e7, 1.9e8, 1.2e8]
    assert values("Rs 5 crore (50 million rupees)") == [5e7, 5e7]


def test_an_emergency_line_is_not_a_figure_but_a_count_of_calls_is() -> None:
    text = (
        "Officers responding to 911 calls early on Sunday found the driver unhurt, the sheriff said. "
        "The county's dispatchers took 400 calls during the storm, and the 999 operator passed on another."
    )
    numbers = sorted(m.content for m in extract_claims([_article("e", text)])["e"] if m.type == "number")
    assert numbers == ["400"]
