"""Story floors on fixed dev subsets: ECB+ report topics, the first 150 SemEval report pairs, MEANTIME.

About 3 minutes on 2 idle cores from a clean clone (embedding about 1,000
articles); evals/stories.py without --ci measures the full dev data.
"""

from __future__ import annotations

import pytest

from evals import floors
from tests.conftest import need_shared


@pytest.mark.corpus
@pytest.mark.slow
def test_story_floors() -> None:
    need_shared("stories", "ecbplus")
    need_shared("similarity", "semeval2022-task8")
    need_shared("translations", "meantime")
    from evals import stories

    measured = stories.measure(show=False, ci=True)
    problems = floors.check(stories.floor_scores(measured), stories.data_digest(), "stories")
    assert not problems, "\n".join(problems)
    # The peer's threshold is fitted on the tuning topics; newsfuse must beat it on the report topics.
    peer = next(v for k, v in measured.items() if k.startswith("ecbplus.embedding avg-link") and k.endswith(".f1"))
    assert measured["ecbplus.newsfuse [report split].f1"] > peer
