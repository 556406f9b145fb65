"""Quality floors of the brief, judged by the independent faithfulness check (evals/brief.py, CI subset)."""

from __future__ import annotations

import pytest

from evals import floors
from tests.conftest import need_shared


@pytest.mark.corpus
@pytest.mark.slow
def test_brief_floors() -> None:
    need_shared("summaries", "multinews")
    need_shared("consistency", "qags")
    from evals import brief

    measured = brief.measure(show=False, ci=True)
    problems = floors.check(brief.floor_scores(measured), brief.data_digest(), "brief")
    assert not problems, "\n".join(problems)
