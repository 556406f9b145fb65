"""The duplicates stage decides clear candidate pairs from signatures and sizes, and verifies the rest exactly."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import pytest

from newsfuse.cluster.duplicates import (
    SCREEN_SIGMAS,
    find_duplicate_groups,
    near_duplicate_components,
    pair_thresholds,
    screen_pairs,
    selection_bias,
    texts_shingle_sets,
)
from newsfuse.index.fingerprints import exact_hash, shingle_sizes
from newsfuse.index.lexical import shingle_batch
from newsfuse.index.minhash import (
    MAX_BUCKET_PAIRS,
    NUM_PERM,
    LshParams,
    _bucket_pairs,
    band_keys,
    text_signatures,
    text_signatures_with_sizes,
)
from newsfuse.records import Fingerprint
from newsfuse.store import DuckDBStore
from tests.articles import make_article

VOCABULARY = [f"w{k}" for k in range(5000)]


def prose(seed: int, n_words: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCABULARY) for _ in range(n_words))


class CountingTexts:
    """A shingle source over texts that records which texts were read; ``forbid`` fails any read."""

    def __init__(self, texts: list[str], forbid: bool = False) -> None:
        self.texts = texts
        self.forbid = forbid
        self.read: set[int] = set()

    def __len__(self) -> int:
        return len(self.texts)

    def sets(self, indices: np.ndarray) -> list[np.ndarray]:
        assert not self.forbid, f"texts {indices.tolist()} were read"
        self.read.update(int(i) for i in indices)
        return texts_shingle_sets([self.texts[int(i)] for i in indices])


def components(source: CountingTexts, extra: list[tuple[int, int]], sizes: np.ndarray | None) -> list[list[int]]:
    signatures = text_signatures(source.texts)
    return near_duplicate_components(source, signatures, extra_pairs=extra, sizes=sizes)


def test_a_clear_copy_is_accepted_and_an_unrelated_pair_rejected_without_reading_texts() -> None:
    base = prose(1, 300)
    texts = [base, base.replace(" w1", " w2", 3) + " and a closing line", prose(2, 300)]
    _, sizes = text_signatures_with_sizes(texts)
    source = CountingTexts(texts, forbid=True)
    # The unrelated pair is no LSH candidate; passed as an extra pair (as close embeddings are), it is screened too.
    assert components(source, [(0, 2)], sizes) == [[0, 1]]
    decisions = screen_pairs(np.array([[0, 1], [0, 2]]), text_signatures(texts), sizes)
    assert decisions.tolist() == [1, -1]


def test_a_short_text_inside_a_long_one_is_found_on_containment() -> None:
    long = prose(3, 400)
    short = " ".join(long.split()[100:160])  # Jaccard about 0.15, containment 1.0
    texts = [long, short, prose(4, 400)]
    _, sizes = text_signatures_with_sizes(texts)
    source = CountingTexts(texts)
    assert components(source, [(0, 1)], sizes) == [[0, 1]]
    assert {0, 1} <= source.read  # neither accepted nor rejected by the screen: verified
    # Against the Jaccard rule alone (0.5) its estimate would be far below: the containment threshold is what keeps it.
    assert pair_thresholds(sizes[:1], sizes[1:2])[0] < 0.15


def test_pairs_with_an_unknown_size_are_verified_exactly() -> None:
    base = prose(5, 300)
    texts = [base, base + " one more line", prose(6, 300)]
    _, sizes = text_signatures_with_sizes(texts)
    unknown = sizes.copy()
    unknown[1] = -1
    for given in (unknown, None):
        source = CountingTexts(texts)
        assert components(source, [(0, 2)], given) == [[0, 1]]
        assert {0, 1} <= source.read
    known = CountingTexts(texts)
    assert components(known, [(0, 2)], sizes) == [[0, 1]] and not known.read


def test_an_empty_text_is_rejected_as_exact_verification_would() -> None:
    texts = ["", prose(7, 50)]
    _, sizes = text_signatures_with_sizes(texts)
    assert sizes[0] == 0
    assert screen_pairs(np.array([[0, 1]]), text_signatures(texts), sizes).tolist() == [-1]


def test_the_screen_margin_is_the_stated_sigmas() -> None:
    # Sizes 100 and 100: threshold 0.5; one entry more or less than the margin decides or leaves the pair open.
    sizes = np.array([100, 100])
    margin = SCREEN_SIGMAS * np.sqrt(0.25 / NUM_PERM)
    below = int(np.floor((0.5 - margin) * NUM_PERM))
    signatures = np.zeros((2, NUM_PERM), dtype=np.uint32)
    signatures[1, below:] = 1  # ``below`` equal entries
    assert screen_pairs(np.array([[0, 1]]), signatures, sizes).tolist() == [-1]
    signatures[1, below] = 0
    assert screen_pairs(np.array([[0, 1]]), signatures, sizes).tolist() == [0]


def test_sizes_count_the_distinct_shingles_signed() -> None:
    texts = [prose(k, k * 7) for k in range(60)] + ["", "one", "a b c a b c a b c", "x " * 40]
    signatures, sizes = text_signatures_with_sizes(texts)
    assert np.array_equal(signatures, text_signatures(texts))
    assert sizes.tolist() == [len(row) for row in shingle_batch(texts).rows()]
    assert sizes[-2:].tolist() == [3, 1]


def test_band_keys_combine_each_bands_rows() -> None:
    signatures = np.random.default_rng(1).integers(0, 2**32, (50, NUM_PERM), dtype=np.int64).astype(np.uint32)
    params = LshParams(20, 5)
    mix = [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5]
    expected = np.zeros((50, 20), dtype=np.uint64)
    for doc in range(50):
        for band in range(20):
            key = 0
            for r in range(5):
                key = (key * mix[r % 4] + int(signatures[doc, band * 5 + r]) + r + 1) % 2**64
            expected[doc, band] = key
    assert np.array_equal(band_keys(signatures, params), expected)
    # No articles: the stored-fingerprint matrix is (0, 0).
    assert band_keys(np.zeros((0, 0), dtype=np.uint32), params).shape == (0, 20)
    empty = CountingTexts([], forbid=True)
    assert near_duplicate_components(empty, np.zeros((0, 0), dtype=np.uint32), sizes=np.zeros(0, np.int64)) == []


def fingerprints(texts: list[str], with_sizes: bool, first: int = 0) -> list[Fingerprint]:
    """Fingerprints of articles a{first}, a{first + 1}, ... (signature and size only)."""
    signatures, sizes = text_signatures_with_sizes(texts)
    return [
        Fingerprint(
            f"a{first + i}",
            exact_hash(text),
            signatures[i].astype("<u4").tobytes(),
            b"",
            b"",
            (),
            "none",
            int(sizes[i]) if with_sizes else None,
        )
        for i, text in enumerate(texts)
    ]


def test_find_duplicate_groups_reads_texts_only_for_fingerprints_without_sizes() -> None:
    base = prose(8, 300)
    texts = [base, base + " with a new last line", prose(9, 300)]
    articles = [make_article(f"a{i}", t) for i, t in enumerate(texts)]
    read: list[str] = []

    def text_of(article_id: str) -> str:
        read.append(article_id)
        return texts[int(article_id[1:])]

    for with_sizes, reads_expected in ((True, False), (False, True)):
        read.clear()
        groups = find_duplicate_groups(articles, fingerprints(texts, with_sizes), text_of=text_of)
        assert [g.article_ids for g in groups] == [("a0", "a1")]
        assert bool(read) == reads_expected


def test_an_old_store_without_sizes_migrates_and_still_groups(tmp_path: Path) -> None:
    base = prose(10, 300)
    texts = [base, base + " and one more line", prose(11, 300)]
    articles = [make_article(f"a{i}", t) for i, t in enumerate(texts)]
    path = str(tmp_path / "old.duckdb")
    with DuckDBStore(path) as store:
        store.write_batch(articles, [], [])
        store.write_fingerprints(fingerprints(texts, with_sizes=True))
        # Back to the schema before migration 66: no size column.
        store.con.execute("ALTER TABLE fingerprints DROP COLUMN shingles")
        store.con.execute("DELETE FROM schema_migrations WHERE version = 66")
    with DuckDBStore(path) as store:
        assert store.schema_version() >= 66
        old = list(store.iter_fingerprints())
        assert [f.shingles for f in old] == [None, None, None]
        assert shingle_sizes(old).tolist() == [-1, -1, -1]
        text_of = {a.id: a.text for a in articles}.__getitem__
        groups = find_duplicate_groups(articles, old, text_of=text_of)
        assert [g.article_ids for g in groups] == [("a0", "a1")]
        # New rows keep their sizes next to the old NULLs.
        late = make_article("a3", base + " reprinted")
        store.write_batch([late], [], [])
        store.write_fingerprints(fingerprints([late.text], with_sizes=True, first=3))
    with DuckDBStore(path) as store:
        stored = {f.article_id: f.shingles for f in store.iter_fingerprints()}
    assert stored["a0"] is None
    assert stored["a3"] == len(shingle_batch([late.text]).row(0))


@pytest.mark.parametrize("n_words", [1, 2, 3, 500])
def test_thresholds_join_the_two_rules(n_words: int) -> None:
    # Equal sizes: the Jaccard rule (0.5) is the lower; a much smaller set: containment 0.8 is.
    assert pair_thresholds(np.array([n_words]), np.array([n_words]))[0] == 0.5
    small, large = np.array([n_words]), np.array([n_words * 10])
    expected = 0.8 * n_words / (11 * n_words - 0.8 * n_words)
    assert pair_thresholds(small, large)[0] == pytest.approx(expected)


def reference_bucket_pairs(keys: np.ndarray, most: int = 64) -> set[int]:
    """Pairs of a key's members in index order: all of them, or a star plus a chain past ``most`` pairs."""
    buckets: dict[int, list[int]] = {}
    for i, key in enumerate(keys.tolist()):
        buckets.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) * (len(members) - 1) // 2 <= most:
            pairs.update((a, b) for k, b in enumerate(members) for a in members[:k])
        else:
            pairs.update((members[0], b) for b in members[1:])
            pairs.update(itertools.pairwise(members))
    return {a * len(keys) + b for a, b in pairs}


def test_bucket_pairs_equal_a_dictionary_of_buckets() -> None:
    rng = np.random.default_rng(2)
    for _ in range(200):
        keys = rng.integers(0, int(rng.integers(1, 300)), int(rng.integers(0, 400))).astype(np.uint64)
        assert set(_bucket_pairs(keys).tolist()) == reference_bucket_pairs(keys, MAX_BUCKET_PAIRS)


def test_the_selection_bias_matches_a_simulation_of_lsh() -> None:
    # Entries match with probability J; among the pairs sharing a band, the share of matches runs high by the bias.
    params = LshParams(36, 3)
    rng = np.random.default_rng(3)
    for jaccard in (0.1, 0.3):
        matches = rng.random((200_000, NUM_PERM)) < jaccard
        banded = matches[:, : params.bands * params.rows].reshape(-1, params.bands, params.rows)
        selected = banded.all(axis=2).any(axis=1)
        simulated = matches[selected].mean() - jaccard
        assert simulated == pytest.approx(selection_bias(np.array([jaccard]), params, NUM_PERM)[0], abs=0.002)
