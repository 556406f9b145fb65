"""Evaluate attribution extraction on PolNeAR: who said what, reported on dev, tuned on train.

For each article (first annotator's file), gold attributions are (source
span, content span) pairs. A predicted attribution matches a gold one on
content when the spans are equal (exact; both trimmed of spaces, quotation
marks and end punctuation) or overlap (overlap). Source is scored on
content-matched pairs: its span must match too. Prints precision, recall
and F1 for content and for source+content, exact and overlap, for newsfuse
and two peers in the same run on the same parse: textacy's
``direct_quotations`` (direct quotations only: textacy has no reported-speech
extractor) and a plain rule (text in quotation marks is the content, the
name next to "said" in that sentence the source).

Every constant of newsfuse's attribution rules was set on the train split;
dev is the reported figure. The default run prints dev, then train;
``--ci`` (what the floors test measures) and ``--update-floors`` use dev only.

Run: .venv/bin/python -m evals.attribution [--ci] [--split train] [--update-floors [--allow-lower]]
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evals import floors
from evals.common import corpus, digest_files, prf, print_table
from newsfuse.claims.attribution import attributions
from newsfuse.claims.nlp import parse

Span = tuple[int, int]
Pair = tuple[Span | None, Span]  # (source, content)
# A span's text may hold line breaks (discontinuous spans across paragraphs),
# so only lines that open with a brat id are annotation lines.
_SPAN_LINE = re.compile(r"T\d+\t")
_EVENT_LINE = re.compile(r"E\d+\t")
_TRIM = " \n\t,.;:\"'“”‘’«»„"
_BASELINE_QUOTE = re.compile(r"[“\"]([^”\"]{3,})[”\"]")
_SAID_AFTER = re.compile(r"\b(?:said|says)\s+((?:[A-Z][\w.'’-]*\s?){1,4}|he|she|they)")
_SAID_BEFORE = re.compile(r"((?:[A-Z][\w.'’-]*\s?){1,4}|[Hh]e|[Ss]he|[Tt]hey)\s+(?:said|says)\b")


def _trim(text: str, span: Span) -> Span:
    start, end = span
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def read_gold(ann: Path, text: str) -> list[Pair]:
    """(source, content) spans of every attribution in a brat file, whatever the order of its T and E lines.

    brat does not promise that a T line comes before the E lines that use
    it, so all spans are read first and the events resolved after.
    """
    spans: dict[str, Span] = {}
    events: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if _SPAN_LINE.match(line):
            ident, info, _ = line.split("\t", 2)
            _, positions = info.split(" ", 1)
            numbers = [int(x) for part in positions.split(";") for x in part.split()]
            spans[ident] = _trim(text, (min(numbers), max(numbers)))
        elif _EVENT_LINE.match(line):
            events.append(dict(part.split(":", 1) for part in line.split("\t")[1].split()))
    pairs: list[Pair] = []
    for roles in events:
        if roles.get("Content") in spans:
            pairs.append((spans.get(roles.get("Source", "")), spans[roles["Content"]]))
    return pairs


def newsfuse_pairs(doc: Any, text: str) -> list[Pair]:
    return [(_trim(text, a.source) if a.source else None, _trim(text, a.content)) for a in attributions(doc)]


def textacy_pairs(doc: Any, text: str) -> list[Pair]:
    """textacy's direct-quotation triples on the same parse, called as its docs show: speaker tokens and quoted content.

    Direct quotations only (textacy has no extractor for reported speech),
    so its recall is bounded by the share of quoted contents. textacy
    refuses a whole document whose quotation marks are odd in number (a
    quotation running over paragraphs leaves one open), so such a document
    is given to it paragraph by paragraph and only the odd paragraphs are lost.
    """
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError as error:
        raise SystemExit("the textacy peer is missing: pip install -e '.[dev]'") from error
    try:
        parts = [(0, list(direct_quotations(doc)))]
    except ValueError:
        parts = []
        for paragraph in _paragraphs(doc):
            try:
                parts.append((paragraph.start_char, list(direct_quotations(paragraph.as_doc()))))
            except ValueError:
                continue
    pairs: list[Pair] = []
    for offset, triples in parts:
        for triple in triples:
            source = None
            if triple.speaker:
                first, last = triple.speaker[0], triple.speaker[-1]
                source = _trim(text, (offset + first.idx, offset + last.idx + len(last.text)))
            content = (offset + triple.content.start_char, offset + triple.content.end_char)
            pairs.append((source, _trim(text, content)))
    return pairs


def _paragraphs(doc: Any) -> list[Any]:
    """The document's paragraphs (its lines of text) as spans of the parse."""
    spans = (doc.char_span(m.start(), m.end(), alignment_mode="expand") for m in re.finditer(r"[^\n]+", doc.text))
    return [span for span in spans if span is not None and len(span)]


def baseline_pairs(doc: Any, text: str) -> list[Pair]:
    pairs: list[Pair] = []
    for match in _BASELINE_QUOTE.finditer(text):
        sentence_end = text.find(".", match.end())
        window_end = len(text) if sentence_end < 0 else sentence_end + 1
        window_start = max(0, text.rfind(".", 0, match.start()) + 1)
        source = None
        after = _SAID_AFTER.search(text, match.end(), window_end)
        before = _SAID_BEFORE.search(text, window_start, match.start())
        found = after or before
        if found:
            source = _trim(text, (found.start(1), found.end(1)))
        pairs.append((source, _trim(text, (match.start(1), match.end(1)))))
    return pairs


def _overlap(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def score(predicted: list[Pair], gold: list[Pair], exact: bool) -> dict[str, float]:
    """Counts for content and for source+content."""
    same = (lambda a, b: a == b) if exact else _overlap
    used: set[int] = set()
    content_tp = both_tp = 0
    for source, content in gold:
        for k, (p_source, p_content) in enumerate(predicted):
            if k not in used and same(p_content, content):
                used.add(k)
                content_tp += 1
                both_tp += int(source is not None and p_source is not None and same(p_source, source))
                break
    return {
        "content_tp": content_tp,
        "both_tp": both_tp,
        "predicted": len(predicted),
        "gold": len(gold),
        "gold_with_source": sum(1 for s, _ in gold if s is not None),
        "predicted_with_source": sum(1 for s, _ in predicted if s is not None),
    }


def load_split(split: str, limit: int | None = None) -> list[tuple[str, list[Pair]]]:
    """(text, gold pairs) of the split's articles, first annotator's file, in name order."""
    root = corpus("attribution", "polnear", split)
    anns = sorted((root / "attributions").glob("*.ann"))
    items = []
    for text_path in sorted((root / "text").glob("*.txt"))[:limit]:
        first = next((a for a in anns if a.name.startswith(text_path.stem + "_")), None)
        if first is not None:
            text = text_path.read_text(encoding="utf-8")
            items.append((text, read_gold(first, text)))
    return items


def measure(show: bool = True, split: str = "dev", limit: int | None = None, ci: bool = False) -> dict[str, float]:
    """Scores of every system on ``split``; for dev without ``ci``, train (the tuning split) is printed too.

    The CI floors test measures the whole dev split only (84 articles);
    train scores are keyed ``train.polnear...``.
    """
    splits = [split] if ci or split != "dev" else ["dev", "train"]
    measured: dict[str, float] = {}
    for name in splits:
        items = load_split(name, limit)
        docs = parse([text for text, _ in items])
        scores = score_docs(items, docs, name, show)
        measured.update(scores if name == "dev" else {f"{name}.{key}": value for key, value in scores.items()})
    return measured


SYSTEMS: dict[str, Callable[[Any, str], list[Pair]]] = {
    "newsfuse": newsfuse_pairs,
    "textacy direct_quotations": textacy_pairs,
    "baseline (quotes + said)": baseline_pairs,
}


def score_docs(items: list[tuple[str, list[Pair]]], docs: list[Any], split: str, show: bool) -> dict[str, float]:
    rows: dict[str, dict[str, float]] = {}
    for system, extract in SYSTEMS.items():
        predictions = [extract(doc, text) for doc, (text, _) in zip(docs, items, strict=True)]
        for exact in (True, False):
            totals: dict[str, float] = {}
            for predicted, (_, gold) in zip(predictions, items, strict=True):
                for key, value in score(predicted, gold, exact).items():
                    totals[key] = totals.get(key, 0) + value
            content = prf(
                totals["content_tp"], totals["predicted"] - totals["content_tp"], totals["gold"] - totals["content_tp"]
            )
            both = prf(
                totals["both_tp"],
                totals["predicted_with_source"] - totals["both_tp"],
                totals["gold_with_source"] - totals["both_tp"],
            )
            label = f"{system} [{'exact' if exact else 'overlap'}]"
            rows[label] = {
                "content P": content["precision"],
                "content R": content["recall"],
                "content F1": content["f1"],
                "source+content F1": both["f1"],
            }
    if show:
        role = "reported split" if split == "dev" else "tuning split: constants were set here"
        print_table(f"PolNeAR {split} attribution extraction ({len(items)} articles; {role})", rows)
    return {f"polnear.{system}.{metric}": value for system, scores in rows.items() for metric, value in scores.items()}


def floor_scores(measured: dict[str, float]) -> dict[str, float]:
    return {key: value for key, value in measured.items() if key.startswith("polnear.newsfuse")}


def data_digest() -> str:
    root = corpus("attribution", "polnear", "dev")
    return digest_files(sorted(root.glob("*/*")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "train"), default="dev", help="dev is reported; train is for tuning")
    parser.add_argument("--limit", type=int, help="only the first N articles of each split")
    parser.add_argument("--ci", action="store_true", help="only what the CI floors test measures (the dev split)")
    parser.add_argument("--update-floors", action="store_true", help="record the dev scores as CI floors")
    parser.add_argument("--allow-lower", action="store_true", help="allow --update-floors to lower a floor")
    args = parser.parse_args()
    if args.update_floors and (args.split != "dev" or args.limit):
        raise SystemExit("floors are recorded on the whole dev split: drop --split/--limit")
    started = time.perf_counter()
    measured = measure(split=args.split, limit=args.limit, ci=args.ci or args.update_floors)
    print(f"\ndata digest {data_digest()}; {time.perf_counter() - started:.0f} s")
    if args.update_floors:
        print("floors:", floors.update(floor_scores(measured), data_digest(), "attribution", args.allow_lower))


if __name__ == "__main__":
    main()
