"""Quality floors of the brief's ROUGE on Multi-News, beside LexRank in the same run (evals/multinews.py).

CI measures a fixed subset: the first 12 clusters of the reporting half
(mn002, mn006, ...), through the pipeline and with each cluster as one story.
"""

from __future__ import annotations

import pytest

from evals import floors
from tests.conftest import need_shared


@pytest.mark.corpus
@pytest.mark.slow
def test_multinews_floors() -> None:
    need_shared("summaries", "multinews")
    from evals import multinews

    measured = multinews.measure(multinews.CI_CLUSTERS, "report", show=False, whole_corpus=False)
    problems = floors.check(multinews.floor_scores(measured), multinews.data_digest(), "multinews")
    assert not problems, "\n".join(problems)
    # The brief must beat LexRank on ROUGE-2 in the same run, whatever the floors say.
    assert measured["report.newsfuse (cluster as one story).rouge2"] > measured["report.LexRank (sumy).rouge2"]
