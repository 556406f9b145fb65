"""The closing summary of a run: counts that agree with their nouns, and no empty lines."""

from __future__ import annotations

from pathlib import Path

from newsfuse.report.summary import plural, summary_lines
from newsfuse.store import DuckDBStore


def test_counts_agree_with_their_nouns() -> None:
    assert [plural(n, "story") for n in (0, 1, 2)] == ["0 stories", "1 story", "2 stories"]
    assert plural(1, "rejected input") == "1 rejected input"
    assert plural(3, "independent source") == "3 independent sources"


def test_an_empty_store_gives_no_empty_lines(memory_store: DuckDBStore) -> None:
    lines = summary_lines(memory_store, report=Path("out/report.html"))
    assert lines == ["0 articles, 0 rejected inputs", "open the report: out/report.html"]
