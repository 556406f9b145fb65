"""The seam between fetching and the corpus stages: where fetched articles go.

Decides how an arriving article reaches stories, provenance, claims and
briefs: through the same incremental path as articles posted to the web app
(``StoreAccess``: store and index them, assign each to a story with the
long-lived story assigner, then refresh the touched stories' provenance,
claims and brief in a background worker). Fetch and watch call only
``open_sink`` and the ``Sink`` protocol, so when the corpus stages move to a
``Pipeline`` the switch is made here, in one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from newsfuse.config import Settings
from newsfuse.records import RawArticle, Rejection
from newsfuse.web.access import Outcome, StoreAccess


class Sink(Protocol):
    """Takes records, stores them and places them in stories; refreshes what they touched."""

    def ingest(self, records: Sequence[RawArticle | Rejection]) -> list[Outcome]: ...

    def flush(self) -> None: ...


def open_sink(store_path: str, settings: Settings | None = None) -> StoreAccess:
    """The incremental path over ``store_path`` (close it when done)."""
    return StoreAccess(store_path, settings)
