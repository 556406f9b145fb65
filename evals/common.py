"""Shared helpers for evaluations: where the corpora are, digests, floors.

Decides where evaluation data is read from (``NEWSFUSE_DATA`` or
``../shared/data`` beside the project), which half of a corpus an item
belongs to (``split_of``: the tune split, where constants are set, and the
report split, the figure to quote), and how floors are kept: a JSON file of
minimum scores, each with a digest of the data it was measured on, so a
changed corpus is noticed instead of silently compared.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Literal

Split = Literal["tune", "report"]
SPLITS: tuple[Split, ...] = ("tune", "report")
PROJECT = Path(__file__).resolve().parent.parent
FLOORS_FILE = PROJECT / "evals" / "floors.json"


def data_root() -> Path:
    """The folder holding the shared corpora."""
    return Path(os.environ.get("NEWSFUSE_DATA", PROJECT.parent / "shared" / "data"))


def corpus(*parts: str) -> Path:
    """Path to a corpus folder or file; raises FileNotFoundError with the fix when absent."""
    path = data_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; put ../shared/data beside the project or set NEWSFUSE_DATA")
    return path


def digest_files(paths: list[Path]) -> str:
    """A short digest of the files' names and contents, gold files included by the caller.

    Contents, not sizes: an edited label or a re-encoded page changes the
    digest even when the size stays the same. The corpora here total about
    50 MB, which hashes in well under a second.
    """
    hasher = hashlib.sha256()
    for path in sorted(paths):
        hasher.update(f"{path.name}\n".encode())
        hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()[:16]


def split_of(key: str) -> Split:
    """The fixed half of a development corpus an item falls in, from a stable hash of its key.

    ``tune`` is where an eval's constants and settings are chosen, ``report``
    the figure it quotes. The key is the item's own name (a file name, a
    document id), so the split does not move when a corpus gains items.

    >>> split_of("page-1"), split_of("page-2")
    ('tune', 'report')
    """
    return "tune" if hashlib.sha256(key.encode()).digest()[0] % 2 == 0 else "report"


def load_floors() -> dict[str, Any]:
    if not FLOORS_FILE.exists():
        return {}
    return dict(json.loads(FLOORS_FILE.read_text()))


def prf(tp: float, fp: float, fn: float) -> dict[str, float]:
    """Precision, recall and F1 from counts."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def print_table(title: str, rows: dict[str, dict[str, float]]) -> None:
    """Print scores of several systems as an aligned table (columns in order of first appearance)."""
    metrics = list(dict.fromkeys(m for scores in rows.values() for m in scores))
    widths = [max(11, len(m) + 2) for m in metrics]
    name_width = max(34, *(len(name) + 2 for name in rows))
    print(f"\n{title}")
    print(f"  {'system':<{name_width}}" + "".join(f"{m:>{w}}" for m, w in zip(metrics, widths, strict=True)))
    for name, scores in rows.items():
        cells = (f"{scores.get(m, float('nan')):>{w}.4f}" for m, w in zip(metrics, widths, strict=True))
        print(f"  {name:<{name_width}}" + "".join(cells))


def print_metrics(title: str, rows: dict[str, dict[str, float]]) -> None:
    """Print scores with one line per metric and one column per system (for long metric names)."""
    metrics = list(dict.fromkeys(m for scores in rows.values() for m in scores))
    width = max(len(m) for m in metrics) + 2 if metrics else 10
    print(f"\n{title}")
    for k, name in enumerate(rows):
        print(f"  [{k + 1}] {name}")
    print(f"  {'metric':<{width}}" + "".join(f"{f'[{k + 1}]':>10}" for k in range(len(rows))))
    for metric in metrics:
        values = "".join(f"{scores.get(metric, float('nan')):>10.4f}" for scores in rows.values())
        print(f"  {metric:<{width}}" + values)


def sentence_model() -> str:
    """The sentence model newsfuse runs with in this eval ($NEWSFUSE_SENTENCE_MODEL, else the default)."""
    from newsfuse.config import Settings

    return Settings().sentence_model
