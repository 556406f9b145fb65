"""Evaluate the support checker as a stance detector on FNC-1.

For each headline/body pair: does the body agree with, disagree with,
discuss, or not relate to the headline? The checker's thresholds are tuned
on half of the bodies (id // 2 even; the copy here holds only odd ids) and
scored on the other half (no FNC training labels are available offline). Prints the FNC-1 weighted score (0.25 for
related/unrelated right, 0.75 more for the exact related label, relative to
the best possible) and macro-F1, beside two baselines in the same run:
majority class ("unrelated"), and embedding similarity alone (related
pairs called "discuss", the most common related label).

Run: .venv/bin/python -m evals.stance [--update-floors [--allow-lower]]
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable

import numpy as np

from evals import floors
from evals.common import PROJECT, corpus, digest_files, print_table
from newsfuse.claims.support import SupportThresholds, check_support
from newsfuse.clean.normalize import normalise_text
from newsfuse.clean.sentences import sentence_spans
from newsfuse.ids import digest
from newsfuse.index.embed import E5Embedder

LABELS = ("agree", "disagree", "discuss", "unrelated")
CACHE = PROJECT / "evals" / "results"


def fnc_score(gold: list[str], predicted: list[str]) -> float:
    """FNC-1's weighted accuracy relative to the best possible score."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        best += 0.25 if g == "unrelated" else 1.0
        if (g == "unrelated") == (p == "unrelated"):
            score += 0.25
        if g == p and g != "unrelated":
            score += 0.75
    return score / best


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    scores = []
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def embed_cached(texts: list[str]) -> dict[str, np.ndarray]:
    """e5 vectors of texts, cached on disk by a digest of the text set."""
    unique = sorted(set(texts))
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"fnc-vectors-{digest(*unique)[:12]}.npy"
    if path.exists():
        matrix = np.load(path)
    else:
        matrix = E5Embedder().embed(unique)
        np.save(path, matrix)
    return dict(zip(unique, matrix, strict=True))


def load() -> tuple[list[dict[str, str]], dict[str, tuple[str, list[tuple[int, int]]]]]:
    root = corpus("stance", "fnc1")
    bodies = {}
    for line in (root / "bodies.jsonl").read_text().splitlines():
        record = json.loads(line)
        text = normalise_text(record["articleBody"])
        bodies[str(record["Body ID"])] = (text, sentence_spans(text))
    pairs = [json.loads(line) for line in (root / "stances.jsonl").read_text().splitlines()]
    return pairs, bodies


Predictor = Callable[[dict[str, str]], str]


def measure(show: bool = True) -> dict[str, float]:
    pairs, bodies = load()
    sentences = [text[s:e] for text, spans in bodies.values() for s, e in spans]
    vectors = embed_cached(sentences + [p["Headline"] for p in pairs])
    body_vectors = {
        body_id: np.array([vectors[text[s:e]] for s, e in spans]) for body_id, (text, spans) in bodies.items()
    }
    tune = [p for p in pairs if int(p["Body ID"]) // 2 % 2 == 0]
    test = [p for p in pairs if int(p["Body ID"]) // 2 % 2 == 1]

    def newsfuse(thresholds: SupportThresholds) -> Predictor:
        def predict(pair: dict[str, str]) -> str:
            text, spans = bodies[pair["Body ID"]]
            return check_support(
                pair["Headline"], vectors[pair["Headline"]], text, spans, body_vectors[pair["Body ID"]], thresholds
            ).stance

        return predict

    def similarity_only(threshold: float) -> Predictor:
        def predict(pair: dict[str, str]) -> str:
            best = float(np.max(body_vectors[pair["Body ID"]] @ vectors[pair["Headline"]]))
            return "discuss" if best >= threshold else "unrelated"

        return predict

    tuned = tune_thresholds(tune, newsfuse)
    related = max(np.arange(0.78, 0.92, 0.005), key=lambda t: fnc_score(*_run(tune, similarity_only(float(t)))))
    systems: dict[str, Predictor] = {
        "newsfuse support checker (tuned on the other half)": newsfuse(tuned),
        "newsfuse support checker (defaults)": newsfuse(SupportThresholds()),
        f"embedding similarity only (t={related:.3f})": similarity_only(float(related)),
        "majority class (unrelated)": lambda pair: "unrelated",
    }
    rows = {}
    for name, predict in systems.items():
        gold, predicted = _run(test, predict)
        rows[name] = {"FNC score": fnc_score(gold, predicted), "macro F1": macro_f1(gold, predicted)}
    if show:
        print_table(f"FNC-1 stance, held-out half ({len(test)} pairs); tuned: {tuned}", rows)
    return {f"fnc1.{system}.{metric}": value for system, scores in rows.items() for metric, value in scores.items()}


def _run(pairs: list[dict[str, str]], predict: Predictor) -> tuple[list[str], list[str]]:
    return [p["Stance"] for p in pairs], [predict(p) for p in pairs]


def tune_thresholds(pairs: list[dict[str, str]], make: Callable[[SupportThresholds], Predictor]) -> SupportThresholds:
    """Grid search of the checker's thresholds for the best FNC score on ``pairs``."""
    best: tuple[float, SupportThresholds] | None = None
    grid = itertools.product((0.80, 0.82, 0.84), (0.86, 0.88, 0.90), (0.3, 0.5), (1, 2, 3), (1, 2, 3))
    for related, agree, words, refute, hedge in grid:
        if agree <= related:
            continue
        thresholds = SupportThresholds(related, agree, words, refute, hedge)
        score = fnc_score(*_run(pairs, make(thresholds)))
        if best is None or score > best[0]:
            best = (score, thresholds)
    assert best is not None
    return best[1]


def floor_scores(measured: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in measured.items() if k.startswith("fnc1.newsfuse support checker (defaults)")}


def data_digest() -> str:
    return digest_files(sorted(corpus("stance", "fnc1").glob("*.jsonl")))


def main() -> None:
    floors.eval_main(__doc__, "stance", measure, floor_scores, data_digest)


if __name__ == "__main__":
    main()
