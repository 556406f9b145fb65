"""Tune the story constants on the tuning splits only, and show what they give on the report splits.

Decides nothing at run time: it prints, for the grid below, the best
settings on the ECB+ tuning topics (story weights and threshold, B-cubed
F1) and on the SemEval tuning pairs (blend of the graded similarity,
Pearson), each beside the shipped constants and with both settings'
figures on the report split, so a reader can see the shipped values were
chosen without the report split. ``cluster/scoring.py`` cites these runs.

Run: .venv/bin/python -m evals.stories --tune
"""

from __future__ import annotations

import itertools

from evals.metrics import bcubed, pearson
from evals.stories import ecbplus_split, semeval_pairs
from newsfuse.cluster.scoring import SIMILARITY_BLEND, StoryWeights

EMBEDDING = (0.2, 0.25, 0.3, 0.35, 0.4)
ENTITIES = (0.4, 0.45, 0.5, 0.55, 0.6)
THRESHOLD = (0.25, 0.275, 0.3, 0.325, 0.35)
BLEND_STEPS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def story_grid() -> list[StoryWeights]:
    grid = []
    for embedding, entities, threshold in itertools.product(EMBEDDING, ENTITIES, THRESHOLD):
        terms = round(1.0 - embedding - entities, 3)
        if terms >= 0:
            grid.append(StoryWeights(embedding=embedding, terms=terms, entities=entities, threshold=threshold))
    return grid


def ecb_f1(split: str, weights: StoryWeights) -> float:
    gold, batch, _ = ecbplus_split(split, weights)
    return round(bcubed(batch, gold)["f1"], 4)


def tune_story_weights() -> None:
    shipped = StoryWeights()
    ranked = sorted(story_grid(), key=lambda w: -ecb_f1("tune", w))
    best = ranked[0]
    print("ECB+ story weights, B-cubed F1 (embedding, terms, entities, threshold):")
    for name, w in (("best on tuning split", best), ("shipped", shipped)):
        print(
            f"  {name:<22} ({w.embedding}, {w.terms}, {w.entities}, {w.threshold})"
            f"  tuning {ecb_f1('tune', w):.4f}  report {ecb_f1('report', w):.4f}"
        )
    print("  next best on tuning:", [(w.embedding, w.terms, w.entities, w.threshold) for w in ranked[1:5]])


def tune_similarity_blend() -> None:
    scorer, splits = semeval_pairs()

    def correlation(split: str, blend: tuple[float, float, float]) -> float:
        left, right, gold = splits[split]
        return round(pearson(list(scorer.similarity(left, right, blend)), gold), 4)

    blends = [
        (a, b, round(1.0 - a - b, 2)) for a, b in itertools.product(BLEND_STEPS, BLEND_STEPS) if a + b <= 1.0 + 1e-9
    ]
    best = max(blends, key=lambda blend: correlation("tuning", blend))
    print("SemEval graded similarity, Pearson with -Overall (embedding, words, entities):")
    for name, blend in (("best on tuning split", best), ("shipped", SIMILARITY_BLEND)):
        tuning, report = correlation("tuning", blend), correlation("report", blend)
        print(f"  {name:<22} {blend}  tuning {tuning:.4f}  report {report:.4f}")


def tune() -> None:
    tune_story_weights()
    tune_similarity_blend()
