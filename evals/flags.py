"""Evaluate flags on planted changes: is the one change a reprint makes flagged, and nothing else?

Pairs are built by evals/planted.py from real articles (Multi-News sources,
PolNeAR texts, ECB+ documents): an original from one outlet and, two hours
later, a reprint from another with exactly one change (a figure changed by
about a third, an attribution cut, a word inside a quotation replaced, a
negation put in or taken out) or none (verbatim or trimmed). Each pair is
dated 40 days from the next, so pairs do not share a story. All pairs of a
split go through the real pipeline in one run (``newsfuse run`` on JSON
Lines), and every flag in briefs.jsonl is scored:

* a flag is true when its claim has a mention in the reprint that touches
  the sentence holding the change and its status names that kind of change
  (figure: altered or conflicting; quote word and negation: altered;
  attribution: attribution-dropped); any other flag is false, including
  every flag on an unchanged reprint;
* recall per change kind: changes with at least one true flag.

Split, fixed by a hash of the source article id: ``tune`` (hash even) is
what the claim rules were developed on; ``report`` (hash odd) is the
figure to quote. Printed beside newsfuse in the same run: a plain diff
baseline that is told which article is the reprint, aligns its sentences
with the original's (difflib) and flags each aligned pair whose numbers,
quoted words, negations or attribution cue differ.

Run: .venv/bin/python -m evals.flags [--split report|tune] [--per-kind 20] [--update-floors [--allow-lower]]
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from evals import floors
from evals.common import PROJECT, corpus, digest_files
from evals.planted import CHANGE_KINDS, Planted, plant

ACCEPTED = {
    "figure": {"altered", "conflicting"},
    "quote": {"altered"},
    "negation": {"altered"},
    "attribution": {"attribution-dropped"},
}
KINDS = (*CHANGE_KINDS, "none")
# Articles of this length (characters) make reprints a desk would see:
# shorter ones are briefs or captions, longer ones slow the run down.
MIN_CHARS, MAX_CHARS = 800, 6000
FLOOR_PER_KIND = 8  # the CI subset: 8 pairs of each kind from the report split (40 pairs)
Span = tuple[int, int]


@dataclass(frozen=True)
class Pair:
    pair_id: str
    source_id: str
    planted: Planted


def source_articles() -> list[tuple[str, str]]:
    """(id, text) of every usable real article: one per Multi-News cluster, ECB+ subtopic and PolNeAR text."""
    found: list[tuple[str, str]] = []
    seen_clusters: set[str] = set()
    for line in corpus("summaries", "multinews", "input.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        cluster = record["id"].split("-")[0]
        if MIN_CHARS <= len(record["text"]) <= MAX_CHARS and cluster not in seen_clusters:
            seen_clusters.add(cluster)
            found.append((record["id"], record["text"]))
    seen_subtopics: set[str] = set()
    for line in corpus("stories", "ecbplus", "docs.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text = f"{doc['title_or_first_sentence']}\n{doc['text']}"
        if MIN_CHARS <= len(text) <= MAX_CHARS and doc["subtopic"] not in seen_subtopics:
            seen_subtopics.add(doc["subtopic"])
            found.append((f"ecb:{doc['doc_id']}", text))
    for split in ("train", "dev"):
        for path in sorted(corpus("attribution", "polnear", split, "text").glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            if MIN_CHARS <= len(text) <= MAX_CHARS:
                found.append((f"polnear:{path.stem}", text))
    return found


def split_of(source_id: str) -> str:
    return "tune" if int(hashlib.sha256(source_id.encode()).hexdigest()[:8], 16) % 2 == 0 else "report"


def build_pairs(split: str, per_kind: int) -> list[Pair]:
    """``per_kind`` pairs of every kind from the split's articles, each article used once."""
    pool = [s for s in source_articles() if split_of(s[0]) == split]
    pool.sort(key=lambda s: hashlib.sha256(s[0].encode()).hexdigest())
    pairs: list[Pair] = []
    used: set[str] = set()
    for round_number in range(per_kind):
        for kind in KINDS:
            for source_id, text in pool:
                if source_id in used:
                    continue
                planted = plant(source_id, text, kind)
                if planted is not None:
                    used.add(source_id)
                    pairs.append(Pair(f"p{len(pairs):03d}", source_id, planted))
                    break
        del round_number
    return pairs


def write_input(pairs: list[Pair], path: Path) -> None:
    start = datetime(2019, 1, 1, 8, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as handle:
        for k, pair in enumerate(pairs):
            first = start + timedelta(days=40 * k)
            for suffix, text, outlet, when in (
                ("a", pair.planted.original, "first-outlet.example", first),
                ("b", pair.planted.reprint, "second-outlet.example", first + timedelta(hours=2)),
            ):
                record = {"id": f"{pair.pair_id}-{suffix}", "text": text, "outlet": outlet}
                record["published_at"] = when.isoformat()
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def run_newsfuse(input_path: Path, out: Path) -> float:
    """``newsfuse run`` over the pairs; returns the seconds it took."""
    started = time.perf_counter()
    command = [str(Path(sys.executable).with_name("newsfuse")), "run", str(input_path), "--out", str(out)]
    command += ["--store", str(out / "store.duckdb")]
    subprocess.run(command, check=True, capture_output=True, cwd=PROJECT)
    return time.perf_counter() - started


def _read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def locate(site_text: str, clean: str) -> Span | None:
    """The site sentence in the cleaned text (the cleaner may drop lines or turn no-break spaces into spaces)."""
    site_text, clean = _spaces(site_text), _spaces(clean)
    for piece in (site_text, site_text[:80], site_text[-80:]):
        at = clean.find(piece.strip())
        if piece.strip() and at >= 0:
            return at, at + len(piece.strip())
    return None


def _spaces(text: str) -> str:
    """No-break and thin spaces as plain spaces (same length, so offsets hold)."""
    return re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f]", " ", text)


@dataclass
class Score:
    flags: int = 0
    true_flags: int = 0
    none_pairs: int = 0
    none_flagged: int = 0
    planted: Counter[str] | None = None
    found: Counter[str] | None = None
    lost_sites: int = 0

    def table_row(self) -> dict[str, float]:
        planted, found = self.planted or Counter(), self.found or Counter()
        row = {f"recall {k}": found[k] / planted[k] if planted[k] else 0.0 for k in CHANGE_KINDS}
        row["recall"] = sum(found.values()) / max(1, sum(planted.values()))
        row["precision"] = self.true_flags / self.flags if self.flags else 1.0
        row["unchanged flagged"] = self.none_flagged / max(1, self.none_pairs)
        return row


def score_newsfuse(pairs: list[Pair], out: Path) -> Score:
    articles = {str(a["external_id"]): a for a in _read(out / "articles.jsonl")}
    claims = {str(c["claim_id"]): c for c in _read(out / "claims.jsonl")}
    flags = [f for brief in _read(out / "briefs.jsonl") for f in brief["flags"]]  # type: ignore[attr-defined]
    by_reprint: dict[str, tuple[Pair, Span | None]] = {}
    score = Score(planted=Counter(), found=Counter())
    for pair in pairs:
        reprint = articles.get(f"{pair.pair_id}-b")
        site = None
        if reprint is not None and pair.planted.site is not None:
            start, end = pair.planted.site
            site = locate(pair.planted.reprint[start:end], str(reprint["text"]))
            score.lost_sites += site is None
        if reprint is not None:
            by_reprint[str(reprint["id"])] = (pair, site)
    flagged_pairs: set[str] = set()
    found_pairs: set[str] = set()
    for flag in flags:
        score.flags += 1
        claim = claims[str(flag["claim_id"])]
        hit = None
        for mention in claim["mentions"]:  # type: ignore[attr-defined]
            pair, site = by_reprint.get(str(mention["article_id"]), (None, None))
            if pair is None:
                continue
            flagged_pairs.add(pair.pair_id)
            start, end = mention["span"]
            if site and start < site[1] and site[0] < end and flag["status"] in ACCEPTED.get(pair.planted.kind, ()):
                hit = pair
        if hit is not None:
            score.true_flags += 1
            found_pairs.add(hit.pair_id)
    for pair in pairs:
        if pair.planted.kind == "none":
            score.none_pairs += 1
            score.none_flagged += pair.pair_id in flagged_pairs
        else:
            score.planted[pair.planted.kind] += 1  # type: ignore[index]
            score.found[pair.planted.kind] += pair.pair_id in found_pairs  # type: ignore[index]
    return score


# The peer: sentence diff between the original and the reprint.
_SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+[”\"’]?|$)")
_FIGURES = re.compile(r"\d[\d,.]*")
_QUOTED = re.compile(r"“([^”]*)”|\"([^\"]*)\"")
_NEGATION = re.compile(r"\b(?:not|never|no)\b|n[’']t\b", re.I)
_CUE = re.compile(r"\b(?:said|says|told|added|according to|stated|wrote)\b")


def _sentences(text: str) -> list[tuple[Span, str]]:
    return [((m.start(), m.end()), m.group().strip()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def _quoted_words(sentence: str) -> list[str]:
    return [w for m in _QUOTED.finditer(sentence) for w in (m.group(1) or m.group(2) or "").split()]


def diff_flags(original: str, reprint: str) -> list[tuple[str, Span]]:
    """(kind, reprint sentence span) for every aligned sentence pair that differs in a checked way."""
    left, right = _sentences(original), _sentences(reprint)
    matcher = difflib.SequenceMatcher(None, [s for _, s in left], [s for _, s in right], autojunk=False)
    found = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue
        for (_, before), (span, after) in zip(left[i1:i2], right[j1:j2], strict=False):
            if difflib.SequenceMatcher(None, before.split(), after.split()).ratio() < 0.5:
                continue
            if _FIGURES.findall(before) != _FIGURES.findall(after):
                found.append(("figure", span))
            if _quoted_words(before) != _quoted_words(after):
                found.append(("quote", span))
            if len(_NEGATION.findall(before)) != len(_NEGATION.findall(after)):
                found.append(("negation", span))
            if _CUE.search(before) and not _CUE.search(after):
                found.append(("attribution", span))
    return found


def score_baseline(pairs: list[Pair]) -> Score:
    score = Score(planted=Counter(), found=Counter())
    for pair in pairs:
        flagged = diff_flags(pair.planted.original, pair.planted.reprint)
        site = pair.planted.site
        hits = [k for k, (s, e) in flagged if site and s < site[1] and site[0] < e and k == pair.planted.kind]
        score.flags += len(flagged)
        score.true_flags += len(hits)
        if pair.planted.kind == "none":
            score.none_pairs += 1
            score.none_flagged += bool(flagged)
        else:
            score.planted[pair.planted.kind] += 1  # type: ignore[index]
            score.found[pair.planted.kind] += bool(hits)  # type: ignore[index]
    return score


def measure(split: str = "report", per_kind: int = 20, show: bool = True, keep: Path | None = None) -> dict[str, float]:
    pairs = build_pairs(split, per_kind)
    with tempfile.TemporaryDirectory() as scratch:
        work = keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        write_input(pairs, work / "pairs.jsonl")
        (work / "pairs-truth.json").write_text(
            json.dumps({p.pair_id: [p.source_id, p.planted.kind, p.planted.detail, p.planted.site] for p in pairs})
        )
        seconds = run_newsfuse(work / "pairs.jsonl", work / "out")
        newsfuse = score_newsfuse(pairs, work / "out")
    baseline = score_baseline(pairs)
    rows = {"newsfuse": newsfuse.table_row(), "diff baseline (told the pair)": baseline.table_row()}
    if show:
        kinds = Counter(p.planted.kind for p in pairs)
        role = "reported" if split == "report" else "tuning"
        _print_rows(f"Planted changes, {split} split ({role}): {len(pairs)} pairs {dict(kinds)}", rows)
        print(
            f"  newsfuse: {newsfuse.flags} flags, {newsfuse.true_flags} at a planted change; "
            f"{newsfuse.lost_sites} change sites not in the cleaned text; run {seconds:.0f} s"
        )
        print(f"  baseline: {baseline.flags} flags, {baseline.true_flags} at a planted change")
    return {
        f"planted_{split}.{system}.{metric}": round(value, 4)
        for system, row in rows.items()
        for metric, value in row.items()
    }


def _print_rows(title: str, rows: dict[str, dict[str, float]]) -> None:
    metrics = list(next(iter(rows.values())))
    print(f"\n{title}")
    print(f"  {'system':<32}" + "".join(f"{m:>19}" for m in metrics))
    for name, scores in rows.items():
        print(f"  {name:<32}" + "".join(f"{scores[m]:>19.3f}" for m in metrics))


def floor_scores(measured: dict[str, float]) -> dict[str, float]:
    return {key: value for key, value in measured.items() if ".newsfuse." in key and "unchanged" not in key}


def data_digest() -> str:
    paths = [corpus("summaries", "multinews", "input.jsonl"), corpus("stories", "ecbplus", "docs.jsonl")]
    for split in ("train", "dev"):
        paths += sorted(corpus("attribution", "polnear", split, "text").glob("*.txt"))
    return digest_files(paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("report", "tune"), default="report")
    parser.add_argument("--per-kind", type=int, default=20, help="pairs of each kind (4 changes + none)")
    parser.add_argument("--keep", type=Path, help="keep the pairs and newsfuse's output in this folder")
    parser.add_argument("--update-floors", action="store_true", help="record the CI subset's scores as floors")
    parser.add_argument("--allow-lower", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    measure(args.split, args.per_kind, keep=args.keep)
    print(f"\ndata digest {data_digest()}; {time.perf_counter() - started:.0f} s")
    if args.update_floors:
        subset = measure("report", FLOOR_PER_KIND, show=False)
        print("floors:", floors.update(floor_scores(subset), data_digest(), "flags", args.allow_lower))


if __name__ == "__main__":
    main()
