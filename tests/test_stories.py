"""Story grouping end to end: real models, a real DuckDB file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from tests.conftest import FIXTURES, need_shared

runner = CliRunner()


def _other_event_feed(folder: Path) -> Path:
    """Three reports of one ECB+ event (an earthquake in Indonesia) and our own harbour article."""
    docs = [json.loads(line) for line in need_shared("stories", "ecbplus", "docs.jsonl").read_text().splitlines()]
    quake = [d for d in docs if d["subtopic"] == "37ecbplus" and d["text"]][:3]
    assert len(quake) == 3
    feed = folder / "other.jsonl"
    lines = [json.dumps({"id": d["doc_id"], "text": f"{d['title_or_first_sentence']}\n{d['text']}"}) for d in quake]
    feed.write_text("\n".join(lines) + "\n")
    (folder / "harbour.html").write_text((FIXTURES / "harbour_page.html").read_text())
    return feed


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]], dict[str, str]]:
    seeds = need_shared("seeds")
    folder = tmp_path_factory.mktemp("mixed")
    _other_event_feed(folder)
    out = folder / "out"
    result = runner.invoke(
        app, ["run", str(seeds), str(folder / "other.jsonl"), str(folder / "harbour.html"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    stories = [json.loads(line) for line in (out / "stories.jsonl").read_text().splitlines()]
    articles = [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]
    kind = {a["id"]: ("seed" if "/seeds/" in a["input"] else Path(a["input"]).name.split("#")[0]) for a in articles}
    return out, stories, kind


def test_the_five_seeds_form_one_story(mixed_run: tuple[Path, list[dict[str, object]], dict[str, str]]) -> None:
    _, stories, kind = mixed_run
    seed_stories = {s["story_id"] for s in stories for i in s["article_ids"] if kind[i] == "seed"}  # type: ignore[attr-defined]
    assert len(seed_stories) == 1
    [story] = [s for s in stories if s["story_id"] in seed_stories]
    assert sorted(kind[i] for i in story["article_ids"]) == ["seed"] * 5  # type: ignore[attr-defined]
    assert story["title"]


def test_other_events_stay_out(mixed_run: tuple[Path, list[dict[str, object]], dict[str, str]]) -> None:
    _, stories, kind = mixed_run
    for story in stories:
        kinds = {kind[i] for i in story["article_ids"]}  # type: ignore[attr-defined]
        assert len(kinds) == 1, story
    quake = [s for s in stories if {kind[i] for i in s["article_ids"]} == {"other.jsonl"}]  # type: ignore[attr-defined]
    assert len(quake) == 1 and quake[0]["size"] == 3


def test_incremental_ingest_keeps_story_ids_and_matches_batch(
    tmp_path: Path, mixed_run: tuple[Path, list[dict[str, object]], dict[str, str]]
) -> None:
    seeds = need_shared("seeds")
    files = sorted(seeds.glob("*.txt"))
    _other_event_feed(tmp_path)
    store = str(tmp_path / "inc.duckdb")
    assert runner.invoke(app, ["ingest", *map(str, files[:2]), "--store", store]).exit_code == 0
    first = json.loads(runner.invoke(app, ["stories", "--store", store, "--format", "json"]).stdout.splitlines()[0])
    assert runner.invoke(app, ["ingest", str(seeds), str(tmp_path / "other.jsonl"), "--store", store]).exit_code == 0
    after = [
        json.loads(x) for x in runner.invoke(app, ["stories", "--store", store, "--format", "json"]).stdout.splitlines()
    ]
    grown = [s for s in after if s["story_id"] == first["story_id"]]
    assert grown and set(first["article_ids"]) <= set(grown[0]["article_ids"]) and grown[0]["size"] == 5
    assert Path(store + ".usearch").exists()


def test_story_command_lists_members(mixed_run: tuple[Path, list[dict[str, object]], dict[str, str]]) -> None:
    out, stories, _ = mixed_run
    story_id = str(stories[0]["story_id"])
    result = runner.invoke(app, ["story", story_id, "--store", str(out / "newsfuse.duckdb"), "--format", "json"])
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert [a["id"] for a in shown["articles"]] == stories[0]["article_ids"]
    missing = runner.invoke(app, ["story", "nope", "--store", str(out / "newsfuse.duckdb")])
    assert missing.exit_code == 2 and "newsfuse stories" in missing.output
