"""Evaluate cleaning: HTML extraction and the plain-text line cleaner.

Prints, for each corpus, newsfuse beside plain trafilatura (default
settings) measured in the same run:

* ScrapingHub: the benchmark's own measure, 4-gram shingle precision/recall/F1
  micro-averaged over pages;
* trafilatura-eval: snippet precision/recall/F1 ("with" found = TP, "without"
  found = FP);
* plain text: each HTML page rendered to all its visible text (boilerplate
  included), cleaned by the plain-text cleaner, scored the same two ways,
  beside a "keep everything" baseline.

Run: .venv/bin/python -m evals.clean [--limit N] [--update-floors [--allow-lower]]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import trafilatura

from evals import floors
from evals.common import corpus, digest_files, prf, print_table
from newsfuse.clean.cleaner import clean_record
from newsfuse.clean.render import visible_lines
from newsfuse.ids import digest
from newsfuse.ingest.decode import decode_bytes
from newsfuse.records import Article, RawArticle

Extractor = Callable[["Page"], str]
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    """A benchmark page: raw bytes as stored, and text decoded the way newsfuse ingest decodes it."""

    key: str
    raw: bytes
    url: str | None

    @property
    def html(self) -> str:
        return decode_bytes(self.raw, html=True)


def scrapinghub_pages(limit: int | None = None) -> Iterator[tuple[Page, str]]:
    """(page, gold body) pairs of the ScrapingHub benchmark."""
    root = corpus("clean", "scrapinghub")
    gold = json.loads((root / "ground-truth.json").read_text())
    files = sorted((root / "html").glob("*.html.gz"))[:limit]
    for path in files:
        key = path.name.removesuffix(".html.gz")
        if key in gold:
            yield Page(key, gzip.decompress(path.read_bytes()), gold[key].get("url")), gold[key]["articleBody"]


def trafilatura_pages(limit: int | None = None) -> Iterator[tuple[Page, dict[str, list[str]]]]:
    """(page, {'with': [...], 'without': [...]}) pairs of the trafilatura evaluation set."""
    root = corpus("clean", "trafilatura-eval")
    data = json.loads((root / "evaldata.json").read_text())
    for url, item in sorted(data.items())[:limit]:
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


def trafilatura_default(page: Page) -> str:
    """Plain trafilatura as a user would call it: raw bytes (its own decoding), default settings."""
    return trafilatura.extract(page.raw, url=page.url) or ""


def rendered_page(html: str) -> str:
    """All visible text of the page, boilerplate included, one block per line."""
    return "\n".join(visible_lines(html))


def newsfuse_plain(page: Page) -> str:
    text = rendered_page(page.html)
    raw = RawArticle(input="eval", source_format="text", body=text, raw_hash=digest(text))
    return article_text(clean_record(raw))


def keep_everything(page: Page) -> str:
    return rendered_page(page.html)


def score_scrapinghub(systems: dict[str, Extractor], limit: int | None = None) -> dict[str, dict[str, float]]:
    totals = {name: [0, 0, 0] for name in systems}
    for page, gold in scrapinghub_pages(limit):
        for name, extract in systems.items():
            for i, value in enumerate(shingle_counts(extract(page), gold)):
                totals[name][i] += value
    return {name: prf(*counts) for name, counts in totals.items()}


def score_snippets(systems: dict[str, Extractor], limit: int | None = None) -> dict[str, dict[str, float]]:
    totals = {name: [0, 0, 0] for name in systems}
    for page, snippets in trafilatura_pages(limit):
        for name, extract in systems.items():
            for i, value in enumerate(snippet_counts(extract(page), snippets)):
                totals[name][i] += value
    return {name: prf(*counts) for name, counts in totals.items()}


HTML_SYSTEMS: dict[str, Extractor] = {"newsfuse": newsfuse_html, "trafilatura (default)": trafilatura_default}
PLAIN_SYSTEMS: dict[str, Extractor] = {
    "newsfuse plain-text cleaner": newsfuse_plain,
    "keep everything": keep_everything,
}


def data_digest() -> str:
    files = list(corpus("clean", "scrapinghub", "html").glob("*.gz"))
    files += list(corpus("clean", "trafilatura-eval", "html").glob("*.gz"))
    files += [corpus("clean", "scrapinghub", "ground-truth.json"), corpus("clean", "trafilatura-eval", "evaldata.json")]
    return digest_files(files)


def measure(limit: int | None = None, show: bool = True) -> dict[str, float]:
    """All cleaning scores as a flat mapping (``corpus.system.metric``), printing the tables."""
    tables = {
        "scrapinghub": ("ScrapingHub (4-gram shingles, micro)", score_scrapinghub(HTML_SYSTEMS, limit)),
        "trafilatura_eval": ("trafilatura-eval (snippets)", score_snippets(HTML_SYSTEMS, limit)),
        "scrapinghub_plain": ("ScrapingHub rendered to plain text", score_scrapinghub(PLAIN_SYSTEMS, limit)),
        "trafilatura_eval_plain": ("trafilatura-eval rendered to plain text", score_snippets(PLAIN_SYSTEMS, limit)),
    }
    flat = {}
    for key, (title, rows) in tables.items():
        if show:
            print_table(title, rows)
        for system, scores in rows.items():
            for metric, value in scores.items():
                flat[f"{key}.{system}.{metric}"] = value
    return flat


def floor_scores(measured: dict[str, float]) -> dict[str, float]:
    """The scores CI keeps floors for: newsfuse's F1 on each task, and its margin over the peer."""
    return {
        "scrapinghub.newsfuse.f1": measured["scrapinghub.newsfuse.f1"],
        "trafilatura_eval.newsfuse.f1": measured["trafilatura_eval.newsfuse.f1"],
        "scrapinghub_plain.newsfuse plain-text cleaner.f1": measured[
            "scrapinghub_plain.newsfuse plain-text cleaner.f1"
        ],
        "trafilatura_eval_plain.newsfuse plain-text cleaner.f1": measured[
            "trafilatura_eval_plain.newsfuse plain-text cleaner.f1"
        ],
        "scrapinghub.margin_over_trafilatura": measured["scrapinghub.newsfuse.f1"]
        - measured["scrapinghub.trafilatura (default).f1"],
        "trafilatura_eval.margin_over_trafilatura": measured["trafilatura_eval.newsfuse.f1"]
        - measured["trafilatura_eval.trafilatura (default).f1"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each corpus")
    parser.add_argument("--update-floors", action="store_true", help="record these scores as CI floors")
    parser.add_argument("--allow-lower", action="store_true", help="allow --update-floors to lower a floor")
    args = parser.parse_args()
    started = time.perf_counter()
    measured = measure(args.limit)
    print(f"\ndata digest {data_digest()}; {time.perf_counter() - started:.0f} s")
    if args.update_floors:
        if args.limit:
            raise SystemExit("floors are set on the whole corpora; drop --limit")
        print("floors:", floors.update(floor_scores(measured), data_digest(), "clean", args.allow_lower))


if __name__ == "__main__":
    main()
