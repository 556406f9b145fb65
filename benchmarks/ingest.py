"""Ingest throughput on the HTML corpora (ScrapingHub + trafilatura-eval).

Measures articles per second for the whole ingest (read, decompress, decode,
extract, clean, detect language, segment, store) with the local engine at
1 and 2 workers, beside plain trafilatura.extract over the same pages in the
same run. Prints the median of --runs runs.

Run: .venv/bin/python -m benchmarks.ingest [--runs 3]
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import tempfile
import time
from pathlib import Path

import trafilatura

from evals.common import corpus
from newsfuse.engines import LocalEngine
from newsfuse.pipeline import ingest
from newsfuse.store import open_store


def html_folders() -> list[Path]:
    return [corpus("clean", "scrapinghub", "html"), corpus("clean", "trafilatura-eval", "html")]


def time_ingest(workers: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "bench.duckdb")) as store:
        started = time.perf_counter()
        summary = ingest([str(p) for p in html_folders()], store, LocalEngine(workers=workers))
        return time.perf_counter() - started, summary.read


def time_trafilatura() -> tuple[float, int]:
    pages = [gzip.decompress(p.read_bytes()) for folder in html_folders() for p in sorted(folder.glob("*.gz"))]
    started = time.perf_counter()
    for page in pages:
        trafilatura.extract(page)
    return time.perf_counter() - started, len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    systems = {
        "newsfuse ingest, 1 worker": lambda: time_ingest(1),
        "newsfuse ingest, 2 workers": lambda: time_ingest(2),
        "trafilatura.extract only (in memory)": time_trafilatura,
    }
    results = {}
    for name, run in systems.items():
        rates = []
        for _ in range(args.runs):
            seconds, count = run()
            rates.append(count / seconds)
        results[name] = statistics.median(rates)
        print(f"{name:<40} {results[name]:8.1f} articles/s  (runs: {', '.join(f'{r:.1f}' for r in rates)})")
    peer = results["trafilatura.extract only (in memory)"]
    for name, rate in results.items():
        print(f"{name:<40} {rate / peer:6.2f}x trafilatura.extract")


if __name__ == "__main__":
    main()
