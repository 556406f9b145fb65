#!/usr/bin/env python3
"""Serve invented news on loopback: article pages, an RSS and an Atom feed, sitemaps, robots.txt.

For trying `newsfuse fetch` and `newsfuse watch` without the internet:

    .venv/bin/python scripts/feed_server.py --port 8765 &
    .venv/bin/newsfuse fetch http://127.0.0.1:8765/feed.xml --store live.duckdb

The articles (two events, four outlets, one wire report copied and one
rewritten with a changed figure) ship in newsfuse/fetch/sample_articles.json.
Ctrl-C stops the server.
"""

from newsfuse.fetch.sample_site import main

if __name__ == "__main__":
    main()
