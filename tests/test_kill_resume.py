"""A `newsfuse run` killed with SIGKILL in any stage, then run again, ends as if never interrupted.

Real data: three ECB+ topics and the five seed articles, light settings
(no embedding model, rule entities; what is tested is the stage framework,
not the models). Every write commits on its own (NEWSFUSE_FLUSH_SECONDS=0)
so a kill can land between any two units. For each stage, the run is
stopped after a random number of that stage's writes (seeded;
NEWSFUSE_STOP_AFTER) and killed with SIGKILL from the test, the store is
read to see how many units the stage had finished, and the same command is
run again: its contract files must be byte-identical to an uninterrupted
run's, and its report must show that it computed exactly the units the
kill left unfinished, and nothing of the stages before. Grouping is killed
in its second phase (stories): the first (duplicate groups) must survive.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from newsfuse.store import open_store
from tests.conftest import CONTRACT_FILES, SEEDS, ecbplus_topics, need_shared

CONTRACT = CONTRACT_FILES
TOPICS = {3, 7, 11}
LIGHT = ["--embedder", "none", "--ner", "rules", "--workers", "1"]
STAGES = ("ingest", "index", "duplicates", "stories", "sentences", "provenance", "claims", "brief", "outlets")
ENV = {**os.environ, "NEWSFUSE_FLUSH_SECONDS": "0", "NEWSFUSE_LOG": "info"}
PLANNED = re.compile(r"newsfuse\.pipeline (\w+): (\d+) [\w ]+ to compute, (\d+) already done")

pytestmark = [pytest.mark.slow, pytest.mark.corpus]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    need_shared("seeds")
    return [str(ecbplus_topics(tmp_path_factory.mktemp("corpus") / "ecbplus.jsonl", TOPICS)), str(SEEDS)]


def command(inputs: list[str], out: Path) -> list[str]:
    return [sys.executable, "-m", "newsfuse", "run", *inputs, "--out", str(out), *LIGHT]


@pytest.fixture(scope="module")
def reference(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reference")
    result = subprocess.run(command(corpus, out), check=False, env=ENV, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def stage_reports(stderr: str) -> dict[str, tuple[int, int]]:
    """stage -> (units to compute, units already done), as each stage logged its plan (NEWSFUSE_LOG=info)."""
    return {m.group(1): (int(m.group(2)), int(m.group(3))) for m in PLANNED.finditer(stderr)}


def kill_during(stage: str, cmd: list[str], writes: int) -> None:
    """Run ``cmd`` until it has made ``writes`` writes in ``stage``, then SIGKILL it from here.

    NEWSFUSE_STOP_AFTER makes the run stop itself (SIGSTOP) at that point,
    so the kill lands inside the stage however loaded the machine is.
    """
    env = {**ENV, "NEWSFUSE_STOP_AFTER": f"{stage}:{writes}"}
    process = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    stat = Path(f"/proc/{process.pid}/stat")
    deadline = time.monotonic() + 900
    while process.poll() is None and stat.read_text().rsplit(")", 1)[1].split()[0] != "T":
        assert time.monotonic() < deadline, f"the run never reached write {writes} of {stage}"
        time.sleep(0.05)
    assert process.poll() is None, f"the run ended before write {writes} of {stage}"
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL


def units_done(store: Path, stage: str) -> tuple[int, int]:
    """(units the stage finished, units it has) read from the store after a kill."""
    with open_store(str(store), read_only=True) as db:
        con: Any = db.con
        if stage == "ingest":
            return db.count("articles"), -1
        if stage == "index":
            return db.count("fingerprints"), db.count("articles")
        if stage == "sentences":
            row = con.execute("SELECT count(*) FROM sentence_vectors").fetchone()
            return int(row[0]), db.count("articles")
        marks = con.execute("SELECT count(*) FROM stage_marks WHERE stage = ?", [stage]).fetchone()[0]
        total = 1 if stage in {"duplicates", "stories"} else db.count("stories")
        return int(marks), total


@pytest.mark.parametrize("stage", ["ingest", "stories", "provenance", "claims", "brief", "outlets"])
def test_sigkill_in_a_stage_then_rerun_matches_an_uninterrupted_run(
    stage: str, corpus: list[str], reference: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    cmd = command(corpus, out)
    # A random point inside the stage (seeded): after 0-12 writes, the
    # grouping phases (one write each) before their write.
    writes = 0 if stage == "stories" else random.Random(f"kill {stage}").randint(0, 12)
    kill_during(stage, cmd, writes)
    finished, total = units_done(out / "newsfuse.duckdb", stage)
    assert total < 0 or finished < total, f"the kill should leave {stage} unfinished"
    if stage not in {"ingest", "stories"}:
        assert finished == writes, "every write holds one story and its mark (NEWSFUSE_FLUSH_SECONDS=0)"

    rerun = subprocess.run(cmd, check=False, env=ENV, capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    reports = stage_reports(rerun.stderr)
    for earlier in STAGES[1 : STAGES.index(stage)]:
        assert reports[earlier][0] == 0, f"{earlier} recomputed units after a kill in {stage}"
    stored = int(re.search(r"stored (\d+)", rerun.stderr).group(1))  # type: ignore[union-attr]
    if stage == "ingest":
        assert stored == sum(1 for _ in (reference / "articles.jsonl").open()) - finished
    else:
        assert stored == 0
        assert reports[stage] == (total - finished, finished), f"{stage}: expected {total - finished} recomputed"
    for name in CONTRACT:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), f"{name} differs after a kill in {stage}"
    for name, key in (("articles.jsonl", "id"), ("stories.jsonl", "story_id"), ("claims.jsonl", "claim_id")):
        keys = [json.loads(line)[key] for line in (out / name).open()]
        assert len(keys) == len(set(keys)), f"duplicated rows in {name}"
