"""`newsfuse provenance` and `newsfuse compare`: the derivation tree and aligned passages."""

from __future__ import annotations

import json
from collections import Counter
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from newsfuse.cli.app import app
from newsfuse.cli.common import (
    DEFAULT_STORE_PATH,
    FormatOption,
    StoreOption,
    check_format,
    friendly_errors,
    out_console,
)
from newsfuse.config import Settings
from newsfuse.errors import NewsfuseError
from newsfuse.index.stage import ensure_sentence_vectors
from newsfuse.provenance.relations import relate
from newsfuse.records import Article, Provenance, Relation
from newsfuse.report.contract import provenance_json, relation_json
from newsfuse.report.summary import plural
from newsfuse.report.tree import tree_rows
from newsfuse.store import DuckDBStore, open_store

KIND_STYLE = {"verbatim": "bold green", "near": "green", "paraphrase": "cyan", "translation": "magenta"}


@app.command("provenance", epilog="Example: newsfuse provenance se9c18ba62a86ef9e --store out/seeds/newsfuse.duckdb")
@friendly_errors
def provenance(
    story_id: Annotated[str, typer.Argument(help="A story id from `newsfuse stories`.")],
    store: StoreOption = DEFAULT_STORE_PATH,
    output_format: FormatOption = "table",
) -> None:
    """Show who copied, rewrote or translated whom in a story, as a tree."""
    check_format(output_format)
    with open_store(str(store), read_only=True) as db:
        graphs = db.provenance([story_id])
        if not graphs:
            raise NewsfuseError(
                f"no provenance for story {story_id!r} in {store}; run `newsfuse run INPUT --store {store}` first"
            )
        relations = db.relations([story_id])
        articles = {a.id: a for a in db.iter_articles(db.stories([story_id])[0].article_ids)}
    if output_format == "json":
        typer.echo(json.dumps({**provenance_json(graphs[0]), "relations": [relation_json(r) for r in relations]}))
        return
    out_console.print(provenance_tree(graphs[0], relations, articles))


def provenance_tree(graph: Provenance, relations: list[Relation], articles: dict[str, Article]) -> Tree:
    """The story's derivation forest; absent credited sources are listed first."""
    root = Tree(
        Text.assemble(
            (plural(len(articles), "article"), "bold"),
            f", {graph.independent_sources} independent source(s), first reported: {graph.first_reported}",
        )
    )
    stack: list[Tree] = [root]
    for row in tree_rows(graph, relations, list(articles)):
        del stack[row.depth + 1 :]
        if row.external is not None:
            stack[-1].add(Text(f"{row.external} (credited, not in the corpus)", style="italic yellow"))
            continue
        assert row.article_id is not None
        stack.append(stack[row.depth].add(_label(articles[row.article_id], row.relation)))
    return root


def _label(article: Article, relation: Relation | None) -> Text:
    title = (article.title or article.text[:70]).strip()
    text = Text()
    if relation is None:
        text.append("origin ", style="bold")
    else:
        text.append(f"{relation.kind} {relation.coverage:.0%} ", style="bold cyan")
        text.append(f"({relation.direction_evidence}) ", style="dim")
    text.append(f"{article.id} ", style="dim")
    text.append(f"{article.outlet or '-'}: {title}")
    return text


@app.command(
    "compare", epilog="Example: newsfuse compare 441ac9b53a5a3305 8c6d71b7dc43f638 --store out/seeds/newsfuse.duckdb"
)
@friendly_errors
def compare(
    first: Annotated[str, typer.Argument(help="An article id.")],
    second: Annotated[str, typer.Argument(help="Another article id.")],
    store: StoreOption = DEFAULT_STORE_PATH,
    output_format: FormatOption = "table",
) -> None:
    """Show two articles side by side with their shared passages highlighted."""
    check_format(output_format)
    with open_store(str(store)) as db:
        relation = find_or_align(db, first, second)
        articles = {a.id: a for a in db.iter_articles([first, second])}
    if output_format == "json":
        typer.echo(json.dumps(relation_json(relation)))
        return
    source, target = articles[relation.source_id], articles[relation.target_id]
    out_console.print(
        f"[bold]{relation.kind}[/] (coverage {relation.coverage:.0%}, confidence {relation.confidence:.2f}, "
        f"direction by {relation.direction_evidence}); passages: "
        + ", ".join(f"{k} {n}" for k, n in Counter(p.kind for p in relation.passages).items())
    )
    table = Table(f"source {source.id}", f"target {target.id}", show_lines=False, expand=True)
    table.add_row(_highlight(source, relation, "source"), _highlight(target, relation, "target"))
    out_console.print(table)


def find_or_align(db: DuckDBStore, first: str, second: str) -> Relation:
    """The stored relation between two articles, or a fresh alignment when none is stored."""
    for relation in db.relations():
        if {relation.source_id, relation.target_id} == {first, second}:
            return relation
    found = {a.id: a for a in db.iter_articles([first, second])}
    for article_id in (first, second):
        if article_id not in found:
            raise NewsfuseError(f"no article {article_id!r} in the store; list them with `newsfuse articles`")
    a, b = found[first], found[second]
    settings = Settings()
    vectors = ensure_sentence_vectors(db, [first, second], settings)
    languages = Counter(x.language or "" for x in (a, b))
    return relate("", a, b, vectors[first], vectors[second], languages, settings.sentence_embedder)


def _highlight(article: Article, relation: Relation, side: str) -> Text:
    """The article's text with each shared passage coloured by kind and numbered [n] on both sides."""
    spans = sorted(
        ((p.source_span if side == "source" else p.target_span), number, p.kind)
        for number, p in enumerate(relation.passages, start=1)
    )
    text = Text(f"{article.title or ''}\n", style="bold")
    cursor = 0
    for (span_start, end), number, kind in spans:
        start = max(span_start, cursor)
        if end <= start:
            continue
        text.append(article.text[cursor:start])
        text.append(f"[{number}]", style="dim")
        text.append(article.text[start:end], style=KIND_STYLE[kind])
        cursor = end
    text.append(article.text[cursor:])
    return text
