"""Evaluate story grouping: ECB+ events, SemEval-2022 pair similarity, MEANTIME, Multi-News.

Constants tuned here are tuned on one split and reported on the other, and
every table says which split it shows:

* ECB+ (gold = subtopic): topics alternate between a tuning split (first,
  third, ... topic in number order) and a report split. The story weights
  and threshold of ``cluster/scoring.py`` are checked against a grid on the
  tuning split (``--tune``); the report split gives B-cubed and ARI of
  newsfuse (batch and incremental), of MinHash-LSH groups alone, and of
  average-link clustering of the embeddings with its threshold fitted on
  the tuning split (the peer);
* SemEval-2022 task 8: pairs alternate between a tuning split and a report
  split; Pearson correlation of newsfuse's graded pair similarity (its
  blend tuned on the tuning split, ``--tune``) with the human "Overall"
  rating (negated), beside embedding cosine alone;
* MEANTIME (languages detected, not given): the share of translated
  articles that land in their English original's story and with no other
  article (nothing tuned);
* Multi-News (full run only): the share of gold clusters (articles on one
  event) kept in one story, and the share of same-cluster pairs in one
  story (nothing tuned).

``--ci`` measures the fixed subsets the CI floor test uses: all of ECB+ and
MEANTIME, the first 150 SemEval report pairs, no Multi-News. Stores with
fingerprints are cached in evals/results/ (keyed by a digest of the input
and of the fingerprinting code), so a second run skips the embedding work.

Run: .venv/bin/python -m evals.stories [--ci] [--tune] [--update-floors [--allow-lower]]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Hashable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

import newsfuse
from evals.common import PROJECT, corpus, digest_files, print_table
from evals.metrics import adjusted_rand_index, bcubed, pairwise_f1, pearson
from evals.subset_main import subset_main
from newsfuse.cluster.duplicates import find_duplicate_groups
from newsfuse.cluster.features import ArticleMeta
from newsfuse.cluster.incremental import StoryAssigner
from newsfuse.cluster.scoring import PairScorer, StoryWeights
from newsfuse.cluster.stories import cluster_stories
from newsfuse.config import Settings
from newsfuse.engines import LocalEngine
from newsfuse.ids import digest
from newsfuse.index.fingerprints import embedding_matrix
from newsfuse.pipeline import Pipeline, ingest
from newsfuse.records import Article, Fingerprint
from newsfuse.store import DuckDBStore, open_store

CACHE = PROJECT / "evals" / "results"
# The CI floor test's SemEval subset: the first 150 pairs of the report
# split (about 300 articles to embed instead of 2,400).
SEMEVAL_CI_PAIRS = 150


def index_code_digest() -> str:
    """A digest of the code that computes fingerprints, so a cached store is rebuilt when it changes.

    Cleaning code is not in it (a change there that alters article texts
    needs ``rm evals/results/*.duckdb``): the key would otherwise change with
    every cleaning fix, and each rebuild costs the embedding time again.
    """
    package = Path(newsfuse.__file__).parent
    return digest(*(path.read_text() for path in sorted((package / "index").glob("*.py"))))


def cached_store(name: str, records: list[dict[str, Any]]) -> DuckDBStore:
    """A store holding the records, indexed; built once per distinct input and fingerprinting code.

    A sentence model other than e5 gets stores of its own: sentence vectors of one model replace
    the other's, so evals of the two models (or two evals at once) must not share a store.
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    key = digest(json.dumps(records, sort_keys=True), index_code_digest())[:12]
    model = Settings().sentence_model
    path = CACHE / f"{name}{'' if model == 'e5' else '-' + model}-{key}.duckdb"
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


def embedding_tree(vectors: np.ndarray) -> np.ndarray:
    """Average-link tree over cosine distance (the peer)."""
    distance = np.clip(1.0 - vectors @ vectors.T, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree: np.ndarray = linkage(squareform(distance, checks=False), method="average")
    return tree


def fit_embedding_threshold(vectors: np.ndarray, gold: Sequence[str]) -> float:
    """The cosine threshold of average-link clustering with the best B-cubed F1 on these documents."""
    tree = embedding_tree(vectors)
    thresholds = np.arange(0.80, 0.99, 0.005)
    f1 = [bcubed(fcluster(tree, 1.0 - t, criterion="distance"), gold)["f1"] for t in thresholds]
    return float(thresholds[int(np.argmax(f1))])


def embedding_clusters(vectors: np.ndarray, threshold: float) -> list[int]:
    return [int(x) for x in fcluster(embedding_tree(vectors), 1.0 - threshold, criterion="distance")]


def incremental_labels(articles: Sequence[Article], fingerprints: Sequence[Fingerprint]) -> list[str]:
    """Story per article when articles arrive one at a time, in ingest order."""
    assigner = StoryAssigner()
    return [assigner.assign(ArticleMeta.of(a), f) for a, f in zip(articles, fingerprints, strict=True)]


def alternate(keys: Sequence[Any]) -> tuple[set[Any], set[Any]]:
    """(tuning, report): sorted keys dealt alternately, the first to tuning."""
    ordered = sorted(set(keys))
    return set(ordered[0::2]), set(ordered[1::2])


@lru_cache(maxsize=1)
def ecbplus_corpus() -> tuple[list[Article], list[Fingerprint], dict[str, tuple[int, str]]]:
    """ECB+ articles, fingerprints, and external id -> (topic, subtopic)."""
    docs = [json.loads(line) for line in corpus("stories", "ecbplus", "docs.jsonl").read_text().splitlines()]
    records = [{"id": d["doc_id"], "text": f"{d['title_or_first_sentence']}\n{d['text']}"} for d in docs]
    with cached_store("ecbplus", records) as store:
        articles, fingerprints = load_corpus(store)
    return articles, fingerprints, {d["doc_id"]: (int(d["topic"]), d["subtopic"]) for d in docs}


def ecbplus_rejected() -> list[str]:
    """ECB+ document ids newsfuse rejected at ingest (scored as singletons, never dropped)."""
    articles, _, gold_of = ecbplus_corpus()
    ingested = {a.external_id for a in articles}
    return sorted(doc_id for doc_id in gold_of if doc_id not in ingested)


def ecbplus_split(split: str, weights: StoryWeights | None = None) -> tuple[list[str], list[Hashable], list[Hashable]]:
    """Gold subtopics, newsfuse batch labels and incremental labels of one ECB+ split ('tune' or 'report')."""
    articles, fingerprints, gold_of = ecbplus_corpus()
    tune, report = alternate([topic for topic, _ in gold_of.values()])
    wanted = tune if split == "tune" else report
    keep = [i for i, a in enumerate(articles) if gold_of[a.external_id or ""][0] in wanted]
    arts, prints = [articles[i] for i in keep], [fingerprints[i] for i in keep]
    stories = cluster_stories(arts, prints, find_duplicate_groups(arts, prints), weights)
    rejected = [doc_id for doc_id in ecbplus_rejected() if gold_of[doc_id][0] in wanted]
    gold = [gold_of[a.external_id or ""][1] for a in arts] + [gold_of[doc_id][1] for doc_id in rejected]
    batch = with_rejected(labels_from_groups(arts, [s.article_ids for s in stories]), rejected)
    return gold, batch, with_rejected(incremental_labels(arts, prints), rejected)


def _cluster_scores(predicted: Sequence[Any], gold: Sequence[Any]) -> dict[str, float]:
    return {**bcubed(predicted, gold), "ari": adjusted_rand_index(predicted, gold)}


def ecbplus() -> dict[str, dict[str, float]]:
    articles, fingerprints, gold_of = ecbplus_corpus()
    tune, report = alternate([topic for topic, _ in gold_of.values()])
    vectors = embedding_matrix(fingerprints)
    topic = np.array([gold_of[a.external_id or ""][0] for a in articles])
    subtopic = [gold_of[a.external_id or ""][1] for a in articles]
    in_tune, in_report = np.isin(topic, sorted(tune)), np.isin(topic, sorted(report))
    threshold = fit_embedding_threshold(vectors[in_tune], [g for g, k in zip(subtopic, in_tune, strict=True) if k])
    rejected = [doc_id for doc_id in ecbplus_rejected() if gold_of[doc_id][0] in report]
    report_gold = [g for g, k in zip(subtopic, in_report, strict=True) if k] + [gold_of[d][1] for d in rejected]
    report_articles = [a for a, k in zip(articles, in_report, strict=True) if k]
    report_prints = [f for f, k in zip(fingerprints, in_report, strict=True) if k]
    lsh = with_rejected(
        labels_from_groups(
            report_articles, [g.article_ids for g in find_duplicate_groups(report_articles, report_prints)]
        ),
        rejected,
    )
    tune_gold, tune_batch, _ = ecbplus_split("tune")
    gold, batch, incremental = ecbplus_split("report")
    return {
        "newsfuse [tuning split]": _cluster_scores(tune_batch, tune_gold),
        "newsfuse [report split]": {**_cluster_scores(batch, gold), "rejected documents": len(rejected)},
        "newsfuse incremental [report split]": {
            **_cluster_scores(incremental, gold),
            "pairwise f1 vs batch": pairwise_f1(incremental, batch),
        },
        "minhash-lsh groups alone [report split]": _cluster_scores(lsh, report_gold),
        f"embedding avg-link, t={threshold:.3f} from tuning split [report split]": _cluster_scores(
            with_rejected(embedding_clusters(vectors[in_report], threshold), rejected), report_gold
        ),
    }


def semeval_pairs(ci: bool = False) -> tuple[PairScorer, dict[str, tuple[np.ndarray, np.ndarray, list[float]]]]:
    """The scorer over SemEval's articles and, per split, the index pairs and negated gold ratings."""
    rows = [
        json.loads(line) for line in corpus("similarity", "semeval2022-task8", "pairs.jsonl").read_text().splitlines()
    ]
    unique = {row["pair_id"]: row for row in rows}
    tune, report = alternate(list(unique))
    chosen = sorted(report)[:SEMEVAL_CI_PAIRS] if ci else sorted(unique)
    texts: dict[str, tuple[str, str]] = {}
    for pair_id in chosen:
        row = unique[pair_id]
        left, right = pair_id.split("_", 1)
        texts[left] = (row["text1"], row["lang1"])
        texts[right] = (row["text2"], row["lang2"])
    records = [{"id": key, "text": text, "language": lang} for key, (text, lang) in sorted(texts.items())]
    with cached_store("semeval", records) as store:
        articles, fingerprints = load_corpus(store)
    index = {a.external_id: i for i, a in enumerate(articles)}
    splits = {}
    for name, members in (("tuning", tune), ("report", report)):
        pairs = [(p, *p.split("_", 1)) for p in chosen if p in members and all(k in index for k in p.split("_", 1))]
        left = np.array([index[a] for _, a, _ in pairs], dtype=np.int64)
        right = np.array([index[b] for _, _, b in pairs], dtype=np.int64)
        splits[name] = (left, right, [-float(unique[p]["Overall"]) for p, _, _ in pairs])
    return PairScorer.for_corpus(articles, fingerprints), splits


def semeval(ci: bool = False) -> dict[str, dict[str, float]]:
    scorer, splits = semeval_pairs(ci)
    out = {}
    for name, (left, right, gold) in splits.items():
        if len(gold) < 3:
            continue
        cosine = np.einsum("ij,ij->i", scorer.embeddings[left], scorer.embeddings[right])
        out[f"newsfuse pair similarity [{name} split]"] = {
            "pearson": pearson(list(scorer.similarity(left, right)), gold),
            "pairs": len(gold),
        }
        out[f"embedding cosine alone [{name} split]"] = {"pearson": pearson(list(cosine), gold), "pairs": len(gold)}
    return out


def meantime_records() -> list[dict[str, str]]:
    """MEANTIME as input records, without the gold language: newsfuse detects it."""
    docs = [json.loads(line) for line in corpus("translations", "meantime", "docs.jsonl").read_text().splitlines()]
    return [{"id": f"{d['doc_id']}-{d['lang']}", "text": d["text_tokenized"]} for d in docs]


def meantime() -> dict[str, dict[str, float]]:
    with cached_store("meantime", meantime_records()) as store:
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
    detected = sum(1 for a in articles if a.language == doc_of[a.id][1])
    return {
        "newsfuse": {
            "with original": len(with_original) / len(translated),
            "with original, nothing else": len(alone) / len(translated),
            "translations": len(translated),
            "language detected right": detected / len(articles),
        }
    }


def multinews() -> dict[str, dict[str, float]]:
    """Gold clusters of Multi-News (one event each) kept in one story."""
    folder = corpus("summaries", "multinews")
    records = [json.loads(line) for line in (folder / "input.jsonl").read_text().splitlines()]
    clusters = [json.loads(line)["article_ids"] for line in (folder / "gold.jsonl").read_text().splitlines()]
    with cached_store("multinews", records) as store:
        articles, fingerprints = load_corpus(store)
    story = {
        a.external_id: s.story_id
        for s in cluster_stories(articles, fingerprints)
        for a in articles
        if a.id in s.article_ids
    }
    kept = [c for c in clusters if len({story.get(x) for x in c if x in story}) == 1]
    pairs = [(a, b) for c in clusters for k, a in enumerate(c) for b in c[k + 1 :] if a in story and b in story]
    return {
        "newsfuse": {
            "clusters kept in one story": len(kept) / len(clusters),
            "same-cluster pairs in one story": sum(story[a] == story[b] for a, b in pairs) / max(1, len(pairs)),
            "clusters": len(clusters),
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


def measure(show: bool = True, ci: bool = False) -> dict[str, float]:
    tables = {
        "ecbplus": ("ECB+ story clustering (gold = subtopic; topics split for tuning / report)", ecbplus()),
        "semeval": ("SemEval-2022 task 8 pair similarity (vs -Overall; pairs split for tuning / report)", semeval(ci)),
        "meantime": ("MEANTIME translations in their original's story (nothing tuned)", meantime()),
    }
    if not ci:
        tables["multinews"] = ("Multi-News clusters kept in one story (nothing tuned)", multinews())
    flat = {}
    for key, (title, rows) in tables.items():
        if show:
            print_table(title, rows)
        for system, scores in rows.items():
            for metric, value in scores.items():
                flat[f"{key}.{system}.{metric}"] = float(value)
    return flat


def floor_scores(measured: dict[str, float]) -> dict[str, float]:
    keys = [
        "ecbplus.newsfuse [report split].f1",
        "ecbplus.newsfuse incremental [report split].f1",
        "semeval.newsfuse pair similarity [report split].pearson",
        "meantime.newsfuse.with original, nothing else",
    ]
    return {key: measured[key] for key in keys}


def main() -> None:
    def tune_flag(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--tune", action="store_true", help="grid-search the tuned constants on the tuning splits")

    args = subset_main(__doc__, "stories", measure, floor_scores, data_digest, tune_flag)
    if args.tune:
        from evals.story_tuning import tune

        tune()


if __name__ == "__main__":
    main()
