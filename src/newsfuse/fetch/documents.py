"""Feeds and sitemaps: which documents a response is, and the links it lists.

Decides how a fetched document is read. The kind comes from the content
type and, because servers often mislabel feeds and sitemaps, from the root
element; gzip bodies (``sitemap.xml.gz``) are unpacked first. Feeds are
parsed by feedparser (RSS 0.9x-2.0, Atom, RDF); sitemaps (url sets, sitemap
indexes, Google News sitemaps, plain-text lists) by lxml with entities and
network access disabled. A feed feedparser could only partly read still
gives its entries, and the damage is reported.
"""

from __future__ import annotations

import gzip
import io
import re
import time
from dataclasses import dataclass, field
from typing import Literal

import feedparser
from lxml import etree

from newsfuse.fetch.urls import absolute, is_http

Kind = Literal["feed", "sitemap", "html", "other"]
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF|urlset|sitemapindex|html)[\s>/]", re.I)
_FEED_ROOTS = {"rss", "feed", "rdf"}
_SITEMAP_ROOTS = {"urlset", "sitemapindex"}
_SNIFF = 2048


@dataclass(frozen=True)
class Link:
    """A URL a feed or sitemap lists, with the date it gives (ISO 8601 or None)."""

    url: str
    published: str | None = None


@dataclass
class Listing:
    """What a feed or sitemap lists: pages, child sitemaps, and damage found on the way."""

    pages: list[Link] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    problem: str | None = None


def unpack(body: bytes, limit: int) -> bytes:
    """The body, gunzipped when it is gzip data (refusing more than ``limit`` bytes)."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        while chunk := stream.read(1 << 20):
            out.write(chunk)
            if out.tell() > limit:
                raise ValueError(f"unpacks to more than {limit / 1048576:.0f} MB")
    return out.getvalue()


def kind_of(content_type: str, body: bytes) -> Kind:
    """What a response holds, from its root element first and its content type second."""
    root = _root_name(body)
    if root in _FEED_ROOTS:
        return "feed"
    if root in _SITEMAP_ROOTS:
        return "sitemap"
    if root == "html" or "html" in content_type:
        return "html"
    if any(t in content_type for t in ("rss", "atom")):
        return "feed"
    if content_type.startswith("text/plain") and _url_lines(body):
        return "sitemap"
    return "other"


def _root_name(body: bytes) -> str | None:
    match = _ROOT.search(body[:_SNIFF])
    return match.group(1).decode("ascii").lower() if match else None


def parse_feed(body: bytes, url: str, content_type: str = "") -> Listing:
    """The entries' links of an RSS, Atom or RDF feed; ``problem`` says what was wrong with it."""
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    listing = Listing()
    for entry in parsed.entries:
        link = _entry_link(entry, url)
        if link:
            listing.pages.append(Link(link, _struct_date(entry.get("published_parsed") or entry.get("updated_parsed"))))
    if parsed.bozo:
        error = _short(parsed.get("bozo_exception"))
        if not parsed.get("version") and not listing.pages:
            listing.problem = f"malformed feed: not RSS or Atom that can be read ({error})"
        else:
            listing.problem = f"malformed feed ({error}); used the {len(listing.pages)} entries that could be read"
    return listing


def _entry_link(entry: feedparser.FeedParserDict, base: str) -> str | None:
    candidates = [entry.get("link")] + [x.get("href") for x in entry.get("links", []) if x.get("rel") == "alternate"]
    for candidate in candidates:
        if candidate:
            resolved = absolute(base, candidate)
            if is_http(resolved):
                return resolved
    return None


def parse_sitemap(body: bytes, url: str) -> Listing:
    """Pages and child sitemaps of an XML sitemap, a sitemap index, a news sitemap or a plain URL list."""
    if _root_name(body) not in _SITEMAP_ROOTS:
        lines = _url_lines(body)
        if lines:
            return Listing(pages=[Link(u) for u in lines])
        return Listing(problem="malformed sitemap: neither a <urlset>, a <sitemapindex> nor a list of URLs")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:
        return Listing(problem=f"malformed sitemap: {_short(error)}")
    listing = Listing()
    index = etree.QName(root).localname == "sitemapindex"
    for item in root:
        if not isinstance(item.tag, str):
            continue
        loc = _child_text(item, "loc")
        if not loc or not is_http(absolute(url, loc)):
            continue
        if index:
            listing.sitemaps.append(absolute(url, loc))
        else:
            date = _child_text(item, "publication_date") or _child_text(item, "lastmod")
            listing.pages.append(Link(absolute(url, loc), date))
    return listing


def _child_text(element: etree._Element, name: str) -> str | None:
    """Text of the first descendant called ``name`` in any namespace (news:publication_date sits two deep)."""
    for child in element.iter():
        if isinstance(child.tag, str) and etree.QName(child).localname == name and child.text:
            return str(child.text).strip()
    return None


def _url_lines(body: bytes) -> list[str]:
    lines = [line.strip() for line in body.decode("utf-8", errors="replace").splitlines() if line.strip()]
    return lines if lines and all(is_http(line) for line in lines) else []


def _struct_date(value: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", value) if value is not None else None


def _short(error: object) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) < 160 else text[:157] + "..."
