"""Evaluate provenance on COUNTER dev: Urdu wire stories and the newspaper stories made from them.

COUNTER pairs an agency story with a newspaper story on the same event,
labelled wholly derived (WD), partially derived (PD) or not derived (ND,
written independently); the agency story is always the source. The 600
documents go through the real pipeline as JSON Lines with outlet and date
(languages detected, not given): ingest, index, stories, provenance. Each
pair's relation kind is mapped to a class (duplicate, copy -> WD; partial,
rewrite -> PD; a translation would count as WD; independent, or the two
not in one story -> ND) and scored:

* macro-F1 and each class's F1: with the kind thresholds as shipped (two of
  them were fitted on this very data, so this figure is in-sample), and
  out-of-fold: 2-fold cross-validation over ten shuffles, the two
  thresholds refitted on one half and applied to the other;
* the share of pairs in one story (every pair is one event), and B-cubed
  precision of the stories against the events (are other events kept out);
* direction: of the derived pairs found, the share with the agency story as
  source on real evidence (``none`` counts as wrong).

Peer, in the same run and on the same fold cuts: the containment of the
newspaper's word 3-grams in the agency story's, with two thresholds (WD,
PD) fitted by the same 2-fold cross-validation.

Run: .venv/bin/python -m evals.counter [--pairs N]
(``--pairs`` keeps the first N pairs; the CI floor test, through
evals/provenance.py, uses the first 100.)
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from evals.common import corpus, digest_files, print_metrics
from evals.crossval import by_two_thresholds, class_scores, fit_thresholds, fit_two_thresholds, out_of_fold
from evals.metrics import bcubed
from evals.stories import cached_store
from newsfuse.config import Settings
from newsfuse.index.stage import ensure_sentence_vectors
from newsfuse.pipeline import Pipeline
from newsfuse.provenance.relations import THRESHOLDS, Coverage, KindThresholds, classify, coverage, relate
from newsfuse.records import Article, Passage, Relation
from newsfuse.store import DuckDBStore

KIND_CLASS = {
    "duplicate": "WD",
    "copy": "WD",
    "translation": "WD",
    "partial": "PD",
    "rewrite": "PD",
    "independent": "ND",
}
# The CI floor test's fixed subset: the first 100 pairs (200 documents) of
# the dev file, a third of it, so embedding stays within a few minutes.
CI_PAIRS = 100
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PairResult:
    """One gold pair as newsfuse left it."""

    label: str
    same_story: bool
    relation: Relation | None  # oriented as newsfuse decided; None when the pair is in no story together
    on_target: Coverage
    on_source: Coverage
    translation: bool
    agency_is_source: bool
    containment: float  # the peer's score

    @property
    def passages(self) -> list[Passage]:
        return list(self.relation.passages) if self.relation else []


def counter_data(pairs: int | None = None) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The dev records (file order) and gold pairs, cut to the documents of the first ``pairs`` pairs."""
    gold = [json.loads(line) for line in corpus("provenance", "counter", "gold.jsonl").read_text().splitlines()]
    records = [json.loads(line) for line in corpus("provenance", "counter", "input.jsonl").read_text().splitlines()]
    if pairs is not None:
        gold = gold[:pairs]
        wanted = {x for g in gold for x in (g["source"], g["target"])}
        records = [r for r in records if r["id"] in wanted]
    return records, gold


def article_of_record(store: DuckDBStore, records: Sequence[dict[str, str]]) -> dict[str, str]:
    """Record id -> article id, read from the store's inputs (two records with one text share an article)."""
    rows = store.con.execute("SELECT input, article_id FROM inputs WHERE article_id IS NOT NULL").fetchall()
    return {records[int(where.rsplit("#", 1)[1]) - 1]["id"]: article_id for where, article_id in rows}


def run(pairs: int | None = None) -> tuple[list[PairResult], dict[str, float]]:
    """Run the pipeline on the records and collect each gold pair's outcome, plus story figures."""
    records, gold = counter_data(pairs)
    with cached_store("counter", records) as store:
        Pipeline.batch().run(store, Settings(), only=("duplicates", "stories", "sentences", "provenance"))
        article = article_of_record(store, records)
        texts = {a.id: a for a in store.iter_articles()}
        story_of = {i: s.story_id for s in store.stories() for i in s.article_ids}
        relations = {frozenset((r.source_id, r.target_id)): r for r in store.relations()}
        apart = [g for g in gold if story_of.get(article[g["source"]]) != story_of.get(article[g["target"]])]
        vectors = ensure_sentence_vectors(
            store, [article[x] for g in apart for x in (g["source"], g["target"])], Settings()
        )
    results = []
    for g in gold:
        agency, paper = texts[article[g["source"]]], texts[article[g["target"]]]
        relation = relations.get(frozenset((agency.id, paper.id)))
        same = story_of.get(agency.id) == story_of.get(paper.id)
        results.append(_result(g["label"], same, relation, agency, paper, texts))
    events = {article[x]: k for k, g in enumerate(gold) for x in (g["source"], g["target"])}
    stories = bcubed([story_of[i] for i in events], list(events.values()))
    aligned = [
        relate(
            "",
            texts[article[g["source"]]],
            texts[article[g["target"]]],
            vectors[article[g["source"]]],
            vectors[article[g["target"]]],
            model=Settings().sentence_embedder,
        )
        for g in apart
    ]
    extra = {"pairs aligned although apart": float(len(aligned))}
    return results, {"stories B-cubed precision": round(stories["precision"], 4), **extra}


def _result(
    label: str, same: bool, relation: Relation | None, agency: Article, paper: Article, texts: dict[str, Article]
) -> PairResult:
    if relation is None:
        empty = Coverage(0.0, 0.0, 0.0)
        return PairResult(label, same, None, empty, empty, False, False, containment(agency.text, paper.text))
    source, target = texts[relation.source_id], texts[relation.target_id]
    return PairResult(
        label=label,
        same_story=same,
        relation=relation,
        on_target=coverage(list(relation.passages), len(target.text), "target"),
        on_source=coverage(list(relation.passages), len(source.text), "source"),
        translation=source.language != target.language,
        agency_is_source=relation.source_id == agency.id and relation.direction_evidence != "none",
        containment=containment(agency.text, paper.text),
    )


def containment(source: str, target: str) -> float:
    """Share of the target's word 3-grams found in the source (the peer; its own tokeniser)."""

    def grams(text: str) -> set[tuple[str, ...]]:
        tokens = _WORD.findall(text.casefold())
        return {tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2)}

    target_grams = grams(target)
    return len(target_grams & grams(source)) / max(1, len(target_grams))


def newsfuse_class(result: PairResult, thresholds: KindThresholds = THRESHOLDS) -> str:
    """The class newsfuse gives a pair under the given kind thresholds."""
    if not result.same_story or result.relation is None:
        return "ND"
    kind, _ = classify(result.passages, result.on_target, result.on_source, result.translation, thresholds)
    return KIND_CLASS[kind]


def _with(upper: float, lower: float) -> KindThresholds:
    return replace(THRESHOLDS, copy=upper, partial=lower)


def fit_newsfuse(results: Sequence[PairResult], gold: Sequence[str]) -> tuple[float, float]:
    """Fit the copy and partial thresholds (shares reused word for word or nearly)."""
    fit = fit_thresholds(results, gold, lambda r: r.on_target.lexical, lambda r, u, lo: newsfuse_class(r, _with(u, lo)))
    return fit.values


def measure(show: bool = True, pairs: int | None = None) -> dict[str, float]:
    results, story_figures = run(pairs)
    gold = [r.label for r in results]
    shipped = class_scores(gold, [newsfuse_class(r) for r in results])
    oof = out_of_fold(results, gold, fit_newsfuse, lambda r, u, lo: newsfuse_class(r, _with(u, lo)))
    scores = [r.containment for r in results]
    peer = out_of_fold(scores, gold, lambda s, g: fit_two_thresholds(s, g).values, by_two_thresholds)
    refit = fit_newsfuse(results, gold)
    same = {label: [r.same_story for r in results if r.label == label] for label in ("WD", "PD", "ND")}
    derived = [r for r in results if r.label != "ND" and newsfuse_class(r) != "ND"]
    structure = {
        "same-story rate": round(sum(r.same_story for r in results) / len(results), 4),
        **{f"same story {k}": round(sum(v) / max(1, len(v)), 4) for k, v in same.items()},
        **story_figures,
        "direction accuracy": round(sum(r.agency_is_source for r in derived) / max(1, len(derived)), 4),
        "direction none": round(
            sum(r.relation.direction_evidence == "none" for r in derived if r.relation) / max(1, len(derived)), 4
        ),
        "derived pairs found": float(len(derived)),
    }
    rows = {
        "newsfuse (shipped thresholds, in-sample)": shipped,
        "newsfuse (2-fold out-of-fold)": oof,
        "peer: 3-gram containment (2-fold out-of-fold)": peer,
    }
    if show:
        print_metrics(f"COUNTER dev: relation kind per pair ({len(results)} pairs, dev split)", rows)
        print_metrics("COUNTER dev: stories and direction (newsfuse, shipped constants)", {"newsfuse": structure})
        print(f"  kind thresholds shipped: copy={THRESHOLDS.copy} partial={THRESHOLDS.partial}")
        print(f"  refitted on all these pairs: copy={refit[0]} partial={refit[1]}")
    flat = {f"counter.{name}.{metric}": value for name, scores_ in rows.items() for metric, value in scores_.items()}
    flat.update({f"counter.newsfuse.{metric}": value for metric, value in structure.items()})
    return flat


def floor_scores(measured: dict[str, float]) -> dict[str, float]:
    keys = [
        "counter.newsfuse (shipped thresholds, in-sample).macro-F1",
        "counter.newsfuse (2-fold out-of-fold).macro-F1",
        "counter.newsfuse.same-story rate",
        "counter.newsfuse.direction accuracy",
    ]
    return {key: measured[key] for key in keys}


def data_digest() -> str:
    return digest_files([corpus("provenance", "counter", "input.jsonl"), corpus("provenance", "counter", "gold.jsonl")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=None, help="use only the first N pairs (CI uses 100)")
    args = parser.parse_args()
    started = time.perf_counter()
    measure(pairs=args.pairs)
    print(f"\ndata digest {data_digest()}; {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
