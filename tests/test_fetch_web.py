"""The web app following a live store: what is new, a story's arrivals, a story watched over SSE, in a browser."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser

from newsfuse.fetch.archive import WarcArchive
from newsfuse.fetch.sample_site import NewsSite, SampleArticle, sample_articles
from newsfuse.fetch.watch import Watch
from newsfuse.web.access import StoreAccess
from newsfuse.web.app import create_app
from newsfuse.web.background import serve_in_thread
from tests.fetch_support import FAST, LIGHT, loopback_only  # noqa: F401 - autouse guard
from tests.test_web_browser import browser as shared_browser

WIRE = sample_articles()[0]
browser = shared_browser  # the headless Chromium of the browser tests, as this module's `browser` fixture


def copy_of_wire(slug: str, outlet: str, passengers: str) -> SampleArticle:
    """The wire report reprinted by another outlet, with the passenger count changed."""
    paragraphs = tuple(p.replace("86 passengers", f"{passengers} passengers") for p in WIRE.paragraphs)
    return SampleArticle(slug, outlet, WIRE.title, "2026-03-14T11:00:00Z", paragraphs)


@dataclass
class Live:
    base: str
    site: NewsSite
    access: StoreAccess
    watch: Watch

    def poll(self) -> None:
        """One poll of the site's feed into the app's store, then wait for the story refresh.

        The poll runs on a thread of its own: Playwright's sync API keeps an event loop on this one."""
        poller = threading.Thread(target=lambda: asyncio.run(self.watch.run(polls=1)))
        poller.start()
        poller.join(timeout=60)
        self.access.wait_for_refresh()

    def ferry_story(self) -> str:
        with self.access.reader() as db:
            article = next(a for a in db.iter_articles() if a.outlet == "Coastal Wire")
            return db.story_assignments()[article.id]


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    app = create_app(str(tmp_path / "live.duckdb"), "secret", settings=LIGHT)
    access: StoreAccess = app.state.access
    with NewsSite(articles=sample_articles()[:4]) as site, serve_in_thread(app) as base:
        watch = Watch([site.url("/feed.xml")], access, FAST, WarcArchive(tmp_path / "warc"), every=0.1)
        yield Live(base, site, access, watch)
        access.flush()
    access.close()


def test_whats_new_marks_what_arrived_since_the_last_look(live: Live) -> None:
    live.poll()
    with httpx.Client(base_url=live.base) as client:
        first = client.get("/new")
        assert first.status_code == 200 and "first look" in first.text
        assert "newsfuse_last_look" in first.cookies
        assert 'class="has-new"' not in first.text
        live.site.publish(copy_of_wire("ferry-copy", "Island Echo", "96"))
        live.poll()
        second = client.get("/new")
        ferry = live.ferry_story()
        rows = second.text.split('<tr data-story="')[1:]
        assert rows[0].startswith(f'{ferry}" class="has-new"'), "the updated story is listed first, marked new"
        assert not any('class="has-new"' in row for row in rows[1:])
        timeline = client.get(f"/stories/{ferry}/timeline").text
        assert timeline.count('class="is-new"') == 1 and "Island Echo" in timeline
        updates = client.get("/api/new", params={"since": "2000-01-01"}).json()
        assert updates[0]["story_id"] == ferry and updates[0]["new_articles"] == updates[0]["size"] == 3
        assert client.get("/api/new", params={"since": "yesterday"}).status_code == 422


def claim_statuses(event: dict[str, object]) -> dict[str, str]:
    return {c["claim_id"]: c["status"] for c in event["claims"]}  # type: ignore[attr-defined]


def test_a_watched_story_streams_its_claims_as_they_change(live: Live) -> None:
    live.poll()
    ferry = live.ferry_story()
    events: list[dict[str, object]] = []
    opened = threading.Event()

    def settled() -> bool:
        """The new article has joined and the refresh has written the story's claims and brief again."""
        last = events[-1]
        return last["articles"] == 3 and len(last["flags"]) > len(events[0]["flags"])  # type: ignore[arg-type]

    def listen() -> None:
        url = f"{live.base}/api/stories/{ferry}/events"
        with httpx.stream("GET", url, params={"interval": 0.2}, timeout=30) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            for line in response.iter_lines():
                if line.startswith("data: "):
                    events.append(json.loads(line[6:]))
                    opened.set()
                    if settled():
                        return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert opened.wait(10)
    live.site.publish(copy_of_wire("ferry-copy", "Island Echo", "96"))
    live.poll()
    listener.join(timeout=30)
    assert events and settled(), events
    # One event per change: the article joining, then its claims and flags as the refresh lands.
    assert events[0]["articles"] == 2 and len(events) >= 2
    assert len({e["version"] for e in events}) == len(events)
    assert claim_statuses(events[-1]) != claim_statuses(events[0])
    assert httpx.get(f"{live.base}/api/stories/nope/events").status_code == 404


def test_following_the_news_in_a_browser(live: Live, browser: Browser, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    live.poll()
    page.goto(f"{live.base}/new")
    assert page.locator("tr.has-new").count() == 0
    live.site.publish(copy_of_wire("ferry-copy", "Island Echo", "96"))
    live.poll()
    page.reload()
    page.screenshot(path=str(tmp_path / "1-new.png"), full_page=True)
    assert page.locator("tbody tr").first.locator(".new-badge").count() == 1
    assert page.locator("tr.has-new").count() == 1
    page.locator("tr.has-new a:has-text('timeline')").click()
    page.wait_for_selector("ol.arrivals")
    page.screenshot(path=str(tmp_path / "2-timeline.png"), full_page=True)
    assert page.locator("ol.arrivals li").count() == 3
    assert page.locator("ol.arrivals li.is-new").inner_text().count("Island Echo") == 1
    page.locator("a:has-text('watch')").first.click()
    page.wait_for_selector("#watch-claims")
    assert page.locator("#watch-articles").inner_text() == "3 articles"
    live.site.publish(copy_of_wire("ferry-copy-2", "Mainland Post", "106"))
    live.poll()
    # (Polled from here: the page's CSP rightly forbids the eval that wait_for_function needs.)
    for _ in range(300):
        if page.locator("#watch-articles").inner_text() == "4 articles":
            break
        page.wait_for_timeout(100)
    page.screenshot(path=str(tmp_path / "3-watch.png"), full_page=True)
    assert "1 article(s) joined: 4 in all" in page.locator("#watch-log").inner_text()
    context.close()
    assert not errors, f"console errors: {errors}"
    for name in ("1-new", "2-timeline", "3-watch"):
        assert (tmp_path / f"{name}.png").stat().st_size > 5_000
