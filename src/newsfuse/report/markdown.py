"""report.md: the stories as a document a person reads top to bottom.

Decides the Markdown layout per story: title, time span, counts (articles,
independent sources, conflicts), the brief with numbered citations and the
list they point to, the flags, and the provenance tree.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.outlets.aggregate import OutletReport
from newsfuse.report.outlets_section import markdown_section
from newsfuse.report.tree import tree_rows
from newsfuse.report.view import StoryView


def render_markdown(views: Sequence[StoryView], generated: str, outlets: OutletReport | None = None) -> str:
    articles = sum(len(v.articles) for v in views)
    lines = ["# newsfuse report", "", f"{len(views)} stories from {articles} articles; generated {generated}.", ""]
    for view in views:
        lines.extend(_story(view))
    if outlets is not None:
        lines.extend(markdown_section(outlets, _escape))
    return "\n".join(lines).rstrip() + "\n"


def _story(view: StoryView) -> list[str]:
    lines = [
        f"## {_escape(view.title)}",
        "",
        f"- {_escape(view.time_span)} (story `{view.story.story_id}`)",
    ]
    if view.brief and view.brief.event_date_note:
        lines.append(f"- event date: {_escape(view.brief.event_date_note)}")
    lines += [
        f"- {len(view.articles)} articles, {view.independent_sources} independent source(s), "
        f"{view.conflicts} conflict(s)",
        "",
    ]
    if view.brief and view.brief.sentences:
        lines += ["### Brief", ""]
        for sentence in view.brief.sentences:
            marks = "".join(f"[{view.citation_numbers[c]}]" for c in sentence.citations)
            lines.append(f"- {_escape(sentence.text)} {marks}")
        lines.append("")
        for article_id, number in view.citation_numbers.items():
            lines.append(f"{number}. {_escape(view.label(article_id))} (`{article_id}`)")
        lines.append("")
    if view.brief and view.brief.flags:
        lines += ["### Flags", ""]
        lines += [f"- **{f.status}**: {_escape(view.named(f.note))} (`{f.claim_id}`)" for f in view.brief.flags]
        lines.append("")
    if view.graph and len(view.articles) > 1:
        lines += ["### Provenance", "", "```"]
        for row in tree_rows(view.graph, view.relations, [a.id for a in view.articles]):
            indent = "  " * row.depth
            if row.external is not None:
                lines.append(f"{indent}{row.external} (credited, not in the corpus)")
            else:
                how = f"{row.relation.kind} {row.relation.coverage:.0%} <- " if row.relation else "origin: "
                lines.append(f"{indent}{how}{view.label(row.article_id or '')}")
        lines += ["```", ""]
    if view.claims:
        lines += ["### Claims", "", "| status | claim | independent | stated by |", "|---|---|---|---|"]
        for claim in view.claims:
            stated = ", ".join(view.short_name(a) for a in view.claim_articles(claim))
            statement = _escape(" ".join(claim.statement.split())[:200]).replace("|", "\\|")
            lines.append(f"| {claim.status} | {statement} | {claim.independent_support} | {_escape(stated)} |")
        lines.append("")
    return lines


def _escape(text: str) -> str:
    """Text safe inside Markdown: no raw HTML, no accidental emphasis or links."""
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*").replace("_", "\\_").replace("[", "\\[")
