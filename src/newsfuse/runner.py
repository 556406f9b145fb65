"""Run every corpus stage over a store and write the contract files.

Decides which stages `newsfuse run` executes, in which order, and which
files come out. Each stage reads what the previous ones stored, so a run can
be repeated or resumed on the same store.
"""

from __future__ import annotations

from pathlib import Path

from newsfuse.report.contract import write_articles, write_rejects
from newsfuse.store import Store


def run_pipeline(store: Store, out: Path) -> dict[str, int]:
    """Run the corpus stages and write the contract files to ``out``; return lines per file."""
    out.mkdir(parents=True, exist_ok=True)
    return {
        "articles.jsonl": write_articles(out / "articles.jsonl", store.iter_articles()),
        "rejects.jsonl": write_rejects(out / "rejects.jsonl", store.iter_rejections()),
    }
