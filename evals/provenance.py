"""Evaluate provenance: MEANTIME translations, COUNTER reuse, ECB+ near-duplicates.

* MEANTIME (dev; English Wikinews articles and their Spanish, Italian and
  Dutch translations): the 240 articles go through the pipeline with their
  languages detected (not given) and in a shuffled ingest order, once per
  seed; the table shows the mean and the spread over seeds of the
  ``translation`` relation's precision and recall over pairs with one
  English side, and of its direction (English as source, on real evidence:
  ``none`` counts as wrong; MEANTIME has no dates or credits, so most
  directions are honestly unknown). The translation cosine was calibrated
  on the tuning half of MEANTIME's documents (evals/alignment_calibration.py);
  the table also shows the report half alone. Peer in the same run: a pair
  of different detected languages whose document embeddings have cosine
  >= 0.90 is a translation, the longer text its source.
* COUNTER (dev, Urdu wire -> newspaper): see evals/counter.py.
* ECB+ near-duplicates (English): pairs that MinHash groups as near
  duplicates must come out as ``duplicate`` or ``copy``, a check that the
  kind thresholds fitted on COUNTER hold on English reprints.

``--ci`` measures the fixed subsets the CI floor test uses: two MEANTIME
seeds, the first 100 COUNTER pairs, all ECB+ near-duplicate pairs.

Run: .venv/bin/python -m evals.provenance [--ci] [--update-floors [--allow-lower]]
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

import numpy as np

from evals import counter
from evals.common import corpus, digest_files, prf, print_metrics
from evals.stories import alternate, cached_store, ecbplus_corpus, load_corpus, meantime_records
from evals.subset_main import subset_main
from newsfuse.cluster.duplicates import find_duplicate_groups
from newsfuse.config import Settings
from newsfuse.engines import LocalEngine
from newsfuse.index.embed import sentence_embedder
from newsfuse.index.fingerprints import embedding_matrix
from newsfuse.index.stage import ensure_sentence_vectors
from newsfuse.pipeline import Pipeline, ingest
from newsfuse.provenance.relations import relate
from newsfuse.records import Article, Relation
from newsfuse.store import DuckDBStore, open_store

BASELINE_COSINE = 0.90
SEEDS = 5
CI_SEEDS = 2


def shuffled_run(seed: int) -> tuple[list[Article], list[Relation], np.ndarray]:
    """Articles (in the shuffled ingest order), relations and document vectors of one MEANTIME run.

    Fingerprints and sentence vectors are copied from the cached store by
    article id (ids are content hashes), so a shuffle costs cleaning and
    provenance, not embedding.
    """
    records = meantime_records()
    with cached_store("meantime", records) as base:
        vectors = ensure_sentence_vectors(base, [a.id for a in base.iter_articles()], Settings())
        prints = list(base.iter_fingerprints())
    order = list(records)
    random.Random(seed).shuffle(order)
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "meantime.jsonl"
        feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in order))
        store = open_store(str(Path(tmp) / "run.duckdb"))
        with store:
            ingest([str(feed)], store, LocalEngine())
            _copy_vectors(store, prints, vectors)
            Pipeline.batch().run(store, Settings(), only=("duplicates", "stories", "sentences", "provenance"))
            articles, fingerprints = load_corpus(store)
            relations = store.relations()
    return articles, relations, embedding_matrix(fingerprints)


def _copy_vectors(store: DuckDBStore, prints: list, vectors: dict[str, np.ndarray]) -> None:  # type: ignore[type-arg]
    known = {a.id for a in store.iter_articles()}
    store.write_fingerprints([f for f in prints if f.article_id in known])
    name = sentence_embedder(Settings().sentence_embedder).name
    store.write_sentence_vectors([(i, v, name) for i, v in vectors.items() if i in known])


def _scores(
    predicted: dict[tuple[str, str], tuple[str, str]], gold: set[tuple[str, str]], english: set[str]
) -> dict[str, float]:
    """predicted: (source, target) -> (kind, direction evidence), for pairs with one English side."""
    found = {
        tuple(sorted(pair)): (pair, evidence) for pair, (kind, evidence) in predicted.items() if kind == "translation"
    }
    true = [key for key in found if key in gold]
    scores = prf(len(true), len(found) - len(true), len(gold) - len(true))
    right_way = sum(1 for key in true if found[key][0][0] in english and found[key][1] != "none")
    scores["direction accuracy"] = round(right_way / len(true), 4) if true else 0.0
    scores["direction none"] = round(sum(found[key][1] == "none" for key in true) / len(true), 4) if true else 0.0
    return scores


def meantime_seed(seed: int) -> dict[str, dict[str, float]]:
    """Scores of newsfuse and the peer for one shuffled run, on all pairs and on the report half."""
    articles, relations, vectors = shuffled_run(seed)
    doc = {a.id: (a.external_id or "").rsplit("-", 1) for a in articles}
    english = {a.id for a in articles if doc[a.id][1] == "en"}
    _, report_docs = alternate([d for d, _ in doc.values()])
    gold = {
        tuple(sorted((a.id, b.id)))
        for a in articles
        for b in articles
        if a.id in english and b.id not in english and doc[a.id][0] == doc[b.id][0]
    }
    newsfuse = {
        (r.source_id, r.target_id): (r.kind, r.direction_evidence)
        for r in relations
        if (r.source_id in english) != (r.target_id in english)
    }
    similarity = vectors @ vectors.T
    peer = {}
    for i, a in enumerate(articles):
        for j, b in enumerate(articles):
            if (
                a.id in english
                and b.id not in english
                and a.language != b.language
                and similarity[i, j] >= BASELINE_COSINE
            ):
                source, target = (a, b) if len(a.text) >= len(b.text) else (b, a)
                peer[(source.id, target.id)] = ("translation", "length")
    report = {pair for pair in gold if doc[pair[0]][0] in report_docs}
    in_report = {k: v for k, v in newsfuse.items() if doc[k[0]][0] in report_docs}
    return {
        "newsfuse [all]": _scores(newsfuse, gold, english),
        "newsfuse [report half]": _scores(in_report, report, english),
        f"peer: cosine >= {BASELINE_COSINE}, longer is source [all]": _scores(peer, gold, english),
    }


def meantime(seeds: int) -> dict[str, dict[str, float]]:
    runs = [meantime_seed(seed) for seed in range(seeds)]
    out: dict[str, dict[str, float]] = {}
    for system in runs[0]:
        for metric in runs[0][system]:
            values = [run[system][metric] for run in runs]
            out.setdefault(system, {})[metric] = round(float(np.mean(values)), 4)
            if metric in {"recall", "direction accuracy"}:
                out[system][f"{metric} min"] = min(values)
                out[system][f"{metric} max"] = max(values)
    return out


def ecbplus_near_duplicates() -> dict[str, dict[str, float]]:
    """Kinds newsfuse gives the pairs of ECB+'s MinHash near-duplicate groups (English reprints)."""
    articles, fingerprints, _ = ecbplus_corpus()
    groups = find_duplicate_groups(articles, fingerprints)
    by_id = {a.id: a for a in articles}
    pairs = [
        (g.article_ids[i], g.article_ids[j])
        for g in groups
        for i in range(len(g.article_ids))
        for j in range(i + 1, len(g.article_ids))
    ]
    docs = [json.loads(line) for line in corpus("stories", "ecbplus", "docs.jsonl").read_text().splitlines()]
    records = [{"id": d["doc_id"], "text": f"{d['title_or_first_sentence']}\n{d['text']}"} for d in docs]
    with cached_store("ecbplus", records) as store:
        vectors = ensure_sentence_vectors(store, sorted({x for p in pairs for x in p}), Settings())
    model = Settings().sentence_embedder
    kinds = [relate("", by_id[a], by_id[b], vectors[a], vectors[b], model=model).kind for a, b in pairs]
    copied = sum(kind in {"duplicate", "copy"} for kind in kinds)
    return {"newsfuse": {"pairs": float(len(pairs)), "duplicate or copy": round(copied / max(1, len(pairs)), 4)}}


def data_digest() -> str:
    return digest_files(
        [
            corpus("translations", "meantime", "docs.jsonl"),
            corpus("stories", "ecbplus", "docs.jsonl"),
            corpus("provenance", "counter", "input.jsonl"),
            corpus("provenance", "counter", "gold.jsonl"),
        ]
    )


def measure(show: bool = True, ci: bool = False) -> dict[str, float]:
    seeds = CI_SEEDS if ci else SEEDS
    tables = {
        "meantime": (
            f"MEANTIME translation relations (dev; languages detected; {seeds} shuffled ingest orders)",
            meantime(seeds),
        ),
        "ecbplus_neardup": ("ECB+ near-duplicate pairs (English reprints): kinds", ecbplus_near_duplicates()),
    }
    flat: dict[str, float] = {}
    for key, (title, rows) in tables.items():
        if show:
            print_metrics(title, rows)
        flat.update(
            {f"{key}.{system}.{metric}": value for system, scores in rows.items() for metric, value in scores.items()}
        )
    flat.update(counter.measure(show, counter.CI_PAIRS if ci else None))
    return flat


def floor_scores(measured: dict[str, float]) -> dict[str, float]:
    keys = [
        "meantime.newsfuse [all].recall",
        "meantime.newsfuse [all].recall min",
        "meantime.newsfuse [all].precision",
        "ecbplus_neardup.newsfuse.duplicate or copy",
    ]
    return {**{key: measured[key] for key in keys}, **counter.floor_scores(measured)}


def main() -> None:
    subset_main(__doc__, "provenance", measure, floor_scores, data_digest)


if __name__ == "__main__":
    main()
