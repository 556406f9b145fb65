"""Why a fetch failed, in words a user can act on, and whether to try again.

Decides the reasons stored in ``rejects`` for everything the network can do
wrong. Each failure has a short ``kind`` (counted in summaries), a reason
sentence (stored, with the URL as the input) and whether it may pass
(timeouts, refused connections and server errors are tried again on a later
poll; 404, 410, 403, robots.txt refusals and unusable documents are not).
"""

from __future__ import annotations

import errno
import socket
from dataclasses import dataclass
from http import HTTPStatus

import httpx

# Statuses worth another attempt: the server says it is busy or broken now.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchFailure:
    """One URL that could not be used, and why."""

    url: str
    kind: str
    reason: str
    retryable: bool = False


def status_failure(url: str, status: int, attempts: int = 1) -> FetchFailure:
    """The failure for an HTTP error status."""
    phrase = _phrase(status)
    if status == 403:
        reason = "HTTP 403 Forbidden: the site refused newsfuse (a bot wall or an access rule); not retried"
        return FetchFailure(url, "http-403", reason)
    if status in (404, 410):
        return FetchFailure(url, f"http-{status}", f"HTTP {status} {phrase}: the page is not there")
    if status in RETRY_STATUSES:
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        return FetchFailure(url, f"http-{status}", f"HTTP {status} {phrase}{tries}; will try again later", True)
    return FetchFailure(url, f"http-{status}", f"HTTP {status} {phrase}")


def error_failure(url: str, error: BaseException, timeout: float) -> FetchFailure:
    """The failure for a network error raised while fetching ``url``."""
    if isinstance(error, TimeoutError | httpx.TimeoutException):
        what = "connecting" if isinstance(error, httpx.ConnectTimeout) else "waiting for the response"
        return FetchFailure(url, "timeout", f"timed out {what} (limit {timeout:g} s); will try again later", True)
    causes = _causes(error)
    if any(isinstance(c, socket.gaierror) for c in causes):
        return FetchFailure(url, "dns", "DNS lookup failed: the host name does not resolve; check the URL", True)
    if any(isinstance(c, ConnectionRefusedError) or getattr(c, "errno", None) == errno.ECONNREFUSED for c in causes):
        return FetchFailure(
            url, "refused", "connection refused: nothing answers at that address; will try again later", True
        )
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return FetchFailure(
            url, "broken", f"the connection broke mid-response ({_short(error)}); will try again later", True
        )
    if isinstance(error, httpx.ConnectError | OSError):
        return FetchFailure(url, "connect", f"could not connect ({_short(error)}); will try again later", True)
    return FetchFailure(url, "error", f"fetch failed ({type(error).__name__}: {_short(error)})")


def _causes(error: BaseException) -> list[BaseException]:
    """The error, its causes and contexts, and the members of exception groups among them."""
    found: list[BaseException] = []
    pending = [error]
    while pending:
        current = pending.pop()
        if any(current is seen for seen in found):
            continue
        found.append(current)
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
    return found


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "error"


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) < 160 else text[:157] + "..."
