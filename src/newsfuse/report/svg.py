"""SVG drawings: the provenance graph and the timeline of a story.

Decides the layout of the provenance graph: credited sources absent from
the corpus on the top row, origins below them, each derived article one row
below its parent; nodes spread evenly per row; edges labelled with the kind
and coverage of the derivation. All text is escaped, so the drawing can be
inlined in a page.
"""

from __future__ import annotations

from html import escape

from newsfuse.report.tree import tree_rows
from newsfuse.report.view import StoryView

NODE_W, NODE_H, GAP_X, GAP_Y = 200, 48, 24, 70
KIND_COLOUR = {
    "duplicate": "#7b1fa2",
    "copy": "#c62828",
    "rewrite": "#ef6c00",
    "translation": "#1565c0",
    "partial": "#6d4c41",
    "credited": "#9e9e9e",
}


def provenance_svg(view: StoryView) -> str:
    """The story's derivation forest as an inline SVG (empty string without a graph)."""
    if view.graph is None:
        return ""
    rows: list[list[str]] = []
    parent_of: dict[str, str] = {}
    offset = 1 if view.graph.external_origins else 0
    if offset:
        rows.append([f"ext:{name}" for name in view.graph.external_origins])
    kinds: dict[str, tuple[str, float]] = {}
    for row in tree_rows(view.graph, view.relations, [a.id for a in view.articles]):
        if row.article_id is None:
            continue
        while len(rows) <= row.depth + offset:
            rows.append([])
        rows[row.depth + offset].append(row.article_id)
        if row.relation is not None:
            parent_of[row.article_id] = row.relation.source_id
            kinds[row.article_id] = (row.relation.kind, row.relation.coverage)
    width = max(len(r) for r in rows) * (NODE_W + GAP_X) + GAP_X
    height = len(rows) * (NODE_H + GAP_Y) + GAP_Y // 2
    position = {
        node: (
            GAP_X + (width - GAP_X - len(row) * (NODE_W + GAP_X)) // 2 + i * (NODE_W + GAP_X),
            10 + r * (NODE_H + GAP_Y),
        )
        for r, row in enumerate(rows)
        for i, node in enumerate(row)
    }
    parts = [
        f'<svg class="provenance" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="provenance graph">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>',
    ]
    credited = {a.id: {c.source for c in a.credits if c.source} for a in view.articles}
    for origin in view.graph.origins:
        for name in view.graph.external_origins:
            if name in credited.get(origin, set()):
                parts.append(_edge(position[f"ext:{name}"], position[origin], "credited", None, dashed=True))
    for child, parent in parent_of.items():
        kind, coverage = kinds[child]
        parts.append(_edge(position[parent], position[child], kind, coverage))
    for node, (x, y) in position.items():
        parts.append(_node(view, node, x, y))
    parts.append("</svg>")
    return "".join(parts)


def _edge(start: tuple[int, int], end: tuple[int, int], kind: str, coverage: float | None, dashed: bool = False) -> str:
    x1, y1 = start[0] + NODE_W // 2, start[1] + NODE_H
    x2, y2 = end[0] + NODE_W // 2, end[1]
    colour = KIND_COLOUR.get(kind, "#555")
    dash = ' stroke-dasharray="5,4"' if dashed else ""
    label = kind if coverage is None else f"{kind} {coverage:.0%}"
    return (
        f'<g class="edge edge-{escape(kind)}"><line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" '
        f'stroke-width="2"{dash} marker-end="url(#arrow)"/>'
        f'<text x="{(x1 + x2) // 2 + 4}" y="{(y1 + y2) // 2}" font-size="11" fill="{colour}">{escape(label)}</text></g>'
    )


def _node(view: StoryView, node: str, x: int, y: int) -> str:
    if node.startswith("ext:"):
        name = node[4:]
        return (
            f'<g class="node external"><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6" '
            f'fill="#fff8e1" stroke="#9e9e9e" stroke-dasharray="5,4"/>'
            f'<text x="{x + 8}" y="{y + 20}" font-size="12" font-weight="bold">{escape(name)}</text>'
            f'<text x="{x + 8}" y="{y + 37}" font-size="11" fill="#666">credited, not in corpus</text></g>'
        )
    article = view.by_id[node]
    origin = view.graph is not None and node in view.graph.origins
    title = (article.title or article.text[:60]).strip()
    return (
        f'<g class="node" data-article="{escape(node)}"><title>{escape(view.label(node))}</title>'
        f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6" fill="{"#e8f5e9" if origin else "#f5f5f5"}" '
        f'stroke="{"#2e7d32" if origin else "#9e9e9e"}"/>'
        f'<text x="{x + 8}" y="{y + 18}" font-size="12" font-weight="bold">'
        f"{escape((article.outlet or node)[:26])}</text>"
        f'<text x="{x + 8}" y="{y + 35}" font-size="11">{escape(title[:30])}{"…" if len(title) > 30 else ""}</text></g>'
    )


def timeline_svg(view: StoryView) -> str:
    """First appearances on a time axis; undated articles are listed apart by the page."""
    dated = [(when, a) for when, a in view.timeline() if when]
    if not dated:
        return ""
    days = [_day(when) for when, _ in dated]
    low, high = min(days), max(days)
    span = max(high - low, 1.0)
    width, row = 640, 22
    parts = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{len(dated) * row + 30}">'
    ]
    parts.append(
        f'<line x1="20" y1="{len(dated) * row + 10}" x2="{width - 20}" y2="{len(dated) * row + 10}" stroke="#999"/>'
    )
    for i, ((when, article), day) in enumerate(zip(dated, days, strict=True)):
        x = 20 + int((day - low) / span * (width - 240))
        y = 10 + i * row
        parts.append(
            f'<circle cx="{x}" cy="{y + 6}" r="5" fill="#1565c0"/><text x="{x + 10}" y="{y + 10}" font-size="11">'
            f"{escape(str(when)[:10])} {escape((article.outlet or article.id)[:28])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _day(value: str) -> float:
    from newsfuse.ingest.dates import to_datetime

    parsed = to_datetime(value)
    return parsed.replace(tzinfo=None).toordinal() + parsed.hour / 24 if parsed else 0.0
