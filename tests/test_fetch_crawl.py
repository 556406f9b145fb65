"""Crawls into a real store from loopback news sites: feeds, sitemaps, pages, failures, WARC replay, CLI."""

from __future__ import annotations

import asyncio
import gzip
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.engines import LocalEngine
from newsfuse.fetch.archive import WarcArchive
from newsfuse.fetch.client import PoliteClient
from newsfuse.fetch.crawl import Crawl, CrawlReport, Target
from newsfuse.fetch.sample_site import Canned, NewsSite, SampleArticle, sample_articles
from newsfuse.fetch.state import FetchState
from newsfuse.fetch.watch import fetch_urls
from newsfuse.pipeline import ingest
from newsfuse.store import open_store
from tests.fetch_support import FAST, LIGHT, LIGHT_ARGS, loopback_only  # noqa: F401 - autouse guard

SLUGS = [a.slug for a in sample_articles()]


@pytest.fixture
def site() -> NewsSite:
    with NewsSite() as running:
        yield running


def page_hits(site: NewsSite) -> list[str]:
    return [p.split("?")[0] for p in site.paths() if p.startswith("/news/")]


def test_feeds_and_sitemaps_bring_every_article_once(site: NewsSite, tmp_path: Path) -> None:
    store = str(tmp_path / "news.duckdb")
    sources = [site.url("/feed.xml"), site.url("/atom.xml"), site.url("/sitemap.xml")]
    report, warc = fetch_urls(sources, store, LIGHT, FAST)
    # Three listings name each article (with tracking parameters in two of them): fetched once each.
    assert sorted(page_hits(site)) == sorted(f"/news/{slug}.html" for slug in SLUGS)
    assert not [p for p in site.paths() if "utm_" in p or "ref=" in p]
    assert report.stored == len(SLUGS) and not report.failures
    assert warc is not None and warc.exists()
    with open_store(store, read_only=True) as db:
        articles = {a.url: a for a in db.iter_articles()}
        assert set(articles) == {site.url(f"/news/{slug}.html") for slug in SLUGS}
        wire = articles[site.url("/news/ferry-fire-wire.html")]
        assert (wire.outlet, wire.published_at) == ("Coastal Wire", "2026-03-14")
        assert wire.title == "Ferry service to Skerry Island halted after engine-room fire"
        assert "Copyright" not in wire.text and "86 passengers" in wire.text
        # Stories, provenance, claims and briefs were refreshed as the articles arrived.
        assigned = db.story_assignments()
        assert set(assigned) == {a.id for a in articles.values()}
        stories = set(assigned.values())
        assert {p.story_id for p in db.provenance()} == stories
        assert {b.story_id for b in db.briefs()} == stories
        assert db.claims()


def test_nothing_is_fetched_twice_across_runs(site: NewsSite, tmp_path: Path) -> None:
    store = str(tmp_path / "news.duckdb")
    fetch_urls([site.url("/feed.xml")], store, LIGHT, FAST)
    first = len(page_hits(site))
    site.hits.clear()
    report, _ = fetch_urls(
        [site.url("/feed.xml"), site.url("/news/library-hours.html?utm_campaign=x")], store, LIGHT, FAST
    )
    assert first == len(SLUGS)
    assert page_hits(site) == []
    assert report.unchanged == 1 and report.known == 1
    feed_hit = next(hit for hit in site.hits if hit.path == "/feed.xml")
    assert "if-none-match" in feed_hit.headers


def test_a_page_without_a_date_takes_the_date_its_feed_gave(tmp_path: Path) -> None:
    articles = sample_articles()
    undated = replace(articles[3], dated_page=False)
    with NewsSite([articles[0], undated]) as running:
        store = str(tmp_path / "news.duckdb")
        fetch_urls([running.url("/feed.xml")], store, LIGHT, FAST)
        with open_store(store, read_only=True) as db:
            dates = {a.url: a.published_at for a in db.iter_articles()}
        # The page's own date wins; the feed's is the fallback (the RSS date, to the second).
        assert dates[running.url(f"/news/{articles[0].slug}.html")] == "2026-03-14"
        assert dates[running.url(f"/news/{undated.slug}.html")] == "2026-03-13T16:00:00+00:00"


def test_a_canonical_url_already_stored_is_not_fetched_again(site: NewsSite, tmp_path: Path) -> None:
    store = str(tmp_path / "news.duckdb")
    article = sample_articles()[3]
    site.routes["/amp/library"] = Canned(200, site.page(article).encode(), {"Content-Type": "text/html"})
    fetch_urls([site.url("/amp/library")], store, LIGHT, FAST)
    site.hits.clear()
    fetch_urls([site.url(f"/news/{article.slug}.html")], store, LIGHT, FAST)
    assert page_hits(site) == []


def test_failures_are_rejects_with_reasons_and_the_rest_goes_on(site: NewsSite, tmp_path: Path) -> None:
    store = str(tmp_path / "news.duckdb")
    html = {"Content-Type": "text/html"}
    site.robots = "User-agent: *\nDisallow: /members/\n"
    site.routes["/broken-feed.xml"] = Canned(
        200, b"<rss version='2.0'><channel><title>x</ti", {"Content-Type": "application/rss+xml"}
    )
    site.routes["/broken-sitemap.xml"] = Canned(
        200, b"<?xml version='1.0'?><urlset><url><loc>http", {"Content-Type": "application/xml"}
    )
    site.routes["/report.pdf"] = Canned(200, b"%PDF-1.4 ...", {"Content-Type": "application/pdf"})
    site.routes["/gone"] = Canned(410, b"<html>gone</html>", html)
    site.routes["/wall"] = Canned(403, b"<html>are you a robot?</html>", html)
    site.routes["/loop"] = Canned(302, b"", {"Location": "/loop2"})
    site.routes["/loop2"] = Canned(302, b"", {"Location": "/loop"})
    site.routes["/slow"] = Canned(200, b"<html></html>", html, delay=8)
    site.routes["/oops"] = Canned(503, b"", html)
    bad = [
        "/broken-feed.xml",
        "/broken-sitemap.xml",
        "/report.pdf",
        "/gone",
        "/wall",
        "/loop",
        "/slow",
        "/oops",
        "/members/only",
        "/missing",
    ]
    urls = [site.url(p) for p in bad] + ["http://no-such-outlet.invalid/feed.xml", site.url("/feed.xml")]
    report, _ = fetch_urls(urls, store, LIGHT, replace(FAST, timeout=4.0))
    assert report.stored == len(SLUGS)
    expected = {
        "/broken-feed.xml": "malformed feed",
        "/broken-sitemap.xml": "malformed sitemap",
        "/report.pdf": "not an HTML page",
        "/gone": "HTTP 410",
        "/wall": "HTTP 403",
        "/loop": "redirect loop",
        "/slow": "timed out",
        "/oops": "HTTP 503",
        "/members/only": "robots.txt disallows",
        "/missing": "HTTP 404",
    }
    with open_store(store, read_only=True) as db:
        reasons = {r.input: r.reason for r in db.iter_rejections()}
    for path, reason in expected.items():
        assert reason in reasons[site.url(path)], (path, reasons.get(site.url(path)))
    assert "DNS lookup failed" in reasons["http://no-such-outlet.invalid/feed.xml"]
    assert "/members/only" not in site.paths()
    assert report.failures["malformed"] == 2 and report.failures["http-410"] == 1


def test_a_sitemap_index_that_did_not_change_still_polls_its_sitemaps(site: NewsSite, tmp_path: Path) -> None:
    store = str(tmp_path / "news.duckdb")
    fetch_urls([site.url("/sitemap.xml")], store, LIGHT, FAST)
    site.publish(
        SampleArticle(
            "late-news",
            "Skerry Gazette",
            "Late council sitting called",
            "2026-03-15T09:00:00Z",
            (
                "The council will meet again on Monday to settle the ferry compensation claims, its chair "
                "announced, after residents of Skerry Island asked for help with travel costs.",
            ),
        )
    )
    site.hits.clear()
    report, _ = fetch_urls([site.url("/sitemap.xml")], store, LIGHT, FAST)
    assert page_hits(site) == ["/news/late-news.html"]
    assert report.unchanged == 1 and report.stored == 1


def test_a_warc_replay_gives_the_same_articles(site: NewsSite, tmp_path: Path) -> None:
    store = str(tmp_path / "news.duckdb")
    site.routes["/gone"] = Canned(
        404, b"<html><body><p>" + b"Nothing here at all. " * 10 + b"</p></body></html>", {"Content-Type": "text/html"}
    )
    _, warc = fetch_urls([site.url("/feed.xml"), site.url("/gone")], store, LIGHT, FAST)
    assert warc is not None
    replayed = str(tmp_path / "replay.duckdb")
    with open_store(replayed) as db:
        ingest([str(warc)], db, LocalEngine(workers=1))
        again = {a.id: a for a in db.iter_articles()}
    with open_store(store, read_only=True) as db:
        live = {a.id: a for a in db.iter_articles()}
    assert set(again) == set(live) and len(live) == len(SLUGS)
    for article_id, article in live.items():
        copy = again[article_id]
        assert (copy.text, copy.title, copy.outlet, copy.url, copy.published_at) == (
            article.text,
            article.title,
            article.outlet,
            article.url,
            article.published_at,
        )
        assert copy.input.startswith(str(warc) + "#")


def test_fetch_command(site: NewsSite, tmp_path: Path) -> None:
    store = tmp_path / "cli.duckdb"
    args = [
        "fetch",
        site.url("/feed.xml"),
        "--store",
        str(store),
        *LIGHT_ARGS,
        "--warc-dir",
        str(tmp_path / "warc"),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"{len(SLUGS)} articles stored" in result.output
    assert list((tmp_path / "warc").glob("crawl-*.warc.gz"))
    runs = CliRunner().invoke(
        app,
        [
            "run",
            str(next((tmp_path / "warc").glob("*.warc.gz"))),
            "--out",
            str(tmp_path / "out"),
            "--embedder",
            "none",
            "--ner",
            "rules",
        ],
    )
    assert runs.exit_code == 0, runs.output
    assert len((tmp_path / "out" / "articles.jsonl").read_text().splitlines()) == len(SLUGS)


def test_fetch_command_fails_when_nothing_can_be_fetched(tmp_path: Path) -> None:
    args = ["fetch", "http://no-such-outlet.invalid/", "--store", str(tmp_path / "x.duckdb"), "--embedder", "none"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "DNS lookup failed" in result.output


def test_the_readme_feed_server_script(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parent.parent / "scripts" / "feed_server.py"
    server = subprocess.Popen(
        [sys.executable, str(script), "--port", "0"], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    try:
        assert server.stdout is not None
        announced = server.stdout.readline()
        feed = announced.split("feed ")[1].split(",")[0]
        assert feed.startswith("http://127.0.0.1:") and feed.endswith("/feed.xml")
        store = str(tmp_path / "live.duckdb")
        args = ["fetch", feed, "--store", store, *LIGHT_ARGS]
        fetched = CliRunner().invoke(app, args)
        assert fetched.exit_code == 0, fetched.output
        listed = CliRunner().invoke(app, ["stories", "--store", store, "--format", "json"])
        assert listed.exit_code == 0 and "Skerry" in listed.output
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_gzipped_and_plain_text_sitemaps_and_the_page_limit(site: NewsSite, tmp_path: Path) -> None:
    packed = gzip.compress(site.news_sitemap().encode())
    site.routes["/sitemap-news.xml.gz"] = Canned(200, packed, {"Content-Type": "application/x-gzip"})
    listed = "\n".join(site.url(f"/news/{slug}.html") for slug in SLUGS[:2]).encode()
    site.routes["/urls.txt"] = Canned(200, listed, {"Content-Type": "text/plain"})
    store = str(tmp_path / "news.duckdb")
    report, _ = fetch_urls([site.url("/urls.txt")], store, LIGHT, FAST)
    assert report.stored == 2
    report, _ = fetch_urls([site.url("/sitemap-news.xml.gz")], store, LIGHT, replace(FAST, max_pages=3))
    assert report.stored == 3 and report.over_limit == len(SLUGS) - 2 - 3 and report.known == 2
    assert len(page_hits(site)) == 5


def test_the_archive_starts_a_new_file_past_its_size_limit(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_file_bytes=1) as archive:
        for n in range(2):
            page = f"<html><body><p>{'Some words about the harbour. ' * 20}{n}</p></body></html>".encode()
            archive.write_response(
                f"http://127.0.0.1/p{n}", 200, "OK", [("Content-Type", "text/html")], page, "HTTP/1.1"
            )
            time.sleep(0.01)
    assert len(archive.paths) == 2 and all(path.exists() for path in archive.paths)
    with open_store(":memory:") as db:
        summary = ingest([str(path) for path in archive.paths], db, LocalEngine(workers=1))
    assert summary.stored == 2


class RefusingSink:
    """A store that fails every write (a full disk, say)."""

    def ingest(self, records: object) -> list[object]:
        raise OSError("No space left on device")

    def flush(self) -> None:
        """Nothing to finish."""


def test_a_store_that_refuses_writes_is_reported_and_the_crawl_ends_normally(site: NewsSite, tmp_path: Path) -> None:
    with open_store(str(tmp_path / "state.duckdb")) as db:
        state = FetchState(db)

        async def crawl() -> CrawlReport:
            async with PoliteClient(FAST) as client:
                return await Crawl(client, state, RefusingSink()).run([Target(site.url("/feed.xml"))])  # type: ignore[arg-type]

        report = asyncio.run(crawl())
        assert report.pages == len(SLUGS) and report.stored == 0
        assert report.failures["processing"] == len(SLUGS)
        # Nothing was stored, so nothing counts as fetched: the next run fetches the pages again.
        assert state.done_pages([site.url(f"/news/{slug}.html") for slug in SLUGS], 3) == set()
        state.close()
