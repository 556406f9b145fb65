"""Evaluate cleaning: HTML extraction and the plain-text line cleaner.

Every page of both corpora falls in one of two fixed halves
(``evals.common.split_of`` on the page's file name): the **tune** split is
where newsfuse's cleaning settings and constants were chosen (trafilatura's
``favor_precision`` in ``html_cleaner.py``, ``NON_PROSE_COST`` in
``text_cleaner.py``), the **report** split is the figure to quote. Both are
development data: part of each corpus is kept back outside ``../shared/data``.

Tasks, each printed with newsfuse beside its peers measured in the same run:

* ScrapingHub HTML: the benchmark's own measure, 4-gram shingle
  precision/recall/F1 micro-averaged over pages;
* trafilatura-eval HTML: snippet precision/recall/F1 ("with" found = TP,
  "without" found = FP);
* both again with each page rendered to all its visible text (boilerplate
  included) and cleaned as plain text.

Peers: trafilatura in each setting its docs offer for main text
(defaults; ``include_comments=False`` as its own benchmark runs it; that
with ``favor_precision``; that with ``favor_recall``) on the raw bytes; the
best of them on each split is the bar newsfuse must clear. For plain text,
jusText classifying each line as a paragraph (the union of its stoplists, as
trafilatura's fallback calls it when the language is unknown), and keeping
everything.

Run: .venv/bin/python -m evals.clean [--limit N] [--calibrate] [--update-floors [--allow-lower]]
"""

from __future__ import annotations

import argparse
import gzip
import html as html_escape
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import justext
import trafilatura

from evals import floors
from evals.common import SPLITS, Split, corpus, digest_files, prf, print_table, split_of
from newsfuse.clean import text_cleaner
from newsfuse.clean.cleaner import clean_record
from newsfuse.clean.render import visible_lines
from newsfuse.ids import digest
from newsfuse.ingest.decode import decode_bytes
from newsfuse.records import Article, RawArticle

Extractor = Callable[["Page"], str]
Counts = Callable[[str, Any], tuple[int, int, int]]
_TOKEN = re.compile(r"\w+")
NEWSFUSE = "newsfuse"
PLAIN_NEWSFUSE = "newsfuse plain-text cleaner"


@dataclass(frozen=True)
class Page:
    """A benchmark page: raw bytes as stored, and text decoded the way newsfuse ingest decodes it."""

    key: str
    raw: bytes
    url: str | None

    @cached_property
    def html(self) -> str:
        return decode_bytes(self.raw, html=True)

    @cached_property
    def rendered(self) -> str:
        """All visible text of the page, boilerplate included, one block per line."""
        return "\n".join(visible_lines(self.html))


def scrapinghub_pages(split: Split | None = None, limit: int | None = None) -> Iterator[tuple[Page, str]]:
    """(page, gold body) pairs of the ScrapingHub benchmark (one split of it when given)."""
    root = corpus("clean", "scrapinghub")
    gold = json.loads((root / "ground-truth.json").read_text())
    keys = [path.name.removesuffix(".html.gz") for path in sorted((root / "html").glob("*.html.gz"))]
    keys = [key for key in keys if key in gold and (split is None or split_of(key) == split)]
    for key in keys[:limit]:
        raw = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        yield Page(key, raw, gold[key].get("url")), gold[key]["articleBody"]


def trafilatura_pages(
    split: Split | None = None, limit: int | None = None
) -> Iterator[tuple[Page, dict[str, list[str]]]]:
    """(page, {'with': [...], 'without': [...]}) pairs of the trafilatura evaluation set."""
    root = corpus("clean", "trafilatura-eval")
    data = json.loads((root / "evaldata.json").read_text())
    items = [(url, item) for url, item in sorted(data.items()) if split is None or split_of(item["file"]) == split]
    for url, item in items[:limit]:
        raw = gzip.decompress((root / "html" / f"{item['file']}.gz").read_bytes())
        yield Page(item["file"], raw, url), {"with": item.get("with", []), "without": item.get("without", [])}


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.lower())
    return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))


def shingle_counts(predicted: str, gold: str) -> tuple[int, int, int]:
    """(tp, fp, fn) over 4-gram shingle multisets."""
    pred, ref = shingles(predicted), shingles(gold)
    overlap = sum((pred & ref).values())
    return overlap, sum(pred.values()) - overlap, sum(ref.values()) - overlap


def snippet_counts(predicted: str, snippets: dict[str, list[str]]) -> tuple[int, int, int]:
    tp = sum(1 for s in snippets["with"] if s in predicted)
    fn = len(snippets["with"]) - tp
    fp = sum(1 for s in snippets["without"] if s in predicted)
    return tp, fp, fn


def article_text(article: object) -> str:
    """The clean main text (the benchmarks' gold bodies leave the headline out)."""
    return article.text if isinstance(article, Article) else ""


def newsfuse_html(page: Page) -> str:
    html = page.html
    raw = RawArticle(input="eval", source_format="html", body=html, raw_hash=digest(html), url=page.url)
    return article_text(clean_record(raw))


def trafilatura_setting(**options: bool) -> Extractor:
    """Trafilatura as a user calls it: raw bytes (its own decoding) and the given options."""

    def extract(page: Page) -> str:
        return trafilatura.extract(page.raw, url=page.url, **options) or ""

    return extract


def newsfuse_plain(page: Page) -> str:
    text = page.rendered
    raw = RawArticle(input="eval", source_format="text", body=text, raw_hash=digest(text))
    return article_text(clean_record(raw))


_JUSTEXT_STOPWORDS = frozenset().union(*(justext.get_stoplist(name) for name in justext.get_stoplists()))


def justext_lines(page: Page) -> str:
    """jusText's paragraph classifier with each rendered line as a paragraph."""
    lines = page.rendered.split("\n")
    document = "<html><body>" + "".join(f"<p>{html_escape.escape(line)}</p>" for line in lines) + "</body></html>"
    paragraphs = justext.justext(document, _JUSTEXT_STOPWORDS)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def keep_everything(page: Page) -> str:
    return page.rendered


TRAFILATURA_SETTINGS: dict[str, Extractor] = {
    "trafilatura (defaults)": trafilatura_setting(),
    "trafilatura (no comments)": trafilatura_setting(include_comments=False),
    "trafilatura (favor_precision)": trafilatura_setting(include_comments=False, favor_precision=True),
    "trafilatura (favor_recall)": trafilatura_setting(include_comments=False, favor_recall=True),
}
HTML_SYSTEMS: dict[str, Extractor] = {NEWSFUSE: newsfuse_html, **TRAFILATURA_SETTINGS}
PLAIN_SYSTEMS: dict[str, Extractor] = {
    PLAIN_NEWSFUSE: newsfuse_plain,
    "jusText (lines as paragraphs)": justext_lines,
    "keep everything": keep_everything,
}


@dataclass(frozen=True)
class Task:
    title: str
    pages: Callable[[Split | None, int | None], Iterator[tuple[Page, Any]]]
    counts: Counts
    systems: dict[str, Extractor]
    newsfuse: str
    peers: tuple[str, ...]


TASKS: dict[str, Task] = {
    "scrapinghub": Task(
        "ScrapingHub HTML (4-gram shingles, micro)",
        scrapinghub_pages,
        shingle_counts,
        HTML_SYSTEMS,
        NEWSFUSE,
        tuple(TRAFILATURA_SETTINGS),
    ),
    "trafilatura_eval": Task(
        "trafilatura-eval HTML (snippets)",
        trafilatura_pages,
        snippet_counts,
        HTML_SYSTEMS,
        NEWSFUSE,
        tuple(TRAFILATURA_SETTINGS),
    ),
    "scrapinghub_plain": Task(
        "ScrapingHub rendered to plain text",
        scrapinghub_pages,
        shingle_counts,
        PLAIN_SYSTEMS,
        PLAIN_NEWSFUSE,
        ("jusText (lines as paragraphs)",),
    ),
    "trafilatura_eval_plain": Task(
        "trafilatura-eval rendered to plain text",
        trafilatura_pages,
        snippet_counts,
        PLAIN_SYSTEMS,
        PLAIN_NEWSFUSE,
        ("jusText (lines as paragraphs)",),
    ),
}


def score(task: Task, split: Split, limit: int | None = None) -> tuple[int, dict[str, dict[str, float]]]:
    """Pages scored and each system's micro precision/recall/F1 on one split of a task."""
    totals = {name: [0, 0, 0] for name in task.systems}
    pages = 0
    for page, gold in task.pages(split, limit):
        pages += 1
        for name, extract in task.systems.items():
            for i, value in enumerate(task.counts(extract(page), gold)):
                totals[name][i] += value
    return pages, {name: prf(*counts) for name, counts in totals.items()}


def measure(limit: int | None = None, show: bool = True, splits: Sequence[Split] = SPLITS) -> dict[str, float]:
    """All cleaning scores as a flat mapping (``task.split.system.metric``), printing the tables.

    Each task also gets ``task.split.margin over best peer``: newsfuse's F1
    minus the best peer setting's F1 on that split.
    """
    flat: dict[str, float] = {}
    for key, task in TASKS.items():
        columns: dict[str, dict[str, float]] = {name: {} for name in task.systems}
        sizes, margins = [], []
        for split in splits:
            pages, rows = score(task, split, limit)
            sizes.append(f"{split} {pages} pages")
            best_peer = max(task.peers, key=lambda name: rows[name]["f1"])
            margin = rows[task.newsfuse]["f1"] - rows[best_peer]["f1"]
            flat[f"{key}.{split}.margin over best peer"] = margin
            margins.append(f"  {split}: best peer is {best_peer}; newsfuse F1 minus it: {margin:+.4f}")
            for system, scores in rows.items():
                for metric, value in scores.items():
                    flat[f"{key}.{split}.{system}.{metric}"] = value
                    columns[system][f"{split} {metric}"] = value
        if show:
            print_table(f"{task.title}; {', '.join(sizes)}", columns)
            print("\n".join(margins))
    if show:
        print(
            "\ntune = split newsfuse's settings were chosen on; report = held apart from tuning, the figure to quote."
            "\nAll figures are development figures: part of each corpus is kept back outside ../shared/data."
        )
    return flat


def floor_scores(measured: dict[str, float], split: Split = "report") -> dict[str, float]:
    """The scores CI keeps floors for: newsfuse's F1 on each task's report split, and its margin over the peers."""
    chosen: dict[str, float] = {}
    for key, task in TASKS.items():
        chosen[f"{key}.{split}.{task.newsfuse}.f1"] = measured[f"{key}.{split}.{task.newsfuse}.f1"]
        chosen[f"{key}.{split}.margin over best peer"] = measured[f"{key}.{split}.margin over best peer"]
    return chosen


def calibrate_non_prose_cost(limit: int | None = None, values: Sequence[int] = (0, 10, 15, 20, 25, 30, 40, 60)) -> None:
    """Print the plain-text cleaner's F1 on the tune split for each ``NON_PROSE_COST`` (how it was set)."""
    original = text_cleaner.NON_PROSE_COST
    plain = {PLAIN_NEWSFUSE: newsfuse_plain}
    try:
        for value in values:
            text_cleaner.NON_PROSE_COST = value
            scrapinghub = score(Task("", scrapinghub_pages, shingle_counts, plain, PLAIN_NEWSFUSE, ()), "tune", limit)
            snippets = score(Task("", trafilatura_pages, snippet_counts, plain, PLAIN_NEWSFUSE, ()), "tune", limit)
            print(
                f"NON_PROSE_COST={value:>3}: tune split F1 ScrapingHub {scrapinghub[1][PLAIN_NEWSFUSE]['f1']:.4f}, "
                f"trafilatura-eval {snippets[1][PLAIN_NEWSFUSE]['f1']:.4f}",
                flush=True,
            )
    finally:
        text_cleaner.NON_PROSE_COST = original


def data_digest() -> str:
    files = list(corpus("clean", "scrapinghub", "html").glob("*.gz"))
    files += list(corpus("clean", "trafilatura-eval", "html").glob("*.gz"))
    files += [corpus("clean", "scrapinghub", "ground-truth.json"), corpus("clean", "trafilatura-eval", "evaldata.json")]
    return digest_files(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each split")
    parser.add_argument("--calibrate", action="store_true", help="sweep NON_PROSE_COST on the tune split and stop")
    parser.add_argument("--costs", type=int, nargs="+", default=None, help="NON_PROSE_COST values to try")
    parser.add_argument("--update-floors", action="store_true", help="record the report-split scores as CI floors")
    parser.add_argument("--allow-lower", action="store_true", help="allow --update-floors to lower a floor")
    args = parser.parse_args()
    if args.calibrate:
        calibrate_non_prose_cost(args.limit, *([args.costs] if args.costs else []))
        return
    started = time.perf_counter()
    measured = measure(args.limit)
    print(f"\ndata digest {data_digest()}; {time.perf_counter() - started:.0f} s")
    if args.update_floors:
        if args.limit:
            raise SystemExit("floors are set on the whole report split; drop --limit")
        print("floors:", floors.update(floor_scores(measured), data_digest(), "clean", args.allow_lower))


if __name__ == "__main__":
    main()
