"""Security for the web app: write tokens, request size limits, response headers.

Decides who may write and what a response may load. Read endpoints are
open (the app binds to 127.0.0.1 unless told otherwise); write endpoints
need the token set with ``NEWSFUSE_TOKEN`` or ``--token``, compared in
constant time, and are refused outright when no token is configured.
Requests larger than the limit are refused before their body is read.
Every page forbids scripts, styles and images from anywhere but itself.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request, status
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse, Response

# 10 MB: a JSON batch of a few hundred articles, or one large HTML page.
DEFAULT_MAX_BODY = 10 * 1024 * 1024
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def token_checker(expected: str | None) -> Callable[[Request], None]:
    """A FastAPI dependency that accepts the request only with the write token."""

    def check(request: Request) -> None:
        if not expected:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                "writes are disabled: start `newsfuse serve` with --token or NEWSFUSE_TOKEN set",
            )
        header = request.headers.get("authorization", "")
        given = header[7:] if header.lower().startswith("bearer ") else request.headers.get("x-newsfuse-token", "")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "missing or wrong token: send 'Authorization: Bearer TOKEN'",
                headers={"WWW-Authenticate": "Bearer"},
            )

    return check


class LimitsAndHeaders(BaseHTTPMiddleware):
    """Refuse oversized bodies; add security headers to every response."""

    def __init__(self, app: object, max_body: int = DEFAULT_MAX_BODY) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.max_body = max_body

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return JSONResponse(
                {
                    "detail": f"request body over the {self.max_body // 1048576} MB limit; "
                    "send fewer articles per request"
                },
                status_code=status.HTTP_413_CONTENT_TOO_LARGE,
            )
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response
