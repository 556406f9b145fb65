"""Long texts through spaCy in pieces, with offsets into the whole text.

Decides how a text longer than spaCy will take in one call (``nlp.max_length``,
1,000,000 characters; the parser and entity recogniser need memory in
proportion to the text) is processed: cut into pieces of at most
``PIECE_CHARS`` characters at paragraph breaks (sentence ends, then spaces,
inside a paragraph longer than that), each piece parsed on its own, and the
pieces joined back into one ``Doc`` whose text is the original text, so every
character offset (entities, tokens, sentences) stays an offset into it.
Texts up to ``PIECE_CHARS`` are parsed whole, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

# A tenth of spaCy's default max_length: an order of magnitude of headroom,
# and a piece costs the small English model tens of MB at most. News
# articles are far shorter (the longest ECB+ text is about 20,000
# characters), so only data dumps and books are ever cut.
PIECE_CHARS = 100_000
_PARAGRAPH_END = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def split_text(text: str, limit: int | None = None) -> list[str]:
    """Pieces of at most ``limit`` (default ``PIECE_CHARS``) characters whose concatenation is ``text``.

    >>> split_text("one.\\n\\ntwo.\\n", limit=8)
    ['one.\\n\\n', 'two.\\n']
    """
    limit = limit or PIECE_CHARS
    if len(text) <= limit:
        return [text]
    pieces = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _cut(text: str, start: int, stop: int) -> int:
    """The best place to end a piece in text[start:stop]: after a paragraph, a sentence, a space, or at stop."""
    window = text[start:stop]
    for boundary in (_PARAGRAPH_END, _SENTENCE_END, _SPACE):
        ends = [m.end() for m in boundary.finditer(window) if m.end() < len(window)]
        if ends:
            return start + ends[-1]
    return stop


def pipe_in_pieces(nlp: Any, texts: Sequence[str], batch_size: int, limit: int | None = None) -> Iterator[Any]:
    """``nlp.pipe(texts)``, with texts over ``limit`` parsed in pieces and joined back into one Doc each."""
    from spacy.tokens import Doc

    split = [split_text(text, limit) for text in texts]
    docs = nlp.pipe((piece for pieces in split for piece in pieces), batch_size=batch_size)
    for pieces in split:
        parts = [next(docs) for _ in pieces]
        if len(parts) == 1:
            yield parts[0]
            continue
        # ensure_whitespace=False: the pieces already hold every character
        # of the text, so the joined Doc's text is the original and offsets
        # need no shift beyond what from_docs applies.
        yield Doc.from_docs(parts, ensure_whitespace=False)
