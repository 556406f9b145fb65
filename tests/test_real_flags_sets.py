"""The report2 set of evals.real_flags: FNC-1 bodies grouped into stories, PolNeAR dates picked by hash."""

from __future__ import annotations

import hashlib
import json
from collections import Counter

import pytest

from evals.common import corpus
from evals.real_flag_sets import (
    DIFFERENT_RATING,
    MORE_SAME_STORY_RATING,
    SOMEWHAT_SIMILAR_RATING,
    polnear_dates,
    polnear_records,
    related_groups,
    semeval_records,
)
from tests.conftest import need_shared


def _pair(headline: str, body: str, stance: str) -> dict[str, str]:
    return {"Headline": headline, "Body ID": body, "Stance": stance}


def test_bodies_related_to_one_headline_form_one_story_across_chains() -> None:
    stances = [
        # 10 and 11 both discuss the ferry rumour; 11 and 12 both speak to a second headline on it: one story.
        _pair("Ferry said to carry a lost tiger", "10", "discuss"),
        _pair("Ferry said to carry a lost tiger", "11", "agree"),
        _pair("Harbour staff deny tiger on board", "11", "disagree"),
        _pair("Harbour staff deny tiger on board", "12", "discuss"),
        # Unrelated pairs join nothing: 13 would otherwise tie the two rumours together.
        _pair("Ferry said to carry a lost tiger", "13", "unrelated"),
        _pair("Mayor to paint bridge purple", "13", "agree"),
        _pair("Mayor to paint bridge purple", "14", "discuss"),
        # A body alone on its headline is no multi-source story.
        _pair("Comet seen over the lake", "15", "agree"),
    ]
    assert related_groups(stances) == [["10", "11", "12"], ["13", "14"]]


def test_no_related_pairs_means_no_stories() -> None:
    assert related_groups([_pair("Ferry said to carry a lost tiger", "1", "unrelated")]) == []


def _row(date: str, publisher: str) -> dict[str, str]:
    return {"publication_date": date, "publisher": publisher}


def test_polnear_dates_need_two_publishers_and_stop_at_the_cap() -> None:
    shared = [f"2016-01-0{k}" for k in range(1, 6)]
    rows = [_row(d, p) for d in shared for p in ("outlet-a", "outlet-b")]
    rows += [_row("2016-02-01", "outlet-a")] * 3  # one publisher only: never chosen
    ranked = sorted(shared, key=lambda d: hashlib.sha256(d.encode()).hexdigest())
    assert polnear_dates(rows, cap=5) == set(ranked[:2])  # a third whole date would bring 6 articles
    assert polnear_dates(rows, cap=100) == set(shared)


@pytest.mark.corpus
def test_polnear_records_hold_shared_dates_within_the_cap() -> None:
    need_shared("attribution", "polnear")
    records = polnear_records(cap=60)
    assert 0 < len(records) <= 60
    outlets: dict[str, set[str]] = {}
    for record in records:
        outlets.setdefault(record["published_at"], set()).add(record["outlet"])
        assert record["text"] and record["title"] and record["id"].startswith("pn")
    assert all(len(found) >= 2 for found in outlets.values())
    assert Counter(r["id"] for r in records).most_common(1)[0][1] == 1


@pytest.mark.corpus
def test_polnear_records_leave_out_annotator_training_articles() -> None:
    need_shared("attribution", "polnear")
    metadata = corpus("attribution", "polnear", "metadata.tsv").read_text(encoding="utf-8").splitlines()
    training = {f"pn{line.split(chr(9))[1]}" for line in metadata if line.startswith("annotator-training\t")}
    assert len(training) == 4
    assert training.isdisjoint(r["id"] for r in polnear_records(cap=10_000))


@pytest.mark.corpus
def test_report3_takes_only_what_report2_left() -> None:
    need_shared("attribution", "polnear")
    need_shared("similarity", "semeval2022-task8")
    taken = {r["id"] for r in polnear_records()}
    rest = {r["id"] for r in polnear_records(rest=True)}
    assert rest and taken.isdisjoint(rest)
    outlets: dict[str, set[str]] = {}
    for record in polnear_records(rest=True):
        outlets.setdefault(record["published_at"], set()).add(record["outlet"])
    assert all(len(found) >= 2 for found in outlets.values())
    somewhat = semeval_records(SOMEWHAT_SIMILAR_RATING, True, above=MORE_SAME_STORY_RATING)
    different = semeval_records(DIFFERENT_RATING, True, above=SOMEWHAT_SIMILAR_RATING)
    assert somewhat and different
    ratings: dict[str, list[float]] = {}
    for line in corpus("similarity", "semeval2022-task8", "pairs.jsonl").read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        for article_id in str(pair["pair_id"]).split("_")[:2]:
            ratings.setdefault(f"se{article_id}", []).append(float(pair["Overall"]))
    assert all(any(2.0 < r <= 3.0 for r in ratings[x["id"]]) for x in somewhat)
    assert all(any(3.0 < r <= 4.0 for r in ratings[x["id"]]) for x in different)
