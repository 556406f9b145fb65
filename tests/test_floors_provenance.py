"""Provenance floors on fixed dev subsets: MEANTIME (two shuffled orders), COUNTER (100 pairs), ECB+ reprints.

About 4 minutes on 2 idle cores from a clean clone (embedding 440 articles
and their sentences); evals/provenance.py without --ci measures the full dev data.
"""

from __future__ import annotations

import pytest

from evals import floors
from tests.conftest import need_shared


@pytest.mark.corpus
@pytest.mark.slow
def test_provenance_floors() -> None:
    need_shared("translations", "meantime")
    need_shared("provenance", "counter")
    need_shared("stories", "ecbplus")
    from evals import provenance

    # On 100 pairs the out-of-fold macro-F1 of newsfuse and of the containment peer differ by
    # less than their spread over fold cuts, so the comparison with the peer is left to the
    # full eval (300 pairs); the floors hold the subset's own figures.
    measured = provenance.floor_scores(provenance.measure(show=False, ci=True))
    problems = floors.check(measured, provenance.data_digest(), "provenance")
    assert not problems, "\n".join(problems)
