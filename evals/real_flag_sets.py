"""The records of the real-flag sets' corpora (see evals/real_flags.py): which articles each set runs.

Decides how each corpus becomes newsfuse records for ``evals.real_flags``:
SemEval-2022 task 8 pairs by their "Overall" band, FNC-1 bodies grouped by
the headlines they relate to, PolNeAR articles of dates with two publishers
or more, and MEANTIME's Wikinews articles with their translations.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from evals.common import corpus

# SemEval-2022 task 8 pairs (English) rated this similar overall (1 = very similar .. 4) report one story
# from two outlets: the band the task's annotators used for "same event".
SAME_STORY_RATING = 1.5
# report2 widens the band to "mostly the same event" (2 = somewhat similar overall), in every language.
MORE_SAME_STORY_RATING = 2.0
# report3 takes the bands above it: 2.0 < Overall <= 3.0 ("somewhat similar": often another event) and
# 3.0 < Overall <= 4.0 (mostly different events).
SOMEWHAT_SIMILAR_RATING = 3.0
DIFFERENT_RATING = 4.0
# report2: PolNeAR articles to run (about 350, so that the whole set runs in about 22 minutes on the shared
# 2-core machine); a cap fixed before any flag of the set was counted, not tuned on it.
POLNEAR_CAP = 350
RELATED_STANCES = frozenset({"agree", "disagree", "discuss"})


def semeval_records(
    rating: float = SAME_STORY_RATING, every_language: bool = False, above: float | None = None
) -> list[dict[str, str]]:
    """Articles of the SemEval-2022 task 8 pairs rated one story (Overall <= ``rating``): English pairs only
    (the report set), or (``every_language``, report2) the pairs of every language the report set did not
    take, without the task team's machine-translated copies (ids with a language suffix); with ``above``
    (report3), only the pairs rated above it."""
    path = corpus("similarity", "semeval2022-task8", "pairs.jsonl")
    records: dict[str, dict[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        english = pair["lang1"] == "en" and pair["lang2"] == "en"
        overall = float(pair["Overall"])
        if overall > rating or not (english or every_language) or (above is not None and overall <= above):
            continue
        if every_language and (
            (english and overall <= SAME_STORY_RATING) or not str(pair["pair_id"]).replace("_", "").isdigit()
        ):
            continue
        for k, article_id in enumerate(str(pair["pair_id"]).split("_")[:2], start=1):
            if pair[f"text{k}"]:
                records.setdefault(f"se{article_id}", {"id": f"se{article_id}", "text": str(pair[f"text{k}"])})
    return list(records.values())


def fnc1_records() -> list[dict[str, str]]:
    """FNC-1 bodies that share a story with another body (see ``related_groups``), by body id."""
    root = corpus("stance", "fnc1")
    stances = [json.loads(line) for line in (root / "stances.jsonl").read_text(encoding="utf-8").splitlines()]
    kept = {body for group in related_groups(stances) for body in group}
    records = []
    for line in (root / "bodies.jsonl").read_text(encoding="utf-8").splitlines():
        body = json.loads(line)
        if str(body["Body ID"]) in kept:
            records.append({"id": f"fnc{body['Body ID']}", "text": str(body["articleBody"])})
    return sorted(records, key=lambda r: int(r["id"].removeprefix("fnc")))


def related_groups(stances: list[dict[str, str]]) -> list[list[str]]:
    """Body ids in stories of two bodies or more: two bodies are one story when both relate (agree, disagree
    or discuss) to one headline, and stories are the connected components of that relation."""
    by_headline: dict[str, set[str]] = {}
    for pair in stances:
        if pair["Stance"] in RELATED_STANCES:
            by_headline.setdefault(pair["Headline"], set()).add(str(pair["Body ID"]))
    bodies = sorted({body for group in by_headline.values() for body in group})
    index = {body: k for k, body in enumerate(bodies)}
    edges = [(index[min(group)], index[other]) for group in by_headline.values() for other in group]
    rows, cols = zip(*edges, strict=True) if edges else ((), ())
    graph = coo_matrix((np.ones(len(edges)), (rows, cols)), shape=(len(bodies), len(bodies)))
    _, labels = connected_components(graph, directed=False)
    groups: dict[int, list[str]] = {}
    for body, label in zip(bodies, labels, strict=True):
        groups.setdefault(int(label), []).append(body)
    return sorted((g for g in groups.values() if len(g) >= 2), key=lambda g: g[0])


def polnear_records(cap: int = POLNEAR_CAP, rest: bool = False) -> list[dict[str, str]]:
    """PolNeAR train and dev articles of the dates ``polnear_dates`` picks, with title, outlet and date; with
    ``rest`` (report3), those of the other dates on which two publishers or more published."""
    root = corpus("attribution", "polnear")
    with (root / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["compartment"] in ("train", "dev")]
    dates = polnear_dates(rows, cap)
    if rest:
        dates = polnear_dates(rows, len(rows)) - dates
    return [
        {
            "id": f"pn{row['filename']}",
            "text": (root / row["compartment"] / "text" / f"{row['filename']}.txt").read_text(encoding="utf-8"),
            "title": row["title"],
            "outlet": row["publisher"],
            "published_at": row["publication_date"],
        }
        for row in sorted(rows, key=lambda r: r["filename"])
        if row["publication_date"] in dates
    ]


def polnear_dates(rows: list[dict[str, str]], cap: int) -> set[str]:
    """Dates on which two publishers or more published, whole dates ranked by the sha256 of the date string,
    taken in that order until the next would bring the articles past ``cap``."""
    publishers: dict[str, set[str]] = {}
    for row in rows:
        publishers.setdefault(row["publication_date"], set()).add(row["publisher"])
    articles = Counter(row["publication_date"] for row in rows)
    shared = sorted(
        (d for d, p in publishers.items() if len(p) >= 2), key=lambda d: hashlib.sha256(d.encode()).hexdigest()
    )
    chosen: set[str] = set()
    total = 0
    for date in shared:
        if total + articles[date] > cap:
            break
        chosen.add(date)
        total += articles[date]
    return chosen


def meantime_records() -> list[dict[str, str]]:
    """MEANTIME's Wikinews articles, every language, as newsfuse records (the corpus gives tokenised text
    only, no title, outlet or date)."""
    path = corpus("translations", "meantime", "docs.jsonl")
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [{"id": f"mt{d['lang']}{d['doc_id']}", "text": str(d["text_tokenized"])} for d in docs]
