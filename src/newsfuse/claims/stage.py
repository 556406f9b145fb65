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
from newsfuse.engines import Engine, RecordStage, engine_for
from newsfuse.ids import digest
from newsfuse.index.embed import DIMENSIONS
from newsfuse.provenance.stage import StoryWork, prepared_story_work
from newsfuse.records import Article, ClaimGroup, ClaimMention, Provenance, Story
from newsfuse.store import DuckDBStore

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


class ClaimStage(RecordStage[tuple[StoryWork, Provenance | None], list[ClaimGroup]]):
    """One story (with its provenance graph) to its claim groups; stories shard independently."""

    name = "claims"

    def process(self, item: tuple[StoryWork, Provenance | None]) -> list[ClaimGroup]:
        work, graph = item
        vectors = dict(work.sentence_vectors)
        for article in work.articles:
            # One-article stories match nothing across articles: words suffice.
            vectors.setdefault(article.id, np.zeros((len(article.sentences), DIMENSIONS), dtype=np.float32))
        return claims_for_story(work.story, work.articles, vectors, graph)


def claims_store(
    store: DuckDBStore,
    settings: Settings | None = None,
    story_ids: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
    engine: Engine | None = None,
) -> int:
    """Claims for the given stories (all when None); returns the number of claim groups written."""
    settings = settings or Settings()
    stories = store.stories(story_ids)
    graphs = {g.story_id: g for g in store.provenance(story_ids)}
    engine = engine or engine_for(settings)
    work_items = prepared_story_work(store, stories, settings, engine)
    items = ((work, graphs.get(work.story.story_id)) for work in work_items)
    groups: list[ClaimGroup] = []
    for story_groups in engine.map(ClaimStage(), items):
        groups.extend(story_groups)
        if progress:
            progress(1)
    store.replace_claims([s.story_id for s in stories], groups, clear=story_ids is None)
    return len(groups)
