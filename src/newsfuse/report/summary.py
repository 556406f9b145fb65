"""A short human summary of what a run found.

Decides which few figures a person wants after `newsfuse run`: how many
articles, in which languages, what was removed and why, what was rejected;
then what the run is for: the stories (largest first), how many independent
sources each has, the flags by kind, and which report to open. Counts are
written with the right singular or plural ("1 story", "2 stories").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsfuse.store.marks import failed_stage

# A terminal summary lists the largest stories only; the report has them all.
MAX_STORIES_SHOWN = 10
_IRREGULAR = {"story": "stories", "copy": "copies", "was": "were"}


def plural(count: int, noun: str) -> str:
    """'1 story', '2 stories', '0 rejected inputs': the last word of ``noun`` agrees with ``count``.

    >>> plural(1, "story"), plural(2, "story"), plural(0, "rejected input")
    ('1 story', '2 stories', '0 rejected inputs')
    """
    if count == 1:
        return f"{count} {noun}"
    head, _, last = noun.rpartition(" ")
    word = _IRREGULAR.get(last, last + "s")
    return f"{count} {head} {word}" if head else f"{count} {word}"


def summary_lines(store: Any, report: Path | None = None) -> list[str]:
    """Lines of plain text summarising the store; ``report`` is the page to point the reader to."""
    articles = list(store.iter_articles())
    failed = Counter(failed_stage(r.input) for r in store.iter_rejections())
    rejections = failed.pop(None, 0)
    lines = [f"{plural(len(articles), 'article')}, {plural(rejections, 'rejected input')}"]
    lines += [
        f"{stage} failed for {plural(n, 'story')} (why: the rejects table)" for stage, n in sorted(failed.items())
    ]
    languages = Counter(a.language or "unknown" for a in articles)
    if languages:
        lines.append("languages: " + counts(languages))
    reasons = Counter(r.reason for a in articles for r in a.removed)
    if reasons:
        lines.append(f"removed {plural(sum(reasons.values()), 'line')}: " + counts(reasons))
    credited = Counter(c.source for a in articles for c in a.credits if c.source)
    if credited:
        lines.append("credited sources: " + counts(credited))
    lines += story_lines(store)
    if report is not None:
        lines.append(f"open the report: {report}")
    return lines


def story_lines(store: Any) -> list[str]:
    """The stories, largest first, with independent sources and flags; then all flags by kind."""
    stories = sorted(store.stories(), key=lambda s: (-len(s.article_ids), s.story_id))
    if not stories:
        return []
    independent = {p.story_id: p.independent_sources for p in store.provenance()}
    flags = {b.story_id: Counter(f.status for f in b.flags) for b in store.briefs()}
    lines = [plural(len(stories), "story") + (", largest first:" if len(stories) > 1 else ":")]
    for story in stories[:MAX_STORIES_SHOWN]:
        sources = independent.get(story.story_id)
        figures = [
            plural(len(story.article_ids), "article"),
            plural(sources, "independent source") if sources is not None else "sources not traced",
            plural(sum(flags.get(story.story_id, Counter()).values()), "flag"),
        ]
        lines.append(f"  {story.story_id}  {', '.join(figures)}  {(story.title or '(untitled)')[:80]}")
    if len(stories) > MAX_STORIES_SHOWN:
        lines.append(f"  … and {plural(len(stories) - MAX_STORIES_SHOWN, 'more story')}")
    by_kind = sum(flags.values(), Counter())
    lines.append("flags: " + (counts(by_kind) if by_kind else "none"))
    return lines


def counts(counter: Counter[str]) -> str:
    """'en 3, de 1': most common first."""
    return ", ".join(f"{key} {value}" for key, value in counter.most_common())


def rejection_lines(rejections: Iterable[Any], total: int, where: str) -> list[str]:
    """The reasons for rejected inputs (the first few), and where the rest are listed."""
    shown = list(rejections)
    lines = [f"  {r.input}: {r.reason}" for r in shown]
    if total > len(shown):
        lines.append(f"  … and {total - len(shown)} more in {where}")
    return lines
