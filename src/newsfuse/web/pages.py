"""Server-rendered pages: stories, a story, an article, two articles compared.

Decides what each page shows. Pages render from the same story view as the
reports; article text is cut into plain and highlighted segments on the
server, and Jinja2 escapes every segment, so no article text is ever
interpreted as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from newsfuse.clean.outlets import TITLE_CHARS, article_label, display_outlet, display_title
from newsfuse.records import CLAIM_STATUSES, Article, Passage, Relation
from newsfuse.report.svg import provenance_svg, timeline_svg
from newsfuse.report.view import HEADLINE_CHARS, story_views
from newsfuse.web.access import StoreAccess
from newsfuse.web.listing import list_stories
from newsfuse.web.paragraphs import paragraphs

STATUSES = CLAIM_STATUSES


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str | None = None
    source: str | None = None
    number: int | None = None


def segments(text: str, marks: Sequence[tuple[int, int, str, str | None, int | None]]) -> list[Segment]:
    """The text cut at the marks (start, end, kind, source, number); overlapping marks keep the first."""
    out: list[Segment] = []
    cursor = 0
    for mark_start, end, kind, source, number in sorted(marks):
        start = max(mark_start, cursor)
        if end <= start:
            continue
        if start > cursor:
            out.append(Segment(text[cursor:start]))
        out.append(Segment(text[start:end], kind, source, number))
        cursor = end
    if cursor < len(text):
        out.append(Segment(text[cursor:]))
    return out


def templates() -> Environment:
    """The pages' templates, with the report's shared pieces (the highlight legend) beside them."""
    return Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(str(resources.files("newsfuse.web") / "templates")),
                FileSystemLoader(str(resources.files("newsfuse.report") / "templates")),
            ]
        ),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def pages_router(access: StoreAccess) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    env = templates()

    def render(name: str, **context: object) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context))

    @router.get("/", response_class=HTMLResponse)
    def home(
        q: Annotated[str | None, Query(max_length=200)] = None,
        sort: Annotated[str, Query(pattern="^(size|newest|conflicts)$")] = "size",
    ) -> HTMLResponse:
        with access.reader() as store:
            found = list_stories(store, q, sort)
            event_dates = store.event_dates()
        return render("stories.html.j2", stories=found, q=q, sort=sort, event_dates=event_dates)

    @router.get("/stories/{story_id}", response_class=HTMLResponse)
    def story(story_id: str, claim_status: Annotated[str | None, Query(alias="status")] = None) -> HTMLResponse:
        with access.reader() as store:
            views = story_views(store, [story_id])
        if not views:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no story {story_id}")
        view = views[0]
        claims = [c for c in view.claims if claim_status in (None, c.status)]
        return render(
            "story.html.j2",
            view=view,
            claims=claims,
            status=claim_status,
            statuses=STATUSES,
            svg=provenance_svg(view),
            timeline=timeline_svg(view),
        )

    @router.get("/articles/{article_id}", response_class=HTMLResponse)
    def article(article_id: str) -> HTMLResponse:
        with access.reader() as store:
            found = store.get_article(article_id)
            if found is None:
                raise HTTPException(status.HTTP_404_NOT_FOUND, f"no article {article_id}")
            story_id = store.story_assignments().get(article_id)
            relations = store.relations([story_id]) if story_id else []
            incoming = [r for r in relations if r.target_id == article_id and r.kind != "independent"]
            # Sources and the story are named by outlet and title, never by id.
            names = {a.id: article_label(a) for a in store.iter_articles([r.source_id for r in incoming])}
            story = next(iter(store.stories([story_id])), None) if story_id else None
        marks = [(*p.target_span, p.kind, r.source_id, None) for r in incoming for p in r.passages]
        return render(
            "article.html.j2",
            article=found,
            title=found.title or display_title(found),
            outlet=display_outlet(found),
            story_id=story_id,
            story_title=(story.title if story and story.title else None) or "the story",
            names=names,
            segments=segments(found.text, marks),
            paragraphs=paragraphs(segments(found.text, marks)),
            sources=[(r.source_id, r) for r in sorted(incoming, key=lambda r: -r.coverage)],
        )

    @router.get("/compare", response_class=HTMLResponse)
    def compare(request: Request, a: str, b: str) -> HTMLResponse:
        with access.reader() as store:
            found = {x.id: x for x in store.iter_articles([a, b])}
            story_id = store.story_assignments().get(a)
            relations = store.relations([story_id]) if story_id else []
        if a not in found or b not in found:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such article")
        relation = next((r for r in relations if {r.source_id, r.target_id} == {a, b}), None)
        return render("compare.html.j2", relation=relation, sides=_sides(found[a], found[b], relation))

    return router


def _sides(a: Article, b: Article, relation: Relation | None) -> list[dict[str, object]]:
    if relation is None:
        return [_side(a, "article", [Segment(a.text)]), _side(b, "article", [Segment(b.text)])]
    source, target = (a, b) if relation.source_id == a.id else (b, a)
    passages = paired_passages(relation.passages)
    return [
        _side(source, "source", segments(source.text, [(*p.source_span, p.kind, None, n) for n, p in passages])),
        _side(target, "target", segments(target.text, [(*p.target_span, p.kind, None, n) for n, p in passages])),
    ]


def paired_passages(passages: Sequence[Passage]) -> list[tuple[int, Passage]]:
    """The numbered passages the compare page marks: each must be marked in both panes, or hovering it
    lights one side only. A passage overlapping a kept one on either side (a verbatim piece inside a
    paraphrase, two source spans aligned to one target span) is left out; the longest go first, so the
    most shared text stays marked. Numbers stay those of the relation's passage list."""
    kept: list[tuple[int, Passage]] = []
    by_length = sorted(enumerate(passages, start=1), key=lambda item: (-_span_total(item[1]), item[0]))
    for number, passage in by_length:
        if not any(_clashes(passage, other) for _, other in kept):
            kept.append((number, passage))
    return sorted(kept, key=lambda item: item[0])


def _span_total(passage: Passage) -> int:
    return sum(end - start for start, end in (passage.source_span, passage.target_span))


def _clashes(one: Passage, other: Passage) -> bool:
    return any(
        a[0] < b[1] and b[0] < a[1]
        for a, b in ((one.source_span, other.source_span), (one.target_span, other.target_span))
    )


def _side(article: Article, role: str, parts: list[Segment]) -> dict[str, object]:
    """One pane of the compare page: the article named by outlet and title, and its text in segments."""
    return {
        "article": article,
        "role": role,
        "title": display_title(article, HEADLINE_CHARS if article.title else TITLE_CHARS),
        "outlet": display_outlet(article),
        "segments": parts,
    }
