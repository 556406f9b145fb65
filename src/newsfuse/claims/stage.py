"""The claims stage: extract, match and judge the claims of each story.

Decides the claim groups of a story and what is written for each: a
statement a reader can scan, the normalised value, the speaker, the status
with a note saying why, and every mention with its span and attribution.
Single-article stories get claims too (all single-source), so the claims
table covers the whole store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from newsfuse.claims.extract import extract_claims
from newsfuse.claims.matching import group_mentions
from newsfuse.claims.status import claim_status
from newsfuse.config import Settings
from newsfuse.ids import digest
from newsfuse.index.embed import DIMENSIONS
from newsfuse.records import Article, ClaimGroup, ClaimMention, Provenance, Story
from newsfuse.stages.base import RecordStage, StageContext
from newsfuse.stages.story import STORIES_PER_BATCH, StoryStage, StoryWork
from newsfuse.store.protocols import ClaimStageStore

# Events are many and mostly background; only events told by two or more
# articles are kept as claims (an event in one article is context, not a
# claim to check).
MIN_EVENT_ARTICLES = 2


def claims_for_story(
    story: Story, articles: Sequence[Article], vectors: dict[str, np.ndarray], graph: Provenance | None
) -> list[ClaimGroup]:
    """The claim groups of one story, ordered by how many articles carry them."""
    by_id = {a.id: a for a in articles}
    extracted = extract_claims(articles)
    mentions = [m for a in articles for m in extracted[a.id]]
    groups = []
    for members in group_mentions(mentions, by_id, vectors):
        if members[0].type == "event" and len({m.article_id for m in members}) < MIN_EVENT_ARTICLES:
            continue
        status, support, note = claim_status(members, by_id, graph)
        lead = _lead(members)
        groups.append(
            ClaimGroup(
                story_id=story.story_id,
                claim_id="c" + digest(story.story_id, lead.type, lead.article_id, str(lead.span))[:15],
                type=lead.type,
                statement=statement(lead),
                status=status,
                mentions=tuple(sorted(members, key=lambda m: (m.article_id, m.span))),
                independent_support=support,
                value=lead.value,
                speaker=lead.speaker,
                note=note,
            )
        )
    return sorted(groups, key=lambda g: (-len({m.article_id for m in g.mentions}), g.claim_id))


def _lead(members: Sequence[ClaimMention]) -> ClaimMention:
    """The mention that best states the claim: a direct quote, attributed, then the longest."""
    return max(
        members,
        key=lambda m: (bool(m.value_dict().get("direct")), m.attributed_to is not None, len(m.content)),
    )


def statement(mention: ClaimMention) -> str:
    """A one-line statement of the claim for tables and briefs."""
    if mention.type == "quote":
        who = mention.speaker or "unattributed"
        return f"{who}: “{mention.content.strip()}”"
    if mention.type == "number":
        measure = f"{mention.measure}: " if mention.measure else ""
        year = mention.value_dict().get("year")
        return f"{measure}{mention.content}" + (f" ({year})" if year else "")
    if mention.type == "attribution":
        return f"{mention.attributed_to or 'unattributed'}: {mention.content.strip()}"
    event = mention.value_dict()
    if event.get("verb"):
        return f"{event['subject']} {event['verb']} {event['object']}"
    return mention.content


class ClaimStage(RecordStage[StoryWork, list[ClaimGroup]]):
    """One story (with its provenance graph) to its claim groups; stories shard independently."""

    name = "claims"
    batch_size = STORIES_PER_BATCH

    def process(self, item: StoryWork) -> list[ClaimGroup]:
        vectors = dict(item.sentence_vectors) if len(item.articles) > 1 else {}
        for article in item.articles:
            # One-article stories match nothing across articles: words suffice.
            vectors.setdefault(article.id, np.zeros((len(article.sentences), DIMENSIONS), dtype=np.float32))
        return claims_for_story(item.story, item.articles, vectors, item.graph)


class ClaimsStage(StoryStage[list[ClaimGroup]]):
    """Claim groups per story, judged against the story's provenance graph."""

    name = "claims"
    needs = ("stories", "articles", "sentence_vectors", "provenance")
    produces = ("claims",)
    code = ("newsfuse.claims",)
    uses = ("embedder",)
    vectors_for = "multi"
    reads_graph = True

    def compute(self, ctx: StageContext) -> ClaimStage:
        return ClaimStage()

    def write_results(self, store: ClaimStageStore, story_ids: list[str], results: list[list[ClaimGroup]]) -> None:
        store.replace_claims(story_ids, [group for groups in results for group in groups])


def claims_store(
    store: ClaimStageStore,
    settings: Settings | None = None,
    story_ids: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
    engine: object | None = None,
) -> int:
    """Claims for the given stories (all when None), with what they need first; returns the claim groups written.

    Kept for callers written before the pipeline: runs the pipeline's stages
    up to claims through ``newsfuse.pipeline``.
    """
    from newsfuse.pipeline import run_stages

    run_stages(store, ["sentences", "provenance", "claims"], settings, story_ids, progress, engine)
    return len(store.claims(story_ids))
