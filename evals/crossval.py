"""Cross-validated threshold fitting for three-class reuse labels (WD / PD / ND).

Decides how a constant fitted on labelled pairs is reported honestly: the
pairs are cut into folds, the thresholds are fitted on all folds but one by
maximising macro-F1, and the held-out fold is labelled with them. Every
pair is labelled once by thresholds that never saw it (out-of-fold), and
the fold cut is repeated over several shuffles so the spread shows.

>>> scores = [0.9, 0.8, 0.5, 0.4, 0.1, 0.0]
>>> labels = ["WD", "WD", "PD", "PD", "ND", "ND"]
>>> fit_two_thresholds(scores, labels).values
(0.8, 0.4)
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from evals.common import prf

LABELS = ("WD", "PD", "ND")
# Candidate thresholds: this many quantiles of the fitted scores (41 keeps
# a fit under a second; finer grids moved COUNTER's out-of-fold macro-F1 by
# under 0.005).
GRID = 41

Item = TypeVar("Item")


@dataclass(frozen=True)
class Fit:
    """Fitted (upper, lower) thresholds and their in-sample macro-F1."""

    values: tuple[float, float]
    macro_f1: float


def class_scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Macro-F1, accuracy and each class's F1."""
    out: dict[str, float] = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        out[f"F1 {label}"] = prf(tp, fp, fn)["f1"]
    out["macro-F1"] = round(sum(out[f"F1 {label}"] for label in LABELS) / len(LABELS), 4)
    out["accuracy"] = round(sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / max(1, len(gold)), 4)
    return out


def by_two_thresholds(score: float, upper: float, lower: float) -> str:
    """WD at or above ``upper``, PD at or above ``lower``, else ND."""
    return "WD" if score >= upper else "PD" if score >= lower else "ND"


def fit_thresholds(
    items: Sequence[Item], gold: Sequence[str], score_of: Callable[[Item], float], label: Callable[..., str]
) -> Fit:
    """The (upper, lower) pair on a quantile grid of the scores that maximises macro-F1.

    ``label(item, upper, lower)`` gives an item's class under the thresholds.
    """
    scores = np.array([score_of(item) for item in items], dtype=np.float64)
    grid = sorted({round(float(q), 4) for q in np.quantile(scores, np.linspace(0.0, 1.0, GRID))})
    best = Fit((1.0, 0.0), -1.0)
    for upper in grid:
        for lower in (g for g in grid if g <= upper):
            predicted = [label(item, upper, lower) for item in items]
            macro = class_scores(gold, predicted)["macro-F1"]
            if macro > best.macro_f1:
                best = Fit((upper, lower), macro)
    return best


def fit_two_thresholds(scores: Sequence[float], gold: Sequence[str]) -> Fit:
    """``fit_thresholds`` for plain scores labelled by ``by_two_thresholds``."""
    return fit_thresholds(list(scores), gold, float, by_two_thresholds)


def out_of_fold(
    items: Sequence[Item],
    gold: Sequence[str],
    fit: Callable[[Sequence[Item], Sequence[str]], tuple[float, float]],
    label: Callable[[Item, float, float], str],
    folds: int = 2,
    shuffles: int = 10,
) -> dict[str, float]:
    """Mean out-of-fold scores over ``shuffles`` fold cuts, with the spread of macro-F1.

    The same seeds give the same fold cuts to every system scored, so two
    systems measured in one run see the same splits.
    """
    runs = []
    for seed in range(shuffles):
        order = list(range(len(items)))
        random.Random(seed).shuffle(order)
        predicted = [""] * len(items)
        for k in range(folds):
            held = set(order[k::folds])
            train = [i for i in order if i not in held]
            upper, lower = fit([items[i] for i in train], [gold[i] for i in train])
            for i in held:
                predicted[i] = label(items[i], upper, lower)
        runs.append(class_scores(gold, predicted))
    mean = {key: round(float(np.mean([r[key] for r in runs])), 4) for key in runs[0]}
    mean["macro-F1 min"] = min(r["macro-F1"] for r in runs)
    mean["macro-F1 max"] = max(r["macro-F1"] for r in runs)
    return mean
