"""Quality floors on the shared corpora: a change may not make results worse."""

from __future__ import annotations

import pytest

from evals import floors
from tests.conftest import need_shared


@pytest.mark.corpus
@pytest.mark.slow
def test_cleaning_floors() -> None:
    need_shared("clean", "scrapinghub")
    from evals import clean

    measured = clean.floor_scores(clean.measure(show=False))
    problems = floors.check(measured, clean.data_digest(), "clean")
    assert not problems, "\n".join(problems)
    # newsfuse must stay at least as good as plain trafilatura on both benchmarks.
    assert measured["scrapinghub.margin_over_trafilatura"] >= 0
    assert measured["trafilatura_eval.margin_over_trafilatura"] >= 0
