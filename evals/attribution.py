"""Evaluate attribution extraction on PolNeAR (dev split): who said what.

For each dev article (first annotator's file), gold attributions are
(source span, content span) pairs. A predicted attribution matches a gold
one on content when the spans are equal (exact; both trimmed of spaces,
quotation marks and end punctuation) or overlap (overlap). Source is scored
on content-matched pairs: its span must match too. Prints precision, recall
and F1 for content and for source+content, exact and overlap, for newsfuse
and for a baseline rule in the same run: text in quotation marks is the
content, the name next to "said" in that sentence is the source.

Run: .venv/bin/python -m evals.attribution [--update-floors [--allow-lower]]
"""

from __future__ import annotations

import re
from pathlib import Path

from evals import floors
from evals.common import corpus, digest_files, prf, print_table
from newsfuse.claims.attribution import attributions
from newsfuse.claims.nlp import parse

Span = tuple[int, int]
Pair = tuple[Span | None, Span]  # (source, content)
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
    spans: dict[str, Span] = {}
    pairs: list[Pair] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            ident, info, _ = line.split("\t", 2)
            _, positions = info.split(" ", 1)
            numbers = [int(x) for part in positions.split(";") for x in part.split()]
            spans[ident] = _trim(text, (min(numbers), max(numbers)))
        elif line.startswith("E"):
            roles = dict(part.split(":") for part in line.split("\t")[1].split())
            if "Content" in roles:
                source = spans.get(roles.get("Source", ""))
                pairs.append((source, spans[roles["Content"]]))
    return pairs


def newsfuse_pairs(doc: object, text: str) -> list[Pair]:
    return [(_trim(text, a.source) if a.source else None, _trim(text, a.content)) for a in attributions(doc)]


def baseline_pairs(text: str) -> list[Pair]:
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


def measure(show: bool = True) -> dict[str, float]:
    root = corpus("attribution", "polnear", "dev")
    texts = sorted((root / "text").glob("*.txt"))
    anns = sorted((root / "attributions").glob("*.ann"))
    items = []
    for text_path in texts:
        first = next((a for a in anns if a.name.startswith(text_path.stem + "_")), None)
        if first is not None:
            text = text_path.read_text(encoding="utf-8")
            items.append((text, read_gold(first, text)))
    docs = parse([text for text, _ in items])
    rows: dict[str, dict[str, float]] = {}
    for system in ("newsfuse", "baseline (quotes + said)"):
        for exact in (True, False):
            totals: dict[str, float] = {}
            for doc, (text, gold) in zip(docs, items, strict=True):
                predicted = newsfuse_pairs(doc, text) if system == "newsfuse" else baseline_pairs(text)
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
        print_table(f"PolNeAR dev attribution extraction ({len(items)} articles)", rows)
    return {f"polnear.{system}.{metric}": value for system, scores in rows.items() for metric, value in scores.items()}


def floor_scores(measured: dict[str, float]) -> dict[str, float]:
    return {key: value for key, value in measured.items() if key.startswith("polnear.newsfuse")}


def data_digest() -> str:
    root = corpus("attribution", "polnear", "dev")
    return digest_files(sorted(root.glob("*/*")))


def main() -> None:
    floors.eval_main(__doc__, "attribution", measure, floor_scores, data_digest)


if __name__ == "__main__":
    main()
