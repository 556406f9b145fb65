"""How often a short line recurs across the documents of a corpus.

Decides which short lines are site templates: a line such as "Share" or
"Advertisement" that appears in many documents is furniture wherever it
appears. Only short lines are counted, as 64-bit hashes, so the table stays
small (a few bytes per distinct short line) and no article text is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from newsfuse.clean.normalize import normalise_lines
from newsfuse.ids import digest

# Lines longer than this are never counted: they are sentences, and shared
# sentences are what provenance looks for, not boilerplate.
MAX_COUNTED_WORDS = 12
# A line in at least this many documents, and in at least this share of them,
# is boilerplate. Three documents keep a phrase two reprints share from
# counting; 1% keeps common one-word headings ("Background") from being
# removed in large corpora where they recur by chance.
MIN_DOCUMENTS = 3
MIN_SHARE = 0.01


def line_key(line: str) -> str:
    """The normalised key of a line: case-folded, digits collapsed."""
    folded = "".join("0" if ch.isdigit() else ch for ch in line.casefold())
    return digest(" ".join(folded.split()))


class LineStats:
    """Document counts of short lines over a corpus.

    >>> stats = LineStats()
    >>> for doc in ["Share\\nA story.", "Share\\nAnother.", "Share\\nThird."]:
    ...     stats.update(doc)
    >>> stats.is_boilerplate("share")
    True
    """

    def __init__(self, counts: Counter[str] | None = None, documents: int = 0) -> None:
        self.counts: Counter[str] = counts if counts is not None else Counter()
        self.documents = documents

    def update(self, text: str) -> None:
        """Count the short lines of one document (each line once per document)."""
        self.documents += 1
        self.counts.update(set(short_line_keys(text)))

    def merge(self, other: LineStats) -> LineStats:
        """Counts of both corpora together."""
        return LineStats(self.counts + other.counts, self.documents + other.documents)

    def documents_with(self, line: str) -> int:
        return self.counts.get(line_key(line), 0)

    def is_boilerplate(self, line: str) -> bool:
        count = self.documents_with(line)
        return count >= MIN_DOCUMENTS and count >= MIN_SHARE * self.documents


def short_line_keys(text: str) -> Iterable[str]:
    """Keys of the short lines of a document."""
    for line in normalise_lines(text):
        if line and len(line.split()) <= MAX_COUNTED_WORDS:
            yield line_key(line)
