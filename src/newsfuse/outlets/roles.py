"""Each article's role in its story: what an outlet did when it published it.

Decides, from a story's provenance (parents and relations) and claims, one
row per article, a pure function so it runs per story wherever stories are
computed:

* ``role``: ``origin`` (derives from no article in the story), else the kind
  of the relation from its parent (``duplicate``, ``copy``, ``partial``,
  ``rewrite``, ``translation``);
* its parent and the origin its chain starts at, and its delay behind that
  origin in hours (when both are dated);
* the sources it credits: agencies in credit lines or a dateline (the
  maintained list), and any outlet an origin credit names;
* its reused claims (claim groups it shares with an ancestor in the
  provenance graph) and how many of them it damaged: dropped the
  attribution, credited to someone else, or altered. A claim counts as
  damaged only when the claims stage flagged its group with that status
  (so these counts are exactly as precise as the flags) and this article's
  mention is the one that differs from its nearest ancestor's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Literal

from newsfuse.ingest.dates import to_datetime
from newsfuse.outlets.agencies import AGENCIES, normal
from newsfuse.records import Article, ClaimGroup, ClaimMention, Provenance, Relation

Role = Literal["origin", "duplicate", "copy", "partial", "rewrite", "translation"]
DERIVED_KINDS = frozenset({"duplicate", "copy", "partial", "rewrite", "translation"})
# Statuses under which an article's differing mention is damage it did.
DROPPED_STATUSES = frozenset({"attribution-dropped"})
CHANGED_STATUSES = frozenset({"credited-differently", "conflicting"})
ALTERED_STATUSES = frozenset({"altered"})


@dataclass(frozen=True)
class ArticleRole:
    """One article's part in its story, with what an outlet summary needs of it."""

    story_id: str
    article_id: str
    outlet: str | None
    url: str | None
    input_label: str
    published_at: str | None
    role: Role
    source_id: str | None = None
    root_id: str | None = None
    coverage: float = 0.0
    delay_hours: float | None = None
    credits: tuple[str, ...] = ()
    reused_claims: int = 0
    dropped: int = 0
    changed: int = 0
    altered: int = 0

    @property
    def damaged(self) -> int:
        return self.dropped + self.changed + self.altered


def input_label(article: Article) -> str:
    """What names an article's input: the id the input gave it, else its file name (and record number)."""
    if article.external_id:
        return article.external_id
    path, _, record = article.input.partition("#")
    name = PurePath(path).name or path
    return f"{name}#{record}" if record else name


def story_roles(
    story_id: str,
    articles: Sequence[Article],
    relations: Sequence[Relation],
    graph: Provenance | None,
    claims: Sequence[ClaimGroup] = (),
) -> list[ArticleRole]:
    """One role row per article of the story."""
    parent = dict(graph.parents) if graph else {}
    edge = {(r.source_id, r.target_id): r for r in relations}
    dates = {a.id: to_datetime(a.published_at) if a.published_at else None for a in articles}
    rows = []
    for article in articles:
        source = parent.get(article.id)
        relation = edge.get((source, article.id)) if source else None
        role: Role = relation.kind if relation is not None and relation.kind in DERIVED_KINDS else "origin"  # type: ignore[assignment]
        root = _root(article.id, parent) if role != "origin" else None
        reused, dropped, changed, altered = claim_damage(article.id, claims, parent)
        rows.append(
            ArticleRole(
                story_id=story_id,
                article_id=article.id,
                outlet=article.outlet,
                url=article.url,
                input_label=input_label(article),
                published_at=article.published_at,
                role=role,
                source_id=source if role != "origin" else None,
                root_id=root,
                coverage=relation.coverage if relation is not None and role != "origin" else 0.0,
                delay_hours=_delay(dates.get(article.id), dates.get(root or "")),
                credits=tuple(credited_sources(article)),
                reused_claims=reused,
                dropped=dropped,
                changed=changed,
                altered=altered,
            )
        )
    return rows


def credited_sources(article: Article) -> list[str]:
    """Sources the article credits: agencies (canonical names) first, then outlets named in origin credits."""
    found = AGENCIES.credited_by(article)
    for credit in article.credits:
        named = credit.source if credit.kind == "origin" else None
        if named and normal(named) and not AGENCIES.canonical(named) and named not in found:
            found.append(named)
    return found


def claim_damage(article_id: str, claims: Sequence[ClaimGroup], parent: dict[str, str]) -> tuple[int, int, int, int]:
    """(reused claims, dropped attributions, changed attributions, alterations) of one article."""
    reused = dropped = changed = altered = 0
    lineage = _ancestors(article_id, parent)
    for group in claims:
        mentions = _by_article(group.mentions)
        mine = mentions.get(article_id)
        source_id = next((a for a in lineage if a in mentions), None)
        if mine is None or source_id is None:
            continue
        reused += 1
        theirs = mentions[source_id]
        if group.status in DROPPED_STATUSES and theirs.attributed_to and not mine.attributed_to:
            dropped += 1
        elif group.status in CHANGED_STATUSES and _credited_elsewhere(mine, theirs):
            changed += 1
        elif group.status in ALTERED_STATUSES and _differs(mine, theirs):
            altered += 1
    return reused, dropped, changed, altered


def _credited_elsewhere(mine: ClaimMention, theirs: ClaimMention) -> bool:
    if not mine.attributed_to or not theirs.attributed_to:
        return False
    a, b = normal(mine.attributed_to), normal(theirs.attributed_to)
    return a not in b and b not in a


def _differs(mine: ClaimMention, theirs: ClaimMention) -> bool:
    return normal(mine.content) != normal(theirs.content) or mine.value_dict() != theirs.value_dict()


def _by_article(mentions: Sequence[ClaimMention]) -> dict[str, ClaimMention]:
    """Each article's mention of the claim, an attributed one when it has several."""
    found: dict[str, ClaimMention] = {}
    for mention in mentions:
        current = found.get(mention.article_id)
        if current is None or (current.attributed_to is None and mention.attributed_to is not None):
            found[mention.article_id] = mention
    return found


def _ancestors(article_id: str, parent: dict[str, str]) -> list[str]:
    chain: list[str] = []
    while article_id in parent and parent[article_id] not in chain:
        article_id = parent[article_id]
        chain.append(article_id)
    return chain


def _root(article_id: str, parent: dict[str, str]) -> str | None:
    chain = _ancestors(article_id, parent)
    return chain[-1] if chain else None


def _delay(published: datetime | None, origin: datetime | None) -> float | None:
    if published is None or origin is None:
        return None
    return round((_naive_utc(published) - _naive_utc(origin)).total_seconds() / 3600, 2)


def _naive_utc(moment: datetime) -> datetime:
    """Zoned times in UTC; a time without a zone is taken as it is (most dates in news are days)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
