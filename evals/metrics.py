"""Clustering and correlation metrics, written out so their definitions are visible.

>>> round(bcubed(["a", "a", "b"], [1, 1, 2])["f1"], 3)
1.0
>>> round(adjusted_rand_index([0, 0, 1, 1], [5, 5, 7, 7]), 3)
1.0
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin), averaged over items."""
    pred_members: dict[Hashable, set[int]] = defaultdict(set)
    gold_members: dict[Hashable, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        pred_members[p].add(i)
        gold_members[g].add(i)
    precision = recall = 0.0
    for p, g in zip(predicted, gold, strict=True):
        shared = len(pred_members[p] & gold_members[g])
        precision += shared / len(pred_members[p])
        recall += shared / len(gold_members[g])
    n = len(gold)
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def adjusted_rand_index(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> float:
    """Adjusted Rand index (Hubert & Arabie) from the contingency table."""
    pairs = Counter(zip(predicted, gold, strict=True))
    sum_cells = sum(math.comb(c, 2) for c in pairs.values())
    sum_pred = sum(math.comb(c, 2) for c in Counter(predicted).values())
    sum_gold = sum(math.comb(c, 2) for c in Counter(gold).values())
    total = math.comb(len(gold), 2)
    expected = sum_pred * sum_gold / total if total else 0.0
    maximum = (sum_pred + sum_gold) / 2
    return (sum_cells - expected) / (maximum - expected) if maximum != expected else 1.0


def pairwise_f1(predicted: Sequence[Hashable], reference: Sequence[Hashable]) -> float:
    """F1 of the same-cluster pairs of ``predicted`` against those of ``reference``."""

    def same_pairs(labels: Sequence[Hashable]) -> set[tuple[int, int]]:
        members: dict[Hashable, list[int]] = defaultdict(list)
        for i, label in enumerate(labels):
            members[label].append(i)
        return {(a, b) for m in members.values() for k, a in enumerate(m) for b in m[k + 1 :]}

    p, r = same_pairs(predicted), same_pairs(reference)
    if not p and not r:
        return 1.0
    shared = len(p & r)
    precision = shared / len(p) if p else 0.0
    recall = shared / len(r) if r else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    return cov / math.sqrt(var_x * var_y) if var_x and var_y else 0.0
