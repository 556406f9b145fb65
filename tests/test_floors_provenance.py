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

    measured = provenance.measure(show=False, ci=True)
    problems = floors.check(provenance.floor_scores(measured), provenance.data_digest(), "provenance")
    assert not problems, "\n".join(problems)
    # newsfuse must stay ahead of the containment peer measured on the same folds.
    ours = measured["counter.newsfuse (2-fold out-of-fold).macro-F1"]
    assert ours > measured["counter.peer: 3-gram containment (2-fold out-of-fold).macro-F1"]
