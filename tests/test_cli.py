from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import click
import pytest
import typer
import typer.main
from typer.testing import CliRunner

from newsfuse.cli import app
from tests.synthetic import write_corpus

runner = CliRunner()


def _commands() -> list[str]:
    group = typer.main.get_group(app)
    return sorted(group.commands)


def _help_texts(command: click.Command) -> list[str]:
    """The help strings a command's --help shows: its own and every parameter's."""
    texts = [command.help or "", command.epilog or ""]
    texts += [getattr(p, "help", None) or "" for p in command.params]
    return [t for t in texts if t]


@pytest.mark.parametrize("command", ["", *_commands()])
def test_every_command_has_help_with_an_example(command: str) -> None:
    wide = CliRunner(env={"COLUMNS": "400", "TERMINAL_WIDTH": "400"})
    result = wide.invoke(app, [*([command] if command else []), "--help"])
    assert result.exit_code == 0
    shown = " ".join(result.output.split())
    assert "Example: newsfuse " + command in shown
    # No markup eaten: every help text appears as written ("\\[" is rich's escape for a bracket).
    group = typer.main.get_group(app)
    target = group.commands[command] if command else group
    for text in _help_texts(target):
        visible = " ".join(text.replace("\\[", "[").split())
        assert visible.split("\n")[0] in shown, f"help text not shown as written: {visible!r}"
    assert "<bool>" not in shown, "a flag takes no value: its help must not show a type"
    for param in target.params:
        assert getattr(param, "help", None) or param.name in {"help"}, f"--{param.name} has no help"


def test_help_keeps_the_extra_name_in_brackets() -> None:
    result = CliRunner(env={"COLUMNS": "400"}).invoke(app, ["run", "--help"])
    assert "newsfuse[ray]" in result.output


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


def test_nothing_processable_shows_the_reasons(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "photo.bin").write_bytes(b"\x00\x01\x02")
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    shown = " ".join(result.output.split())
    assert "read 2, stored 0, duplicates skipped 0, rejected 2" in shown
    assert "rejected 2 inputs:" in shown
    assert f"{tmp_path / 'in' / 'empty.txt'}: empty file" in shown
    assert f"{tmp_path / 'in' / 'photo.bin'}: unsupported file type .bin" in shown
    assert "see the reasons above" in shown
    assert shown.index("empty file") < shown.index("see the reasons above")
    rejects = [json.loads(line) for line in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
    assert [Path(r["input"]).name for r in rejects] == ["empty.txt", "photo.bin"]
    assert "languages:" not in result.output


def test_a_missing_input_fails_before_any_work(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    missing = str(tmp_path / "typo")
    result = runner.invoke(app, ["run", str(tmp_path / "in"), missing, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"no such file or folder: {missing}" in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()
    store = str(tmp_path / "s.duckdb")
    assert runner.invoke(app, ["ingest", missing, "--store", store]).exit_code == 2
    assert not Path(store).exists()


def test_run_ends_with_stories_flags_and_the_report(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(out), "--embedder", "none"])
    assert result.exit_code == 0, result.output
    shown = result.output
    for stage in ("ingest", "index", "stories", "provenance", "claims", "brief", "report"):
        assert f"done {stage} " in shown, f"no progress line for {stage}"
    assert "1 article, 0 rejected inputs" in shown
    [brief] = [json.loads(line) for line in (out / "briefs.jsonl").read_text().splitlines()]
    kinds = Counter(flag["status"] for flag in brief["flags"])
    flags = sum(kinds.values())
    assert "1 story:" in shown
    assert f"1 article, 1 independent source, {flags} flag{'' if flags == 1 else 's'}" in shown
    assert "flags: " + (", ".join(f"{k} {n}" for k, n in kinds.most_common()) or "none") in shown
    assert shown.rstrip().endswith(f"open the report: {out / 'report.html'}")
    for wrong in ("1 stories", "1 articles", "1 rejected inputs", "at at "):
        assert wrong not in shown


def test_the_cli_starts_without_the_fetch_extra() -> None:
    # The demo installs only the ml extra: importing the CLI must not need the crawler's packages.
    code = (
        "import sys\n"
        "for name in ('protego', 'feedparser'):\n"
        "    sys.modules[name] = None\n"
        "from newsfuse.cli import app\n"
        "print(sorted(c.name or c.callback.__name__ for c in app.registered_commands))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "run" in done.stdout and "fetch" in done.stdout
