"""Outlet floors: the synthetic world and COUNTER's first 100 pairs (the CI subset of evals/outlets.py)."""

from __future__ import annotations

import pytest

from evals import floors
from tests.conftest import need_shared


@pytest.mark.corpus
@pytest.mark.slow
def test_outlet_floors() -> None:
    need_shared("provenance", "counter")
    from evals import outlets

    measured = outlets.measure(ci=True, show=False)
    problems = floors.check(outlets.floor_scores(measured), outlets.data_digest(), "outlets")
    assert not problems, "\n".join(problems)
    # The farm score must rank farms at least as well as the naive peer measured in the same run.
    assert measured["world.newsfuse farm score.AUC"] >= measured["world.peer (share not own reporting).AUC"]
