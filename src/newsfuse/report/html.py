"""report.html: one self-contained page (no network) with every story.

Decides how the HTML report is assembled: Jinja2 with autoescaping renders
every piece of article-derived text escaped; the SVG drawings are built
escaped by ``svg.py``; data for the side-by-side view travels as JSON in a
``<script type="application/json">`` block with ``<`` escaped, so no article
text can close the block or inject markup. CSS and script are inlined, and
the page declares a content security policy that forbids any network load.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources

from jinja2 import Environment, FileSystemLoader, select_autoescape

from newsfuse.outlets.aggregate import OutletReport
from newsfuse.report.outlets_section import section_context
from newsfuse.report.svg import provenance_svg, timeline_svg
from newsfuse.report.view import StoryView


def _templates() -> Environment:
    folder = resources.files("newsfuse.report") / "templates"
    return Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def asset(name: str) -> str:
    return (resources.files("newsfuse.report") / "templates" / name).read_text(encoding="utf-8")


def safe_json(value: object) -> str:
    """JSON that cannot end a <script> element or open an HTML comment."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def compare_data(view: StoryView) -> str:
    return safe_json(
        {
            "articles": {a.id: {"text": a.text, "title": a.title, "outlet": a.outlet} for a in view.articles},
            "relations": [
                {
                    "source_id": r.source_id,
                    "target_id": r.target_id,
                    "kind": r.kind,
                    "coverage": r.coverage,
                    "passages": [
                        {"source_span": list(p.source_span), "target_span": list(p.target_span), "kind": p.kind}
                        for p in r.passages
                    ],
                }
                for r in view.relations
            ],
        }
    )


def render_html(views: Sequence[StoryView], generated: str, outlets: OutletReport | None = None) -> str:
    template = _templates().get_template("report.html.j2")
    return template.render(
        **section_context(outlets),
        views=views,
        generated=generated,
        article_count=sum(len(v.articles) for v in views),
        css=asset("report.css"),
        js=asset("compare.js"),
        svgs={v.story.story_id: provenance_svg(v) for v in views},
        timelines={v.story.story_id: timeline_svg(v) for v in views},
        compare_data={v.story.story_id: compare_data(v) for v in views},
    )
