"""All visible text of an HTML page, one block per line, in document order.

Decides what a reader would see if they selected the whole page and copied
it: scripts, styles, templates and hidden elements are dropped, block
elements start new lines. Used to list what HTML extraction removed, and by
the evaluation that turns HTML pages into plain-text test cases.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_INVISIBLE_TAGS = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas"}
_BLOCK_TAGS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "option",
    "button",
    "label",
    "title",
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def visible_lines(html: str | bytes) -> list[str]:
    """The page's visible text as non-empty lines, one per block element."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    pieces: list[str] = []
    _walk(root, pieces)
    text = "".join(pieces)
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _walk(element: etree._Element, pieces: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower()
    hidden = tag in _INVISIBLE_TAGS or not tag or _is_hidden(element)
    if not hidden:
        block = tag in _BLOCK_TAGS
        if block:
            pieces.append("\n")
        if element.text:
            pieces.append(element.text)
        for child in element:
            _walk(child, pieces)
        if block:
            pieces.append("\n")
    if element.tail:
        pieces.append(element.tail)


def _is_hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))
