"""Reports speak in outlets, titles and dates: labels, claim order, graph and timeline."""

from __future__ import annotations

import re
from dataclasses import replace

from newsfuse.records import (
    Article,
    Brief,
    BriefSentence,
    ClaimGroup,
    ClaimMention,
    Flag,
    Provenance,
    Relation,
    Story,
)
from newsfuse.report.html import render_html
from newsfuse.report.markdown import render_markdown
from newsfuse.report.svg import provenance_svg, timeline_svg
from newsfuse.report.view import StoryView
from tests.articles import make_article

ORIGIN_ID, COPY_ID = "0123456789abcdef", "fedcba9876543210"
_HEX = re.compile(r"(?<![`\w])[0-9a-f]{16}(?![`\w])")


def _article(article_id: str, text: str, **fields: object) -> Article:
    return make_article(article_id, text, f"/feeds/{article_id[:4]}.txt", language=None, **fields)


ORIGIN = _article(
    ORIGIN_ID,
    "The harbour board approved a 310 million euro terminal on Tuesday. Dredging starts in spring.",
    title="Harbour board approves terminal",
    outlet="The Coastal Courier",
    published_at="2024-03-13",
)
COPY = _article(
    COPY_ID,
    "Harbour officials in the northern port city approved a new terminal worth 320 million euros this week.",
)


def _claim(claim_id: str, status: str, support: int, articles: tuple[str, ...]) -> ClaimGroup:
    mentions = tuple(ClaimMention(a, "number", (0, 5), "x", "x") for a in articles)
    note = f"{COPY_ID} gives another figure than {ORIGIN_ID}" if status == "conflicting" else ""
    return ClaimGroup("s", claim_id, "number", f"statement {claim_id}", status, mentions, support, note=note)  # type: ignore[arg-type]


CLAIMS = [
    _claim("c-single", "single-source", 1, (ORIGIN_ID,)),
    _claim("c-corr-small", "corroborated", 2, (ORIGIN_ID, COPY_ID)),
    _claim("c-conflict", "conflicting", 2, (ORIGIN_ID, COPY_ID)),
    _claim("c-corr-big", "corroborated", 3, (ORIGIN_ID, COPY_ID)),
]
BRIEF = Brief(
    "s",
    (BriefSentence("The harbour board approved a terminal.", (ORIGIN_ID, COPY_ID), ORIGIN_ID, (0, 10)),),
    (Flag("c-conflict", "conflicting", CLAIMS[2].note),),
    event_date="2024-03-12",
    event_date_note="2024-03-12 from 1 article(s): “on Tuesday”",
)
GRAPH = Provenance("s", (ORIGIN_ID,), 1, ORIGIN_ID, (), ((COPY_ID, ORIGIN_ID),))
RELATION = Relation("s", ORIGIN_ID, COPY_ID, "rewrite", 0.8, 0.6, (), "published_at")


def _view() -> StoryView:
    story = Story("s", (ORIGIN_ID, COPY_ID), "Terminal approved", "2024-03-13", "2024-03-13")
    return StoryView(story, [ORIGIN, COPY], [RELATION], GRAPH, list(CLAIMS), BRIEF)


def test_claims_are_ordered_flags_first_then_by_support() -> None:
    assert [c.claim_id for c in _view().claims] == ["c-conflict", "c-corr-big", "c-corr-small", "c-single"]


def test_labels_name_outlets_or_files_and_cut_titles_at_words() -> None:
    view = _view()
    assert view.label(ORIGIN_ID) == "The Coastal Courier — Harbour board approves terminal"
    label = view.label(COPY_ID)
    assert label.startswith("outlet not given (fedc.txt) — Harbour officials in the northern port city")
    assert label.endswith("…") and " " not in label[-2:]
    assert view.named(CLAIMS[2].note) == "fedc.txt gives another figure than The Coastal Courier"


def test_dates_tell_the_event_apart_from_publication() -> None:
    view = _view()
    assert view.time_span == "happened 2024-03-12 · reported 2024-03-13"
    svg = timeline_svg(view)
    assert svg.count('class="mark mark-event"') == 1 and svg.count('class="mark mark-article"') == 1
    assert "1 of 2 articles give no publication date" in svg


def test_graph_nodes_carry_outlets_and_titles_not_ids() -> None:
    svg = provenance_svg(_view())
    texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert "The Coastal Courier" in texts and "fedc.txt · no outlet" in texts
    assert ORIGIN_ID not in texts and COPY_ID not in texts


def test_reports_show_no_bare_ids() -> None:
    view = _view()
    markdown = render_markdown([view], "now")
    assert not _HEX.search(markdown)
    assert "happened 2024-03-12" in markdown
    page = render_html([view], "now")
    # Ids appear only in code quotes beside the name they belong to.
    visible = re.sub(r"<script.*?</script>|<code>.*?</code>|<[^>]+>", " ", page, flags=re.S)
    assert not re.search(r"\b[0-9a-f]{16}\b", visible)
    assert 'class="legend"' in page


def test_a_date_that_is_no_calendar_day_is_left_off_the_timeline() -> None:
    # An event date from a misread figure ("0016-11-30") must not break the page: it is not placed.
    story = Story("s", (ORIGIN_ID, COPY_ID), "Terminal approved", "2024-03-13", "2024-03-13")
    view = StoryView(story, [ORIGIN, COPY], [RELATION], GRAPH, list(CLAIMS), replace(BRIEF, event_date="0016-11-30"))
    svg = timeline_svg(view)
    assert 'class="mark mark-event"' not in svg and svg.count('class="mark mark-article"') == 1
