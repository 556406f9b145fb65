"""The JSON API: stories, briefs, claims, relations, articles; and ingest.

Decides the HTTP surface other tools use. Reads are open; the two ingest
endpoints (JSON articles, or an uploaded file) need the write token. Every
response object has the output contract's field names.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile, status
from fastapi.concurrency import run_in_threadpool

from newsfuse.ingest import iter_records, kind_of
from newsfuse.ingest.jsonl import parse_line
from newsfuse.records import CLAIM_STATUSES, Article, RawArticle, Rejection, Story
from newsfuse.report.contract import article_json, brief_json, claim_json, provenance_json, relation_json
from newsfuse.store import DuckDBStore
from newsfuse.web.access import StoreAccess
from newsfuse.web.listing import list_stories, story_summary
from newsfuse.web.models import (
    ArticleIn,
    ArticleOut,
    ArticleSummary,
    BriefOut,
    ClaimOut,
    ErrorOut,
    IngestOutcome,
    ProvenanceOut,
    RelationOut,
    StoryDetail,
    StorySummary,
)

# A batch bigger than this is refused: split it (each article is embedded
# while the request waits).
MAX_BATCH = 500
STATUS_PATTERN = "^(" + "|".join(re.escape(s) for s in CLAIM_STATUSES) + ")$"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "No such story or article"}}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Body is not valid JSON or not a form, or an article has no text"},
    401: {"model": ErrorOut, "description": "Missing or wrong token"},
    403: {"model": ErrorOut, "description": "Writes disabled (no token configured)"},
    413: {"model": ErrorOut, "description": "Request too large"},
}


def api_router(access: StoreAccess, require_token: Callable[[Request], None], max_body: int) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["api"])

    @router.get("/stories", response_model=list[StorySummary], summary="List stories")
    def stories(
        q: Annotated[str | None, Query(max_length=200, description="Words the title must contain")] = None,
        sort: Annotated[str, Query(pattern="^(size|newest|conflicts)$")] = "size",
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    ) -> list[StorySummary]:
        with access.reader() as store:
            return list_stories(store, q, sort)[offset : offset + limit]

    @router.get(
        "/stories/{story_id}", response_model=StoryDetail, responses=NOT_FOUND, summary="One story with its articles"
    )
    def story(story_id: str) -> StoryDetail:
        with access.reader() as store:
            found = _story_or_404(store, story_id)
            graphs = store.provenance([story_id])
            summary = story_summary(store, found)
            members = [_summary(a, story_id) for a in store.iter_articles(found.article_ids)]
        return StoryDetail(
            **summary.model_dump(),
            article_ids=list(found.article_ids),
            articles=members,
            provenance=ProvenanceOut(**provenance_json(graphs[0])) if graphs else None,
        )

    @router.get(
        "/stories/{story_id}/brief", response_model=BriefOut, responses=NOT_FOUND, summary="The story's cited brief"
    )
    def brief(story_id: str) -> BriefOut:
        with access.reader() as store:
            _story_or_404(store, story_id)
            found = store.briefs([story_id])
        if not found:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no brief yet: it is written shortly after ingest")
        return BriefOut(**brief_json(found[0]))

    @router.get(
        "/stories/{story_id}/claims", response_model=list[ClaimOut], responses=NOT_FOUND, summary="The story's claims"
    )
    def claims(
        story_id: str,
        claim_status: Annotated[
            str | None,
            Query(alias="status", pattern=STATUS_PATTERN),
        ] = None,
    ) -> list[ClaimOut]:
        with access.reader() as store:
            _story_or_404(store, story_id)
            found = store.claims([story_id])
        return [ClaimOut(**claim_json(c)) for c in found if claim_status in (None, c.status)]

    @router.get(
        "/stories/{story_id}/relations",
        response_model=list[RelationOut],
        responses=NOT_FOUND,
        summary="Pairwise relations",
    )
    def relations(story_id: str) -> list[RelationOut]:
        with access.reader() as store:
            _story_or_404(store, story_id)
            return [RelationOut(**relation_json(r)) for r in store.relations([story_id])]

    @router.get("/articles", response_model=list[ArticleSummary], summary="List articles")
    def articles(
        limit: Annotated[int, Query(ge=1, le=500)] = 50, offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0
    ) -> list[ArticleSummary]:
        with access.reader() as store:
            assignments = store.story_assignments()
            page = store.article_page(offset, limit)
        return [_summary(a, assignments.get(a.id)) for a in page]

    @router.get("/articles/{article_id}", response_model=ArticleOut, responses=NOT_FOUND, summary="One article")
    def article(article_id: str) -> ArticleOut:
        with access.reader() as store:
            found = store.get_article(article_id)
        if found is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no article {article_id}")
        return ArticleOut(**article_json(found))

    @router.post(
        "/articles",
        response_model=list[IngestOutcome],
        dependencies=[Depends(require_token)],
        responses=WRITE_ERRORS,
        summary="Ingest one article or a batch; each joins a story",
    )
    async def post_articles(request: Request, payload: ArticleIn | list[ArticleIn]) -> list[IngestOutcome]:
        items = payload if isinstance(payload, list) else [payload]
        if len(items) > MAX_BATCH:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, f"at most {MAX_BATCH} articles per request")
        _require_bodies(items)
        label = f"api:{id(request):x}"
        records = [
            parse_line(json.dumps(item.model_dump(exclude_none=True)).encode(), f"{label}#{n}", max_body)
            for n, item in enumerate(items, start=1)
        ]
        outcomes = await run_in_threadpool(access.ingest, records)
        return [IngestOutcome(**dataclasses.asdict(o)) for o in outcomes]

    @router.post(
        "/articles/upload",
        response_model=list[IngestOutcome],
        dependencies=[Depends(require_token)],
        responses=WRITE_ERRORS,
        summary="Ingest an uploaded file (.txt, .html, .jsonl, .warc, optionally .gz; guessed when unnamed)",
    )
    async def upload(file: Annotated[UploadFile, File(description="The file to ingest")]) -> list[IngestOutcome]:
        name = _SAFE_NAME.sub("_", Path(file.filename or "upload").name)[-100:] or "upload"
        data = await file.read(max_body + 1)
        if len(data) > max_body:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, "file over the size limit")
        if kind_of(Path(name)) is None:
            name += _guess_suffix(data)
        records = await run_in_threadpool(_read_upload, name, data)
        outcomes = await run_in_threadpool(access.ingest, records)
        return [IngestOutcome(**dataclasses.asdict(o)) for o in outcomes]

    return router


def _require_bodies(items: list[ArticleIn]) -> None:
    """Refuse the request (400) when an article has neither text nor HTML: that is a malformed request,
    not an article to store as rejected."""
    empty = [
        n for n, item in enumerate(items, start=1) if not (item.text or "").strip() and not (item.html or "").strip()
    ]
    if empty:
        where = "the article" if len(items) == 1 else "article " + ", ".join(map(str, empty[:10]))
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            f"{where}: 'text' (or 'html') is missing or empty; send the article's words in 'text'",
        )


def _guess_suffix(data: bytes) -> str:
    """A suffix for a file named without a known one, from its first bytes."""
    head = data[:2048].lstrip()
    if head.startswith(b"\x1f\x8b"):
        return ".txt.gz"
    if head.startswith(b"WARC/"):
        return ".warc"
    if head.startswith(b"<"):
        return ".html"
    if head.startswith(b"{"):
        return ".jsonl"
    return ".txt"


def _read_upload(name: str, data: bytes) -> list[RawArticle | Rejection]:
    """Records of an uploaded file, labelled 'upload:NAME' rather than by the temporary path."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        records = list(iter_records([str(path)]))
    return [dataclasses.replace(r, input=r.input.replace(str(path), f"upload:{name}")) for r in records]


def _story_or_404(store: DuckDBStore, story_id: str) -> Story:
    found = store.stories([story_id])
    if not found:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no story {story_id}")
    return found[0]


def _summary(article: Article, story_id: str | None) -> ArticleSummary:
    return ArticleSummary(
        id=article.id,
        title=article.title,
        outlet=article.outlet,
        published_at=article.published_at,
        language=article.language,
        story_id=story_id,
    )
