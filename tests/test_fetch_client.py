"""The polite client against real HTTP servers on loopback: robots.txt, delays, retries, limits, failures."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from dataclasses import replace

import pytest

from newsfuse.fetch.client import Fetched, PoliteClient, Validators
from newsfuse.fetch.failures import FetchFailure
from newsfuse.fetch.policy import FetchPolicy
from newsfuse.fetch.sample_site import Canned, NewsSite
from tests.fetch_support import FAST, LoopbackGuard, gaps, loopback_only  # noqa: F401 - autouse guard

HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE = Canned(200, b"<html><body><p>hello</p></body></html>", HTML)


def fetch_many(urls: list[str], policy: FetchPolicy = FAST) -> list[Fetched | FetchFailure]:
    """Fetch the URLs concurrently through one client."""

    async def run() -> list[Fetched | FetchFailure]:
        async with PoliteClient(policy) as client:
            return list(await asyncio.gather(*(client.get(url) for url in urls)))

    return asyncio.run(run())


def fetch(url: str, policy: FetchPolicy = FAST, validators: Validators | None = None) -> Fetched | FetchFailure:
    async def run() -> Fetched | FetchFailure:
        async with PoliteClient(policy) as client:
            return await client.get(url, validators)

    return asyncio.run(run())


def failed(result: Fetched | FetchFailure, kind: str) -> FetchFailure:
    assert isinstance(result, FetchFailure), f"expected a {kind} failure, got {result}"
    assert result.kind == kind, result
    return result


@pytest.fixture
def site() -> NewsSite:
    with NewsSite(articles=[]) as running:
        yield running


def test_user_agent_names_the_project(site: NewsSite) -> None:
    site.routes["/a"] = PAGE
    assert isinstance(fetch(site.url("/a")), Fetched)
    assert all(hit.headers["user-agent"].startswith("newsfuse/") for hit in site.hits)


def test_robots_txt_disallowed_paths_are_never_requested(site: NewsSite) -> None:
    site.robots = "User-agent: *\nDisallow: /private/\n"
    site.routes["/private/a"] = PAGE
    site.routes["/public/a"] = PAGE
    results = fetch_many([site.url("/private/a"), site.url("/public/a"), site.url("/private/b?x=1")])
    failed(results[0], "robots")
    assert isinstance(results[1], Fetched)
    failed(results[2], "robots")
    assert not [p for p in site.paths() if p.startswith("/private")]
    assert site.paths().count("/robots.txt") == 1


def test_robots_txt_group_for_newsfuse_wins_over_the_wildcard(site: NewsSite) -> None:
    site.robots = "User-agent: newsfuse\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    site.routes["/a"] = PAGE
    failed(fetch(site.url("/a")), "robots")
    assert site.paths() == ["/robots.txt"]


def test_missing_robots_txt_allows_and_failing_robots_txt_blocks(site: NewsSite) -> None:
    site.routes["/a"] = PAGE
    site.routes["/robots.txt"] = Canned(404, b"no", HTML)
    assert isinstance(fetch(site.url("/a")), Fetched)
    site.hits.clear()
    site.routes["/robots.txt"] = Canned(503, b"down", HTML)
    result = failed(fetch(site.url("/a"), replace(FAST, attempts=1)), "robots-unavailable")
    assert result.retryable
    assert "/a" not in site.paths()


def test_one_connection_and_the_delay_per_host(site: NewsSite) -> None:
    policy = replace(FAST, delay=0.2)
    for n in range(5):
        site.routes[f"/p{n}"] = Canned(200, PAGE.body, HTML, delay=0.05)
    results = fetch_many([site.url(f"/p{n}") for n in range(5)], policy)
    assert all(isinstance(r, Fetched) for r in results)
    assert site.max_in_flight == 1
    pages = [hit for hit in site.hits if hit.path != "/robots.txt"]
    # The next request starts no sooner than the delay after the previous response ended.
    for before, after in zip(site.hits, site.hits[1:], strict=False):
        assert after.at - before.finished >= 0.2 - 0.005, (before, after)
    assert min(gaps([hit.at for hit in pages])) >= 0.2


def test_robots_crawl_delay_raises_the_delay(site: NewsSite) -> None:
    site.robots = "User-agent: *\nCrawl-delay: 0.4\n"
    site.routes["/a"] = PAGE
    site.routes["/b"] = PAGE
    fetch_many([site.url("/a"), site.url("/b")])
    assert min(gaps([hit.at for hit in site.hits])) >= 0.4


def test_conditional_request_gives_304_with_the_validators(site: NewsSite) -> None:
    first = fetch(site.url("/feed.xml"))
    assert isinstance(first, Fetched) and first.status == 200 and first.validators.etag
    second = fetch(site.url("/feed.xml"), validators=first.validators)
    assert isinstance(second, Fetched) and second.status == 304 and second.body == b""
    assert site.hits[-1].headers["if-none-match"] == first.validators.etag


def _sequence(*responses: Canned) -> Callable[[str, dict[str, str]], Canned]:
    remaining = list(responses)

    def route(path: str, headers: dict[str, str]) -> Canned:
        return remaining.pop(0) if len(remaining) > 1 else remaining[0]

    return route


def test_retry_after_is_honoured_on_503_and_429(site: NewsSite) -> None:
    site.routes["/busy"] = _sequence(Canned(503, b"busy", {"Retry-After": "1"}), PAGE)
    site.routes["/slow-down"] = _sequence(Canned(429, b"", {"Retry-After": "1"}), PAGE)
    for path in ("/busy", "/slow-down"):
        site.hits.clear()
        result = fetch(site.url(path))
        assert isinstance(result, Fetched) and result.status == 200
        tries = [hit.at for hit in site.hits if hit.path == path]
        assert len(tries) == 2 and tries[1] - tries[0] >= 1.0


def test_server_errors_are_retried_with_backoff_then_recorded(site: NewsSite) -> None:
    site.routes["/broken"] = Canned(500, b"oops", HTML)
    result = failed(fetch(site.url("/broken"), replace(FAST, backoff=0.2)), "http-500")
    assert result.retryable and "after 3 attempts" in result.reason
    tries = [hit.at for hit in site.hits if hit.path == "/broken"]
    assert len(tries) == 3
    assert gaps(tries)[0] >= 0.2 and gaps(tries)[1] >= 0.4


def test_a_retry_after_longer_than_the_limit_is_not_waited_for(site: NewsSite) -> None:
    site.routes["/later"] = Canned(503, b"", {"Retry-After": "3600"})
    result = failed(fetch(site.url("/later")), "http-503")
    assert "3600" in result.reason and result.retryable
    assert site.paths().count("/later") == 1


@pytest.mark.parametrize(
    ("status", "kind", "retryable"), [(404, "http-404", False), (410, "http-410", False), (403, "http-403", False)]
)
def test_client_errors_are_recorded_once(site: NewsSite, status: int, kind: str, retryable: bool) -> None:
    site.routes["/x"] = Canned(status, b"<html>no</html>", HTML)
    result = failed(fetch(site.url("/x")), kind)
    assert result.retryable is retryable
    assert site.paths().count("/x") == 1


def test_slow_servers_time_out(site: NewsSite) -> None:
    policy = replace(FAST, timeout=0.5)
    site.routes["/stall"] = Canned(200, PAGE.body, HTML, delay=1.5)
    site.routes["/drip"] = Canned(200, b"x" * 640, HTML, drip=0.1)
    failed(fetch(site.url("/stall"), policy), "timeout")
    # Each chunk comes quickly, but the whole response takes too long.
    failed(fetch(site.url("/drip"), policy), "timeout")


def test_responses_over_the_size_limit_are_refused(site: NewsSite) -> None:
    policy = replace(FAST, max_bytes=1000)
    site.routes["/declared"] = Canned(200, b"a" * 5000, HTML)
    site.routes["/undeclared"] = Canned(200, b"a" * 5000, HTML, length=False)
    failed(fetch(site.url("/declared"), policy), "too-large")
    failed(fetch(site.url("/undeclared"), policy), "too-large")
    assert isinstance(fetch(site.url("/declared")), Fetched)


def test_redirects_are_followed_within_limits(site: NewsSite) -> None:
    site.robots = "User-agent: *\nDisallow: /secret\n"
    site.routes["/old"] = Canned(301, b"", {"Location": "/new"})
    site.routes["/new"] = PAGE
    site.routes["/loop-a"] = Canned(302, b"", {"Location": "/loop-b"})
    site.routes["/loop-b"] = Canned(302, b"", {"Location": "/loop-a?utm_source=x"})
    for n in range(8):
        site.routes[f"/hop{n}"] = Canned(302, b"", {"Location": f"/hop{n + 1}"})
    site.routes["/to-secret"] = Canned(302, b"", {"Location": "/secret"})
    moved = fetch(site.url("/old"))
    assert isinstance(moved, Fetched) and moved.final_url == site.url("/new")
    failed(fetch(site.url("/loop-a")), "redirect-loop")
    failed(fetch(site.url("/hop0")), "too-many-redirects")
    failed(fetch(site.url("/to-secret")), "robots")
    assert "/secret" not in site.paths()
    assert "/hop7" not in site.paths()


def test_dns_failures_and_refused_connections_are_reasons_not_crashes() -> None:
    failed(fetch("http://no-such-outlet.invalid/feed.xml"), "dns")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    refused = failed(fetch(f"http://127.0.0.1:{port}/feed.xml"), "refused")
    assert refused.retryable


def test_non_http_urls_are_refused() -> None:
    failed(fetch("ftp://127.0.0.1/file"), "bad-url")


def test_the_guard_stops_any_address_but_loopback(loopback_only: LoopbackGuard) -> None:  # noqa: F811
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("192.0.2.1", 80))
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.org", 80)
    assert loopback_only.violations == ["connect ('192.0.2.1', 80)", "resolve example.org"]
    loopback_only.violations.clear()
