"""The web app in a real browser (Debian's headless Chromium driven by Playwright).

Loads the seed articles through the HTTP API, then reads the story the way a
person would: stories list, story page (brief, provenance graph, claims),
an article, and two articles compared. Every page is screenshotted and no
page may log a console error.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from newsfuse.records import CLAIM_STATUSES
from tests.conftest import need_shared
from tests.web_helpers import running_server

SHOTS: list[Path] = []
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags the machine needs: no sandbox as root, no GPU, and no background
# network traffic (the machine has no internet; Chromium would retry).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    seeds = need_shared("seeds")
    store = tmp_path_factory.mktemp("browser") / "seeds.duckdb"
    with running_server(str(store)) as base:
        articles = [{"id": p.name, "text": p.read_text()} for p in sorted(seeds.glob("*.txt"))]
        response = httpx.post(
            f"{base}/api/articles", json=articles, headers={"Authorization": "Bearer secret"}, timeout=600
        )
        assert response.status_code == 200, response.text
        assert {o["status"] for o in response.json()} == {"stored"}
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run `bash scripts/browser.sh` (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors, f"console errors: {errors}"


def test_read_a_story_end_to_end(server: str, page: Page, tmp_path: Path) -> None:
    # The refresh worker writes provenance, claims and the brief after the POST.
    httpx.get(f"{server}/healthz")
    page.goto(f"{server}/")
    page.screenshot(path=str(tmp_path / "1-stories.png"), full_page=True)
    rows = page.locator("table.stories tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("td").nth(1).inner_text() == "5"

    page.wait_for_timeout(100)
    _wait_for_brief(page, server, rows.first.locator("a").get_attribute("href") or "")
    page.screenshot(path=str(tmp_path / "2-story.png"), full_page=True)
    assert page.locator("#brief li").count() >= 3
    assert page.locator("#brief sup.cite a").count() >= 3
    assert page.locator("#graph svg g.node").count() >= 5
    assert page.locator("#graph svg g.edge").count() >= 1
    assert page.locator("#claims tbody tr").count() >= 5
    assert page.locator("#flags li").count() >= 1
    # Articles are named by outlet and title (or the file an outlet-less one came from), never by a bare id.
    shown = page.inner_text("main")
    assert not re.search(r"\b[0-9a-f]{16}\b", shown), "an article id is shown where a name exists"
    assert "unknown outlet" not in shown and "outlet not given (" in shown
    assert page.locator("#dates").inner_text().startswith("happened ")
    assert page.locator("svg.timeline g.mark-event").count() == 1

    # Every status filter link shows its count and leads to exactly those claims, or to a note that
    # there are none. The seeds' flags include altered quotes and a figure credited differently
    # (tests/test_seeds.py asserts both).
    counts = {status: _follow_status_filter(page, status) for status in CLAIM_STATUSES}
    assert counts["altered"] >= 1 and counts["credited-differently"] >= 1
    page.locator("p.filters a[href='?#claims']").click()
    page.wait_for_url(re.compile(r"/stories/[^?]*\?#claims$"))
    assert page.locator("#claims tbody tr").count() == sum(counts.values())
    assert page.locator("#no-claims").count() == 0

    page.locator("#brief sup.cite a").first.click()
    page.wait_for_selector("#article-text")
    page.screenshot(path=str(tmp_path / "3-article.png"), full_page=True)
    assert page.locator("#removed tbody tr").count() >= 1 or page.locator("#article-text mark").count() >= 0

    page.go_back()
    page.locator("#compare-form button").click()
    page.wait_for_selector(".compare mark")
    page.screenshot(path=str(tmp_path / "4-compare.png"), full_page=True)
    marks = page.locator(".compare mark")
    assert marks.count() >= 2
    # Every numbered passage is marked once in each pane, so hovering any one lights its counterpart.
    numbers = marks.evaluate_all("marks => marks.map(m => m.dataset.n)")
    assert all(numbers.count(n) == 2 for n in numbers), numbers
    # A legend explains every highlight colour; the two panes fill the window's height.
    assert page.locator("p.legend mark").count() == 4
    pane = page.locator(".pane-pair .text").first.bounding_box()
    assert pane is not None and pane["height"] >= 600
    first = marks.first
    number = first.get_attribute("data-n")
    first.hover()
    assert page.locator(f'mark.active[data-n="{number}"]').count() == 2  # both sides light up
    for name in ("1-stories", "2-story", "3-article", "4-compare"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    SHOTS.extend(sorted(tmp_path.glob("*.png")))


def _follow_status_filter(page: Page, status: str) -> int:
    """Click the filter link of one claim status; check the claims shown against its count."""
    link = page.locator(f"p.filters a[href='?status={status}#claims']")
    count = re.fullmatch(rf"{re.escape(status)} \((\d+)\)", link.inner_text())
    assert count is not None, link.inner_text()
    link.click()
    page.wait_for_url(f"**?status={status}#claims")
    statuses = page.locator("#claims tbody tr").evaluate_all("rows => rows.map(r => r.dataset.status)")
    assert statuses == [status] * int(count.group(1))
    empty_note = page.locator("#no-claims")
    if statuses:
        assert empty_note.count() == 0
    else:
        assert empty_note.inner_text().startswith(f"No {status} claims")
    return len(statuses)


def _wait_for_brief(page: Page, server: str, href: str) -> None:
    for _ in range(120):
        page.goto(f"{server}{href}")
        if page.locator("#brief li").count():
            return
        page.wait_for_timeout(1000)
    pytest.fail("the brief was not written within two minutes")


def test_seed_pages_name_articles_in_full(server: str, page: Page, tmp_path: Path) -> None:
    """Titles whole, file names whole where no outlet is given, every status coloured, one heading per page."""
    articles = httpx.get(f"{server}/api/articles").json()
    story = httpx.get(f"{server}/api/stories").json()[0]
    _wait_for_brief(page, server, f"/stories/{story['story_id']}")
    page.screenshot(path=str(tmp_path / "story.png"), full_page=True)
    shown = page.inner_text("main")
    titled = [a for a in articles if a["title"]]
    assert titled and all(a["title"] in shown for a in titled), "every headline is shown whole"
    assert any(len(a["title"]) > 80 for a in titled), "the seeds hold a headline longer than the old 80-character cut"
    # Provenance nodes without an outlet show the whole file name, never one cut mid-way.
    names = page.locator("#graph svg g.node text:first-of-type").all_text_contents()
    unnamed = [n for n in names if n.endswith(" · no outlet")]
    assert len(unnamed) >= 3 and all(n.split(" · ")[0].endswith(".txt") for n in unnamed), names
    assert not any("…" in n for n in names)
    # Every claim status has its own colour (credited-differently had none).
    badge = page.locator("span.status-credited-differently").first
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")

    # An article page names its outlet (or file), its story and the articles it reuses, never by id alone.
    reused = []
    for article in articles:
        page.goto(f"{server}/articles/{article['id']}")
        meta = page.locator("#article-meta").inner_text()
        assert "unknown outlet" not in meta and story["title"] in meta, meta
        if page.locator("#reused-from").count():
            reused.append(page.locator("#reused-from").inner_text())
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
    assert reused, "some article page shows where its reused passages come from"
    assert not any(re.search(r"from [0-9a-f]{8}\b", r) for r in reused), reused
    assert any("outlet not given (" in r for r in reused), reused
    page.goto(f"{server}/stories/{story['story_id']}")

    page.locator("#compare-form button").click()
    page.wait_for_selector(".compare mark")
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=True)
    headings = page.locator(".pane-pair .pane h2")
    assert headings.count() == 2
    for i in range(2):
        fits = headings.nth(i).evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        assert fits, "a pane heading runs out of its pane"

    page.goto(f"{server}/")
    assert "1 story" in page.locator("main p.meta").first.inner_text()  # not "1 stories"
    page.goto(f"{server}/outlets")
    page.screenshot(path=str(tmp_path / "outlets.png"), full_page=True)
    assert page.get_by_role("heading", name="Outlets", exact=True).count() == 1
    page.goto(f"{server}/outlets/graph")
    page.screenshot(path=str(tmp_path / "outlet-graph.png"), full_page=True)
    nodes = page.locator("svg.outlet-graph text.name").all_text_contents()
    assert sum(n.endswith(".txt") for n in nodes) >= 3 and not any("…" in n for n in nodes), nodes
