"""Clustering and correlation metrics, computed by scikit-learn and SciPy.

B-cubed has no library function; it is read off scikit-learn's contingency
matrix (each cell counts the items a predicted cluster and a gold class
share), as are pairwise precision and recall (its pair confusion matrix).
Labels may be any hashable values: they are mapped to integer codes first,
since scikit-learn sorts labels and cannot order mixed types.

>>> round(bcubed(["a", "a", "b"], [1, 1, 2])["f1"], 3)
1.0
>>> round(adjusted_rand_index([0, 0, 1, 1], [5, 5, 7, 7]), 3)
1.0
>>> round(pairwise_f1([0, 0, 0, 1], [0, 0, 1, 1]), 3)
0.4
>>> round(pearson([1.0, 2.0, 3.0], [2.0, 4.0, 7.0]), 3)
0.993
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
from scipy.stats import pearsonr
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.cluster import contingency_matrix, pair_confusion_matrix


def _codes(labels: Sequence[Hashable]) -> np.ndarray:
    """Integer codes for arbitrary hashable labels (equal labels, equal codes)."""
    index: dict[Hashable, int] = {}
    return np.array([index.setdefault(label, len(index)) for label in labels], dtype=np.int64)


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin), averaged over items."""
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predicted labels for {len(gold)} gold labels")
    table = contingency_matrix(_codes(gold), _codes(predicted)).astype(np.float64)
    squared = table**2
    n = len(gold)
    precision = float((squared / table.sum(axis=0, keepdims=True)).sum() / n)
    recall = float((squared / table.sum(axis=1, keepdims=True)).sum() / n)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def adjusted_rand_index(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> float:
    """Adjusted Rand index (Hubert & Arabie)."""
    return float(adjusted_rand_score(_codes(gold), _codes(predicted)))


def pairwise_f1(predicted: Sequence[Hashable], reference: Sequence[Hashable]) -> float:
    """F1 of the same-cluster pairs of ``predicted`` against those of ``reference``."""
    pairs = pair_confusion_matrix(_codes(reference), _codes(predicted))
    both, only_predicted, only_reference = pairs[1, 1], pairs[0, 1], pairs[1, 0]
    if both + only_predicted + only_reference == 0:
        return 1.0  # neither side puts any two items together: they agree
    return float(2 * both / (2 * both + only_predicted + only_reference))


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson's r; 0.0 when either side is constant (no linear relation to measure)."""
    if len(xs) < 2 or np.std(xs) == 0 or np.std(ys) == 0:
        return 0.0
    return float(pearsonr(xs, ys).statistic)
