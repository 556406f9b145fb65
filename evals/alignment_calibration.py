"""Calibrate the sentence-alignment thresholds of provenance/semantic.py, on one split, scored on another.

* Paraphrase (same language): MSRP training pairs (news sentences labelled
  paraphrase or not), shuffled and cut in two halves: the threshold on e5
  cosine (with and without the shared-content check) that maximises F1 on
  the tuning half, and its F1 on the report half.
* Translation: MEANTIME, where sentence k of an English article and sentence
  k of its Spanish/Italian/Dutch translation are translations (gold) and
  every other sentence pair of the two articles is not. Documents are dealt
  alternately to a tuning and a report half (the same halves
  evals/provenance.py reports); the F1-best threshold on the tuning half,
  and its F1 on the report half.

The constants in semantic.py are set from the tuning halves. A sample
(--pairs, --docs) keeps the run to a few minutes on 2 cores.

Run: .venv/bin/python -m evals.alignment_calibration [--pairs 1500] [--docs 12]
"""

from __future__ import annotations

import argparse
import json
import random

import numpy as np

from evals.common import corpus, prf
from evals.stories import alternate
from newsfuse.index.embed import E5Embedder
from newsfuse.provenance.semantic import MIN_SHARED_CONTENT, _content

THRESHOLDS = np.arange(0.80, 0.97, 0.01)


def msrp_pairs(limit: int) -> list[tuple[str, str, bool]]:
    lines = corpus("similarity", "msrp", "msr_paraphrase_train.txt").read_text(encoding="utf-8-sig").splitlines()[1:]
    rows = [line.split("\t") for line in lines if line.count("\t") >= 4]
    random.Random(5).shuffle(rows)
    return [(r[3], r[4], r[0] == "1") for r in rows[:limit]]


def meantime_sentence_pairs(limit_docs: int, split: str) -> list[tuple[str, str, bool]]:
    """Sentence pairs of the first ``limit_docs`` documents of one half ('tuning' or 'report')."""
    docs = [json.loads(line) for line in corpus("translations", "meantime", "docs.jsonl").read_text().splitlines()]
    by_doc: dict[str, dict[str, list[str]]] = {}
    for doc in docs:
        by_doc.setdefault(doc["doc_id"], {})[doc["lang"]] = doc["text_tokenized"].split("\n")
    tuning, report = alternate(list(by_doc))
    pairs = []
    for doc_id in sorted(tuning if split == "tuning" else report)[:limit_docs]:
        english = by_doc[doc_id].get("en", [])
        for lang, sentences in by_doc[doc_id].items():
            if lang == "en" or len(sentences) != len(english):
                continue
            for i, source in enumerate(english):
                for j, target in enumerate(sentences):
                    pairs.append((source, target, i == j))
    return pairs


def scores_at(
    similarity: np.ndarray, gold: np.ndarray, threshold: float, extra: np.ndarray | None = None
) -> dict[str, float]:
    predicted = similarity >= threshold
    if extra is not None:
        predicted &= extra
    tp = float(np.sum(predicted & gold))
    return prf(tp, float(np.sum(predicted & ~gold)), float(np.sum(~predicted & gold)))


def best_threshold(
    similarity: np.ndarray, gold: np.ndarray, extra: np.ndarray | None = None
) -> tuple[float, dict[str, float]]:
    best: tuple[float, dict[str, float]] | None = None
    for threshold in THRESHOLDS:
        scores = scores_at(similarity, gold, float(threshold), extra)
        if best is None or scores["f1"] > best[1]["f1"]:
            best = (round(float(threshold), 2), scores)
    assert best is not None
    return best


def embed_pairs(pairs: list[tuple[str, str, bool]]) -> np.ndarray:
    texts = sorted({t for a, b, _ in pairs for t in (a, b)})
    vectors = dict(zip(texts, E5Embedder().embed(texts), strict=True))
    return np.array([float(vectors[a] @ vectors[b]) for a, b, _ in pairs])


def shares_of(pairs: list[tuple[str, str, bool]]) -> np.ndarray:
    return np.array(
        [len(_content(a) & _content(b)) / max(1, min(len(_content(a)), len(_content(b)))) for a, b, _ in pairs]
    )


def report(name: str, tuning: list[tuple[str, str, bool]], held: list[tuple[str, str, bool]], content: bool) -> None:
    """Fit on the tuning pairs, print the threshold with its F1 there and on the report pairs."""
    sims = {"tuning": embed_pairs(tuning), "report": embed_pairs(held)}
    golds = {"tuning": np.array([g for *_, g in tuning]), "report": np.array([g for *_, g in held])}
    checks: list[tuple[str, dict[str, np.ndarray] | None]] = [("cosine only", None)]
    if content:
        shares = {"tuning": shares_of(tuning), "report": shares_of(held)}
        checks.append(
            (
                f"cosine + shared content {MIN_SHARED_CONTENT:.2f}",
                {k: v >= MIN_SHARED_CONTENT for k, v in shares.items()},
            )
        )
    print(f"{name}: {len(tuning)} tuning pairs ({golds['tuning'].mean():.0%} positive), {len(held)} report pairs")
    for label, extra in checks:
        threshold, fitted = best_threshold(sims["tuning"], golds["tuning"], extra["tuning"] if extra else None)
        held_scores = scores_at(sims["report"], golds["report"], threshold, extra["report"] if extra else None)
        print(f"  {label:<30} threshold {threshold:.2f}  tuning {fitted}  report {held_scores}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=1500, help="MSRP pairs to use (half tuning, half report)")
    parser.add_argument("--docs", type=int, default=12, help="MEANTIME documents per half")
    args = parser.parse_args()
    msrp = msrp_pairs(args.pairs)
    half = len(msrp) // 2
    report("MSRP paraphrase pairs", msrp[:half], msrp[half:], content=True)
    report(
        "MEANTIME translated sentence pairs",
        meantime_sentence_pairs(args.docs, "tuning"),
        meantime_sentence_pairs(args.docs, "report"),
        content=False,
    )


if __name__ == "__main__":
    main()
