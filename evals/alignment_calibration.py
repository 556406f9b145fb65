"""Calibrate the sentence-alignment thresholds of provenance/semantic.py.

* Paraphrase (same language): MSRP training pairs (news sentences labelled
  paraphrase or not). For each threshold on e5 cosine, with and without the
  shared-content check, F1 of "aligned" against the labels.
* Translation: MEANTIME, where sentence k of an English article and sentence
  k of its Spanish/Italian/Dutch translation are translations (gold) and
  every other sentence pair of the two articles is not. F1 of "cosine >=
  threshold" against that.

Prints the F1-best threshold of each; the constants in semantic.py are set
from these figures. A sample (--pairs) keeps the run to a few minutes on 2
cores.

Run: .venv/bin/python -m evals.alignment_calibration [--pairs 1500]
"""

from __future__ import annotations

import argparse
import json
import random

import numpy as np

from evals.common import corpus, prf
from newsfuse.index.embed import E5Embedder
from newsfuse.provenance.semantic import MIN_SHARED_CONTENT, _content

THRESHOLDS = np.arange(0.80, 0.97, 0.01)


def msrp_pairs(limit: int) -> list[tuple[str, str, bool]]:
    lines = corpus("similarity", "msrp", "msr_paraphrase_train.txt").read_text(encoding="utf-8-sig").splitlines()[1:]
    rows = [line.split("\t") for line in lines if line.count("\t") >= 4]
    random.Random(5).shuffle(rows)
    return [(r[3], r[4], r[0] == "1") for r in rows[:limit]]


def meantime_sentence_pairs(limit_docs: int) -> list[tuple[str, str, bool]]:
    docs = [json.loads(line) for line in corpus("translations", "meantime", "docs.jsonl").read_text().splitlines()]
    by_doc: dict[str, dict[str, list[str]]] = {}
    for doc in docs:
        by_doc.setdefault(doc["doc_id"], {})[doc["lang"]] = doc["text_tokenized"].split("\n")
    pairs = []
    for doc_id in sorted(by_doc)[:limit_docs]:
        english = by_doc[doc_id].get("en", [])
        for lang, sentences in by_doc[doc_id].items():
            if lang == "en" or len(sentences) != len(english):
                continue
            for i, source in enumerate(english):
                for j, target in enumerate(sentences):
                    pairs.append((source, target, i == j))
    return pairs


def best_threshold(
    similarity: np.ndarray, gold: np.ndarray, extra: np.ndarray | None = None
) -> tuple[float, dict[str, float]]:
    best: tuple[float, dict[str, float]] | None = None
    for threshold in THRESHOLDS:
        predicted = similarity >= threshold
        if extra is not None:
            predicted &= extra
        tp = float(np.sum(predicted & gold))
        scores = prf(tp, float(np.sum(predicted & ~gold)), float(np.sum(~predicted & gold)))
        if best is None or scores["f1"] > best[1]["f1"]:
            best = (round(float(threshold), 2), scores)
    assert best is not None
    return best


def embed_pairs(pairs: list[tuple[str, str, bool]]) -> np.ndarray:
    texts = sorted({t for a, b, _ in pairs for t in (a, b)})
    vectors = dict(zip(texts, E5Embedder().embed(texts), strict=True))
    return np.array([float(vectors[a] @ vectors[b]) for a, b, _ in pairs])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=1500, help="MSRP pairs to use")
    parser.add_argument("--docs", type=int, default=12, help="MEANTIME documents to use")
    args = parser.parse_args()
    msrp = msrp_pairs(args.pairs)
    similarity = embed_pairs(msrp)
    gold = np.array([g for _, _, g in msrp])
    shares = np.array(
        [len(_content(a) & _content(b)) / max(1, min(len(_content(a)), len(_content(b)))) for a, b, _ in msrp]
    )
    print(f"MSRP paraphrase pairs: {len(msrp)} ({gold.mean():.0%} positive)")
    threshold, scores = best_threshold(similarity, gold)
    print(f"  cosine only:                 threshold {threshold:.2f}  {scores}")
    threshold, scores = best_threshold(similarity, gold, shares >= MIN_SHARED_CONTENT)
    print(f"  cosine + shared content {MIN_SHARED_CONTENT:.2f}: threshold {threshold:.2f}  {scores}")
    meantime = meantime_sentence_pairs(args.docs)
    similarity = embed_pairs(meantime)
    gold = np.array([g for _, _, g in meantime])
    print(f"MEANTIME translated sentence pairs: {len(meantime)} ({gold.sum()} aligned)")
    threshold, scores = best_threshold(similarity, gold)
    print(f"  cosine only:                 threshold {threshold:.2f}  {scores}")


if __name__ == "__main__":
    main()
