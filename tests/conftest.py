"""Shared test fixtures: paths, the shared corpora, throwaway stores."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsfuse.store import DuckDBStore, open_store

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("NEWSFUSE_DATA", PROJECT.parent / "shared" / "data"))
SEEDS = SHARED_DATA / "seeds"


def need_shared(*parts: str) -> Path:
    """Path into ../shared/data; skips the test with the reason when the corpora are absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not SHARED_DATA.exists():
        pytest.skip(f"{SHARED_DATA} is absent: the shared corpora are needed for this test")
    if not path.exists():
        pytest.fail(f"{path} is missing from the shared corpora")
    return path


@pytest.fixture
def memory_store() -> Iterator[DuckDBStore]:
    store = open_store(":memory:")
    yield store
    store.close()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
