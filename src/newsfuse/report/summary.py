"""A short human summary of what a run found.

Decides which few figures a person wants after `newsfuse run`: how many
articles, in which languages, what was removed and why, what was rejected.
"""

from __future__ import annotations

from collections import Counter

from newsfuse.store import Store


def summary_lines(store: Store) -> list[str]:
    """Lines of plain text summarising the store."""
    articles = list(store.iter_articles())
    rejections = list(store.iter_rejections())
    languages = Counter(a.language or "unknown" for a in articles)
    reasons = Counter(r.reason for a in articles for r in a.removed)
    credited = Counter(c.source for a in articles for c in a.credits if c.source)
    lines = [
        f"{len(articles)} articles, {len(rejections)} rejected inputs",
        "languages: " + _counts(languages),
    ]
    if reasons:
        lines.append(f"removed {sum(reasons.values())} lines: " + _counts(reasons))
    if credited:
        lines.append("credited sources: " + _counts(credited))
    for article in articles:
        title = (article.title or article.text.split("\n", 1)[0])[:80]
        lines.append(f"  {article.id}  {article.language or '??'}  {article.outlet or '-':<16.16}  {title}")
    return lines


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counter.most_common())
