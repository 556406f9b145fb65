"""Shared test fixtures: paths, the shared corpora, throwaway stores."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsfuse.store import DuckDBStore, open_store

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("NEWSFUSE_DATA", PROJECT.parent / "shared" / "data"))
SEEDS = SHARED_DATA / "seeds"


# The files of the output contract (DESIGN.md section 3), in the order `run` writes them.
CONTRACT_FILES = (
    "articles.jsonl",
    "rejects.jsonl",
    "duplicates.jsonl",
    "stories.jsonl",
    "relations.jsonl",
    "provenance.jsonl",
    "claims.jsonl",
    "briefs.jsonl",
    "outlets.jsonl",
)


def ecbplus_topics(path: Path, topics: set[int]) -> Path:
    """The ECB+ documents of ``topics`` as newsfuse JSON Lines at ``path`` (skips without the corpora)."""
    docs = need_shared("stories", "ecbplus", "docs.jsonl")
    with docs.open() as source, path.open("w") as target:
        for line in source:
            row = json.loads(line)
            if row["topic"] in topics:
                target.write(json.dumps({"id": row["doc_id"], "text": row["text"]}) + "\n")
    return path


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
