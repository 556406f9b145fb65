"""An article's text as paragraphs and subheads, for its page.

Decides how clean text is laid out: every line of the clean text is a
paragraph (the cleaner joins paragraphs with line breaks), and a short line
shaped like a heading (no closing punctuation, capitalised) is a subhead.
Highlighted segments that cross a line break are cut there, so each
paragraph holds whole elements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import Field, dataclass, replace
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from newsfuse.clean.lines import Line


class TextSegment(Protocol):
    """A dataclass piece of text (the page's plain or highlighted segment)."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @property
    def text(self) -> str: ...


S = TypeVar("S", bound=TextSegment)


@dataclass(frozen=True)
class Paragraph(Generic[S]):
    """One line of the clean text, as the segments that make it up."""

    segments: tuple[S, ...]
    subhead: bool = False


def paragraphs(segments: Sequence[S]) -> list[Paragraph[S]]:
    """The segments cut at line breaks into paragraphs; blank lines are dropped.

    >>> from newsfuse.web.pages import Segment
    >>> [p.subhead for p in paragraphs([Segment("Ferry Talks Resume\\nThe council met on Monday.")])]
    [True, False]
    """
    out: list[Paragraph[S]] = []
    current: list[S] = []
    for segment in segments:
        pieces = segment.text.split("\n")
        for number, piece in enumerate(pieces):
            if number:
                _close(current, out)
                current = []
            if piece:
                current.append(replace(segment, text=piece))
    _close(current, out)
    return out


def _close(current: list[S], out: list[Paragraph[S]]) -> None:
    text = "".join(s.text for s in current).strip()
    if text:
        out.append(Paragraph(tuple(current), subhead=_is_subhead(text)))


def _is_subhead(text: str) -> bool:
    line = Line(0, text)
    return line.is_headline_like and not line.ends_sentence
