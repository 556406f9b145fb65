"""CI floors for attribution extraction on PolNeAR's dev split (evals/attribution.py)."""

from __future__ import annotations

import pytest

from evals import floors
from tests.conftest import need_shared


@pytest.mark.corpus
@pytest.mark.slow
def test_attribution_floors() -> None:
    need_shared("attribution", "polnear", "dev")
    from evals import attribution

    measured = attribution.measure(show=False)
    problems = floors.check(attribution.floor_scores(measured), attribution.data_digest(), "attribution")
    assert not problems, "\n".join(problems)
    # The bar for content spans on dev, and the peer stays behind.
    assert measured["polnear.newsfuse [overlap].content F1"] >= 0.75
    assert measured["polnear.newsfuse [exact].content F1"] >= 0.50
    assert (
        measured["polnear.newsfuse [overlap].content F1"]
        > measured["polnear.baseline (quotes + said) [overlap].content F1"]
    )
