"""Evaluate story grouping: ECB+ events, SemEval-2022 pair similarity, MEANTIME translations.

Prints, with baselines measured in the same run:

* ECB+ (all documents clustered together, gold = subtopic): B-cubed
  precision/recall/F1 and ARI for newsfuse, for MinHash-LSH near-duplicate
  groups alone, and for average-link clustering of the embeddings with one
  threshold tuned on the same data (an oracle: its best threshold is shown);
* SemEval-2022 task 8: Pearson correlation of newsfuse's pair score with the
  human "Overall" rating (negated: 1 means most similar), beside embedding
  cosine alone;
* MEANTIME: the share of translated articles that land in the same story as
  their English original and with no other article.

Stores with fingerprints are cached in evals/results/ (keyed by a digest of
the input), so a second run skips the embedding work.

Run: .venv/bin/python -m evals.stories [--update-floors [--allow-lower]]
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from evals import floors
from evals.common import PROJECT, corpus, digest_files, print_table
from evals.metrics import adjusted_rand_index, bcubed, pairwise_f1, pearson
from newsfuse.cluster.duplicates import find_duplicate_groups
from newsfuse.cluster.incremental import StoryAssigner
from newsfuse.cluster.scoring import ArticleMeta, PairScorer
from newsfuse.cluster.stories import cluster_stories
from newsfuse.config import Settings
from newsfuse.engines import LocalEngine
from newsfuse.ids import digest
from newsfuse.index.fingerprints import embedding_matrix
from newsfuse.pipeline import Pipeline, ingest
from newsfuse.records import Article, Fingerprint
from newsfuse.store import DuckDBStore, open_store

CACHE = PROJECT / "evals" / "results"


def cached_store(name: str, records: list[dict[str, Any]]) -> DuckDBStore:
    """A store holding the records, indexed; built once per distinct input."""
    CACHE.mkdir(parents=True, exist_ok=True)
    key = digest(json.dumps(records, sort_keys=True))[:12]
    path = CACHE / f"{name}-{key}.duckdb"
    store = open_store(str(path))
    if store.describe()["fingerprints"] < store.describe()["articles"] or store.describe()["articles"] == 0:
        with tempfile.TemporaryDirectory() as tmp:
            feed = Path(tmp) / f"{name}.jsonl"
            feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
            ingest([str(feed)], store, LocalEngine())
        Pipeline.batch().run(store, Settings(), only=("index",))
    return store


def load_corpus(store: DuckDBStore) -> tuple[list[Article], list[Fingerprint]]:
    articles = list(store.iter_articles())
    by_id = {f.article_id: f for f in store.iter_fingerprints()}
    return articles, [by_id[a.id] for a in articles]


def with_rejected(labels: Sequence[Hashable], rejected: Sequence[str]) -> list[Hashable]:
    """Labels for every input document: each one newsfuse rejected is a singleton cluster.

    Scoring only what was ingested would hide documents lost at cleaning
    (a rejected document belongs to a gold story like any other).
    """
    return [*labels, *(f"rejected:{doc_id}" for doc_id in rejected)]


def labels_from_groups(articles: Sequence[Article], groups: Sequence[Sequence[str]]) -> list[int]:
    """Cluster label per article; articles in no group are singletons."""
    label = {article_id: k for k, group in enumerate(groups) for article_id in group}
    return [label.get(a.id, len(groups) + i) for i, a in enumerate(articles)]


def embedding_oracle(
    vectors: np.ndarray, gold: Sequence[str], rejected: Sequence[str] = ()
) -> tuple[float, dict[str, float], float]:
    """Average-link on cosine distance with the best single threshold for this data (rejected: singletons)."""
    distance = np.clip(1.0 - vectors @ vectors.T, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    best: tuple[float, dict[str, float], float] | None = None
    for threshold in np.arange(0.80, 0.99, 0.005):
        predicted = with_rejected(list(fcluster(tree, 1.0 - threshold, criterion="distance")), rejected)
        scores = bcubed(predicted, gold)
        if best is None or scores["f1"] > best[1]["f1"]:
            best = (float(threshold), scores, adjusted_rand_index(predicted, gold))
    assert best is not None
    return best


def incremental_labels(articles: Sequence[Article], fingerprints: Sequence[Fingerprint]) -> list[str]:
    """Story per article when articles arrive one at a time, in ingest order."""
    assigner = StoryAssigner()
    return [assigner.assign(ArticleMeta.of(a), f) for a, f in zip(articles, fingerprints, strict=True)]


def ecbplus() -> dict[str, dict[str, float]]:
    docs = [json.loads(line) for line in corpus("stories", "ecbplus", "docs.jsonl").read_text().splitlines()]
    records = [{"id": d["doc_id"], "text": f"{d['title_or_first_sentence']}\n{d['text']}"} for d in docs]
    gold_of = {d["doc_id"]: d["subtopic"] for d in docs}
    with cached_store("ecbplus", records) as store:
        articles, fingerprints = load_corpus(store)
    ingested = {a.external_id for a in articles}
    rejected = [d["doc_id"] for d in docs if d["doc_id"] not in ingested]
    gold = [gold_of[a.external_id or ""] for a in articles] + [gold_of[doc_id] for doc_id in rejected]
    duplicates = find_duplicate_groups(articles, fingerprints)
    stories = cluster_stories(articles, fingerprints, duplicates)
    newsfuse = with_rejected(labels_from_groups(articles, [s.article_ids for s in stories]), rejected)
    lsh = with_rejected(labels_from_groups(articles, [g.article_ids for g in duplicates]), rejected)
    threshold, oracle_scores, oracle_ari = embedding_oracle(embedding_matrix(fingerprints), gold, rejected)
    incremental = with_rejected(incremental_labels(articles, fingerprints), rejected)
    return {
        "newsfuse": {
            **bcubed(newsfuse, gold),
            "ari": adjusted_rand_index(newsfuse, gold),
            "rejected documents": len(rejected),
        },
        "newsfuse incremental (ingest order)": {
            **bcubed(incremental, gold),
            "ari": adjusted_rand_index(incremental, gold),
            "pairwise f1 vs batch": pairwise_f1(incremental, newsfuse),
        },
        "minhash-lsh groups alone": {**bcubed(lsh, gold), "ari": adjusted_rand_index(lsh, gold)},
        f"embedding avg-link (oracle t={threshold:.3f})": {**oracle_scores, "ari": oracle_ari},
    }


def semeval() -> dict[str, dict[str, float]]:
    rows = [
        json.loads(line) for line in corpus("similarity", "semeval2022-task8", "pairs.jsonl").read_text().splitlines()
    ]
    unique = {row["pair_id"]: row for row in rows}
    texts: dict[str, tuple[str, str]] = {}
    for pair_id, row in unique.items():
        left, right = pair_id.split("_", 1)
        texts[left] = (row["text1"], row["lang1"])
        texts[right] = (row["text2"], row["lang2"])
    records = [{"id": key, "text": text, "language": lang} for key, (text, lang) in sorted(texts.items())]
    with cached_store("semeval", records) as store:
        articles, fingerprints = load_corpus(store)
    index = {a.external_id: i for i, a in enumerate(articles)}
    pairs = [(p, *p.split("_", 1)) for p in unique if all(k in index for k in p.split("_", 1))]
    left = np.array([index[a] for _, a, _ in pairs])
    right = np.array([index[b] for _, _, b in pairs])
    gold = [-float(unique[p]["Overall"]) for p, _, _ in pairs]
    scorer = PairScorer.for_corpus(articles, fingerprints)
    cosine = np.einsum("ij,ij->i", scorer.embeddings[left], scorer.embeddings[right])
    return {
        "newsfuse pair similarity": {
            "pearson": pearson(list(scorer.similarity(left, right)), gold),
            "pairs": len(pairs),
        },
        "newsfuse story score (clipped)": {
            "pearson": pearson(list(scorer.score(left, right)), gold),
            "pairs": len(pairs),
        },
        "embedding cosine alone": {"pearson": pearson(list(cosine), gold), "pairs": len(pairs)},
    }


def meantime() -> dict[str, dict[str, float]]:
    docs = [json.loads(line) for line in corpus("translations", "meantime", "docs.jsonl").read_text().splitlines()]
    records = [{"id": f"{d['doc_id']}-{d['lang']}", "text": d["text_tokenized"], "language": d["lang"]} for d in docs]
    with cached_store("meantime", records) as store:
        articles, fingerprints = load_corpus(store)
    duplicates = find_duplicate_groups(articles, fingerprints)
    stories = cluster_stories(articles, fingerprints, duplicates)
    story_of = {article_id: s.story_id for s in stories for article_id in s.article_ids}
    doc_of = {a.id: (a.external_id or "").rsplit("-", 1) for a in articles}
    members: dict[str, set[str]] = {}
    for article_id, story_id in story_of.items():
        members.setdefault(story_id, set()).add(doc_of[article_id][0])
    english = {doc_of[a.id][0]: a.id for a in articles if doc_of[a.id][1] == "en"}
    translated = [a for a in articles if doc_of[a.id][1] != "en"]
    with_original = [a for a in translated if story_of[a.id] == story_of.get(english.get(doc_of[a.id][0], ""))]
    alone = [a for a in with_original if members[story_of[a.id]] == {doc_of[a.id][0]}]
    return {
        "newsfuse": {
            "with original": len(with_original) / len(translated),
            "with original, nothing else": len(alone) / len(translated),
            "translations": len(translated),
        }
    }


def data_digest() -> str:
    return digest_files(
        [
            corpus("stories", "ecbplus", "docs.jsonl"),
            corpus("similarity", "semeval2022-task8", "pairs.jsonl"),
            corpus("translations", "meantime", "docs.jsonl"),
        ]
    )


def measure(show: bool = True) -> dict[str, float]:
    tables = {
        "ecbplus": ("ECB+ story clustering (gold = subtopic)", ecbplus()),
        "semeval": ("SemEval-2022 task 8 pair similarity (vs -Overall)", semeval()),
        "meantime": ("MEANTIME translations in their original's story", meantime()),
    }
    flat = {}
    for key, (title, rows) in tables.items():
        if show:
            print_table(title, rows)
        for system, scores in rows.items():
            for metric, value in scores.items():
                flat[f"{key}.{system}.{metric}"] = float(value)
    return flat


def floor_scores(measured: dict[str, float]) -> dict[str, float]:
    return {
        "ecbplus.newsfuse.f1": measured["ecbplus.newsfuse.f1"],
        "ecbplus.newsfuse incremental (ingest order).f1": measured["ecbplus.newsfuse incremental (ingest order).f1"],
        "semeval.newsfuse pair similarity.pearson": measured["semeval.newsfuse pair similarity.pearson"],
        "meantime.newsfuse.with original, nothing else": measured["meantime.newsfuse.with original, nothing else"],
    }


def main() -> None:
    floors.eval_main(__doc__, "stories", measure, floor_scores, data_digest)


if __name__ == "__main__":
    main()
