"""LSH band keys of the assigned articles, looked up by key without a Python object per entry.

Decides where the incremental assigner finds an article's possible near
duplicates: every stored row whose band keys include one of the new
article's keys, in the order a dictionary of key -> rows filled in ingest
order would give them (keys in the new article's band order; for each key,
rows ascending). Loaded articles go into one sorted array of (key, row); a
few articles assigned since are kept in a dictionary and folded into the
arrays when they reach a tenth of them, so lookups stay a binary search and
memory stays 16 bytes per (article, band) where a dictionary of lists
held over 100 (about 5 GB for a million articles of 36 bands).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

# Pending entries are folded into the sorted arrays when they reach this
# share of them (at least FOLD_MIN): folding re-sorts everything, so a tenth
# keeps its cost per added article about ten sorted entries.
FOLD_SHARE = 0.1
FOLD_MIN = 4096


class BandIndex:
    """Rows by LSH band key: sorted arrays for the bulk, a dictionary for recent additions."""

    def __init__(self) -> None:
        self._keys = np.zeros(0, dtype=np.uint64)
        self._rows = np.zeros(0, dtype=np.int64)
        self._pending: dict[int, list[int]] = {}
        self._pending_entries = 0

    def add_many(self, rows: np.ndarray, keys: np.ndarray) -> None:
        """Rows (ascending, after every row already held) with their (len(rows), bands) keys, at once."""
        if not len(rows):
            return
        self._fold()
        flat_keys = keys.reshape(-1)
        flat_rows = np.repeat(np.asarray(rows, dtype=np.int64), keys.shape[1])
        self._merge(flat_keys, flat_rows)

    def add(self, row: int, keys: np.ndarray) -> None:
        """One row (after every row already held) with its band keys."""
        for key in keys.tolist():
            self._pending.setdefault(key, []).append(row)
        self._pending_entries += len(keys)
        if self._pending_entries >= max(FOLD_MIN, FOLD_SHARE * len(self._keys)):
            self._fold()

    def rows_for(self, keys: np.ndarray) -> Iterator[int]:
        """Rows sharing each key, key by key in the given order, rows ascending (a row may repeat)."""
        # Searched as uint64: a Python int would make NumPy compare the whole array as another type.
        wanted = np.asarray(keys, dtype=np.uint64)
        starts = np.searchsorted(self._keys, wanted, side="left").tolist()
        ends = np.searchsorted(self._keys, wanted, side="right").tolist()
        for key, start, end in zip(wanted.tolist(), starts, ends, strict=True):
            yield from self._rows[start:end].tolist()
            yield from self._pending.get(key, ())

    def _fold(self) -> None:
        if not self._pending:
            return
        keys = np.fromiter((k for k, rows in self._pending.items() for _ in rows), np.uint64, self._pending_entries)
        rows = np.fromiter((r for rows in self._pending.values() for r in rows), np.int64, self._pending_entries)
        self._pending, self._pending_entries = {}, 0
        self._merge(keys, rows)

    def _merge(self, keys: np.ndarray, rows: np.ndarray) -> None:
        all_keys = np.concatenate([self._keys, keys.astype(np.uint64)])
        all_rows = np.concatenate([self._rows, rows])
        order = np.lexsort((all_rows, all_keys))  # by key, then row: a key's rows come out ascending
        self._keys, self._rows = all_keys[order], all_rows[order]
