"""Stance floors: the support checker on FNC-1's report split (topics held apart from tuning).

CI embeds the report split alone, without the eval's vector cache (so the
time is what a clean clone pays), and checks the shipped thresholds there.
The similarity-only peer gets its threshold tuned on the report split itself
(an oracle, so the bar is if anything higher than in the full eval), and the
checker must match it on macro-F1 (on the FNC score the two are level: the
peer calls every related pair "discuss", which that score rewards). The grid
search that re-derives the thresholds on the tune split runs only in
``python -m evals.stance``.
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

    measured = stance.measure(show=False, retune=False, cache=None, report_only=True)
    floors.assert_holds("stance", stance.floor_scores(measured), stance.data_digest())
    margin = stance.margin_over_similarity(measured, "macro F1")
    assert margin >= 0, f"the support checker's macro-F1 is {margin:+.4f} below embedding similarity alone"
