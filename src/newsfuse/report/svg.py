"""SVG drawings: the provenance graph and the timeline of a story.

Decides the layout of the provenance graph: credited sources absent from
the corpus on the top row, origins below them, each derived article one row
below its parent; nodes spread evenly per row; edges labelled with the kind
and coverage of the derivation. All text is escaped, so the drawing can be
inlined in a page.
"""

from __future__ import annotations

from html import escape

from newsfuse.clean.outlets import cut_at_word, display_title
from newsfuse.report.tree import tree_rows
from newsfuse.report.view import StoryView

NODE_W, NODE_H, GAP_X, GAP_Y = 240, 62, 24, 70
# Characters per line inside a node (11-12 px text in a 240 px box).
NODE_CHARS = 36
# The input's name shown whole in a node when no outlet is given, followed
# by " · no outlet" (38 characters of 10.5 px text fill the 240 px box): a
# file name cut mid-way ("003_0651ca97…") names nothing.
INPUT_NAME_CHARS = 26
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
    height = len(rows) * (NODE_H + GAP_Y) - GAP_Y + 20
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
        # A white halo keeps the label readable where it crosses its own line or another.
        f'<text x="{(x1 + x2) // 2 + 4}" y="{(y1 + y2) // 2}" font-size="11" fill="{colour}" '
        f'stroke="#fff" stroke-width="3" paint-order="stroke">{escape(label)}</text></g>'
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
    title_lines = _wrap(display_title(article, 2 * NODE_CHARS), NODE_CHARS, 2)
    given = bool(article.outlet)
    # An outlet in bold; without one, the input's whole name in grey, smaller (file names run long).
    name = cut_at_word(view.short_name(node), NODE_CHARS - 2 if given else INPUT_NAME_CHARS)
    style = 'font-size="12" font-weight="bold" fill="#222"' if given else 'font-size="10.5" fill="#666"'
    texts = [f'<text x="{x + 8}" y="{y + 17}" {style}>{escape(name if given else name + " · no outlet")}</text>']
    for i, line in enumerate(title_lines):
        texts.append(f'<text x="{x + 8}" y="{y + 33 + 13 * i}" font-size="11">{escape(line)}</text>')
    return (
        f'<g class="node" data-article="{escape(node)}"><title>{escape(view.label(node))}</title>'
        f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6" fill="{"#e8f5e9" if origin else "#f5f5f5"}" '
        f'stroke="{"#2e7d32" if origin else "#9e9e9e"}"/>' + "".join(texts) + "</g>"
    )


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of ``width`` characters, broken at spaces, the last cut with "…"."""
    out: list[str] = []
    rest = text
    while rest and len(out) < lines - 1:
        if len(rest) <= width:
            break
        cut = rest.rfind(" ", 0, width + 1)
        cut = cut if cut > 0 else width
        out.append(rest[:cut])
        rest = rest[cut:].lstrip()
    if rest:
        out.append(cut_at_word(rest, width))
    return out


def timeline_svg(view: StoryView) -> str:
    """The event's day and each dated article's publication on one time axis.

    The event (from the articles' words) is a red diamond; each dated
    article is a dot labelled with its outlet and date; the undated are
    counted under the axis, since they cannot be placed, and so are dates
    that do not read as a calendar day.
    """
    dated = [(when, a) for when, a in view.timeline() if when and _day(when) > 0]
    undated = len(view.articles) - len(dated)
    marks = [(_day(when), str(when)[:10], view.short_name(a.id), "article") for when, a in dated]
    if view.event_date and _day(view.event_date) > 0:
        marks.append((_day(view.event_date), view.event_date, "the event, as the articles date it", "event"))
    if not marks:
        return ""
    days = [m[0] for m in marks]
    low, high = min(days), max(days)
    span = max(high - low, 1.0)
    width, row, left, label_room = 720, 22, 20, 300
    axis = len(marks) * row + 14
    height = axis + (40 if undated else 24)
    parts = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="timeline">',
        f'<line x1="{left}" y1="{axis}" x2="{width - label_room + 10}" y2="{axis}" stroke="#999"/>',
        f'<text x="{left}" y="{axis + 15}" font-size="10" fill="#666">{escape(_iso(low))}</text>',
    ]
    if high > low:
        parts.append(
            f'<text x="{width - label_room + 10}" y="{axis + 15}" font-size="10" fill="#666" text-anchor="end">'
            f"{escape(_iso(high))}</text>"
        )
    for i, (day, when, name, kind) in enumerate(sorted(marks)):
        x = left + int((day - low) / span * (width - label_room - left))
        y = 10 + i * row
        shape = (
            f'<path d="M {x} {y} L {x + 6} {y + 6} L {x} {y + 12} L {x - 6} {y + 6} z" fill="#c62828"/>'
            if kind == "event"
            else f'<circle cx="{x}" cy="{y + 6}" r="5" fill="#1565c0"/>'
        )
        parts.append(
            f'<g class="mark mark-{kind}">{shape}<line x1="{x}" y1="{y + 12}" x2="{x}" y2="{axis}" stroke="#ddd"/>'
            f'<text x="{x + 10}" y="{y + 10}" font-size="11">{escape(when)} {escape(cut_at_word(name, 40))}</text></g>'
        )
    if undated:
        parts.append(
            f'<text x="{left}" y="{axis + 32}" font-size="11" fill="#666">'
            f"{undated} of {len(view.articles)} articles give no publication date (listed below)</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _iso(day: float) -> str:
    from datetime import date

    return date.fromordinal(int(day)).isoformat()


def _day(value: str) -> float:
    """The date as a day number; 0 when it cannot be read as a calendar date (it is then not placed)."""
    from newsfuse.ingest.dates import to_datetime

    parsed = to_datetime(value)
    return parsed.replace(tzinfo=None).toordinal() + parsed.hour / 24 if parsed else 0.0
