"""The outlets section of report.md and report.html.

Decides what a report says about outlets: the outlet table (shares of each
role, credit lines, attribution damage, delay, farm score, whom it takes
from, and the user's outlet table where one was imported), the farm score
of the highest-scoring outlets explained feature by feature, and (HTML)
the outlet graph. Unnamed articles are left out of the table (each is its
own one-article "outlet" and would bury the named ones); the note says how
many.
"""

from __future__ import annotations

from urllib.parse import quote

from newsfuse.outlets.aggregate import OutletReport, OutletSummary
from newsfuse.outlets.display import COLUMNS, cells, profile_text
from newsfuse.outlets.svg import outlet_graph_svg

# The report explains the scores of this many outlets (highest first); the
# CLI and the web app explain any outlet.
EXPLAINED = 5


def named_outlets(report: OutletReport) -> list[OutletSummary]:
    return [s for s in report.outlets if s.outlet.kind != "unnamed"]


def explained(report: OutletReport) -> list[OutletSummary]:
    """The outlets whose scores the report explains: the highest, among outlets with articles."""
    scored = [s for s in named_outlets(report) if s.present and s.score]
    return sorted(scored, key=lambda s: (-s.score.value, s.outlet.name))[:EXPLAINED]  # type: ignore[union-attr]


def markdown_section(report: OutletReport, escape: object) -> list[str]:
    """Markdown lines of the section; ``escape`` makes outlet-derived text safe."""
    safe = escape if callable(escape) else str
    shown = named_outlets(report)
    unnamed = len(report.outlets) - len(shown)
    lines = ["## Outlets", "", f"{len(shown)} named outlets, {report.period.label()}."]
    if unnamed:
        lines[-1] += f" {unnamed} articles name no outlet and are left out of this table."
    lines.append("")
    if not shown:
        return [*lines, "No article names its outlet.", ""]
    profiled = any(s.outlet.profile for s in shown)
    titles = [title for title, _, _ in COLUMNS] + (["your outlet table"] if profiled else [])
    lines += ["| " + " | ".join(titles) + " |", "|" + "---|" * len(titles)]
    for summary in shown:
        row = cells(summary, report)
        values = [row[title] for title, _, _ in COLUMNS] + ([profile_text(summary)] if profiled else [])
        lines.append("| " + " | ".join(safe(v).replace("|", "\\|") for v in values) + " |")
    lines.append("")
    for summary in explained(report):
        assert summary.score is not None
        lines.append(
            f"- **{safe(summary.outlet.name)}** farm score {summary.score.value:.2f} = "
            + " + ".join(f"{f.weight:.2f} × {f.name} {f.value:.2f}" for f in summary.score.features)
        )
    lines.append("")
    return lines


def section_context(report: OutletReport | None, link: str = "") -> dict[str, object]:
    """What ``outlets_section.html.j2`` renders (empty when there is no report)."""
    if report is None:
        return {"outlets": None}
    shown = named_outlets(report)
    return {
        "outlets": report,
        "outlet_columns": COLUMNS,
        "outlet_rows": [(s, cells(s, report), profile_text(s), quote(s.key, safe="")) for s in shown],
        "outlet_profiled": any(s.outlet.profile for s in shown),
        "outlet_unnamed": len(report.outlets) - len(shown),
        "outlet_explained": explained(report),
        "outlet_graph": outlet_graph_svg(report, link),
        "outlet_link": link,
    }
