"""Stance floors: the support checker on FNC-1's report split (topics held apart from tuning).

CI checks the shipped thresholds and the similarity-only peer, both measured
in this run without the eval's vector cache (so the time is what a clean
clone pays); the grid search that re-derives the thresholds on the tune split
runs only in ``python -m evals.stance``.
"""

from __future__ import annotations

import pytest

from evals import floors
from tests.conftest import need_shared


@pytest.mark.corpus
@pytest.mark.slow
def test_stance_floors() -> None:
    need_shared("stance", "fnc1")
    from evals import stance

    measured = stance.floor_scores(stance.measure(show=False, retune=False, cache=None))
    floors.assert_holds("stance", measured, stance.data_digest())
    margin = measured["fnc1.report.FNC score margin over similarity only"]
    assert margin >= 0, f"the support checker scores {margin:+.4f} below embedding similarity alone"
