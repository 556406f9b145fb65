"""Precision of flags on real multi-source stories, checked by hand.

Runs newsfuse over real stories in ../shared/data (Multi-News clusters,
NewsWCL50's ten events, and ECB+ subtopics chosen by a fixed hash), draws a
fixed sample of the flags it raises, and prints each with both articles'
words so a person can judge it. Judgements live in
evals/judgements/real_flags.json, keyed by a flag signature (corpus,
status and the input ids and spans of the claim's mentions: stable across
claim-id changes) with a verdict and, for a wrong flag, the kind of error;
the file holds no corpus text.

    .venv/bin/python -m evals.real_flags run --work /tmp/real     # newsfuse over the stories
    .venv/bin/python -m evals.real_flags sample --work /tmp/real  # the sheet to judge (to stdout)
    .venv/bin/python -m evals.real_flags score --work /tmp/real   # precision from the judgements

``score`` counts a sampled flag without a judgement as unjudged and says so.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

from evals.brief import ecbplus_records, newswcl_records
from evals.common import PROJECT, corpus

JUDGEMENTS = PROJECT / "evals" / "judgements" / "real_flags.json"
ECB_SUBTOPICS = 10  # subtopics of ECB+ taken, by a hash of their name (about 120 documents)
SAMPLE = 120
SEED = "real-flags-v1"


def inputs(work: Path) -> dict[str, Path]:
    """One JSON Lines input per corpus, written into ``work``."""
    work.mkdir(parents=True, exist_ok=True)
    paths = {"multinews": corpus("summaries", "multinews", "input.jsonl")}
    records, _ = newswcl_records()
    paths["newswcl50"] = _write(work / "newswcl50.jsonl", records)
    records, subtopic = ecbplus_records()
    chosen = sorted(set(subtopic.values()), key=lambda s: hashlib.sha256(s.encode()).hexdigest())[:ECB_SUBTOPICS]
    paths["ecbplus"] = _write(work / "ecbplus.jsonl", [r for r in records if subtopic[r["id"]] in chosen])
    return paths


def _write(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def run(work: Path) -> None:
    newsfuse = str(Path(sys.executable).with_name("newsfuse"))
    for name, path in inputs(work).items():
        out = work / name
        print(f"newsfuse run {name} ...", flush=True)
        subprocess.run(
            [newsfuse, "run", str(path), "--out", str(out), "--store", str(out / "store.duckdb")], check=True
        )


def _read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def flags(work: Path) -> list[dict[str, object]]:
    """Every flag of every corpus run, with its claim, its articles and its signature."""
    found = []
    for name in ("multinews", "newswcl50", "ecbplus"):
        out = work / name
        articles = {str(a["id"]): a for a in _read(out / "articles.jsonl")}
        claims = {str(c["claim_id"]): c for c in _read(out / "claims.jsonl")}
        for brief in _read(out / "briefs.jsonl"):
            for flag in brief["flags"]:  # type: ignore[attr-defined]
                claim = claims[flag["claim_id"]]
                found.append(
                    {
                        "corpus": name,
                        "flag": flag,
                        "claim": claim,
                        "articles": articles,
                        "key": signature(name, str(flag["status"]), claim, articles),
                    }
                )
    return found


def signature(name: str, status: str, claim: dict[str, object], articles: dict[str, dict[str, object]]) -> str:
    mentions = sorted(
        f"{articles[str(m['article_id'])]['external_id']}:{m['span'][0]}-{m['span'][1]}"
        for m in claim["mentions"]  # type: ignore[attr-defined]
    )
    return hashlib.sha256("|".join([name, status, *mentions]).encode()).hexdigest()[:16]


def sample(work: Path, size: int = SAMPLE) -> list[dict[str, object]]:
    """A fixed random sample of the flags (all of them when there are fewer)."""
    every = sorted(flags(work), key=lambda f: str(f["key"]))
    return random.Random(SEED).sample(every, min(size, len(every)))


def show(work: Path) -> None:
    for k, item in enumerate(sample(work)):
        flag, claim, articles = item["flag"], item["claim"], item["articles"]
        print(f"\n#{k} {item['key']} [{item['corpus']}] {flag['status']}: {flag['note']}")  # type: ignore[index]
        for mention in claim["mentions"]:  # type: ignore[index]
            article = articles[str(mention["article_id"])]  # type: ignore[index]
            text = str(article["text"])
            start, end = mention["span"]
            sentence_start = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
            sentence_end = min(i for i in (text.find(". ", end), text.find("\n", end), len(text)) if i >= 0)
            print(
                f"   - {article['external_id']} ({mention['attributed_to']}): "
                f"{text[sentence_start:start]}[[{text[start:end]}]]{text[end : sentence_end + 1]}"
            )


def score(work: Path) -> dict[str, float]:
    judged = json.loads(JUDGEMENTS.read_text()) if JUDGEMENTS.exists() else {}
    verdicts: Counter[str] = Counter()
    by_status: dict[str, Counter[str]] = {}
    errors: Counter[str] = Counter()
    for item in sample(work):
        judgement = judged.get(str(item["key"]))
        verdict = judgement["verdict"] if judgement else "unjudged"
        verdicts[verdict] += 1
        by_status.setdefault(str(item["flag"]["status"]), Counter())[verdict] += 1  # type: ignore[index]
        if judgement and verdict == "wrong":
            errors[judgement.get("error", "?")] += 1
    checked = verdicts["correct"] + verdicts["wrong"]
    precision = verdicts["correct"] / checked if checked else 0.0
    print(f"sampled {sum(verdicts.values())} flags of {len(flags(work))}: {dict(verdicts)}")
    print(f"precision {precision:.3f} on {checked} judged flags")
    for status, counts in sorted(by_status.items()):
        print(f"  {status}: {dict(counts)}")
    print("kinds of error:", dict(errors))
    return {"precision": precision, "judged": checked}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("run", "sample", "score"))
    parser.add_argument("--work", type=Path, required=True, help="folder for the inputs and newsfuse's outputs")
    args = parser.parse_args()
    {"run": run, "sample": show, "score": score}[args.command](args.work)


if __name__ == "__main__":
    main()
