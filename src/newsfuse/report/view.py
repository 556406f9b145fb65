"""Everything a report or web page shows about a story, gathered once.

Decides the presentation-level facts of a story: its articles in ingest
order, its relations, graph, claims and brief, the numbering of cited
articles (in order of first citation), the count of conflicts, and the time
span. Markdown, HTML and the web app all render from this, so they agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsfuse.records import FLAGGED_STATUSES, Article, Brief, ClaimGroup, Provenance, Relation, Story
from newsfuse.store import DuckDBStore

CONFLICT_STATUSES = FLAGGED_STATUSES


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

    @property
    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @property
    def title(self) -> str:
        return self.story.title or self.story.story_id

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
    def time_span(self) -> str:
        first, last = self.story.first_seen, self.story.last_seen
        if not first:
            return "dates unknown"
        return first if first == last else f"{first} – {last}"

    def label(self, article_id: str) -> str:
        """Outlet and title of an article, for citations and lists."""
        article = self.by_id.get(article_id)
        if article is None:
            return article_id
        title = (article.title or article.text[:80]).strip()
        return f"{article.outlet or 'unknown outlet'} — {title}"

    def timeline(self) -> list[tuple[str | None, Article]]:
        """Articles by first appearance: dated ones in date order, then the undated in ingest order."""
        dated = sorted((a for a in self.articles if a.published_at), key=lambda a: a.published_at or "")
        undated = [a for a in self.articles if not a.published_at]
        return [(a.published_at, a) for a in dated] + [(None, a) for a in undated]


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
