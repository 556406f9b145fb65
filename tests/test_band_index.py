"""The incremental assigner's band index gives the rows a dictionary of key -> rows would, in the same order."""

from __future__ import annotations

import numpy as np

from newsfuse.cluster import bands
from newsfuse.cluster.bands import BandIndex


def _reference(keys: np.ndarray) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for row, row_keys in enumerate(keys):
        for key in row_keys.tolist():
            found.setdefault(key, []).append(row)
    return found


def test_loaded_and_added_rows_come_back_as_a_dictionary_filled_in_order_gives_them() -> None:
    # Few distinct keys, so buckets hold many rows, some keys recur across bands, and folds happen.
    bands.FOLD_MIN = 16  # type: ignore[misc]
    try:
        keys = np.random.default_rng(3).integers(0, 40, size=(300, 6)).astype(np.uint64)
        index = BandIndex()
        index.add_many(np.arange(100), keys[:100])
        for row in range(100, 300):
            index.add(row, keys[row])
            if row % 37 == 0:  # lookups between additions, before and after folds
                probe = keys[row - 1]
                expected = [r for k in probe.tolist() for r in _reference(keys[: row + 1]).get(k, [])]
                assert list(index.rows_for(probe)) == expected
        reference = _reference(keys)
        for probe in (keys[0], keys[150], keys[299], np.array([999], dtype=np.uint64)):
            expected = [r for k in probe.tolist() for r in reference.get(k, [])]
            assert list(index.rows_for(probe)) == expected
        assert index._pending_entries < max(16, bands.FOLD_SHARE * len(index._keys)) + keys.shape[1]
    finally:
        bands.FOLD_MIN = 4096  # type: ignore[misc]
