"""The records that flow between stages.

Every stage takes and returns these frozen dataclasses, never untyped dicts, so
a field a stage needs is checked by the type checker rather than found missing
at run time. Ids are content hashes (see ``ids.py``): the same article read
twice gets the same id, which is what makes re-ingesting a no-op.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

SourceFormat = Literal["text", "html"]


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One record as read from an input, before any cleaning.

    ``input`` locates the record: a path, ``path#LINE`` for JSON Lines (first
    line 1), or ``path#RECORD`` for WARC (first response record 1).
    """

    input: str
    source_format: SourceFormat
    body: str
    raw_hash: str
    external_id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published_at: str | None = None
    language: str | None = None
    # The date a feed or sitemap listed the page with: the publication date when the page gives none.
    listed_at: str | None = None


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line the cleaner took out of the main text, and why."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Credit:
    """A wire, syndication or byline credit found in the article.

    ``source`` is the organisation named (a news agency or outlet) when one
    could be identified; later stages use it as evidence of who was copied.
    """

    text: str
    source: str | None = None
    kind: Literal["wire", "byline", "origin", "editor"] = "wire"


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: the unit every later stage works on.

    ``sentences`` are character spans into ``text``; they never cross a
    paragraph break.
    """

    id: str
    input: str
    text: str
    source_format: SourceFormat
    external_id: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published_at: str | None = None
    language: str | None = None
    removed: tuple[RemovedLine, ...] = ()
    credits: tuple[Credit, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()

    def sentence_texts(self) -> list[str]:
        """The text of each sentence, in order."""
        return [self.text[start:end] for start, end in self.sentences]


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not be turned into an article, with the reason."""

    input: str
    reason: str


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the index stage computes once per article, for grouping.

    ``minhash`` holds the MinHash signature as little-endian uint32,
    ``embedding`` the document vector as little-endian float32, and ``terms``
    (hashed term id, count) pairs as little-endian uint32, all as bytes so the
    record stays compact, hashable and cheap to send between processes.
    ``shingles`` is the number of distinct word 3-grams the signature was
    taken over; None where it is unknown (rows written before it was kept),
    and then the duplicates stage compares that article's texts exactly.
    """

    article_id: str
    exact_hash: str
    minhash: bytes
    embedding: bytes
    terms: bytes
    entities: tuple[str, ...]
    embedder: str
    shingles: int | None = None


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Articles that are the same text, exactly or nearly."""

    group_id: str
    article_ids: tuple[str, ...]
    kind: Literal["exact", "near"]


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one event."""

    story_id: str
    article_ids: tuple[str, ...]
    title: str | None
    first_seen: str | None
    last_seen: str | None


PassageKind = Literal["verbatim", "near", "paraphrase", "translation"]
RelationKind = Literal["duplicate", "copy", "partial", "rewrite", "translation", "independent"]


@dataclass(frozen=True, slots=True)
class Passage:
    """Text two articles share: character spans into each article's ``text``."""

    source_span: tuple[int, int]
    target_span: tuple[int, int]
    kind: PassageKind
    similarity: float


@dataclass(frozen=True, slots=True)
class Relation:
    """How the target article derives from the source article, with the evidence."""

    story_id: str
    source_id: str
    target_id: str
    kind: RelationKind
    confidence: float
    coverage: float
    passages: tuple[Passage, ...]
    direction_evidence: str
    source_coverage: float = 0.0


@dataclass(frozen=True, slots=True)
class Provenance:
    """The derivation graph of one story, summarised."""

    story_id: str
    origins: tuple[str, ...]
    independent_sources: int
    first_reported: str | None
    external_origins: tuple[str, ...] = ()
    parents: tuple[tuple[str, str], ...] = ()


ClaimType = Literal["quote", "number", "event", "attribution"]
ClaimStatus = Literal[
    "corroborated", "single-source", "conflicting", "altered", "attribution-dropped", "credited-differently"
]
# Every claim status, in the order a reader meets them (the one definition:
# the web app, the API, the reports and the store read it from here).
CLAIM_STATUSES: tuple[ClaimStatus, ...] = get_args(ClaimStatus)
# Statuses that signal trouble: always flagged under a brief, in this order.
FLAGGED_STATUSES: tuple[ClaimStatus, ...] = ("altered", "conflicting", "attribution-dropped", "credited-differently")
# Statuses counted as a story's conflicts in lists, summaries and reports: a
# claim credited differently is flagged, but its articles agree on the facts.
CONFLICT_STATUSES: tuple[ClaimStatus, ...] = ("conflicting", "altered", "attribution-dropped")


@dataclass(frozen=True, slots=True)
class QuoteValue:
    """A quote or attribution: whether the words are quoted directly, and what the attribution says of its source.

    ``negative_cue``: the cue denies the content ('denied', 'did not say'),
    None where no parse judged it (pattern quotes); ``inferred``: the
    speaker was taken from the quote before; ``according``: an 'according
    to' credit; ``source_kind``: the entity type of the source phrase.
    """

    direct: bool
    negative_cue: bool | None = None
    inferred: bool = False
    according: bool = False
    source_kind: str | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"direct": self.direct}
        if self.negative_cue is not None:
            out["negative_cue"] = self.negative_cue
        if self.inferred:
            out["inferred"] = True
        if self.according:
            out["according"] = True
        if self.source_kind is not None:
            out["source_kind"] = self.source_kind
        return dict(sorted(out.items()))


@dataclass(frozen=True, slots=True)
class NumberValue:
    """A normalised figure; ``unit`` is 'percent', 'currency', 'count' or 'year'.

    ``year`` is the year the figure is about when the sentence resolves one,
    else ``year_ref`` keeps a relative reference ('last year'); ``noun`` is
    what a count counts ('tents'), ``change`` the word of change it goes
    with ('rise').
    """

    amount: float
    unit: str
    currency: str | None = None
    qualifier: str | None = None
    raw: str = ""
    year: int | None = None
    year_ref: str | None = None
    noun: str | None = None
    change: str | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "amount": self.amount,
            "currency": self.currency,
            "qualifier": self.qualifier,
            "raw": self.raw,
            "unit": self.unit,
        }
        for name in ("year", "year_ref", "noun", "change"):
            if (found := getattr(self, name)) is not None:
                out[name] = found
        return dict(sorted(out.items()))


@dataclass(frozen=True, slots=True)
class EventValue:
    """An event: who did what to what, and whether the verb is negated (None where not judged)."""

    subject: str
    verb: str
    object: str
    negated: bool | None = None

    def as_dict(self) -> dict[str, str | bool]:
        out: dict[str, str | bool] = {"object": self.object, "subject": self.subject, "verb": self.verb}
        if self.negated is not None:
            out["negated"] = self.negated
        return dict(sorted(out.items()))


# The normalised value of a claim (None when a pattern found it without one).
ClaimValue = QuoteValue | NumberValue | EventValue | None


def value_dict(value: ClaimValue) -> dict[str, object]:
    """The value as the JSON object of the output contract (keys sorted; {} for none)."""
    return dict(value.as_dict()) if value is not None else {}


def value_from_dict(found: Mapping[str, Any]) -> ClaimValue:
    """The typed value of a JSON object of the contract (the inverse of ``value_dict``; {} is no value).

    The kind is read from the keys: 'direct' for quotes and attributions,
    'amount' for figures, 'verb' for events.
    """
    if "direct" in found:
        return QuoteValue(**{k: found[k] for k in _QUOTE_FIELDS if k in found})
    if "amount" in found:
        return NumberValue(**{k: found[k] for k in _NUMBER_FIELDS if k in found})
    if "verb" in found:
        return EventValue(**{k: found[k] for k in _EVENT_FIELDS if k in found})
    return None


_QUOTE_FIELDS = QuoteValue.__dataclass_fields__.keys()
_NUMBER_FIELDS = NumberValue.__dataclass_fields__.keys()
_EVENT_FIELDS = EventValue.__dataclass_fields__.keys()


@dataclass(frozen=True, slots=True)
class ClaimMention:
    """One article's statement of a claim.

    ``span`` covers the claim itself (quote content, the number, the event's
    sentence) and ``content`` is its text; ``value`` is the normalised value
    (quantity for numbers, subject/verb/object for events, directness for quotes).
    """

    article_id: str
    type: ClaimType
    span: tuple[int, int]
    content: str
    sentence: str
    speaker: str | None = None
    attributed_to: str | None = None
    cue: str | None = None
    measure: str | None = None
    value: ClaimValue = None

    def value_dict(self) -> dict[str, object]:
        return value_dict(self.value)


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Mentions across a story's articles that state the same thing, and how well it stands."""

    story_id: str
    claim_id: str
    type: ClaimType
    statement: str
    status: ClaimStatus
    mentions: tuple[ClaimMention, ...]
    independent_support: int
    value: ClaimValue = None
    speaker: str | None = None
    note: str = ""

    def value_dict(self) -> dict[str, object]:
        return value_dict(self.value)


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """One sentence of a brief and every article that supports it."""

    text: str
    citations: tuple[str, ...]
    source_id: str
    source_span: tuple[int, int]
    compressed: bool = False


@dataclass(frozen=True, slots=True)
class Flag:
    """A warning under a brief, linked to the claim group it is about."""

    claim_id: str
    status: str
    note: str


@dataclass(frozen=True, slots=True)
class Brief:
    """A story's consolidated, cited account."""

    story_id: str
    sentences: tuple[BriefSentence, ...]
    flags: tuple[Flag, ...]
    writer: str = "extractive"
    dropped: tuple[str, ...] = ()
    # The day the event happened as the articles tell it (ISO date), apart
    # from when they were published; the note says which words gave it.
    event_date: str | None = None
    event_date_note: str = ""


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """Counts reported at the end of an ingest."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    stored_ids: tuple[str, ...] = field(default=())
    # The first few rejections of this ingest, so a command can show why.
    rejections: tuple[Rejection, ...] = field(default=())

    def line(self) -> str:
        """One human line for the end of a command."""
        return f"read {self.read}, stored {self.stored}, duplicates skipped {self.duplicates}, rejected {self.rejected}"
