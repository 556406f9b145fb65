"""Outlet summaries: the article roles of many stories summed per outlet.

Decides what is said of an outlet over a period, from the role rows of
every story (``roles.py``) and the outlet directory (``identity.py``):

* its articles, and the share of each role among them: ``origin`` (own
  reporting), ``copy`` (copies and duplicates), ``partial``, ``rewrite``,
  ``translation``, and ``credited``: an article that derives from no article
  in the story but credits a source absent from it (a wire reprint whose
  original is not in the corpus). Reusing one's own earlier article is own
  reporting, not taking from others;
* whom it takes from: an outlet graph whose edge A -> B counts B's articles
  derived from A's (by kind), plus B's credits of absent sources;
* the median delay of its derived articles behind the origin they go back to;
* of its derived articles, the share that carry a credit line, and the
  share whose credit names the outlet it took from (or that outlet's own
  credited source);
* of its reused claims, the share it damaged (attribution dropped or
  changed, or altered);
* the content-farm score (``score.py``).

The period filters the articles an outlet published (by ``published_at``;
undated articles are left out once a period is given); the article a
reuse comes from may be older than the period.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time

from newsfuse.ingest.dates import to_datetime
from newsfuse.outlets.identity import Directory, Outlet
from newsfuse.outlets.profiles import OutletProfile
from newsfuse.outlets.roles import ArticleRole
from newsfuse.outlets.score import FarmScore, farm_score
from newsfuse.provenance.graph import SUBSTANTIAL_PARTIAL

_DAY_ONLY = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")
SHARE_ROLES = ("origin", "copy", "partial", "rewrite", "translation", "credited")


@dataclass(frozen=True)
class Period:
    """Publication dates an outlet summary covers (either end open)."""

    since: datetime | None = None
    until: datetime | None = None

    @property
    def open(self) -> bool:
        return self.since is None and self.until is None

    def holds(self, published_at: str | None) -> bool:
        if self.open:
            return True
        moment = to_datetime(published_at) if published_at else None
        if moment is None:
            return False
        moment = moment.replace(tzinfo=None)
        return (self.since is None or moment >= self.since) and (self.until is None or moment <= self.until)

    @staticmethod
    def end(text: str | None, parsed: datetime | None) -> datetime | None:
        """Where a period written ``until text`` ends: a bare date (YYYY-MM-DD) takes in that whole day."""
        if text is None or parsed is None:
            return parsed
        return datetime.combine(parsed.date(), time.max) if _DAY_ONLY.fullmatch(text) else parsed

    def label(self) -> str:
        if self.open:
            return "all dates"
        since = self.since.date().isoformat() if self.since else "…"
        until = self.until.date().isoformat() if self.until else "…"
        return f"{since} – {until}"


@dataclass
class OutletSummary:
    """What an outlet did over the period."""

    outlet: Outlet
    articles: int = 0
    stories: int = 0
    roles: Counter[str] = field(default_factory=Counter)
    sources: Counter[str] = field(default_factory=Counter)
    taken_by: int = 0
    credited_by: int = 0
    delays: list[float] = field(default_factory=list)
    derived: int = 0
    credited_derived: int = 0
    uncredited_rewrites: int = 0
    # Derived articles that the provenance graph does not count as sources of their own (a partial
    # reuse only above graph.SUBSTANTIAL_PARTIAL), and those of them without a credit line: the farm
    # score's reuse features. A report that quotes a paragraph of the wire is still own reporting.
    substantial: int = 0
    uncredited_substantial: int = 0
    credits_right_source: int = 0
    reused_claims: int = 0
    dropped: int = 0
    changed: int = 0
    altered: int = 0
    first_seen: str | None = None
    last_seen: str | None = None
    score: FarmScore | None = None
    # (role row, role counted, outlet taken from) of each of its articles in the period.
    items: list[tuple[ArticleRole, str, str | None]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.outlet.key

    @property
    def present(self) -> bool:
        return self.articles > 0

    def share(self, role: str) -> float:
        return self.roles[role] / self.articles if self.articles else 0.0

    @property
    def credit_share(self) -> float | None:
        return self.credited_derived / self.derived if self.derived else None

    @property
    def damaged(self) -> int:
        return self.dropped + self.changed + self.altered

    @property
    def damage_share(self) -> float | None:
        return self.damaged / self.reused_claims if self.reused_claims else None

    @property
    def median_delay_hours(self) -> float | None:
        return round(statistics.median(self.delays), 2) if self.delays else None


@dataclass(frozen=True)
class OutletEdge:
    """Articles of ``target`` taken from ``source``, by kind (``credited``: credits of an absent source)."""

    source: str
    target: str
    kinds: tuple[tuple[str, int], ...]
    credited: int

    @property
    def weight(self) -> int:
        return sum(n for _, n in self.kinds)


@dataclass(frozen=True)
class OutletReport:
    """Every outlet's summary over a period, and the outlet graph."""

    period: Period
    outlets: tuple[OutletSummary, ...]
    edges: tuple[OutletEdge, ...]

    def get(self, key: str) -> OutletSummary | None:
        return next((o for o in self.outlets if o.key == key), None)

    def find(self, name: str) -> OutletSummary | None:
        """An outlet by key, name, host or spelling, case-insensitively."""
        wanted = name.strip().casefold()
        for summary in self.outlets:
            outlet = summary.outlet
            names = {outlet.key, outlet.name, *outlet.hosts, *outlet.spellings}
            if wanted in {n.casefold() for n in names}:
                return summary
        return None


def summarise(
    rows: Sequence[ArticleRole], profiles: Sequence[OutletProfile] = (), period: Period | None = None
) -> OutletReport:
    """Outlet summaries of the role rows (all stories) over ``period``."""
    period = period or Period()
    directory = Directory.build(_sightings(rows), profiles)
    outlet_of = {row.article_id: _outlet(directory, row) for row in rows}
    by_story: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_story[row.story_id].add(outlet_of[row.article_id].key)
    summaries: dict[str, OutletSummary] = {}
    edges: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    edge_credits: Counter[tuple[str, str]] = Counter()
    stories: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if not period.holds(row.published_at):
            continue
        outlet = outlet_of[row.article_id]
        summary = summaries.setdefault(outlet.key, OutletSummary(outlet))
        stories[outlet.key].add(row.story_id)
        credited = [directory.credited(name) for name in row.credits]
        credited_keys = {c.key for c in credited}
        role, source = _effective_role(row, outlet, outlet_of, credited, by_story[row.story_id])
        _count(summary, row, role, bool(credited))
        summary.items.append((row, role, source.key if source else None))
        if source is None:
            continue
        summaries.setdefault(source.key, OutletSummary(source))
        summary.sources[source.key] += 1
        edges[(source.key, outlet.key)][role] += 1
        root = outlet_of.get(row.root_id or "")
        if credited:
            edge_credits[(source.key, outlet.key)] += 1
        if source.key in credited_keys or (root is not None and root.key in credited_keys):
            summary.credits_right_source += 1
    for (source_key, _), kinds in edges.items():
        summaries[source_key].taken_by += sum(n for k, n in kinds.items() if k != "credited")
        summaries[source_key].credited_by += kinds.get("credited", 0)
    for key, summary in summaries.items():
        summary.stories = len(stories[key])
        summary.score = _score(summary)
    ordered = sorted(summaries.values(), key=lambda s: (-s.articles, -s.taken_by - s.credited_by, s.outlet.name))
    graph = tuple(
        OutletEdge(source, target, tuple(sorted(kinds.items())), edge_credits[(source, target)])
        for (source, target), kinds in sorted(edges.items())
    )
    return OutletReport(period, tuple(ordered), graph)


def _sightings(rows: Iterable[ArticleRole]) -> Iterable[tuple[str | None, str | None]]:
    for row in rows:
        yield row.outlet, row.url
        for name in row.credits:
            yield name, None


def _outlet(directory: Directory, row: ArticleRole) -> Outlet:
    return directory.resolve(row.outlet, row.url, row.input_label)


def _effective_role(
    row: ArticleRole,
    outlet: Outlet,
    outlet_of: dict[str, Outlet],
    credited: list[Outlet],
    in_story: set[str],
) -> tuple[str, Outlet | None]:
    """The role counted for the outlet, and the outlet it took from (None for own reporting)."""
    if row.role != "origin":
        source = outlet_of.get(row.source_id or "")
        if source is None or source.key == outlet.key:
            return "origin", None  # its own earlier article
        return ("copy" if row.role == "duplicate" else row.role), source
    absent = next((c for c in credited if c.key != outlet.key and c.key not in in_story), None)
    return ("credited", absent) if absent is not None else ("origin", None)


def _count(summary: OutletSummary, row: ArticleRole, role: str, credits: bool) -> None:
    summary.articles += 1
    summary.roles[role] += 1
    if role != "origin":
        summary.derived += 1
        summary.credited_derived += int(credits)
        summary.uncredited_rewrites += int(role == "rewrite" and not credits)
        if role != "partial" or row.coverage >= SUBSTANTIAL_PARTIAL:
            summary.substantial += 1
            summary.uncredited_substantial += int(not credits)
        if row.delay_hours is not None:
            summary.delays.append(row.delay_hours)
    summary.reused_claims += row.reused_claims
    summary.dropped += row.dropped
    summary.changed += row.changed
    summary.altered += row.altered
    if row.published_at:
        summary.first_seen = min(filter(None, (summary.first_seen, row.published_at)))
        summary.last_seen = max(filter(None, (summary.last_seen, row.published_at)))


def _score(summary: OutletSummary) -> FarmScore:
    return farm_score(
        articles=summary.articles,
        derived=summary.substantial,
        uncredited_rewrites=summary.uncredited_rewrites,
        uncredited=summary.uncredited_substantial,
        reused_claims=summary.reused_claims,
        damaged=summary.damaged,
    )
