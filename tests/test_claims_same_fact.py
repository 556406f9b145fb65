"""What is one fact told twice, on small texts of our own: unit conversions, typos, glosses, holders, credits."""

from __future__ import annotations

from collections.abc import Callable

from newsfuse.claims.figures import plain_figure
from newsfuse.claims.speakers import same_source
from newsfuse.claims.units import same_measurement
from newsfuse.claims.wording import different_words
from newsfuse.records import ClaimGroup
from tests.test_claims_flag_rules import _kinds
from tests.test_claims_matching import run_story  # noqa: F401  (the fixture)

QUAKE = (
    "A strong earthquake shook the island of Tervo early on Sunday.\n"
    "The quake struck at a depth of 22 miles, the seismology institute said.\n"
    "“The walls of the old church moved like a boat on the sea,” said Paula Ivarsson, a baker.\n"
    "The harbour wall, about 200 ft long, cracked in two places.\n"
    "Ferries stayed in port until noon."
)


def test_a_figure_converted_to_other_units_is_no_change() -> None:
    assert _kinds(QUAKE, QUAKE.replace("22 miles", "35 kilometres")) == []
    assert _kinds(QUAKE, QUAKE.replace("about 200 ft", "about 60 m")) == []
    assert _kinds(QUAKE, QUAKE.replace("22 miles", "50 kilometres")) == ["figure"]
    assert _kinds(QUAKE, QUAKE.replace("22 miles", "29 miles")) == ["figure"]


def test_units_convert_with_rounding_but_not_across_dimensions() -> None:
    assert same_measurement(85, "miles", 135, "km") is True
    assert same_measurement(85, "miles", 85, "km") is False
    assert same_measurement(3, "tons", 3, "metres") is None
    assert same_measurement(17, "passes", 29, "passes") is None


def test_typos_ordinals_contractions_and_glosses_in_a_quote_are_no_change() -> None:
    assert not different_words(["crash"], ["cash"])
    assert not different_words(["12th"], ["twelfth"])
    assert not different_words(["i'm", "at"], ["i", "am"])
    assert different_words(["twenty"], ["thirty"])
    assert different_words(["boat"], ["whale"])
    glossed = QUAKE.replace("the old church", "[the] old church [of St Olaf]")
    assert _kinds(QUAKE.replace("the old church", "[the] old church [on the hill]"), glossed) == []


def test_a_word_masked_with_asterisks_is_the_word_written_out() -> None:
    assert not different_words(["f***ed"], ["fucked"])
    assert not different_words(["sh*t", "day"], ["shit", "day"])
    assert different_words(["d**n"], ["boat"])
    sworn = QUAKE.replace("like a boat on the sea", "like a damn boat on the sea")
    assert _kinds(sworn, sworn.replace("damn", "d**n")) == []
    assert _kinds(sworn, sworn.replace("damn", "d**n").replace("boat", "whale")) == ["quote"]


def test_a_time_of_day_is_not_a_figure_a_copy_changes() -> None:
    stamped = QUAKE + "\nThis report was first published on the island's news site at 08:18 pm."
    assert _kinds(stamped, stamped.replace("08:18 pm", "09:58 am")) == []
    assert _kinds(stamped, stamped.replace("22 miles", "29 miles").replace("08:18", "09:58")) == ["figure"]
    scored = QUAKE + "\nThe island's football team won the match 3:1 on Sunday."
    assert _kinds(scored, scored.replace("3:1", "3:2")) == ["figure"]  # a score is no time of day


def test_a_credit_before_a_quotation_or_a_colon_is_kept() -> None:
    parent = QUAKE.replace(
        "“The walls of the old church moved like a boat on the sea,” said Paula Ivarsson, a baker.",
        "Paula Ivarsson, a baker, said: “I ran. The walls of the old church moved like a boat on the sea,” she said.",
    )
    child = parent.replace(" she said.", "")
    assert "attribution" not in _kinds(parent, child)
    estimated = QUAKE.replace(", the seismology institute said.", ", the institute estimated on its website.")
    kept = QUAKE.replace(", the seismology institute said.", ".").replace(
        "The quake struck", "Seismologists estimate the quake struck"
    )
    assert "attribution" not in _kinds(estimated, kept)


def test_a_spokesman_and_his_body_are_one_source() -> None:
    assert same_source("Ilse Marten, head of the Tervo Harbour Authority", "Tervo Harbour Authority")
    assert not same_source("Tervo Harbour Authority", "Ilse Marten")


def test_a_figure_split_by_a_tokeniser_or_a_clock_time_is_not_a_plain_figure() -> None:
    text = "The season total rose to 4, 183 and the fire was out by 7 a. m. with 31 engines."
    assert not plain_figure(text, (text.index("183"), text.index("183") + 3))
    assert not plain_figure(text, (text.index("7 a"), text.index("7 a") + 7))
    assert plain_figure(text, (text.index("31"), text.index("31") + 2))


GAME = "Tervo beat Holm 3-1 on Saturday.\nAnna Kask ran 12 kilometres in the match, a club record, the coach said."
GAME_OTHER_PLAYER = "Tervo beat Holm 3-1 on Saturday.\nMarta Lind ran 11 kilometres in the match, the coach said."
GAME_SAME_PLAYER = "Tervo beat Holm 3-1 on Saturday.\nAnna Kask ran 14 kilometres in the match, the coach said."
GAME_MILES = "Tervo beat Holm 3-1 on Saturday.\nAnna Kask ran 7.5 miles in the match, the coach said."
GAME_TWO_CLAUSES = "Anna Kask rushed for 226 yards while Marta Lind added 101. Tervo won on Saturday."
GAME_ONE_PLAYER = "RB Marta Lind rushed for 101 yards. Tervo gained 507 yards on Saturday."


def _statuses(groups: list[ClaimGroup]) -> set[str]:
    return {g.status for g in groups if g.type == "number"}


def test_figures_of_two_holders_or_in_two_units_do_not_conflict(
    run_story: Callable[..., list[ClaimGroup]],  # noqa: F811
) -> None:
    assert "conflicting" in _statuses(run_story({"a": GAME, "b": GAME_SAME_PLAYER}, {}))
    assert "conflicting" not in _statuses(run_story({"a": GAME, "b": GAME_OTHER_PLAYER}, {}))
    assert "conflicting" not in _statuses(run_story({"a": GAME, "b": GAME_MILES}, {}))
    # The name in the next clause holds the next figure, not this one.
    assert "conflicting" not in _statuses(run_story({"a": GAME_TWO_CLAUSES, "b": GAME_ONE_PLAYER}, {}))


def test_a_figure_is_corroborated_by_sources_of_its_value_only(
    run_story: Callable[..., list[ClaimGroup]],  # noqa: F811
) -> None:
    def run_figures(other: str) -> list[ClaimGroup]:
        return [g for g in run_story({"a": GAME, "b": other}, {}) if g.type == "number" and "kilometres" in g.statement]

    # Two holders' different figures grouped as one claim: neither corroborates the other.
    assert [g.status for g in run_figures(GAME_OTHER_PLAYER)] == ["single-source"]
    # The same figure told by another source is.
    same = "Holm lost 3-1 to Tervo on Saturday.\nIn the match Anna Kask ran 12 kilometres, the coach said."
    assert [(g.status, g.independent_support) for g in run_figures(same)] == [("corroborated", 2)]
