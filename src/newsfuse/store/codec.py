"""Articles to and from store rows.

Decides how an article's nested fields are stored: removed lines, credits
and sentence spans as DuckDB lists of STRUCTs with named fields (migration
6 converted the JSON text earlier versions wrote), so SQL can query them
and a row round-trips to an equal record.
"""

from __future__ import annotations

from typing import Any

from newsfuse.records import Article, Credit, RemovedLine

ARTICLE_COLUMNS = (
    "id",
    "external_id",
    "input",
    "source_format",
    "url",
    "title",
    "outlet",
    "author",
    "published_at",
    "language",
    "text",
    "removed",
    "credits",
    "sentences",
)
REMOVED_TYPE = "STRUCT(text VARCHAR, reason VARCHAR)[]"
CREDITS_TYPE = "STRUCT(text VARCHAR, source VARCHAR, kind VARCHAR)[]"
SPANS_TYPE = 'STRUCT(start INTEGER, "end" INTEGER)[]'
# DuckDB type of each column, in ARTICLE_COLUMNS order.
ARTICLE_TYPES = ("VARCHAR",) * 11 + (REMOVED_TYPE, CREDITS_TYPE, SPANS_TYPE)


def spans_row(spans: tuple[tuple[int, int], ...]) -> list[dict[str, int]]:
    return [{"start": start, "end": end} for start, end in spans]


def spans_of(rows: list[dict[str, int]]) -> tuple[tuple[int, int], ...]:
    return tuple((row["start"], row["end"]) for row in rows)


def article_to_row(article: Article) -> tuple[Any, ...]:
    """The column values of an article, in ``ARTICLE_COLUMNS`` order."""
    return (
        article.id,
        article.external_id,
        article.input,
        article.source_format,
        article.url,
        article.title,
        article.outlet,
        article.author,
        article.published_at,
        article.language,
        article.text,
        [{"text": r.text, "reason": r.reason} for r in article.removed],
        [{"text": c.text, "source": c.source, "kind": c.kind} for c in article.credits],
        spans_row(article.sentences),
    )


def row_to_article(row: tuple[Any, ...]) -> Article:
    """An article from column values in ``ARTICLE_COLUMNS`` order."""
    values = dict(zip(ARTICLE_COLUMNS, row, strict=True))
    return Article(
        id=values["id"],
        external_id=values["external_id"],
        input=values["input"],
        source_format=values["source_format"],
        url=values["url"],
        title=values["title"],
        outlet=values["outlet"],
        author=values["author"],
        published_at=values["published_at"],
        language=values["language"],
        text=values["text"],
        removed=tuple(RemovedLine(r["text"], r["reason"]) for r in values["removed"]),
        credits=tuple(Credit(c["text"], c["source"], c["kind"]) for c in values["credits"]),
        sentences=spans_of(values["sentences"]),
    )
