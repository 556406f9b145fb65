"""`newsfuse fetch` and `newsfuse watch`: live news into the store.

Each command builds a fetch policy from its options and calls the library
(``newsfuse.fetch``); what is stored, skipped and refused is printed on
stderr as it happens, and a summary line ends each run or poll.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from newsfuse.cli.app import app
from newsfuse.cli.common import (
    DEFAULT_STORE_PATH,
    EmbedderOption,
    NerOption,
    SentenceModelOption,
    StoreOption,
    err_console,
    friendly_errors,
    make_settings,
)
from newsfuse.config import Settings
from newsfuse.errors import InputError, MissingDependencyError
from newsfuse.fetch.archive import WarcArchive, warc_folder
from newsfuse.fetch.policy import FetchPolicy

if TYPE_CHECKING:  # the crawler needs the fetch extra; `newsfuse` must start without it
    from newsfuse.fetch.crawl import Notify

DelayOption = Annotated[
    float,
    typer.Option(
        "--delay", min=0.0, help="Seconds between requests to one host (robots.txt Crawl-delay can raise it)."
    ),
]
TimeoutOption = Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds allowed for one whole response.")]
MaxPagesOption = Annotated[
    int, typer.Option("--max-pages", min=1, help="Pages fetched per run (fetch) or per poll (watch) at most.")
]
FetchMbOption = Annotated[float, typer.Option("--max-mb", min=0.1, help="Largest response accepted, in MB.")]
WarcOption = Annotated[
    Path | None,
    typer.Option(
        "--warc-dir", help="Folder for the WARC files of raw responses; default STORE-warc/ beside the store."
    ),
]
ContactOption = Annotated[
    str | None,
    typer.Option("--contact", help="An e-mail or URL added to the User-Agent, so site owners can reach you."),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary lines.")]


def _policy(delay: float, timeout: float, max_pages: int, max_mb: float, contact: str | None) -> FetchPolicy:
    policy = FetchPolicy(delay=delay, timeout=timeout, max_pages=max_pages, max_bytes=int(max_mb * 1024 * 1024))
    return policy.with_contact(contact)


def _notify(quiet: bool) -> Notify:
    def show(message: str) -> None:
        if quiet and not message.startswith("poll "):
            return
        err_console.print(escape(message), highlight=False)

    return show


@app.command(
    "fetch",
    epilog="Example: newsfuse fetch https://example.org/feed.xml https://example.org/news/a.html --store news.duckdb",
)
@friendly_errors
def fetch_command(
    urls: Annotated[list[str], typer.Argument(help="Pages, RSS/Atom feeds, sitemaps or sitemap indexes.")],
    store: StoreOption = DEFAULT_STORE_PATH,
    delay: DelayOption = 1.0,
    timeout: TimeoutOption = 30.0,
    max_pages: MaxPagesOption = 1000,
    max_mb: FetchMbOption = 20.0,
    warc_dir: WarcOption = None,
    contact: ContactOption = None,
    embedder: EmbedderOption = "e5",
    ner: NerOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """Fetch pages, feeds and sitemaps politely; store the articles and put each into a story.

    robots.txt is honoured, each host gets one connection and --delay seconds
    between requests, pages already in the store are not fetched again, and
    every response is kept in a WARC file (replay it offline with
    `newsfuse run FILE.warc.gz`). Failures are listed in rejects with their reason.
    """
    from newsfuse.fetch.watch import fetch_urls

    policy = _policy(delay, timeout, max_pages, max_mb, contact)
    settings = Settings(embedder=embedder, ner=ner)
    report, warc = fetch_urls(urls, str(store), settings, policy, warc_dir, notify=_notify(quiet))
    err_console.print(escape(report.line()), highlight=False)
    if warc is not None:
        err_console.print(f"raw responses kept in {warc}")
    if report.pages == 0 and report.documents == 0 and report.unchanged == 0 and report.known == 0:
        err_console.print("[bold red]nothing could be fetched[/]; see the reasons above (also in `rejects`)")
        raise typer.Exit(1)


@app.command(
    "watch",
    epilog="Example: newsfuse watch --feeds feeds.txt --every 300 --store news.duckdb --serve 8000",
)
@friendly_errors
def watch_command(
    feeds: Annotated[
        Path, typer.Option("--feeds", help="A text file of feed and sitemap URLs, one a line (# starts a comment).")
    ],
    store: StoreOption = DEFAULT_STORE_PATH,
    every: Annotated[float, typer.Option("--every", min=0.1, help="Seconds between polls of the list.")] = 300.0,
    polls: Annotated[
        int | None, typer.Option("--polls", min=1, help="Stop after this many polls (default: run until stopped).")
    ] = None,
    serve: Annotated[
        int | None,
        typer.Option("--serve", min=1, max=65535, help="Also serve the web app on this port (127.0.0.1), live."),
    ] = None,
    token: Annotated[
        str | None, typer.Option("--token", help="Token for the web app's write endpoints (default: $NEWSFUSE_TOKEN).")
    ] = None,
    delay: DelayOption = 1.0,
    timeout: TimeoutOption = 30.0,
    max_pages: MaxPagesOption = 1000,
    max_mb: FetchMbOption = 20.0,
    warc_dir: WarcOption = None,
    contact: ContactOption = None,
    embedder: EmbedderOption = "e5",
    sentence_model: SentenceModelOption = None,
    ner: NerOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """Poll feeds and sitemaps on a schedule until stopped (Ctrl-C); new articles join stories as they arrive.

    Feeds are fetched conditionally (ETag, Last-Modified), so an unchanged
    feed costs one short request. A site that is down is recorded and polled
    again next time; the watch goes on. With --serve the web app runs in the
    same process and shows what is new as it arrives.
    """
    from newsfuse.fetch.sink import open_sink
    from newsfuse.fetch.watch import Watch, read_feed_list, run_watch

    if not feeds.exists():
        raise InputError(f"no feed list at {feeds}; write one URL a line")
    urls = read_feed_list(feeds)
    if not urls:
        raise InputError(f"{feeds} lists no URLs; write one feed or sitemap URL a line")
    policy = _policy(delay, timeout, max_pages, max_mb, contact)
    settings = make_settings(sentence_model, embedder=embedder, ner=ner)
    archive = WarcArchive(warc_dir or warc_folder(str(store)), prefix="watch")
    err_console.print(f"watching {len(urls)} feeds and sitemaps every {every:g} s; Ctrl-C stops")
    if serve is None:
        access = open_sink(str(store), settings)
        try:
            run_watch(Watch(urls, access, policy, archive, every, _notify(quiet)), polls)
            access.flush()
        finally:
            archive.close()
            access.close()
        return
    _watch_and_serve(urls, str(store), settings, policy, archive, every, polls, serve, token, quiet)


def _watch_and_serve(
    urls: list[str],
    store: str,
    settings: Settings,
    policy: FetchPolicy,
    archive: WarcArchive,
    every: float,
    polls: int | None,
    port: int,
    token: str | None,
    quiet: bool,
) -> None:
    try:
        from newsfuse.web.app import create_app
        from newsfuse.web.background import serve_in_thread
    except ImportError as error:
        raise MissingDependencyError("the web app (fastapi, uvicorn)", "pip install 'newsfuse[web]'") from error
    from newsfuse.fetch.watch import Watch, run_watch

    application = create_app(store, token or os.environ.get("NEWSFUSE_TOKEN"), settings=settings)
    access = application.state.access
    try:
        with serve_in_thread(application, port=port) as base:
            err_console.print(f"newsfuse on {base} (what is new: {base}/new)")
            run_watch(Watch(urls, access, policy, archive, every, _notify(quiet)), polls)
            access.flush()
    finally:
        archive.close()
        access.close()
