"""Watching feeds on a schedule: polls, conditional requests, several hosts, a site that goes away and comes back."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from newsfuse.fetch.archive import WarcArchive
from newsfuse.fetch.crawl import CrawlReport
from newsfuse.fetch.sample_site import NewsSite, SampleArticle, sample_articles
from newsfuse.fetch.sink import open_sink
from newsfuse.fetch.watch import Watch, read_feed_list
from newsfuse.web.access import StoreAccess
from tests.fetch_support import FAST, LIGHT, LIGHT_ARGS, gaps, loopback_only  # noqa: F401 - autouse guard


def fresh_article(slug: str) -> SampleArticle:
    return SampleArticle(
        slug,
        "Skerry Gazette",
        f"Coastguard launch carries first patients ({slug})",
        "2026-03-15T10:00:00Z",
        (
            "The coastguard launch made its first medical crossing from Skerry Island on Saturday, carrying two "
            "patients to the mainland hospital while the ferry remains in dock.",
            "The health board said the launch would run twice a day until the replacement vessel arrives on Wednesday.",
        ),
    )


def wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


@pytest.fixture
def access(tmp_path: Path) -> Iterator[StoreAccess]:
    opened = open_sink(str(tmp_path / "watch.duckdb"), LIGHT)
    yield opened
    opened.close()


def start(watch: Watch) -> threading.Thread:
    import asyncio

    thread = threading.Thread(target=lambda: asyncio.run(watch.run()), daemon=True)
    thread.start()
    return thread


def test_a_watch_survives_a_site_going_away_and_coming_back(access: StoreAccess, tmp_path: Path) -> None:
    site = NewsSite(articles=sample_articles()[:3]).start()
    port = site.port
    watch = Watch([site.url("/feed.xml")], access, FAST, WarcArchive(tmp_path / "warc"), every=0.3)
    thread = start(watch)
    try:
        wait_for(lambda: len(watch.reports) >= 1)
        assert watch.reports[0].stored == 3
        site.stop()
        polls_before = len(watch.reports)
        wait_for(lambda: len(watch.reports) >= polls_before + 3)
        # The poll under way when the site stopped may have finished before it went; later ones cannot.
        down: list[CrawlReport] = watch.reports[polls_before + 1 :]
        assert all(report.failures["refused"] == 1 for report in down), [r.failures for r in down]
        site = NewsSite(articles=[*sample_articles()[:3], fresh_article("launch")], port=port).start()
        wait_for(lambda: watch.reports[-1].stored == 1)
    finally:
        watch.stop.set()
        thread.join(timeout=30)
        site.stop()
    assert not thread.is_alive()
    with access.reader() as db:
        assert len(list(db.iter_articles())) == 4
        reasons = {r.input: r.reason for r in db.iter_rejections()}
    assert "connection refused" in reasons[f"http://127.0.0.1:{port}/feed.xml"]
    # The new article was fetched, and only it: nothing fetched twice.
    assert [p for p in site.paths() if p.startswith("/news/")] == ["/news/launch.html"]


def test_polls_are_conditional_and_pages_that_failed_are_tried_again(access: StoreAccess, tmp_path: Path) -> None:
    from newsfuse.fetch.sample_site import Canned

    with NewsSite(articles=[fresh_article("retry-me")]) as site:
        tries: list[int] = []

        def flaky(path: str, headers: dict[str, str]) -> Canned:
            tries.append(1)
            if len(tries) == 1:
                return Canned(503, b"", {"Retry-After": "0"})
            return Canned(200, site.page(fresh_article("retry-me")).encode(), {"Content-Type": "text/html"})

        site.routes["/news/retry-me.html"] = flaky
        policy = replace(FAST, attempts=1)
        watch = Watch([site.url("/feed.xml")], access, policy, WarcArchive(tmp_path / "warc"), every=0.1)
        import asyncio

        reports = asyncio.run(watch.run(polls=3))
    assert reports[0].failures["http-503"] == 1 and reports[0].stored == 0
    assert reports[1].unchanged == 1 and reports[1].stored == 1
    assert reports[2].unchanged == 1 and reports[2].pages == 0
    feed_hits = [hit for hit in site.hits if hit.path == "/feed.xml"]
    assert [("if-none-match" in hit.headers) for hit in feed_hits] == [False, True, True]


def test_several_hosts_side_by_side_none_faster_than_its_delay(access: StoreAccess, tmp_path: Path) -> None:
    articles = sample_articles()
    sites = [NewsSite(articles=articles[n::3], host=f"127.0.0.{n + 2}").start() for n in range(3)]
    policy = replace(FAST, delay=0.25)
    try:
        watch = Watch([s.url("/feed.xml") for s in sites], access, policy, WarcArchive(tmp_path / "warc"), every=0.1)
        import asyncio

        reports = asyncio.run(watch.run(polls=1))
    finally:
        for s in sites:
            s.stop()
    assert reports[0].stored == len(articles)
    for s in sites:
        assert s.max_in_flight == 1
        assert min(gaps([hit.at for hit in s.hits])) >= 0.25
        ends = [hit.finished for hit in s.hits]
        assert all(hit.at - end >= 0.25 - 0.005 for hit, end in zip(s.hits[1:], ends, strict=False))


def test_feed_lists_skip_comments_and_blank_lines(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text("# morning feeds\nhttp://127.0.0.1:1/feed.xml\n\n  http://127.0.0.1:1/sitemap.xml  \n")
    assert read_feed_list(listing) == ["http://127.0.0.1:1/feed.xml", "http://127.0.0.1:1/sitemap.xml"]


def test_watch_command_polls_and_stops(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsfuse.cli import app

    with NewsSite(articles=sample_articles()[:2]) as site:
        listing = tmp_path / "feeds.txt"
        listing.write_text(f"# one feed\n{site.url('/feed.xml')}\n")
        args = [
            "watch",
            "--feeds",
            str(listing),
            "--store",
            str(tmp_path / "w.duckdb"),
            "--every",
            "0.1",
            "--polls",
            "2",
            *LIGHT_ARGS,
            "--quiet",
        ]
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "poll 1: " in result.output and "2 articles stored" in result.output
    assert "poll 2: " in result.output and "1 unchanged" in result.output
    missing = CliRunner().invoke(app, ["watch", "--feeds", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "no feed list" in missing.output
