"""The Ray engine gives the same contract files, byte for byte, as the local engine.

A real corpus (three ECB+ topics plus the five seed articles) goes through
`newsfuse run` twice in fresh processes: once with the local engine, once
with `--engine ray`, which starts a local Ray cluster inside the run. Both
use the real models.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTRACT_FILES, SEEDS, ecbplus_topics, need_shared

NEWSFUSE = [sys.executable, "-m", "newsfuse"]
CONTRACT = CONTRACT_FILES
# Three topics of different kinds (an election, a death, a sports event),
# about 60 documents and 8 stories: enough for duplicates, multi-article
# stories, relations and claims, small enough for CI.
TOPICS = {3, 7, 11}


def corpus_jsonl(tmp_path: Path) -> Path:
    need_shared("seeds")
    return ecbplus_topics(tmp_path / "ecbplus.jsonl", TOPICS)


def run(inputs: list[str], out: Path, *engine: str) -> subprocess.CompletedProcess[str]:
    command = [*NEWSFUSE, "run", *inputs, "--out", str(out), *engine]
    return subprocess.run(command, check=False, capture_output=True, text=True, timeout=1800)


@pytest.mark.slow
def test_ray_engine_writes_byte_identical_contract_files(tmp_path: Path) -> None:
    inputs = [str(corpus_jsonl(tmp_path)), str(SEEDS)]
    local = run(inputs, tmp_path / "local", "--engine", "local")
    assert local.returncode == 0, local.stderr[-3000:]
    ray = run(inputs, tmp_path / "ray", "--engine", "ray", "--workers", "2", "--format", "parquet")
    assert ray.returncode == 0, ray.stderr[-3000:]
    for name in CONTRACT:
        expected = (tmp_path / "local" / name).read_bytes()
        assert (tmp_path / "ray" / name).read_bytes() == expected, f"{name} differs between local and ray"
    stories = [json.loads(line) for line in (tmp_path / "local" / "stories.jsonl").read_text().splitlines()]
    assert sum(len(s["article_ids"]) > 1 for s in stories) >= 4, "the corpus should give multi-article stories"
    assert (tmp_path / "local" / "relations.jsonl").stat().st_size > 0
    assert (tmp_path / "ray" / "stories.parquet").exists()


def test_parquet_copies_hold_the_same_rows(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run([str(need_shared("seeds"))], out, "--embedder", "none", "--ner", "rules", "--format", "parquet")
    assert result.returncode == 0, result.stderr[-3000:]
    import duckdb

    for name in ("articles", "stories", "relations", "claims"):
        rows = [json.loads(line) for line in (out / f"{name}.jsonl").read_text().splitlines()]
        table = duckdb.sql(f"SELECT * FROM read_parquet('{out / name}.parquet')").fetchall()
        assert len(table) == len(rows) > 0
    ids = duckdb.sql(f"SELECT id FROM read_parquet('{out / 'articles.parquet'}')").fetchall()
    assert [row[0] for row in ids] == [json.loads(line)["id"] for line in (out / "articles.jsonl").open()]


def test_ray_engine_without_ray_fails_at_once_with_the_install_line(tmp_path: Path) -> None:
    # A Python whose import of ray fails: a sitecustomize that blocks it.
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\nclass _Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'ray' or name.startswith('ray.'):\n"
        "            raise ImportError('ray is blocked for this test')\n"
        "sys.meta_path.insert(0, _Block())\n"
    )
    env = {"PYTHONPATH": str(blocker), "PATH": "/usr/bin:/bin"}
    article = tmp_path / "a.txt"
    article.write_text("A headline\n\nA paragraph of an article that says something.\n")
    command = [*NEWSFUSE, "run", str(article), "--out", str(tmp_path / "o"), "--engine", "ray"]
    result = subprocess.run(command, check=False, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert "pip install 'newsfuse[ray]'" in result.stderr
    assert not (tmp_path / "o").exists(), "nothing should run before the engine check"
