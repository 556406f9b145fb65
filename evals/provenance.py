"""Evaluate provenance on MEANTIME: translations found, and English found to be the source.

Every English Wikinews article in MEANTIME has Spanish, Italian and Dutch
translations. Runs the full newsfuse grouping and provenance over all 240
articles and scores the ``translation`` relation between each English
article and its translations: precision and recall of the relation (over
pairs with one English side), and the accuracy of its direction (English as
source). Baseline in the same run: a pair of different languages whose
document embeddings have cosine >= 0.90 is a translation, and the longer
text is taken as the source.

Run: .venv/bin/python -m evals.provenance [--update-floors [--allow-lower]]
"""

from __future__ import annotations

import json

import numpy as np

from evals import floors
from evals.common import corpus, digest_files, prf, print_table
from evals.stories import cached_store, load_corpus
from newsfuse.config import Settings
from newsfuse.index.fingerprints import embedding_matrix
from newsfuse.pipeline import Pipeline

BASELINE_COSINE = 0.90


def meantime_records() -> list[dict[str, str]]:
    docs = [json.loads(line) for line in corpus("translations", "meantime", "docs.jsonl").read_text().splitlines()]
    return [{"id": f"{d['doc_id']}-{d['lang']}", "text": d["text_tokenized"], "language": d["lang"]} for d in docs]


def _scores(predicted: dict[tuple[str, str], str], gold: set[tuple[str, str]], english: set[str]) -> dict[str, float]:
    """predicted: (source, target) -> kind, for pairs with one English side."""
    found = {tuple(sorted(pair)): pair for pair, kind in predicted.items() if kind == "translation"}
    true = sum(1 for key in found if key in gold)
    scores = prf(true, len(found) - true, len(gold) - true)
    right_way = sum(1 for key, (source, _) in found.items() if key in gold and source in english)
    scores["direction accuracy"] = right_way / true if true else 0.0
    return scores


def measure(show: bool = True) -> dict[str, float]:
    with cached_store("meantime", meantime_records()) as store:
        Pipeline.batch().run(store, Settings(), only=("duplicates", "stories", "sentences", "provenance"))
        articles, fingerprints = load_corpus(store)
        relations = store.relations()
    doc = {a.id: (a.external_id or "").rsplit("-", 1) for a in articles}
    english = {a.id for a in articles if doc[a.id][1] == "en"}
    gold = {
        tuple(sorted((a.id, b.id)))
        for a in articles
        for b in articles
        if a.id in english and b.id not in english and doc[a.id][0] == doc[b.id][0]
    }
    newsfuse = {
        (r.source_id, r.target_id): r.kind for r in relations if (r.source_id in english) != (r.target_id in english)
    }
    vectors = embedding_matrix(fingerprints)
    similarity = vectors @ vectors.T
    baseline = {}
    for i, a in enumerate(articles):
        for j, b in enumerate(articles):
            if a.id in english and b.id not in english and similarity[i, j] >= BASELINE_COSINE:
                source, target = (a, b) if len(a.text) >= len(b.text) else (b, a)
                baseline[(source.id, target.id)] = "translation"
    rows = {
        "newsfuse": _scores(newsfuse, gold, english),
        f"baseline (cosine >= {BASELINE_COSINE}, longer is source)": _scores(baseline, gold, english),
    }
    if show:
        print_table(f"MEANTIME translation relations ({len(gold)} gold English-translation pairs)", rows)
        kinds = np.unique([r.kind for r in relations], return_counts=True)
        print("  relation kinds:", dict(zip(kinds[0].tolist(), kinds[1].tolist(), strict=True)))
    return {f"meantime.{system}.{metric}": value for system, scores in rows.items() for metric, value in scores.items()}


def floor_scores(measured: dict[str, float]) -> dict[str, float]:
    return {key: measured[key] for key in measured if key.startswith("meantime.newsfuse.")}


def data_digest() -> str:
    return digest_files([corpus("translations", "meantime", "docs.jsonl")])


def main() -> None:
    floors.eval_main(__doc__, "provenance", measure, floor_scores, data_digest)


if __name__ == "__main__":
    main()
