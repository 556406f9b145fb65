"""Request and response shapes of the HTTP API (they document it in OpenAPI).

Field names follow the output contract (DESIGN.md §3), so a client reading
``articles.jsonl`` and one reading ``/api/articles`` see the same objects.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, JsonValue, StrictInt, StrictStr

# The schema says what the handler checks: a non-blank ``text`` or ``html``
# (an article without either is refused with 400, not stored as rejected).
_NON_BLANK: JsonValue = {"type": "string", "pattern": "\\S"}
_TEXT_OR_HTML: list[JsonValue] = [{"required": [name], "properties": {name: _NON_BLANK}} for name in ("text", "html")]


def _integral_number_as_int(value: object) -> object:
    """JSON Schema counts 15.0 as an integer, so an id sent as 15.0 is the id 15 (15.5 stays refused)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class ArticleIn(BaseModel):
    """One article to ingest: ``text`` or ``html`` is required."""

    model_config = ConfigDict(json_schema_extra={"anyOf": _TEXT_OR_HTML})

    id: Annotated[StrictStr | StrictInt | None, BeforeValidator(_integral_number_as_int)] = Field(
        None, description="Your id for the article (kept as external_id)."
    )
    text: str | None = Field(None, description="Plain text of the article (page leftovers are removed).")
    html: str | None = Field(None, description="HTML of the page (main text is extracted).")
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published_at: str | None = Field(None, description="Publication date, any common format.")
    language: str | None = Field(None, description="ISO 639-1 code; detected when absent.")


class ErrorOut(BaseModel):
    detail: str


class IngestOutcome(BaseModel):
    input: str
    status: str = Field(description="stored, duplicate or rejected")
    article_id: str | None
    story_id: str | None = Field(description="The story the article joined (or started).")
    reason: str | None = None


class StorySummary(BaseModel):
    story_id: str
    title: str | None
    first_seen: str | None
    last_seen: str | None
    size: int
    independent_sources: int | None
    conflicts: int


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published_at: str | None
    language: str | None
    story_id: str | None = None


class Passage(BaseModel):
    source_span: list[int]
    target_span: list[int]
    kind: str
    similarity: float


class RelationOut(BaseModel):
    story_id: str
    source_id: str
    target_id: str
    kind: str
    confidence: float
    coverage: float
    passages: list[Passage]
    source_coverage: float
    direction_evidence: str


class ProvenanceOut(BaseModel):
    story_id: str
    origins: list[str]
    independent_sources: int
    first_reported: str | None
    external_origins: list[str]
    edges: list[dict[str, str]]


class StoryDetail(StorySummary):
    article_ids: list[str]
    articles: list[ArticleSummary]
    provenance: ProvenanceOut | None


class ClaimOut(BaseModel):
    story_id: str
    claim_id: str
    type: str
    statement: str
    value: dict[str, Any]
    speaker: str | None
    status: str
    mentions: list[dict[str, Any]]
    independent_support: int
    note: str


class BriefOut(BaseModel):
    story_id: str
    sentences: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    writer: str
    dropped: list[str]


class ArticleOut(BaseModel):
    id: str
    external_id: str | None
    input: str
    title: str | None
    outlet: str | None
    published_at: str | None
    language: str | None
    text: str
    removed: list[dict[str, str]]
    author: str | None
    url: str | None
    source_format: str
    credits: list[dict[str, Any]]
    sentences: list[list[int]]
