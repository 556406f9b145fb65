"""A bounded load run on loopback: 10 concurrent clients over a store of 10,000 articles lose nothing.

Latencies are printed, not asserted (the figures live in benchmarks/web_load.py).
"""

from __future__ import annotations

import statistics
from pathlib import Path

import httpx
import pytest

from benchmarks.synthetic import build
from benchmarks.web_load import LIGHT, build_store, percentile, run_load
from newsfuse.store import open_store
from newsfuse.web.app import create_app
from newsfuse.web.background import serve_in_thread
from tests.conftest import need_shared

SIZE, CLIENTS, REQUESTS = 10_000, 10, 6


@pytest.mark.slow
def test_ten_clients_over_ten_thousand_articles_lose_nothing(tmp_path: Path) -> None:
    need_shared("stories", "ecbplus")  # the synthetic articles are made of real sentences
    path = tmp_path / "load.duckdb"
    story_ids = build_store(path, SIZE)
    with open_store(str(path), read_only=True) as store:
        before = store.describe()["articles"]
    assert before == SIZE
    # Only base articles (no copies), so every posted text is new.
    texts = build(CLIENTS * REQUESTS + 1, seed=77, copy_rate=0.0, negative_rate=0.0).texts
    app = create_app(str(path), "load", settings=LIGHT)
    try:
        with serve_in_thread(app) as base:
            warm = httpx.post(
                f"{base}/api/articles",
                json={"id": "warm", "text": texts[0]},
                headers={"Authorization": "Bearer load"},
                timeout=600,
            )
            assert warm.status_code == 200
            timings = run_load(base, story_ids, CLIENTS, REQUESTS, texts[1:])
            app.state.access.wait_for_refresh()
    finally:
        app.state.access.close()
    with open_store(str(path), read_only=True) as store:
        ids = [a.id for a in store.iter_articles()]
        assigned = store.story_assignments()
    posted = len(timings["POST /api/articles"])
    assert len(ids) == len(set(ids)) == before + 1 + posted
    assert all(i in assigned for i in ids)
    for kind, values in timings.items():
        print(
            f"{kind}: p50 {statistics.median(values):.1f} ms, p99 {percentile(values, 0.99):.1f} ms (n={len(values)})"
        )
