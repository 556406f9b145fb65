"""CI floors for attribution extraction on PolNeAR's dev split (evals/attribution.py).

The CI subset is the whole dev split (84 articles: one parse, about half a
minute on 2 cores); train, the tuning split, is printed by the full eval only.
"""

from __future__ import annotations

import pytest

from evals import floors
from tests.conftest import need_shared


@pytest.mark.corpus
@pytest.mark.slow
def test_attribution_floors() -> None:
    need_shared("attribution", "polnear", "dev")
    from evals import attribution

    measured = attribution.measure(show=False, ci=True)
    problems = floors.check(attribution.floor_scores(measured), attribution.data_digest(), "attribution")
    assert not problems, "\n".join(problems)
    # The bar for content spans on dev.
    assert measured["polnear.newsfuse [overlap].content F1"] >= 0.75
    assert measured["polnear.newsfuse [exact].content F1"] >= 0.50
    # Both peers measured in the same run stay behind, exact and overlap.
    for peer in ("textacy direct_quotations", "baseline (quotes + said)"):
        for match in ("exact", "overlap"):
            ours = measured[f"polnear.newsfuse [{match}].content F1"]
            assert ours > measured[f"polnear.{peer} [{match}].content F1"], (peer, match)
