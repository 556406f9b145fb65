"""The batch shingler gives the words of ``tokens.words``, hashed stably, and the duplicates stage's verification."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from newsfuse.cluster.duplicates import ShingleList, connected_groups, overlap, pair_overlaps
from newsfuse.index.lexical import hash_words, shingle_batch, shingles_of_words, word_hashes
from newsfuse.index.minhash import (
    LshParams,
    batch_signatures,
    candidate_pair_array,
    candidate_pairs,
    signatures,
    text_signatures,
)
from newsfuse.index.tokens import words

# Characters that exercise every route: ASCII, letters with one-character
# folds, folds of several letters, combining marks (composing and not), CJK,
# Devanagari (a script whose marks stay inside words), characters outside
# the BMP, Hangul jamo that compose, separators and lone surrogates.
POOL = [
    *"abcXYZ 09 ,.;-_'\n",
    "é", "É", "ß", "İ", "ı", "’", "“", "…", "\u00a0", "\u0301", "\u0308", "ﬁ", "Ａ", "中", "国", "か", "\u3099",
    "ह", "ि", "ं", "\U0001f600", "𝐀", "\U00020000", "ㄱ", "ㅏ", "가", "²", "½", "Σ", "ς", "\u200b", "\x01",
    "ǅ", "Ⅻ", "㈱", "\ud800",
]  # fmt: skip


def test_batch_words_equal_the_regex_words_on_random_text() -> None:
    rng = random.Random(11)
    for _ in range(400):
        texts = ["".join(rng.choice(POOL) for _ in range(rng.randint(0, 40))) for _ in range(rng.randint(1, 6))]
        hashes, offsets = word_hashes(texts)
        for i, text in enumerate(texts):
            assert np.array_equal(hashes[offsets[i] : offsets[i + 1]], hash_words(words(text))), repr(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The QUICK brown fox", ["the", "quick", "brown", "fox"]),
        ("naïve café", ["naïve", "café"]),
        ("Straße", ["strasse"]),
        ("中国和", ["中", "国", "和"]),
        ("don’t stop…now", ["don", "t", "stop", "now"]),
    ],
)
def test_word_hashes_follow_words(text: str, expected: list[str]) -> None:
    hashes, _ = word_hashes([text])
    assert words(text) == expected
    assert np.array_equal(hashes, hash_words(expected))


def test_shingle_rows_match_one_text_at_a_time_across_chunks() -> None:
    rng = random.Random(5)
    vocabulary = "alpha beta gamma delta epsilon zeta eta theta".split()
    texts = [" ".join(rng.choice(vocabulary) for _ in range(rng.choice([0, 1, 2, 3, 7, 40]))) for _ in range(300)]
    batch = shingle_batch(texts)
    assert len(batch) == len(texts)
    for i, text in enumerate(texts):
        assert np.array_equal(batch.row(i), shingles_of_words(words(text)))
    assert [len(batch.row(i)) for i in range(3)] == [len(shingles_of_words(words(t))) for t in texts[:3]]


def test_hashes_are_stable_across_processes() -> None:
    # The store keeps signatures: a hash must not depend on the process (Python's str hash is salted).
    code = "from newsfuse.index.lexical import word_hashes; print(word_hashes(['News, fuse! Ünïcode'])[0].tolist())"
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert runs == {str(word_hashes(["News, fuse! Ünïcode"])[0].tolist()) + "\n"}
    assert hash_words(["news", "fuse"]).tolist() == word_hashes(["News, fuse!"])[0].tolist()


def test_batch_signatures_equal_per_set_signatures_with_empty_texts() -> None:
    texts = ["one two three four", "", "five six", "", "seven eight nine ten eleven"]
    batch = shingle_batch(texts)
    assert np.array_equal(batch_signatures(batch), signatures(batch.rows()))


def test_candidate_array_equals_bucket_pairs_including_large_buckets() -> None:
    rng = np.random.default_rng(1)
    signature_matrix = rng.integers(0, 3, size=(120, 128)).astype(np.uint32)  # many shared buckets
    params = LshParams.for_threshold(0.3)
    pairs = candidate_pair_array(signature_matrix, params)
    assert candidate_pairs(signature_matrix, params) == {(int(a), int(b)) for a, b in pairs}
    assert bool(np.all(pairs[:, 0] < pairs[:, 1]))


def test_pair_overlaps_equal_set_arithmetic() -> None:
    rng = np.random.default_rng(0)
    sets = [np.unique(rng.integers(0, 400, size=rng.integers(0, 200)).astype(np.uint64)) for _ in range(30)]
    sets[4] = np.zeros(0, dtype=np.uint64)
    pairs = np.array([(i, j) for i in range(30) for j in range(i + 1, 30)])
    jaccard, containment = pair_overlaps(ShingleList(sets), pairs)
    for k, (i, j) in enumerate(pairs):
        expected = overlap(sets[i], sets[j])
        shared = len(set(sets[i].tolist()) & set(sets[j].tolist()))
        assert (jaccard[k], containment[k]) == pytest.approx((expected.jaccard, expected.containment))
        if len(sets[i]) and len(sets[j]):
            assert containment[k] == pytest.approx(shared / min(len(sets[i]), len(sets[j])))


def test_connected_groups_sorted_by_first_member() -> None:
    edges = np.array([[5, 6], [0, 3], [2, 2], [1, 4], [4, 6]])
    assert connected_groups(7, edges) == [[0, 3], [1, 4, 5, 6]]
    assert connected_groups(3, np.zeros((0, 2), dtype=np.int64)) == []


def test_migration_65_resigns_stored_minhashes(tmp_path: Path) -> None:
    from newsfuse.records import Fingerprint
    from newsfuse.store import DuckDBStore
    from tests.articles import make_article

    texts = ["Rivers rose over the old bridge before dawn.", "A council vote on the harbour plan was delayed."]
    path = str(tmp_path / "old.duckdb")
    with DuckDBStore(path) as store:
        articles = [make_article(f"a{i}", text) for i, text in enumerate(texts)]
        store.write_batch(articles, [], [])
        stale = np.zeros(128, dtype="<u4").tobytes()  # as if signed by the previous word hash
        store.write_fingerprints([Fingerprint(a.id, "h" + a.id, stale, b"", b"", (), "none") for a in articles])
        store.con.execute("DELETE FROM schema_migrations WHERE version = 65")
    with DuckDBStore(path) as store:
        stored = {f.article_id: np.frombuffer(f.minhash, dtype="<u4") for f in store.iter_fingerprints()}
        assert store.schema_version() >= 65  # later migrations run too
    expected = text_signatures(texts)
    assert np.array_equal(stored["a0"], expected[0]) and np.array_equal(stored["a1"], expected[1])
