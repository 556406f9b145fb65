from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from newsfuse.engines import LocalEngine
from newsfuse.pipeline import ingest
from newsfuse.store import DuckDBStore, open_store
from tests.synthetic import write_corpus

NEWSFUSE = [sys.executable, "-m", "newsfuse"]


def test_second_ingest_stores_nothing_new(tmp_path: Path, memory_store: DuckDBStore) -> None:
    write_corpus(tmp_path / "in", 5)
    first = ingest([str(tmp_path / "in")], memory_store, LocalEngine(workers=1))
    second = ingest([str(tmp_path / "in")], memory_store, LocalEngine(workers=1))
    assert (first.read, first.stored, first.duplicates, first.rejected) == (5, 5, 0, 0)
    assert (second.read, second.stored, second.duplicates, second.rejected) == (5, 0, 5, 0)
    assert memory_store.describe()["articles"] == 5


def test_same_text_in_two_files_is_one_article(tmp_path: Path, memory_store: DuckDBStore) -> None:
    [path] = write_corpus(tmp_path / "in", 1)
    (tmp_path / "in" / "copy.txt").write_text(path.read_text())
    summary = ingest([str(tmp_path / "in")], memory_store, LocalEngine(workers=1))
    assert (summary.stored, summary.duplicates) == (1, 1)


def test_bad_records_are_rejected_and_the_batch_goes_on(tmp_path: Path, memory_store: DuckDBStore) -> None:
    folder = tmp_path / "in"
    write_corpus(folder, 3)
    (folder / "empty.txt").write_text("")
    (folder / "feed.jsonl").write_text('{"id": 1, "text": "too short"}\n{oops\n')
    summary = ingest([str(folder)], memory_store, LocalEngine(workers=1))
    assert (summary.stored, summary.rejected) == (3, 3)
    reasons = {r.input.rsplit("/", 1)[-1]: r.reason for r in memory_store.iter_rejections()}
    assert reasons["empty.txt"] == "empty file"
    assert "no article text" in reasons["feed.jsonl#1"]
    assert "invalid JSON" in reasons["feed.jsonl#2"]


def test_pool_and_in_process_give_the_same_articles(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 80)
    results = []
    for workers in (1, 2):
        with open_store(":memory:") as store:
            ingest([str(tmp_path / "in")], store, LocalEngine(workers=workers))
            results.append([(a.id, a.text) for a in store.iter_articles()])
    assert results[0] == results[1]


def test_killed_ingest_leaves_a_readable_store_and_rerun_completes(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    write_corpus(corpus, 1500)
    store = tmp_path / "s.duckdb"
    command = [*NEWSFUSE, "ingest", str(corpus), "--store", str(store), "--workers", "1"]
    command += ["--embedder", "none", "--ner", "rules"]  # crash safety is about ingest, not the models
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wal = Path(str(store) + ".wal")
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if wal.exists() and _articles_committed_hint(wal):
            break
        time.sleep(0.05)
    assert process.poll() is None, "ingest finished before it could be killed; make the corpus larger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    with open_store(str(store), read_only=True) as db:
        partial = db.describe()["articles"]
    assert 0 < partial < 1500

    rerun = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "duplicates skipped" in rerun.stderr
    with open_store(str(store), read_only=True) as db:
        ids = [a.id for a in db.iter_articles()]
    assert len(ids) == len(set(ids)) == 1500


def _articles_committed_hint(wal: Path) -> bool:
    """The write-ahead log has grown past its header: at least one batch is committed."""
    return wal.stat().st_size > 64 * 1024


def test_stdin_ingest(tmp_path: Path) -> None:
    line = json.dumps(
        {"id": "w1", "text": "The river flooded three villages overnight, emergency services said on Monday."}
    )
    store = tmp_path / "s.duckdb"
    result = subprocess.run(
        [*NEWSFUSE, "ingest", "-", "--store", str(store)], input=line + "\n", capture_output=True, text=True, check=True
    )
    assert "stored 1" in result.stderr
    with open_store(str(store), read_only=True) as db:
        [article] = list(db.iter_articles())
    assert (article.input, article.external_id) == ("-#1", "w1")
