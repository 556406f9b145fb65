"""Every page of the web app works with no network but loopback (headless Chromium).

The API docs (/docs), the stories list and an article page are
opened in Debian's Chromium; every request the browser makes is recorded,
and any that leaves the server's own address fails the test, as does a
console error (which is how a blocked script or a missing asset shows).
The article page must lay the clean text out as paragraphs and subheads.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, Request

from tests.test_web_browser import browser  # noqa: F401 - the same headless Chromium fixture
from tests.web_helpers import LIGHT, running_server

# Our own words: a headline, a standfirst, two sections each under a subhead.
ARTICLE = """Ferry Crews End Strike After Harbour Deal

Ferry crews in Oskarby returned to work on Friday after the harbour board agreed to a new rota for night sailings.

Talks Lasted Three Days
The agreement came after three days of talks between the board and the crews' union, which had struck.
Union officials said the new rota limits night shifts to four a week and adds a second engineer on the late crossing.

What Changes For Passengers
Passengers with tickets for cancelled sailings can use them on any crossing until the end of the month, the board said.
The first full timetable since the strike began will run from Saturday morning.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("offline") / "offline.duckdb"
    with running_server(str(store), settings=LIGHT) as base:
        response = httpx.post(
            f"{base}/api/articles",
            json={"id": "ferry", "text": ARTICLE},
            headers={"Authorization": "Bearer secret"},
            timeout=120,
        )
        assert response.status_code == 200 and response.json()[0]["status"] == "stored", response.text
        yield base


@pytest.fixture
def page(request: pytest.FixtureRequest, server: str) -> Iterator[Page]:
    """A page that records every request and console error; both are checked after the test."""
    chromium: Browser = request.getfixturevalue("browser")
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    opened = context.new_page()
    own = urlsplit(server).netloc
    outside: list[str] = []
    errors: list[str] = []

    def record(request: Request) -> None:
        if request.url.startswith(("data:", "blob:", "about:")):
            return
        if urlsplit(request.url).netloc != own:
            outside.append(request.url)

    opened.on("request", record)
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not outside, f"requests left the server: {outside}"
    assert not errors, f"console errors: {errors}"


def test_swagger_ui_renders_from_bundled_files(page: Page, server: str, tmp_path: Path) -> None:
    page.goto(f"{server}/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    page.screenshot(path=str(tmp_path / "docs.png"), full_page=True)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/articles" in p for p in paths)
    assert any("/api/stories" in p for p in paths)


def test_no_docs_page_that_needs_a_cdn(server: str) -> None:
    # FastAPI's ReDoc page loads its script from a CDN (and ReDoc its logo): not offered.
    assert httpx.get(f"{server}/redoc").status_code == 404


def test_article_page_shows_paragraphs_and_subheads(page: Page, server: str, tmp_path: Path) -> None:
    article_id = httpx.get(f"{server}/api/articles").json()[0]["id"]
    page.goto(f"{server}/articles/{article_id}")
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
    subheads = page.locator("#article-text h3").all_inner_texts()
    assert subheads == ["Talks Lasted Three Days", "What Changes For Passengers"]
    paragraphs = page.locator("#article-text p").all_inner_texts()
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("Ferry crews in Oskarby returned")
    assert paragraphs[-1] == "The first full timetable since the strike began will run from Saturday morning."
    # A subhead is a block of its own, above its section (not run into a sentence).
    first = page.locator("#article-text h3").first.bounding_box()
    following = page.locator("#article-text p").nth(1).bounding_box()
    assert first is not None and following is not None and following["y"] > first["y"] + first["height"] - 1


def test_stories_page_loads_nothing_from_outside(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    assert page.locator("table.stories tbody tr").count() == 1
