"""Throughput of the whole pipeline per stage, local engine vs Ray, at growing corpus sizes.

Builds --size synthetic articles from real sentences (benchmarks/synthetic.py:
bases with copies, edits, trims and partial reusers), writes them as JSON
Lines, and runs the pipeline (``Pipeline.batch``) on a fresh DuckDB store
with each engine in turn: ingest (read, clean, store), index
(fingerprints), sentence vectors, duplicates and stories (grouping),
provenance (alignment, graphs), claims and briefs. Prints seconds and articles per second per
stage, the peak resident memory of the whole process tree (driver, pool
workers, Ray's daemons and actors; sampled every 0.2 s from /proc), and the
ray/local ratio measured in the same run.

Run: .venv/bin/python -m benchmarks.scale --sizes 10000 100000 [--engines local ray] [--models]
(--models uses e5 embeddings and spaCy entities, as production does; without
it the light settings measure the engines and the store, not the models.)
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
from pathlib import Path

from benchmarks.synthetic import build
from newsfuse.config import Settings
from newsfuse.engines import engine_for
from newsfuse.pipeline import IngestStage, Pipeline
from newsfuse.store import open_store

PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * PAGE
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


class PeakMemory:
    """Samples the process tree's resident memory in a thread; ``peak`` is the largest sample."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval, self.peak = interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(os.getpid()))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def write_corpus(path: Path, size: int) -> None:
    corpus = build(size, seed=5)
    with path.open("w") as out:
        for i, text in enumerate(corpus.texts):
            out.write(json.dumps({"id": f"s{i}", "title": " ".join(text.split()[:8]), "text": text}) + "\n")


STAGES = tuple(stage.name for stage in Pipeline.batch(IngestStage()).stages)


def run_engine(
    corpus: Path, folder: Path, settings: Settings, stages: tuple[str, ...] = STAGES
) -> tuple[dict[str, float], int]:
    """Seconds per stage and the peak memory of one run through ``stages`` (a prefix of STAGES)."""
    engine = engine_for(settings)
    with PeakMemory() as memory, open_store(str(folder / f"{settings.engine}.duckdb")) as store:
        reports = Pipeline.batch(IngestStage([str(corpus)])).run(store, settings, engine, only=stages)
    if settings.engine == "ray":
        import ray

        ray.shutdown()
    return {report.stage: report.seconds for report in reports}, memory.peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--engines", nargs="+", default=["local", "ray"])
    parser.add_argument("--models", action="store_true", help="e5 embeddings and spaCy entities")
    parser.add_argument("--until", choices=STAGES, default=STAGES[-1], help="last stage to run (default: all)")
    args = parser.parse_args()
    light = {} if args.models else {"embedder": "none", "ner": "rules"}
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            corpus = folder / "corpus.jsonl"
            write_corpus(corpus, size)
            results = {}
            for engine in args.engines:
                settings = Settings(engine=engine, **light)  # type: ignore[arg-type]
                results[engine] = run_engine(corpus, folder, settings, STAGES[: STAGES.index(args.until) + 1])
            report(size, results)


def report(size: int, results: dict[str, tuple[dict[str, float], int]]) -> None:
    print(f"\n{size} articles")
    columns = "".join(f"{engine + ' s':>12}{engine + ' art/s':>14}" for engine in results)
    print(f"{'stage':<12}{columns}   local/ray time")
    stages = next(iter(results.values()))[0]
    for stage in [*stages, "total"]:
        row, seconds = f"{stage:<12}", []
        for timings, _ in results.values():
            value = sum(timings.values()) if stage == "total" else timings[stage]
            seconds.append(value)
            row += f"{value:12.1f}{size / value:14.0f}"
        if len(seconds) == 2:
            row += f"   {seconds[0] / seconds[1]:5.2f}x"
        print(row)
    print("peak memory  " + "   ".join(f"{e}: {peak / 2**30:.2f} GiB" for e, (_, peak) in results.items()))


if __name__ == "__main__":
    main()
