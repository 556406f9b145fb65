"""Peak memory of `newsfuse run` per stage, as the corpus grows: is it bounded?

Builds synthetic corpora of each --size from real sentences
(benchmarks/synthetic.py), then runs the real command, `newsfuse run
CORPUS --out DIR`, in a fresh process per size, sampling the resident
memory of its whole process tree (driver and pool workers) every 0.2 s from
/proc. The command logs each stage's start (NEWSFUSE_LOG=info), so every
sample is charged to the stage running at the time. Prints seconds and peak
memory per stage for each size, and the ratio between the largest and the
smallest size: a ratio near 1 means memory does not grow with the corpus.

Run: nice .venv/bin/python -m benchmarks.memory --sizes 10000 100000 [--models]
(without --models: --embedder none --ner rules, which measures the
pipeline and the store rather than the models; claims still parse with
spaCy.)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.scale import tree_rss, write_corpus

STAGE_LINE = re.compile(r"newsfuse\.pipeline (\w+): ")


class StageMemory:
    """Peak resident memory of a process tree, per stage named on its stderr."""

    def __init__(self, process: subprocess.Popen[str], interval: float = 0.2) -> None:
        self.process, self.interval = process, interval
        self.stage = "start"
        self.peaks: dict[str, int] = {}
        self.started: dict[str, float] = {}
        self.tail: list[str] = []

    def read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.tail = [*self.tail[-40:], line]
            match = STAGE_LINE.search(line)
            if match and match.group(1) != self.stage:
                self.stage = match.group(1)
                self.started[self.stage] = time.monotonic()

    def sample(self) -> None:
        while self.process.poll() is None:
            rss = tree_rss(self.process.pid)
            self.peaks[self.stage] = max(self.peaks.get(self.stage, 0), rss)
            time.sleep(self.interval)


def measure(corpus: Path, out: Path, models: bool) -> tuple[dict[str, int], dict[str, float]]:
    """Peak bytes and seconds per stage of one `newsfuse run`."""
    light = [] if models else ["--embedder", "none", "--ner", "rules"]
    command = [sys.executable, "-m", "newsfuse", "run", str(corpus), "--out", str(out), *light]
    env = {**os.environ, "NEWSFUSE_LOG": "info"}
    began = time.monotonic()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    memory = StageMemory(process)
    reader = threading.Thread(target=memory.read_stderr, daemon=True)
    reader.start()
    memory.sample()
    reader.join()
    if process.returncode != 0:
        raise SystemExit(f"newsfuse run failed:\n{''.join(memory.tail)}")
    ended = time.monotonic()
    order = sorted(memory.started, key=memory.started.get)  # type: ignore[arg-type]
    ends = [memory.started[s] for s in order[1:]] + [ended]
    seconds = {stage: end - memory.started[stage] for stage, end in zip(order, ends, strict=True)}
    seconds["total"] = ended - began
    return memory.peaks, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--models", action="store_true", help="e5 embeddings and spaCy entities")
    parser.add_argument("--keep", type=Path, help="keep the corpora and outputs in this folder")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as name:
        folder = args.keep or Path(name)
        for size in args.sizes:
            corpus = folder / f"corpus-{size}.jsonl"
            if not corpus.exists():
                write_corpus(corpus, size)
            results[size] = measure(corpus, folder / f"out-{size}", args.models)
            report(results)


def report(results: dict[int, tuple[dict[str, int], dict[str, float]]]) -> None:
    sizes = list(results)
    stages = [s for s in results[sizes[0]][0] if s != "start"] + ["total"]
    header = "".join(f"{f'{n} s':>12}{f'{n} GiB':>12}" for n in sizes)
    print(f"\n{'stage':<12}{header}" + ("   peak ratio" if len(sizes) > 1 else ""))
    for stage in stages:
        row = f"{stage:<12}"
        for size in sizes:
            peaks, seconds = results[size]
            peak = max(peaks.values()) if stage == "total" else peaks.get(stage, 0)
            row += f"{seconds.get(stage, 0.0):12.0f}{peak / 2**30:12.2f}"
        if len(sizes) > 1:
            first = max(results[sizes[0]][0].values()) if stage == "total" else results[sizes[0]][0].get(stage, 0)
            last = max(results[sizes[-1]][0].values()) if stage == "total" else results[sizes[-1]][0].get(stage, 0)
            row += f"   {last / first:10.2f}x" if first else ""
        print(row, flush=True)


if __name__ == "__main__":
    main()
