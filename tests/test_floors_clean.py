"""Cleaning floors: a change may not make main-text extraction or plain-text cleaning worse.

CI runs the eval's report split only (the figure ``evals.clean`` quotes: 67
ScrapingHub and 230 trafilatura-eval pages, about half the run time of both
splits); ``python -m evals.clean`` prints both splits. The margins over the
best peer setting measured in the same run (trafilatura's best setting for
HTML, jusText for plain text) are floors like any score: on trafilatura's own
benchmark newsfuse is 0.007-0.008 F1 behind trafilatura's best setting, a
gap the floor may not widen; everywhere else newsfuse must not fall behind.
"""

from __future__ import annotations

import pytest

from evals import floors
from tests.conftest import need_shared


@pytest.mark.corpus
@pytest.mark.slow
def test_cleaning_floors() -> None:
    need_shared("clean", "scrapinghub")
    need_shared("clean", "trafilatura-eval")
    from evals import clean

    measured = clean.floor_scores(clean.measure(show=False, splits=("report",)))
    floors.assert_holds("clean", measured, clean.data_digest())
    behind = {
        name: round(value, 4)
        for name, value in measured.items()
        if "margin" in name and value < 0 and not name.startswith("trafilatura_eval.")
    }
    assert not behind, f"newsfuse is below its best peer on {behind}"
