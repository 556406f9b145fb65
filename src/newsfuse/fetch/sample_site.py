"""A small news site on a loopback address, for demos, tests and benchmarks.

Decides what a simulated outlet serves: article pages (with a canonical
link, the outlet's name and the publication time in their metadata), an
RSS feed and an Atom feed whose links carry tracking parameters, a Google
News sitemap and a sitemap index, and robots.txt; feeds and sitemaps answer
conditional requests (ETag and Last-Modified). Tests add routes of their
own (slow, failing, redirecting responses) and read the log of every
request the site received. Standard library only: it runs where newsfuse's
extras are not installed. The articles shipped beside it are invented.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import html
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from types import TracebackType
from urllib.parse import urlsplit


@dataclass(frozen=True)
class SampleArticle:
    slug: str
    outlet: str
    title: str
    published: str
    paragraphs: tuple[str, ...]
    # False: the page itself gives no date (only the feeds and the sitemap do).
    dated_page: bool = True


@dataclass
class Canned:
    """A response a route gives: ``delay`` before the headers, ``drip`` seconds between body chunks;
    without ``length`` the body is not announced and ends when the connection closes."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drip: float = 0.0
    length: bool = True


@dataclass
class Hit:
    """One request the site received: logged on arrival (before any answer), ``finished`` set after."""

    at: float
    path: str
    headers: dict[str, str]
    finished: float = 0.0


Route = Canned | Callable[[str, dict[str, str]], Canned]


def sample_articles() -> list[SampleArticle]:
    """The invented articles shipped with newsfuse (two events, four outlets)."""
    text = (resources.files("newsfuse.fetch") / "sample_articles.json").read_text(encoding="utf-8")
    return [SampleArticle(**{**item, "paragraphs": tuple(item["paragraphs"])}) for item in json.loads(text)]


class NewsSite:
    """The site: start it, use ``url(path)``, read ``hits``, stop it (or use ``with``)."""

    def __init__(
        self,
        articles: list[SampleArticle] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        robots: str = "User-agent: *\nAllow: /\n",
        tracking: str = "utm_source=feed&utm_medium=rss",
    ) -> None:
        self.articles = list(articles if articles is not None else sample_articles())
        self.host = host
        self.port = port
        self.robots = robots
        self.tracking = tracking
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life --------------------------------------------------------------
    def start(self) -> NewsSite:
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = ThreadingHTTPServer((self.host, self.port), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"site-{self.host}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and drop open keep-alive connections, as a server going away does."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        with self._lock:
            for connection in list(self._connections):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            self._connections.clear()

    def __enter__(self) -> NewsSite:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    @property
    def base(self) -> str:
        return f"http://{self.host}" if self.port == 80 else f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def publish(self, article: SampleArticle) -> None:
        """Add an article (it appears in the feeds and the sitemap)."""
        with self._lock:
            self.articles.append(article)

    def paths(self) -> list[str]:
        """Paths requested, in order."""
        with self._lock:
            return [hit.path for hit in self.hits]

    # -- documents -----------------------------------------------------------
    def page(self, article: SampleArticle) -> str:
        canonical = self.url(f"/news/{article.slug}.html")
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in article.paragraphs)
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(article.title)} | {html.escape(article.outlet)}</title>"
            f'<link rel="canonical" href="{canonical}">'
            f'<meta property="og:site_name" content="{html.escape(article.outlet)}">'
            f'<meta property="og:title" content="{html.escape(article.title)}">'
            + (f'<meta property="article:published_time" content="{article.published}">' if article.dated_page else "")
            + "</head><body>"
            '<nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/about">About us</a></nav>'
            f"<article><h1>{html.escape(article.title)}</h1>\n{body}\n</article>"
            f"<footer><p>Copyright {html.escape(article.outlet)}. All rights reserved.</p>"
            "<p>Sign up for our morning newsletter</p></footer></body></html>"
        )

    def rss(self) -> str:
        items = "".join(
            f"<item><title>{html.escape(a.title)}</title>"
            f"<link>{self.url(f'/news/{a.slug}.html')}?{html.escape(self.tracking)}</link>"
            f"<guid>{self.url(f'/news/{a.slug}.html')}</guid>"
            f"<pubDate>{_rfc822(a.published)}</pubDate></item>"
            for a in self._snapshot()
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Sample news</title><link>{self.base}/</link><description>Invented news</description>"
            f"{items}</channel></rss>"
        )

    def atom(self) -> str:
        entries = "".join(
            f"<entry><title>{html.escape(a.title)}</title><id>{self.url(f'/news/{a.slug}.html')}</id>"
            f'<link rel="alternate" href="/news/{a.slug}.html?ref=atom"/><updated>{a.published}</updated></entry>'
            for a in self._snapshot()
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Sample news</title><id>{self.base}/</id><updated>2026-03-14T10:00:00Z</updated>{entries}</feed>"
        )

    def news_sitemap(self) -> str:
        urls = "".join(
            f"<url><loc>{self.url(f'/news/{a.slug}.html')}</loc><news:news><news:publication>"
            f"<news:name>{html.escape(a.outlet)}</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>{a.published}</news:publication_date>"
            f"<news:title>{html.escape(a.title)}</news:title></news:news></url>"
            for a in self._snapshot()
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + urls + "</urlset>"
        )

    def sitemap_index(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{self.url('/sitemap-news.xml')}</loc></sitemap></sitemapindex>"
        )

    def _snapshot(self) -> list[SampleArticle]:
        with self._lock:
            return list(self.articles)

    def respond(self, path: str, headers: dict[str, str]) -> Canned:
        """The response for a request path (routes first, then the built-in documents)."""
        route = self.routes.get(path) or self.routes.get(urlsplit(path).path)
        if route is not None:
            return route(path, headers) if callable(route) else route
        plain = urlsplit(path).path
        documents = {
            "/robots.txt": (self.robots, "text/plain; charset=utf-8"),
            "/feed.xml": (self.rss(), "application/rss+xml; charset=utf-8"),
            "/atom.xml": (self.atom(), "application/atom+xml; charset=utf-8"),
            "/sitemap-news.xml": (self.news_sitemap(), "application/xml; charset=utf-8"),
            "/sitemap.xml": (self.sitemap_index(), "application/xml; charset=utf-8"),
        }
        if plain in documents:
            text, content_type = documents[plain]
            return _conditional(text.encode(), content_type, headers)
        for article in self._snapshot():
            if plain == f"/news/{article.slug}.html":
                return Canned(200, self.page(article).encode(), {"Content-Type": "text/html; charset=utf-8"})
        return Canned(404, b"<html><body><h1>Not found</h1></body></html>", {"Content-Type": "text/html"})


class _Handler(BaseHTTPRequestHandler):
    site: NewsSite
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        with self.site._lock:
            self.site._connections.add(self.connection)

    def finish(self) -> None:
        with self.site._lock:
            self.site._connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def do_GET(self) -> None:
        site = self.site
        arrived = time.monotonic()
        headers = {k.lower(): v for k, v in self.headers.items()}
        hit = Hit(arrived, self.path, headers)
        with site._lock:
            site.in_flight += 1
            site.max_in_flight = max(site.max_in_flight, site.in_flight)
            site.hits.append(hit)
        try:
            self._send(site.respond(self.path, headers))
        finally:
            with site._lock:
                site.in_flight -= 1
                hit.finished = time.monotonic()

    def _send(self, canned: Canned) -> None:
        if canned.delay:
            time.sleep(canned.delay)
        self.send_response(canned.status)
        for name, value in canned.headers.items():
            self.send_header(name, value)
        if canned.length:
            self.send_header("Content-Length", str(len(canned.body)))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        try:
            if canned.drip:
                for start in range(0, len(canned.body), 64):
                    self.wfile.write(canned.body[start : start + 64])
                    self.wfile.flush()
                    time.sleep(canned.drip)
            else:
                self.wfile.write(canned.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the site's log is ``hits``."""


def _conditional(body: bytes, content_type: str, headers: dict[str, str]) -> Canned:
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    if headers.get("if-none-match") == etag:
        return Canned(304, b"", {"ETag": etag})
    return Canned(200, body, {"Content-Type": content_type, "ETag": etag})


def _rfc822(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso.replace("Z", "+00:00")), usegmt=True)


def main(argv: list[str] | None = None) -> None:
    """Serve the sample articles until interrupted."""
    parser = argparse.ArgumentParser(description="Serve invented news (pages, RSS, Atom, sitemaps) on loopback.")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    args = parser.parse_args(argv)
    site = NewsSite(host=args.host, port=args.port).start()
    print(f"sample news on {site.base}: feed {site.url('/feed.xml')}, sitemap {site.url('/sitemap.xml')}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        site.stop()


if __name__ == "__main__":
    main()
