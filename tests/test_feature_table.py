"""The growing feature table: one article at a time gives the same rows as one batch, in few blocks."""

from __future__ import annotations

import math

import numpy as np

from newsfuse.cluster.features import ArticleMeta, FeatureTable
from newsfuse.index.embed import DIMENSIONS
from newsfuse.index.fingerprints import pack_terms
from newsfuse.records import Fingerprint


def _fingerprint(i: int, rng: np.random.Generator) -> Fingerprint:
    vector = rng.normal(size=DIMENSIONS).astype("<f4")
    terms = {int(t): int(rng.integers(1, 4)) for t in rng.choice(5000, size=8, replace=False)}
    return Fingerprint(
        article_id=f"a{i}",
        exact_hash=f"h{i}",
        minhash=np.zeros(128, dtype="<u4").tobytes(),
        embedding=(vector / np.linalg.norm(vector)).astype("<f4").tobytes(),
        terms=pack_terms(terms),
        entities=(f"name{i % 7}", f"place{i % 3}"),
        embedder="test",
    )


def _articles(n: int) -> tuple[list[ArticleMeta], list[Fingerprint]]:
    rng = np.random.default_rng(5)
    metas = [ArticleMeta(f"a{i}", "en", f"2024-03-{1 + i % 28:02d}T10:00:00" if i % 5 else None) for i in range(n)]
    return metas, [_fingerprint(i, rng) for i in range(n)]


def test_adding_one_at_a_time_reads_back_as_one_batch_and_keeps_few_blocks() -> None:
    metas, prints = _articles(300)
    whole, grown = FeatureTable(), FeatureTable()
    whole.add(metas, prints)
    grown.add(metas[:100], prints[:100])
    for k in range(100, 300):
        grown.add(metas[k : k + 1], prints[k : k + 1])
        # Blocks halve in size, so a table of n rows holds about log2(n) of them, not one per addition.
        assert len(grown._blocks) <= math.log2(len(grown)) + 1
    rows = np.array([299, 0, 150, 101, 42, 250, 100, 299])
    expected, found = whole.select(rows), grown.select(rows)
    np.testing.assert_array_equal(found.embeddings, expected.embeddings)
    assert (found.terms != expected.terms).nnz == 0
    assert (found.entities != expected.entities).nnz == 0
    np.testing.assert_array_equal(grown.days(), whole.days())
    np.testing.assert_array_equal(grown.term_df, whole.term_df)
    assert grown.ids == whole.ids
    assert np.isnan(grown.days()[0]) and grown.days()[1] == whole.days()[1]


def test_the_whole_table_reads_back_in_order() -> None:
    metas, prints = _articles(40)
    table = FeatureTable()
    for k in range(40):
        table.add(metas[k : k + 1], prints[k : k + 1])
    every = table.select()
    assert every.size == 40
    first = np.frombuffer(prints[0].embedding, dtype="<f4")
    last = np.frombuffer(prints[39].embedding, dtype="<f4")
    np.testing.assert_array_equal(every.embeddings[0], first)
    np.testing.assert_array_equal(every.embeddings[39], last)
