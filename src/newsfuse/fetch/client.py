"""The polite HTTP client: every request newsfuse makes goes through here.

Decides how one URL is fetched: robots.txt first, then the host's gate (one
connection, a delay), a conditional GET when validators are known, a
deadline and a size limit on the whole response, redirects followed by hand
(each hop checked against robots.txt and the loop and hop limits), and
retries with doubling backoff on 429 and 5xx, waiting as long as a
Retry-After asks within ``max_retry_after``. Every response is archived.
The answer is a ``Fetched`` response or a ``FetchFailure``; nothing raises.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections import Counter
from dataclasses import dataclass

import httpx

from newsfuse.fetch.archive import WarcArchive
from newsfuse.fetch.failures import RETRY_STATUSES, FetchFailure, error_failure, status_failure
from newsfuse.fetch.gates import HostGates
from newsfuse.fetch.policy import FetchPolicy
from newsfuse.fetch.robots import RobotsCache
from newsfuse.fetch.urls import absolute, host_of, is_http, url_key

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Validators:
    """What a server said about a document last time, for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        found = {}
        if self.etag:
            found["If-None-Match"] = self.etag
        if self.last_modified:
            found["If-Modified-Since"] = self.last_modified
        return found


@dataclass(frozen=True)
class Fetched:
    """A response: ``status`` is 2xx, or 304 when a conditional request found nothing new."""

    url: str
    final_url: str
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def content_type(self) -> str:
        return str(self.headers.get("content-type", "")).lower()

    @property
    def validators(self) -> Validators:
        return Validators(self.headers.get("etag"), self.headers.get("last-modified"))


class _TooLargeError(Exception):
    pass


class PoliteClient:
    """An httpx client wrapped in newsfuse's manners. Use as an async context manager."""

    def __init__(self, policy: FetchPolicy | None = None, archive: WarcArchive | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self.archive = archive
        self.gates = HostGates(self.policy.delay)
        self.robots = RobotsCache(self.policy.user_agent, self.policy.robots_ttl)
        self.requests: Counter[str] = Counter()
        self._connections = asyncio.Semaphore(self.policy.connections)
        self._http = httpx.AsyncClient(
            headers={"User-Agent": self.policy.user_agent},
            follow_redirects=False,
            timeout=httpx.Timeout(self.policy.timeout, connect=self.policy.connect_timeout),
            limits=httpx.Limits(max_connections=self.policy.connections),
            trust_env=False,
        )

    async def __aenter__(self) -> PoliteClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._http.aclose()

    async def get(self, url: str, validators: Validators | None = None) -> Fetched | FetchFailure:
        """Fetch ``url`` as the policy allows, following redirects."""
        return await self._follow(url, validators, check_robots=True)

    async def _follow(self, url: str, validators: Validators | None, check_robots: bool) -> Fetched | FetchFailure:
        chain = [url]
        current = url
        for _ in range(self.policy.max_redirects + 1):
            if not is_http(current):
                return FetchFailure(url, "bad-url", f"not an http(s) URL: {current[:200]}")
            if check_robots:
                verdict = await self.robots.check(current, self._robots_text)
                if isinstance(verdict, FetchFailure):
                    return FetchFailure(url, verdict.kind, verdict.reason, verdict.retryable)
                if verdict:
                    self.gates.set_delay(host_of(current), min(verdict, self.policy.max_crawl_delay))
            got = await self._attempts(current, validators if current == url else None)
            if isinstance(got, FetchFailure):
                return FetchFailure(url, got.kind, got.reason, got.retryable)
            if got.status not in REDIRECT_STATUSES:
                return Fetched(url, current, got.status, got.headers, got.body)
            location = got.headers.get("location")
            if not location:
                return FetchFailure(url, "bad-redirect", f"HTTP {got.status} redirect without a Location header")
            current = absolute(current, location)
            if url_key(current) in {url_key(u) for u in chain}:
                return FetchFailure(url, "redirect-loop", f"redirect loop: {' -> '.join([*chain, current])[:400]}")
            chain.append(current)
        return FetchFailure(url, "too-many-redirects", f"more than {self.policy.max_redirects} redirects")

    async def _robots_text(self, url: str) -> tuple[int, str] | FetchFailure:
        got = await self._follow(url, None, check_robots=False)
        if isinstance(got, FetchFailure):
            if got.kind.startswith("http-"):
                return int(got.kind[5:]), ""
            return got
        return got.status, got.body.decode("utf-8", errors="replace")

    async def _attempts(self, url: str, validators: Validators | None) -> Fetched | FetchFailure:
        host = host_of(url)
        headers = validators.headers() if validators else {}
        for attempt in range(1, self.policy.attempts + 1):
            async with self.gates.slot(host):
                got = await self._request(url, headers)
            status = got.status if isinstance(got, Fetched) else None
            passing = isinstance(got, FetchFailure) and got.kind == "broken"
            if status not in RETRY_STATUSES and not passing:
                if status is not None and status >= 400:
                    return status_failure(url, status, attempt)
                return got
            if attempt == self.policy.attempts:
                break
            wait = self.policy.backoff * 2 ** (attempt - 1)
            if isinstance(got, Fetched):
                asked = retry_after(got.headers.get("retry-after"))
                if asked is not None and asked > self.policy.max_retry_after:
                    return FetchFailure(
                        url,
                        f"http-{status}",
                        f"HTTP {status}: the server asked to wait {asked:.0f} s; will try again later",
                        True,
                    )
                wait = max(wait, asked or 0.0)
            self.gates.hold(host, wait)
        if isinstance(got, Fetched):
            return status_failure(url, got.status, self.policy.attempts)
        return got

    async def _request(self, url: str, headers: dict[str, str]) -> Fetched | FetchFailure:
        self.requests[host_of(url)] += 1
        try:
            async with (
                self._connections,
                asyncio.timeout(self.policy.timeout),
                self._http.stream("GET", url, headers=headers) as response,
            ):
                body = await self._read(response)
        except _TooLargeError as error:
            return FetchFailure(url, "too-large", str(error))
        except (httpx.HTTPError, OSError, TimeoutError) as error:
            return error_failure(url, error, self.policy.timeout)
        if self.archive is not None and response.status_code != 304:
            self.archive.write_response(
                url,
                response.status_code,
                response.reason_phrase,
                list(response.headers.multi_items()),
                body,
                response.http_version,
            )
        return Fetched(url, url, response.status_code, response.headers, body)

    async def _read(self, response: httpx.Response) -> bytes:
        limit = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _TooLargeError(_too_large(int(declared), limit))
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > limit:
                raise _TooLargeError(_too_large(len(body), limit))
        return bytes(body)


def retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _too_large(size: int, limit: int) -> str:
    return f"response of {size / 1048576:.1f} MB is over the {limit / 1048576:.1f} MB limit; raise it with --max-mb"
