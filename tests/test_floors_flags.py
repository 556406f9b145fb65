"""CI floors for flags on planted changes (evals/flags.py), on a fixed subset of the report split.

The subset is the first 8 pairs of each kind (four changes and none: 40
pairs, 80 articles) of the report split, run through ``newsfuse run``.
"""

from __future__ import annotations

import pytest

from evals import floors
from tests.conftest import need_shared


@pytest.mark.corpus
@pytest.mark.slow
def test_planted_change_flag_floors() -> None:
    need_shared("summaries", "multinews")
    from evals import flags

    measured = flags.measure("report", flags.FLOOR_PER_KIND, show=False)
    problems = floors.check(flags.floor_scores(measured), flags.data_digest(), "flags")
    assert not problems, "\n".join(problems)
    prefix = "planted_report.newsfuse."
    # The bars: precision and recall, every kind of change, and quiet unchanged reprints.
    assert measured[prefix + "precision"] >= 0.90
    assert measured[prefix + "recall"] >= 0.80
    for kind in flags.CHANGE_KINDS:
        assert measured[f"{prefix}recall {kind}"] >= 0.60, kind
    assert measured[prefix + "unchanged flagged"] <= 0.05
