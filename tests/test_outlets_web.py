"""Outlet pages and API: over HTTP, and in a real browser (Debian's headless Chromium).

The store is the hand-made world of test_outlets.py (no models needed).
Screenshots go to NEWSFUSE_SHOTS when set (to look at them), else to the
test's temporary folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.test_outlets import build_store
from tests.test_web_browser import CHROMIUM, CHROMIUM_ARGS
from tests.web_helpers import running_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("outlets") / "world.duckdb"
    build_store(str(path)).close()
    with running_server(str(path)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run `bash scripts/setup.sh` (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_api_lists_one_outlet_and_the_graph(server: str) -> None:
    outlets = httpx.get(f"{server}/api/outlets").json()
    hub = next(o for o in outlets if o["name"] == "Buzz Hub")
    assert hub["articles"] == 2 and hub["attribution_dropped"] == 1 and hub["credit_share"] == 0.0
    one = httpx.get(f"{server}/api/outlets/{quote(hub['outlet'], safe='')}").json()
    assert one["farm_score"] == hub["farm_score"]
    edges = httpx.get(f"{server}/api/outlets/graph").json()["edges"]
    assert {"source": "reuters", "target": "evening ledger"}.items() <= next(
        e for e in edges if e["source"] == "reuters"
    ).items()
    assert httpx.get(f"{server}/api/outlets/nobody").status_code == 404
    assert httpx.get(f"{server}/api/outlets", params={"since": "later"}).status_code == 422
    dated = httpx.get(f"{server}/api/outlets", params={"since": "2024-03-04"}).json()
    assert next(o for o in dated if o["name"] == "Buzz Hub")["articles"] == 1


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("NEWSFUSE_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.slow
def test_outlet_pages_in_a_browser(server: str, browser: Browser, tmp_path: Path) -> None:
    shots = _shots(tmp_path)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/")
    page.click("header.top >> text=Outlets")
    page.wait_for_url("**/outlets")
    page.screenshot(path=str(shots / "outlets-table.png"), full_page=True)
    rows = page.locator("table.outlets tbody tr")
    assert rows.count() == 5  # Evening Ledger, Buzz Hub, Northwire, Diario Puente, Reuters (absent)
    assert "Reuters (wire), not in corpus" in page.locator("table.outlets").inner_text()
    assert page.locator("ul.explained li").first.inner_text().startswith("Buzz Hub")
    page.click("table.outlets >> text=Buzz Hub")
    page.wait_for_url("**/outlets/buzz*")
    page.screenshot(path=str(shots / "outlet-page.png"), full_page=True)
    assert page.locator("h1").inner_text() == "Buzz Hub"
    score_rows = page.locator("table.score tbody tr")
    assert score_rows.count() == 5 and "attribution damage" in score_rows.nth(3).inner_text()
    assert page.locator("table.articles tbody tr").count() == 2
    page.click("text=Northwire")
    page.wait_for_url("**/outlets/northwire")
    page.goto(f"{server}/outlets/graph")
    page.screenshot(path=str(shots / "outlet-graph.png"), full_page=True)
    svg = page.locator("svg.outlet-graph")
    assert svg.count() == 1 and svg.locator("a").count() >= 3
    box = svg.bounding_box()
    assert box is not None and box["width"] > 600
    assert page.locator("table.edges tbody tr").count() == 5
    context.close()
    assert not errors, errors
