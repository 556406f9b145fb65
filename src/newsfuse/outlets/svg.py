"""The outlet graph as an SVG: who takes from whom, in three columns.

Decides the drawing's layout: outlets that are taken from but mostly
report themselves (sources: wire agencies, own-reporting outlets, absent
credited sources) on the left; outlets that both take and are taken from
in the middle; outlets that only take on the right. Each column is ordered
by articles; an edge's width grows with the log of its article count and
its colour is the dominant kind (the provenance graph's colours). The
``MAX_NODES`` outlets with the most edges are drawn (a note says how many
were left out). All text is escaped, so the drawing can be inlined.
"""

from __future__ import annotations

import math
import re
from html import escape
from urllib.parse import quote

from newsfuse.clean.outlets import NOT_GIVEN
from newsfuse.outlets.aggregate import OutletReport, OutletSummary
from newsfuse.report.svg import KIND_COLOUR

MAX_NODES = 40
NODE_W, NODE_H, COLUMN_GAP, ROW_GAP, TOP = 230, 34, 170, 14, 30
COLUMN_TITLES = ("sources", "take and are taken from", "take only")


def outlet_graph_svg(report: OutletReport, link: str = "") -> str:
    """The graph of ``report`` (empty string without edges); ``link`` prefixes node links ("/outlets/")."""
    if not report.edges:
        return ""
    degree: dict[str, int] = {}
    for edge in report.edges:
        degree[edge.source] = degree.get(edge.source, 0) + edge.weight
        degree[edge.target] = degree.get(edge.target, 0) + edge.weight
    keep = sorted(degree, key=lambda k: (-degree[k], k))[:MAX_NODES]
    summaries = {k: report.get(k) for k in keep}
    columns: list[list[str]] = [[], [], []]
    for key in keep:
        columns[_column(summaries[key])].append(key)
    for column in columns:
        column.sort(key=lambda k: (-(summaries[k].articles if summaries[k] else 0), k))  # type: ignore[union-attr]
    position = {
        key: (20 + c * (NODE_W + COLUMN_GAP), TOP + 20 + r * (NODE_H + ROW_GAP))
        for c, column in enumerate(columns)
        for r, key in enumerate(column)
    }
    width = 20 + 3 * NODE_W + 2 * COLUMN_GAP + 20
    height = TOP + 40 + max(len(c) for c in columns) * (NODE_H + ROW_GAP)
    parts = [
        f'<svg class="outlet-graph" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="outlet graph">',
        '<defs><marker id="outlet-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>',
    ]
    for c, title in enumerate(COLUMN_TITLES):
        parts.append(f'<text x="{20 + c * (NODE_W + COLUMN_GAP)}" y="{TOP}" class="column">{escape(title)}</text>')
    for edge in report.edges:
        if edge.source in position and edge.target in position:
            parts.append(_edge(position[edge.source], position[edge.target], edge.weight, edge.kinds))
    for key, (x, y) in position.items():
        parts.append(_node(key, summaries[key], x, y, link))
    left_out = len(degree) - len(keep)
    if left_out:
        parts.append(f'<text x="20" y="{height - 6}" class="note">{left_out} more outlets not drawn</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _column(summary: OutletSummary | None) -> int:
    if summary is None or not summary.present:
        return 0
    derived_share = summary.derived / summary.articles if summary.articles else 0.0
    taken = summary.taken_by + summary.credited_by > 0
    if taken and derived_share < 0.5:
        return 0
    return 1 if taken else 2


def _edge(source: tuple[int, int], target: tuple[int, int], weight: int, kinds: tuple[tuple[str, int], ...]) -> str:
    (sx, sy), (tx, ty) = source, target
    x1, y1 = sx + NODE_W, sy + NODE_H // 2
    x2, y2 = tx, ty + NODE_H // 2
    if tx <= sx:  # same column or backwards: leave from the left side
        x1 = sx
    bend = max(60, abs(x2 - x1) // 2)
    kind = max(kinds, key=lambda kv: kv[1])[0]
    colour = KIND_COLOUR.get("copy" if kind == "duplicate" else kind, "#555")
    stroke = 1 + 1.5 * math.log2(1 + weight)
    label = ", ".join(f"{k} {n}" for k, n in kinds)
    return (
        f'<path d="M {x1} {y1} C {x1 + bend} {y1}, {x2 - bend} {y2}, {x2} {y2}" fill="none" stroke="{colour}" '
        f'stroke-opacity="0.7" stroke-width="{stroke:.1f}" marker-end="url(#outlet-arrow)">'
        f"<title>{escape(label)}</title></path>"
    )


def _node(key: str, summary: OutletSummary | None, x: int, y: int, link: str) -> str:
    full = name = summary.outlet.name if summary else key
    absent = summary is None or not summary.present
    wire = summary is not None and summary.outlet.kind == "wire"
    fill = "#eceff1" if absent else "#e3f2fd" if wire else "#fff"
    articles = _articles(summary.articles) if summary and summary.present else "not in corpus"
    score = f", farm {summary.score.value:.2f}" if summary and summary.present and summary.score else ""
    # "outlet not given (FILE)" cut at 30 characters hides the file: show the file, say "no outlet" below.
    unnamed = re.fullmatch(re.escape(NOT_GIVEN) + r" \((.+)\)", name)
    if unnamed:
        name, articles = unnamed.group(1), f"no outlet · {articles}"
    text = escape(name if len(name) <= 30 else name[:29] + "…")
    dashed = ' stroke-dasharray="4 3"' if absent else ""
    box = (
        f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="5" fill="{fill}" stroke="#90a4ae"{dashed}/>'
        f'<text x="{x + 8}" y="{y + 14}" class="name">{text}</text>'
        f'<text x="{x + 8}" y="{y + 28}" class="detail">{escape(articles + score)}</text>'
    )
    title = f"<title>{escape(full)}</title>"
    if link and not absent:
        return f'<a href="{escape(link + quote(key, safe=""))}">{title}{box}</a>'
    return f"<g>{title}{box}</g>"


def _articles(count: int) -> str:
    return f"{count} article" if count == 1 else f"{count} articles"
