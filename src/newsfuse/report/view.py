"""Everything a report or web page shows about a story, gathered once.

Decides the presentation-level facts of a story: its articles in ingest
order, named by outlet and title (never a bare id where a name exists), its
relations, graph, claims (most important first: flags, then the
best-supported) and brief, the numbering of cited articles (in order of
first citation), the count of conflicts, and its dates: when the event
happened as the articles tell it, apart from when they were published.
Markdown, HTML and the web app all render from this, so they agree.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from newsfuse.clean.outlets import article_label, display_outlet, display_title, input_name
from newsfuse.records import CONFLICT_STATUSES, Article, Brief, ClaimGroup, Provenance, Relation, Story
from newsfuse.store import DuckDBStore

# Claims a reader must see first: flagged statuses in order of harm, then
# the rest (corroborated before single-source), each by independent support.
_STATUS_RANK = {s: i for i, s in enumerate((*CONFLICT_STATUSES, "corroborated", "single-source"))}
_ARTICLE_ID = re.compile(r"\b[0-9a-f]{16}\b")
# A headline is shown whole (newspaper headlines stay under about 150
# characters); only a run-away title, or the first sentence standing in for
# a missing one, is cut (at a word, clean/outlets.py's 80 characters).
HEADLINE_CHARS = 160


@dataclass
class StoryView:
    story: Story
    articles: list[Article]
    relations: list[Relation]
    graph: Provenance | None
    claims: list[ClaimGroup]
    brief: Brief | None
    citation_numbers: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.brief:
            for sentence in self.brief.sentences:
                for article_id in sentence.citations:
                    self.citation_numbers.setdefault(article_id, len(self.citation_numbers) + 1)
        flagged = {f.claim_id for f in self.brief.flags} if self.brief else set()
        self.claims = sorted(self.claims, key=lambda c: claim_importance(c, flagged))

    @property
    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @property
    def title(self) -> str:
        if self.story.title:
            return self.story.title
        return display_title(self.articles[0]) if self.articles else self.story.story_id

    @property
    def conflicts(self) -> int:
        return sum(1 for c in self.claims if c.status in CONFLICT_STATUSES)

    @property
    def independent_sources(self) -> int:
        return self.graph.independent_sources if self.graph else len(self.articles)

    @property
    def statuses(self) -> Counter[str]:
        return Counter(c.status for c in self.claims)

    @property
    def event_date(self) -> str | None:
        return self.brief.event_date if self.brief else None

    @property
    def reported(self) -> str:
        """When the articles appeared (publication or page dates)."""
        first, last = self.story.first_seen, self.story.last_seen
        if not first:
            return "publication dates not given"
        first, last = first[:10], (last or first)[:10]
        return f"reported {first}" if first == last else f"reported {first} – {last}"

    @property
    def time_span(self) -> str:
        """The story's dates in one line: the event's day, then when it was reported."""
        if self.event_date:
            return f"happened {self.event_date} · {self.reported}"
        return self.reported

    def label(self, article_id: str) -> str:
        """Outlet and title of an article, for citations and lists."""
        article = self.by_id.get(article_id)
        if article is None:
            return article_id
        return article_label(article, HEADLINE_CHARS) if article.title else article_label(article)

    def outlet(self, article_id: str) -> str:
        article = self.by_id.get(article_id)
        return display_outlet(article) if article else article_id

    def short_name(self, article_id: str) -> str:
        """A few words naming an article inside a sentence: its outlet, or its file when no outlet is given."""
        article = self.by_id.get(article_id)
        if article is None:
            return article_id
        return article.outlet or input_name(article)

    def named(self, text: str) -> str:
        """``text`` with every article id of this story replaced by the article's short name."""
        ids = self.by_id
        return _ARTICLE_ID.sub(lambda m: self.short_name(m.group()) if m.group() in ids else m.group(), text)

    def claim_articles(self, claim: ClaimGroup) -> list[str]:
        """Ids of the articles that state a claim, in story order."""
        stating = {m.article_id for m in claim.mentions}
        return [a.id for a in self.articles if a.id in stating]

    def timeline(self) -> list[tuple[str | None, Article]]:
        """Articles by first appearance: dated ones in date order, then the undated in ingest order."""
        dated = sorted((a for a in self.articles if a.published_at), key=lambda a: a.published_at or "")
        undated = [a for a in self.articles if not a.published_at]
        return [(a.published_at, a) for a in dated] + [(None, a) for a in undated]


def claim_importance(
    claim: ClaimGroup, flagged: set[str] | frozenset[str] = frozenset()
) -> tuple[float, int, int, str]:
    """Sort key: conflicts first, then the brief's other flags, then by independent support and article count."""
    articles = len({m.article_id for m in claim.mentions})
    rank = float(_STATUS_RANK.get(claim.status, 9))
    if claim.claim_id in flagged and claim.status not in CONFLICT_STATUSES:
        rank = len(CONFLICT_STATUSES) - 0.5
    return (rank, -claim.independent_support, -articles, claim.claim_id)


def story_views(store: DuckDBStore, story_ids: list[str] | None = None) -> list[StoryView]:
    """Views of the given stories (all when None), largest first."""
    stories = store.stories(story_ids)
    ids = [s.story_id for s in stories]
    relations, graphs = store.relations(ids), {g.story_id: g for g in store.provenance(ids)}
    claims, briefs = store.claims(ids), {b.story_id: b for b in store.briefs(ids)}
    views = []
    for story in stories:
        views.append(
            StoryView(
                story=story,
                articles=list(store.iter_articles(story.article_ids)),
                relations=[r for r in relations if r.story_id == story.story_id],
                graph=graphs.get(story.story_id),
                claims=[c for c in claims if c.story_id == story.story_id],
                brief=briefs.get(story.story_id),
            )
        )
    return views
