from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.errors import StoreError
from newsfuse.records import Article, Credit, Rejection, RemovedLine
from newsfuse.store import DuckDBStore, InputSeen, open_store
from newsfuse.store.migrations import MIGRATIONS

texts = st.text(min_size=1, max_size=200)
optional = st.none() | st.text(max_size=40)
articles = st.builds(
    Article,
    id=st.text(alphabet="0123456789abcdef", min_size=16, max_size=16),
    input=texts,
    text=texts,
    source_format=st.sampled_from(["text", "html"]),
    external_id=optional,
    title=optional,
    outlet=optional,
    author=optional,
    url=optional,
    published_at=optional,
    language=st.none() | st.sampled_from(["en", "de", "zh"]),
    removed=st.lists(st.builds(RemovedLine, texts, st.sampled_from(["navigation", "cookie-notice"])), max_size=3).map(
        tuple
    ),
    credits=st.lists(st.builds(Credit, texts, optional, st.sampled_from(["wire", "origin"])), max_size=2).map(tuple),
    sentences=st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), max_size=4).map(tuple),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(article=articles)
def test_article_round_trips(article: Article) -> None:
    with open_store(":memory:") as store:
        store.write_batch([article], [], [])
        assert store.get_article(article.id) == article


def test_writing_twice_stores_once(memory_store: DuckDBStore, sample_article: Article) -> None:
    first = memory_store.write_batch([sample_article], [], [InputSeen("h1", "a.txt", sample_article.id)])
    second = memory_store.write_batch([sample_article], [], [InputSeen("h1", "a.txt", sample_article.id)])
    assert first.stored_ids == (sample_article.id,)
    assert second.stored_ids == () and second.duplicates == 1
    assert memory_store.describe()["articles"] == 1
    assert memory_store.known_raw_hashes(["h1", "h2"]) == {"h1"}


def test_rejections_are_kept_once(memory_store: DuckDBStore) -> None:
    for _ in range(2):
        memory_store.write_batch([], [Rejection("bad.txt", "empty file")], [])
    assert list(memory_store.iter_rejections()) == [Rejection("bad.txt", "empty file")]


def test_migrations_are_recorded_and_reapplied_never(tmp_path: Path, sample_article: Article) -> None:
    path = tmp_path / "s.duckdb"
    with open_store(str(path)) as store:
        store.write_batch([sample_article], [], [])
        assert store.schema_version() == MIGRATIONS[-1].version
    with open_store(str(path)) as store:
        assert store.describe()["articles"] == 1


def test_failed_batch_leaves_nothing_half_written(memory_store: DuckDBStore, sample_article: Article) -> None:
    broken = Article(id=sample_article.id + "x", input="b", text=None, source_format="text")  # type: ignore[arg-type]
    with pytest.raises(Exception):  # noqa: B017 - any database error; what matters is the rollback
        memory_store.write_batch([sample_article, broken], [Rejection("r", "x")], [])
    described = memory_store.describe()
    assert (described["articles"], described["inputs"], described["rejects"]) == (0, 0, 0)


def test_missing_folder_gives_actionable_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "nope" / "s.duckdb"))


def test_read_only_needs_existing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="newsfuse ingest"):
        open_store(str(tmp_path / "absent.duckdb"), read_only=True)


@pytest.fixture
def sample_article() -> Article:
    return Article(id="0123456789abcdef", input="a.txt", text="Some text.", source_format="text", title="T")


@settings(max_examples=40, deadline=None)
@given(article=articles)
def test_heads_keep_what_grouping_needs_and_drop_the_body(article: Article) -> None:
    with open_store(":memory:") as store:
        store.write_batch([article], [], [])
        (head,) = store.iter_article_heads()
        assert store.article_text(article.id) == article.text
    assert (head.id, head.title, head.language, head.published_at) == (
        article.id,
        article.title,
        article.language,
        article.published_at,
    )
    assert head.removed == () and head.credits == ()
    assert head.text == ("" if article.title is not None else article.text[:400])
