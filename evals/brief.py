"""Evaluate briefs on gold stories: ECB+ events, NewsWCL50 events, and the seeds.

No reference summaries exist offline, so what matters is measured directly,
per brief sentence and per story, with the support checker:

* faithfulness: share of brief sentences supported by every article they cite;
* coverage: share of the story's corroborated claim groups the brief states
  (a brief sentence overlaps one of the group's mentions, or is within the
  paraphrase threshold of one);
* redundancy: share of brief sentence pairs closer than the redundancy threshold;
* citation recall: per sentence, the share of the story's articles that
  support it which it cites.

Baselines in the same run, same length: sumy's LexRank over the story's
sentences (citing the article each sentence came from), and the lead
sentences of the earliest article. Writes 30 sampled newsfuse sentences with
their cited passages to evals/results/brief_sample.md for a check by hand.

Run: .venv/bin/python -m evals.brief [--stories 40] [--update-floors [--allow-lower]]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections.abc import Callable

import numpy as np

from evals import floors
from evals.common import PROJECT, corpus, digest_files, print_table
from evals.stories import cached_store
from newsfuse.brief.extractive import DEFAULT_LENGTH, extractive_brief
from newsfuse.brief.select import REDUNDANT_COSINE
from newsfuse.claims.support import check_support
from newsfuse.config import Settings
from newsfuse.index.embed import DIMENSIONS, E5Embedder
from newsfuse.pipeline import Pipeline
from newsfuse.provenance.semantic import PARAPHRASE_COSINE
from newsfuse.records import Article, BriefSentence, ClaimGroup, Story
from newsfuse.store import DuckDBStore

RESULTS = PROJECT / "evals" / "results"
Writer = Callable[[Story, list[Article], dict[str, np.ndarray], list[ClaimGroup]], list[BriefSentence]]


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


def _detokenise(tokens: list[str]) -> str:
    text = " ".join(tokens)
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
    store.write_stories(stories, replace=True)
    return stories


def newsfuse_writer(embedder: E5Embedder, store: DuckDBStore) -> Writer:
    graphs = {g.story_id: g for g in store.provenance()}

    def write(story: Story, articles: list[Article], vectors: dict[str, np.ndarray], claims: list[ClaimGroup]):  # type: ignore[no-untyped-def]
        return list(extractive_brief(story, articles, vectors, claims, graphs.get(story.story_id), embedder).sentences)

    return write


def lexrank_writer(
    story: Story, articles: list[Article], vectors: dict[str, np.ndarray], claims: list[ClaimGroup]
) -> list[BriefSentence]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.summarizers.lex_rank import LexRankSummarizer

    class Words:
        language = "english"

        def to_words(self, sentence: str) -> list[str]:
            return re.findall(r"\w+", sentence)

    tokenizer = Words()
    origin: dict[str, tuple[str, tuple[int, int]]] = {}
    paragraphs = []
    for article in articles:
        found = []
        for start, end in article.sentences:
            text = article.text[start:end].strip()
            origin.setdefault(text, (article.id, (start, end)))
            found.append(Sentence(text, tokenizer))
        paragraphs.append(Paragraph(found))
    chosen = LexRankSummarizer()(ObjectDocumentModel(paragraphs), DEFAULT_LENGTH)
    return [BriefSentence(str(s), (origin[str(s)][0],), *origin[str(s)]) for s in chosen]


def lead_writer(
    story: Story, articles: list[Article], vectors: dict[str, np.ndarray], claims: list[ClaimGroup]
) -> list[BriefSentence]:
    earliest = min(articles, key=lambda a: (a.published_at or "9999", story.article_ids.index(a.id)))
    return [
        BriefSentence(earliest.text[s:e].strip(), (earliest.id,), earliest.id, (s, e))
        for s, e in earliest.sentences[:DEFAULT_LENGTH]
    ]


def score_story(
    sentences: list[BriefSentence],
    articles: list[Article],
    vectors: dict[str, np.ndarray],
    claims: list[ClaimGroup],
    embedder: E5Embedder,
) -> dict[str, list[float]]:
    by_id = {a.id: a for a in articles}
    sentence_vectors = embedder.embed([s.text for s in sentences]) if sentences else np.zeros((0, 384))
    faithful, recall = [], []
    for sentence, vector in zip(sentences, sentence_vectors, strict=True):
        supports = {
            a.id
            for a in articles
            if check_support(sentence.text, vector, a.text, list(a.sentences), vectors[a.id]).supports
        } | {sentence.source_id}
        faithful.append(float(all(c in supports for c in sentence.citations)))
        recall.append(len(supports & set(sentence.citations)) / len(supports))
    corroborated = [g for g in claims if g.status == "corroborated"]
    covered = [float(_states(g, sentences, sentence_vectors, by_id, vectors)) for g in corroborated]
    pairs = [
        float(sentence_vectors[i] @ sentence_vectors[j]) >= REDUNDANT_COSINE
        for i in range(len(sentences))
        for j in range(i + 1, len(sentences))
    ]
    return {
        "faithfulness": faithful,
        "coverage": covered,
        "redundancy": [float(p) for p in pairs],
        "citation recall": recall,
    }


def _states(
    group: ClaimGroup,
    sentences: list[BriefSentence],
    sentence_vectors: np.ndarray,
    articles: dict[str, Article],
    vectors: dict[str, np.ndarray],
) -> bool:
    for mention in group.mentions:
        article = articles[mention.article_id]
        for sentence, vector in zip(sentences, sentence_vectors, strict=True):
            if (
                sentence.source_id == mention.article_id
                and sentence.source_span[0] < mention.span[1]
                and mention.span[0] < sentence.source_span[1]
            ):
                return True
            rows = [k for k, (s, e) in enumerate(article.sentences) if s < mention.span[1] and mention.span[0] < e]
            if any(float(vectors[article.id][k] @ vector) >= PARAPHRASE_COSINE for k in rows):
                return True
    return False


def evaluate_corpus(
    name: str, records: list[dict[str, str]], gold: dict[str, str], limit: int, sample: list[str]
) -> dict[str, dict[str, float]]:
    embedder = E5Embedder()
    with cached_store(name, records) as store:
        stories = gold_stories(store, gold, limit)
        Pipeline.batch().run(store, Settings(), only=("sentences", "provenance", "claims"))
        vectors = store.sentence_vectors([i for s in stories for i in s.article_ids], DIMENSIONS)
        all_claims = store.claims()
        writers: dict[str, Writer] = {
            "newsfuse": newsfuse_writer(embedder, store),
            "LexRank (sumy)": lexrank_writer,
            "lead of earliest article": lead_writer,
        }
        totals: dict[str, dict[str, list[float]]] = {w: {} for w in writers}
        for story in stories:
            articles = list(store.iter_articles(story.article_ids))
            claims = [c for c in all_claims if c.story_id == story.story_id]
            for writer_name, writer in writers.items():
                sentences = writer(story, articles, vectors, claims)
                for metric, values in score_story(sentences, articles, vectors, claims, embedder).items():
                    totals[writer_name].setdefault(metric, []).extend(values)
                if writer_name == "newsfuse":
                    sample.extend(_sample_lines(name, story, sentences, {a.id: a for a in articles}))
    return {
        w: {m: float(np.mean(v)) if v else float("nan") for m, v in metrics.items()} for w, metrics in totals.items()
    }


def _sample_lines(name: str, story: Story, sentences: list[BriefSentence], articles: dict[str, Article]) -> list[str]:
    lines = []
    for sentence in sentences:
        source = articles[sentence.source_id]
        lines.append(
            f"- [{name} {story.story_id}] {sentence.text}\n  cites {', '.join(sentence.citations)}; "
            f"source passage: {source.text[sentence.source_span[0] : sentence.source_span[1]][:300]}"
        )
    return lines


def measure(limit: int = 40, show: bool = True) -> dict[str, float]:
    sample: list[str] = []
    tables = {}
    for name, loader in (("ecbplus", ecbplus_records), ("newswcl50", newswcl_records)):
        records, gold = loader()
        tables[name] = evaluate_corpus(f"brief-{name}", records, gold, limit, sample)
        if show:
            print_table(f"Briefs on gold {name} stories (up to {limit})", tables[name])
    random.Random(3).shuffle(sample)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "brief_sample.md").write_text(
        "# 30 newsfuse brief sentences to check by hand\n\n" + "\n".join(sample[:30]) + "\n"
    )
    return {f"{c}.{w}.{m}": v for c, rows in tables.items() for w, scores in rows.items() for m, v in scores.items()}


def floor_scores(measured: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in measured.items() if ".newsfuse." in k and not k.endswith("redundancy")}


def data_digest() -> str:
    return digest_files([corpus("stories", "ecbplus", "docs.jsonl"), corpus("stories", "newswcl50", "NewsWCL50.conll")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=40, help="largest gold stories per corpus")
    parser.add_argument("--update-floors", action="store_true")
    parser.add_argument("--allow-lower", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    measured = measure(args.stories)
    print(f"\nsample for a check by hand: {RESULTS / 'brief_sample.md'}")
    print(f"data digest {data_digest()}; {time.perf_counter() - started:.0f} s")
    if args.update_floors:
        print("floors:", floors.update(floor_scores(measured), data_digest(), "brief", args.allow_lower))


if __name__ == "__main__":
    main()
