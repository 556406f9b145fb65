"""Small hand-written articles for unit tests: an Article from an id and a text, sentences split."""

from __future__ import annotations

from newsfuse.clean.sentences import sentence_spans
from newsfuse.records import Article


def make_article(article_id: str, text: str, input_path: str | None = None, **fields: object) -> Article:
    """An English article read from ``input_path`` (default ``ID.txt``) with its sentences split."""
    fields.setdefault("language", "en")
    return Article(
        id=article_id,
        input=input_path or f"{article_id}.txt",
        text=text,
        source_format="text",
        sentences=tuple(sentence_spans(text)),
        **fields,  # type: ignore[arg-type]
    )
