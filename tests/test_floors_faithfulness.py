"""Quality floors of the independent faithfulness check on the QAGS held-out half (evals/faithfulness.py)."""

from __future__ import annotations

import pytest

from evals import floors
from tests.conftest import need_shared


@pytest.mark.corpus
@pytest.mark.slow
def test_faithfulness_floors() -> None:
    need_shared("consistency", "qags")
    from evals import faithfulness

    measured = faithfulness.measure(show=False, with_peer=False)
    problems = floors.check(faithfulness.floor_scores(measured), faithfulness.data_digest(), "faithfulness")
    assert not problems, "\n".join(problems)
