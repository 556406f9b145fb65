"""Multi-News: ROUGE of the brief at the reference's length, beside LexRank and lead, in one run.

Data: ``summaries/multinews`` (100 clusters of 2-9 articles on one event,
each with a human summary; README.txt). Every system gets the same cleaned
articles and the same sentence splitting, and writes up to the reference's
length; each summary is cut to the reference's word count and scored with
Google's ``rouge-score`` (ROUGE-1/2/L F1, Porter stemming on).

Split (fixed): clusters mn000, mn004, mn008, ... (number divisible by 4) are
the TUNING half, on which the brief's selection weights were chosen
(``--tune`` reruns that grid); mn002, mn006, ... are the REPORTING half,
the figures to quote. Both are printed, labelled.

Systems, all in this run:

* newsfuse, pipeline: the stories as ``newsfuse run`` groups them (a
  cluster may be split or merged); a cluster's summary is the briefs of the
  stories holding its articles, the story with most of them first;
* newsfuse, cluster as one story: each cluster's articles as one story,
  provenance and claims traced for it (selection quality apart from grouping);
* LexRank: sumy's LexRankSummarizer as its documentation sets it up
  (Snowball stemmer, sumy's English stop words); words by NLTK's Treebank
  tokenizer because sumy's default needs NLTK's punkt data, a download;
* lead: the articles' first sentences in turn, then their second, ...

Published on the full Multi-News test set (other ROUGE settings, so only
the distance is comparable): LexRank 38.27 ROUGE-1, PRIMERA 49.9 / 21.1 / 25.9.

Run: .venv/bin/python -m evals.multinews [--clusters N] [--tune] [--update-floors [--allow-lower]]
(about 10 minutes for all 100 clusters on 2 cores, most of it sentence vectors).
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from evals import floors
from evals.common import corpus, digest_files, sentence_model
from evals.stories import cached_store
from newsfuse.brief.extractive import DEFAULT_LENGTH, extractive_brief, lead_brief
from newsfuse.brief.select import Weights, select
from newsfuse.config import Settings
from newsfuse.index.embed import sentence_dimensions, sentence_embedder
from newsfuse.index.stage import ensure_sentence_vectors
from newsfuse.pipeline import Pipeline
from newsfuse.records import Article, Story
from newsfuse.store import DuckDBStore, open_store

PRIMERA_ROUGE1 = 49.9
METRICS = ("rouge1", "rouge2", "rougeL")
# Sentences a brief may hold here: enough to reach any reference's length.
MAX_SENTENCES = 30
# The fixed subset CI measures (``tests/test_floors_brief.py``): the first
# reporting-half clusters, about 40 articles, a few minutes on 2 cores.
CI_CLUSTERS = 12
# Floors sit half a ROUGE point under the measured scores: e5's threaded sums
# can move a cosine in its last digits and so flip one redundancy decision
# in one of the 12 clusters.
FLOOR_TOLERANCE = 0.005


@dataclass(frozen=True)
class Cluster:
    name: str
    article_ids: tuple[str, ...]
    summary: str

    @property
    def split(self) -> str:
        return "tune" if int(self.name[2:]) % 4 == 0 else "report"

    @property
    def words(self) -> int:
        return len(self.summary.split())


def load(limit: int | None = None, split: str | None = None) -> tuple[list[dict[str, str]], list[Cluster]]:
    """Input records and clusters (optionally one split, the first ``limit`` of it)."""
    folder = corpus("summaries", "multinews")
    clusters = [
        Cluster(g["cluster"], tuple(g["article_ids"]), g["summary"])
        for g in map(json.loads, (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines())
    ]
    if split:
        clusters = [c for c in clusters if c.split == split]
    clusters = clusters[:limit] if limit else clusters
    wanted = {i for c in clusters for i in c.article_ids}
    records = [
        r
        for r in map(json.loads, (folder / "input.jsonl").read_text(encoding="utf-8").splitlines())
        if r["id"] in wanted
    ]
    return records, clusters


def rouge(summary: str, reference: str) -> dict[str, float]:
    """ROUGE-1/2/L F1 (x100) of the summary cut to the reference's word count."""
    from rouge_score import rouge_scorer

    cut = " ".join(summary.split()[: len(reference.split())])
    scores = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True).score(reference, cut)
    return {m: 100 * scores[m].fmeasure for m in METRICS}


def lexrank_sentences(articles: Sequence[Article], words: int) -> list[tuple[str, str, tuple[int, int]]]:
    """sumy's LexRank over the articles' sentences, best first until ``words``, in document order.

    Returns (text, article id, span) per chosen sentence.
    """
    from nltk.tokenize import TreebankWordTokenizer
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    class Words:
        language = "english"
        _tokenizer = TreebankWordTokenizer()

        def to_words(self, sentence: str) -> list[str]:
            return [w for w in self._tokenizer.tokenize(sentence) if any(ch.isalnum() for ch in w)]

    tokenizer = Words()
    origin: dict[str, tuple[str, tuple[int, int]]] = {}
    paragraphs = []
    for article in articles:
        found = []
        for start, end in article.sentences:
            text = article.text[start:end].strip()
            if text:
                origin.setdefault(text, (article.id, (start, end)))
                found.append(Sentence(text, tokenizer))
        paragraphs.append(Paragraph(found))
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    chosen = summarizer(ObjectDocumentModel(paragraphs), _until_words(words))
    return [(str(s), *origin[str(s)]) for s in chosen]


def lexrank_summary(articles: Sequence[Article], words: int) -> str:
    return " ".join(text for text, _, _ in lexrank_sentences(articles, words))


def _until_words(words: int) -> Callable[[list[Any]], list[Any]]:
    """A sumy sentence count: the best-rated sentences until they hold ``words`` words."""

    def count(infos: list[Any]) -> list[Any]:
        taken, total = [], 0
        for info in infos:
            if total >= words:
                break
            taken.append(info)
            total += len(str(info.sentence).split())
        return taken

    return count


def lead_sentences(articles: Sequence[Article], words: int) -> list[tuple[str, str, tuple[int, int]]]:
    """The articles' first sentences in turn, then their second, ..., until ``words``: (text, article id, span)."""
    taken: list[tuple[str, str, tuple[int, int]]] = []
    total = 0
    for row in itertools.zip_longest(*(a.sentences for a in articles)):
        for article, span in zip(articles, row, strict=True):
            text = article.text[span[0] : span[1]].strip() if span else ""
            if text and total < words:
                taken.append((text, article.id, span))
                total += len(text.split())
    return taken


def lead_summary(articles: Sequence[Article], words: int) -> str:
    return " ".join(text for text, _, _ in lead_sentences(articles, words))


def prepared(tag: str, records: list[dict[str, str]], clusters: Sequence[Cluster], as_stories: bool) -> DuckDBStore:
    """A cached store with provenance and claims for the stories holding ``clusters``' articles.

    ``as_stories``: each cluster is one story; otherwise the stories are
    the pipeline's own grouping of all the records. Ingest, index and
    sentence vectors (the slow part) are done once in a base store, copied
    for each way of forming stories; work for clusters added later is done
    on top.
    """
    kind = "clusters" if as_stories else "pipeline"
    base = cached_store("multinews" + tag, records)
    path = Path(base.path.replace(f"multinews{tag}-", f"multinews{tag}-{kind}-"))
    externals = {i for c in clusters for i in c.article_ids}
    if not path.exists():
        members = [a.id for a in base.iter_articles() if a.external_id in externals]
        ensure_sentence_vectors(base, members, Settings())
        base.con.execute("CHECKPOINT")
        base.close()
        shutil.copyfile(base.path, path)
    else:
        base.close()
    store = open_store(str(path))
    by_external = {a.external_id: a.id for a in store.iter_articles()}
    if as_stories:
        known = {s.story_id for s in store.stories()}
        fresh = [
            Story("s" + c.name, tuple(by_external[i] for i in c.article_ids if i in by_external), None, None, None)
            for c in clusters
            if "s" + c.name not in known
        ]
        if fresh:
            store.write_stories([s for s in fresh if s.article_ids])
    elif not store.stories():
        Pipeline.batch().run(store, Settings(), only=("duplicates", "stories"))
    wanted_ids = {by_external[i] for i in externals if i in by_external}
    wanted = [s for s in store.stories() if wanted_ids & set(s.article_ids)]
    # Always through the pipeline: its marks skip stories already computed by this code, and redo the
    # ones a code change made stale (reusing any stored provenance hid regressions in cached stores).
    ensure_sentence_vectors(store, [i for s in wanted for i in s.article_ids], Settings())
    Pipeline.batch().run(store, Settings(), only=("provenance", "claims"), story_ids=[s.story_id for s in wanted])
    return store


class Briefs:
    """newsfuse briefs of a store's stories at a word budget (selection only, or the whole writer)."""

    def __init__(
        self,
        store: DuckDBStore,
        clusters: Sequence[Cluster],
        weights: Weights | None = None,
        full_writer: bool = True,
    ) -> None:
        self.store = store
        self.model = sentence_model()
        self.weights = weights or Weights.for_model(self.model)
        self.full_writer = full_writer
        externals = {i for c in clusters for i in c.article_ids}
        ids = {a.id for a in store.iter_articles() if a.external_id in externals}
        self.stories = {s.story_id: s for s in store.stories() if ids & set(s.article_ids)}
        members = [i for s in self.stories.values() for i in s.article_ids]
        self.vectors = ensure_sentence_vectors(store, members, Settings())
        self.graphs = {g.story_id: g for g in store.provenance()}
        self.claims: dict[str, list[Any]] = {}
        for group in store.claims():
            self.claims.setdefault(group.story_id, []).append(group)
        self.articles = {
            a.id: a for a in store.iter_articles([i for s in self.stories.values() for i in s.article_ids])
        }
        self.embedder = sentence_embedder(self.model) if full_writer else None

    def text(self, story_id: str, words: int) -> str:
        story = self.stories[story_id]
        articles = [self.articles[i] for i in story.article_ids]
        for article in articles:
            self.vectors.setdefault(article.id, np.zeros((0, sentence_dimensions(self.model)), dtype=np.float32))
        claims, graph = self.claims.get(story_id, []), self.graphs.get(story_id)
        if len(articles) == 1:  # as the brief stage writes it: a lone article's brief is its lead
            return " ".join(s.text for s in lead_brief(story, articles[0], claims, MAX_SENTENCES, words).sentences)
        if self.full_writer and self.embedder is not None:
            brief = extractive_brief(
                story, articles, self.vectors, claims, graph, self.embedder, MAX_SENTENCES, words, self.weights
            )
            return " ".join(s.text for s in brief.sentences)
        chosen = select(articles, self.vectors, claims, graph, MAX_SENTENCES, words, self.weights)
        return " ".join(c.text for c in chosen)


def pipeline_summary(briefs: Briefs, cluster: Cluster) -> str:
    """The briefs of the stories holding the cluster's articles, the story with most of them first."""
    story_of = {i: s.story_id for s in briefs.stories.values() for i in s.article_ids}
    by_external = {a.external_id: a.id for a in briefs.articles.values()}
    counts: dict[str, int] = {}
    for external in cluster.article_ids:
        story_id = story_of.get(by_external.get(external, ""))
        if story_id:
            counts[story_id] = counts.get(story_id, 0) + 1
    ordered = sorted(counts, key=lambda s: (-counts[s], s))
    return " ".join(briefs.text(s, cluster.words) for s in ordered)


def score_clusters(
    clusters: Sequence[Cluster], systems: dict[str, Callable[[Cluster], str]]
) -> dict[str, dict[str, dict[str, float]]]:
    """Mean ROUGE per split and system."""
    totals: dict[str, dict[str, list[dict[str, float]]]] = {}
    for cluster in clusters:
        for name, system in systems.items():
            scores = rouge(system(cluster), cluster.summary)
            totals.setdefault(cluster.split, {}).setdefault(name, []).append(scores)
            totals.setdefault("all", {}).setdefault(name, []).append(scores)
    return {
        split: {name: {m: float(np.mean([s[m] for s in rows])) for m in METRICS} for name, rows in by_system.items()}
        for split, by_system in totals.items()
    }


def measure(
    limit: int | None = None, split: str | None = None, show: bool = True, whole_corpus: bool = True
) -> dict[str, float]:
    """ROUGE per split and system on the first ``limit`` clusters of each half (or of ``split``).

    ``whole_corpus``: the pipeline groups all 285 articles (as ``newsfuse
    run`` on the folder would) and only the chosen clusters are scored;
    otherwise only the chosen clusters' articles are ingested (the CI subset).
    """
    if whole_corpus:
        records, everything = load()
        clusters = [c for half in ("tune", "report") for c in everything if c.split == half and split in (None, half)]
        clusters = _first_per_split(clusters, limit)
        tag = "-all"
    else:
        records, clusters = load(limit, split)
        tag = f"-{split or 'all'}{limit or ''}"
    pipeline = Briefs(prepared(tag, records, clusters, as_stories=False), clusters)
    gold = Briefs(prepared(tag, records, clusters, as_stories=True), clusters)
    by_external = {a.external_id: a for a in gold.articles.values()}

    def members(cluster: Cluster) -> list[Article]:
        return [by_external[i] for i in cluster.article_ids if i in by_external]

    systems: dict[str, Callable[[Cluster], str]] = {
        "newsfuse (pipeline stories)": lambda c: pipeline_summary(pipeline, c),
        "newsfuse (cluster as one story)": lambda c: gold.text("s" + c.name, c.words),
        "LexRank (sumy)": lambda c: lexrank_summary(members(c), c.words),
        "lead (articles in turn)": lambda c: lead_summary(members(c), c.words),
    }
    table = score_clusters(clusters, systems)
    whole = _whole_clusters(pipeline, clusters)
    if show:
        _print(table, whole, len(clusters))
    return {f"{split}.{name}.{m}": v for split, rows in table.items() for name, s in rows.items() for m, v in s.items()}


def _first_per_split(clusters: Sequence[Cluster], limit: int | None) -> list[Cluster]:
    if not limit:
        return list(clusters)
    counts: dict[str, int] = {}
    kept = []
    for cluster in clusters:
        counts[cluster.split] = counts.get(cluster.split, 0) + 1
        if counts[cluster.split] <= limit:
            kept.append(cluster)
    return kept


def _whole_clusters(briefs: Briefs, clusters: Sequence[Cluster]) -> int:
    story_of = {i: s.story_id for s in briefs.stories.values() for i in s.article_ids}
    by_external = {a.external_id: a.id for a in briefs.articles.values()}
    return sum(1 for c in clusters if len({story_of.get(by_external.get(i, "")) for i in c.article_ids}) == 1)


def _print(table: dict[str, dict[str, dict[str, float]]], whole: int, count: int) -> None:
    labels = {"tune": "TUNING half (weights chosen here)", "report": "REPORTING half (quote these)", "all": "all"}
    for split in ("tune", "report", "all"):
        if split not in table:
            continue
        rows = table[split]
        print(f"\nMulti-News, {labels[split]}: ROUGE F1 x100 at the reference's length")
        print(f"  {'system':<34}" + "".join(f"{m:>9}" for m in METRICS))
        for name, scores in rows.items():
            print(f"  {name:<34}" + "".join(f"{scores[m]:>9.2f}" for m in METRICS))
        ours, peer = rows["newsfuse (pipeline stories)"], rows["LexRank (sumy)"]
        print(
            f"  pipeline vs LexRank: ROUGE-1 {ours['rouge1'] - peer['rouge1']:+.2f}, "
            f"ROUGE-2 {ours['rouge2'] - peer['rouge2']:+.2f}; "
            f"ROUGE-1 {PRIMERA_ROUGE1 - ours['rouge1']:.2f} under PRIMERA's published {PRIMERA_ROUGE1}"
        )
    print(f"\n{whole} of {count} clusters stayed in one story in the pipeline")


def tune(limit: int | None = None, same_fact_only: bool = False) -> None:
    """Grid over the selection weights on the tuning half, clusters as stories (selection only)."""
    records, everything = load()
    clusters = [c for c in everything if c.split == "tune"][:limit]
    briefs = Briefs(prepared("-all", records, clusters, as_stories=True), clusters, full_writer=False)
    # The weights of the last grid (lead 0.3-1.5, centrality 0.15-0.6,
    # claims 0.1-1.0, figures 0/2) stay; this one sets the shared-words
    # weight and the same-fact cosine (which also bounds redundancy).
    # The same-fact grid is centred on the sentence model's shipped value
    # (cosine scales differ between models); frequency=0 is the shipped weight.
    base = Weights.for_model(briefs.model)
    grid: dict[str, tuple[float, ...]] = {
        "frequency": (0.0, 0.6, 1.0, 1.4) if not same_fact_only else (0.0,),
        "same_fact": tuple(round(base.same_fact + step, 2) for step in (-0.06, -0.04, -0.02, 0.0, 0.02, 0.04)),
    }
    if same_fact_only:  # and where breadth starts counting (the agreement floor)
        grid["agreement_floor"] = tuple(round(base.agreement_floor + step, 2) for step in (-0.1, -0.05, 0.0, 0.05))
    results = []
    for values in itertools.product(*grid.values()):
        chosen = dict(zip(grid, values, strict=True))
        if chosen.get("agreement_floor", 0.0) >= chosen["same_fact"]:
            continue
        weights = replace(base, redundant_cosine=chosen["same_fact"], **chosen)
        briefs.weights = weights
        scores = score_clusters(clusters, {"newsfuse": lambda c: briefs.text("s" + c.name, c.words)})["tune"]
        results.append((scores["newsfuse"]["rouge1"], scores["newsfuse"]["rouge2"], values))
        print(f"  {dict(zip(grid, values, strict=True))}: R1 {results[-1][0]:.2f} R2 {results[-1][1]:.2f}")
    best = max(results)
    print(f"best on the tuning half: {dict(zip(grid, best[2], strict=True))} R1 {best[0]:.2f} R2 {best[1]:.2f}")


def floor_scores(measured: dict[str, float]) -> dict[str, float]:
    """Floors: newsfuse's ROUGE and its margin over LexRank, measured in the same run."""
    found = {k: v / 100 for k, v in measured.items() if k.startswith("report.newsfuse")}
    for mode in ("pipeline stories", "cluster as one story"):
        for metric in ("rouge1", "rouge2"):
            ours = measured.get(f"report.newsfuse ({mode}).{metric}")
            peer = measured.get(f"report.LexRank (sumy).{metric}")
            if ours is not None and peer is not None:
                found[f"report.newsfuse ({mode}).{metric} margin over LexRank"] = (ours - peer) / 100
    return found


def data_digest() -> str:
    folder = corpus("summaries", "multinews")
    return digest_files([folder / "input.jsonl", folder / "gold.jsonl"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clusters", type=int, default=None, help="only the first N clusters (of each split)")
    parser.add_argument("--split", choices=("tune", "report"), default=None, help="only one half")
    parser.add_argument("--tune", action="store_true", help="grid over selection weights on the tuning half")
    parser.add_argument(
        "--same-fact-only",
        action="store_true",
        help="with --tune: the same-fact cosine and the agreement floor (frequency stays 0)",
    )
    parser.add_argument("--update-floors", action="store_true", help="record CI floors (on the CI subset)")
    parser.add_argument("--allow-lower", action="store_true", help="allow --update-floors to lower a floor")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.tune:
        tune(args.clusters, args.same_fact_only)
        return
    if args.update_floors:
        measured = measure(CI_CLUSTERS, "report", whole_corpus=False)
        lowered = {k: v - FLOOR_TOLERANCE for k, v in floor_scores(measured).items()}
        print("floors:", floors.update(lowered, data_digest(), "multinews", args.allow_lower))
    else:
        measure(args.clusters, args.split)
    print(f"\ndata digest {data_digest()}; {time.perf_counter() - started:.0f} s; brief length cap {DEFAULT_LENGTH}")


if __name__ == "__main__":
    main()
