from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from tests.synthetic import write_corpus

runner = CliRunner()


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_group(app)
    return sorted(group.commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: newsfuse " + command in " ".join(result.output.split())


def test_readme_documents_every_command() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for command in _commands():
        assert f"newsfuse {command}" in readme, f"README does not mention `newsfuse {command}`"


def test_run_writes_contract_files(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_text("")
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    articles = [json.loads(line) for line in (tmp_path / "out" / "articles.jsonl").read_text().splitlines()]
    rejects = [json.loads(line) for line in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
    assert len(articles) == 3
    required = {"id", "external_id", "input", "title", "outlet", "published_at", "language", "text", "removed"}
    assert all(required <= set(a) for a in articles)
    assert [Path(a["input"]).name for a in articles] == sorted(Path(a["input"]).name for a in articles)
    assert rejects == [{"input": str(tmp_path / "in" / "empty.txt"), "reason": "empty file"}]
    assert "read 4, stored 3, duplicates skipped 0, rejected 1" in result.output


def test_nothing_processable_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["ingest", str(tmp_path / "empty.txt"), "--store", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 1
    assert "nothing could be processed" in result.output


def test_articles_lists_json(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 2)
    store = str(tmp_path / "s.duckdb")
    assert runner.invoke(app, ["ingest", str(tmp_path / "in"), "--store", store]).exit_code == 0
    result = runner.invoke(app, ["articles", "--store", store, "--format", "json"])
    assert result.exit_code == 0
    assert len([json.loads(line) for line in result.stdout.splitlines()]) == 2


def test_bad_arguments_are_explained(tmp_path: Path) -> None:
    result = runner.invoke(app, ["articles", "--store", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "newsfuse ingest" in result.output
    result = runner.invoke(app, ["articles", "--format", "xml", "--store", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "unknown format" in result.output
