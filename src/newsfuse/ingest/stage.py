"""The ingest stage: read inputs, clean each record, store articles and rejections.

Decides the order of ingest work and what is counted. Inputs are read
twice: a first pass counts short lines across new plain-text records (so
the cleaner knows a site's template lines from the first article on,
whatever the order of the inputs), the second cleans and stores records in
transactional batches. A record is a unit and its raw hash its completion
mark: records read before are skipped without cleaning, which makes
re-running an interrupted ingest cheap. Each batch also stores the line
counts of exactly the records it holds, so an interrupted ingest resumed
sees the same counts as one that was never interrupted.
"""

from __future__ import annotations

import io
import itertools
import logging
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import BinaryIO

from newsfuse.clean.cleaner import clean_record
from newsfuse.clean.repetition import LineStats, short_line_keys
from newsfuse.engines import Engine, LocalEngine
from newsfuse.ingest.sources import ReadLimits, iter_records
from newsfuse.records import Article, IngestSummary, RawArticle, Rejection
from newsfuse.stages.base import RecordStage, StageContext, StageProgress, StageReport
from newsfuse.stages.driver import bounded_batches, ignore_progress, wrote
from newsfuse.store.protocols import InputSeen, Store

# Records per store transaction at most: large enough that DuckDB's
# per-commit cost is small (about 5 ms), small enough that a kill loses at
# most a few seconds of cleaning (writes also happen every FLUSH_SECONDS).
WRITE_BATCH = 128
# Rejections kept in the summary for a command to show; the rest are in the store.
REJECTIONS_SHOWN = 10

log = logging.getLogger("newsfuse.pipeline")
ProgressCallback = Callable[[int], None]
Records = Callable[[], Iterable[RawArticle | Rejection]]


@dataclass(frozen=True)
class CleanOutcome:
    """What cleaning one raw record gave, with what the store needs to record it."""

    raw_hash: str | None
    input: str
    result: Article | Rejection
    line_keys: tuple[str, ...] = ()
    counted: bool = False  # a plain-text record whose short lines the first pass counted


class CleanStage(RecordStage[RawArticle | Rejection, CleanOutcome]):
    """The clean record stage: raw record to article (or rejection)."""

    name = "clean"

    def __init__(self, stats: LineStats | None = None) -> None:
        self.stats = stats

    def process(self, item: RawArticle | Rejection) -> CleanOutcome:
        if isinstance(item, Rejection):
            return CleanOutcome(None, item.input, item)
        try:
            result = clean_record(item, self.stats)
        except Exception as error:
            result = Rejection(
                item.input, f"cleaning failed ({type(error).__name__}: {error}); please report this input"
            )
        text = item.source_format == "text"
        keys = tuple(set(short_line_keys(item.body))) if text else ()
        return CleanOutcome(item.raw_hash, item.input, result, keys, counted=text)


class IngestStage:
    """The pipeline's first stage: records from inputs (or from memory) into the store."""

    name = "ingest"
    needs: tuple[str, ...] = ()
    produces = ("articles", "rejects")
    unit_name = "records"

    def __init__(
        self,
        inputs: Sequence[str] = (),
        limits: ReadLimits | None = None,
        stdin: BinaryIO | None = None,
        records: Records | None = None,
    ) -> None:
        self.inputs, self.limits, self.stdin, self.records = inputs, limits or ReadLimits(), stdin, records

    def run(self, store: Store, engine: Engine, ctx: StageContext, progress: StageProgress | None) -> StageReport:
        with progress(self.name, None) if progress else nullcontext(ignore_progress) as advance:
            if self.records is not None:
                summary = ingest_records(self.records, store, engine, progress=advance)
            else:
                summary = ingest(self.inputs, store, engine, limits=self.limits, stdin=self.stdin, progress=advance)
        return StageReport(self.name, self.unit_name, summary.read, summary.stored, summary.duplicates, summary)


def ingest(
    inputs: Sequence[str],
    store: Store,
    engine: Engine | None = None,
    *,
    limits: ReadLimits | None = None,
    stdin: BinaryIO | None = None,
    progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Read, clean and store every record of the inputs; return the counts."""
    limits = limits or ReadLimits()
    if "-" in inputs:
        stdin = io.BytesIO((stdin or sys.stdin.buffer).read())
    return ingest_records(lambda: iter_records(inputs, limits, _rewound(stdin)), store, engine, progress=progress)


def ingest_records(
    records: Records,
    store: Store,
    engine: Engine | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Clean and store records; ``records`` is called twice (line counts, then cleaning), so it must replay."""
    engine = engine or LocalEngine()
    stats = store.line_stats().merge(_count_new_lines(records(), store))
    counter = _Counter()
    fresh = _new_records(records(), store, counter)
    outcomes = engine.map(CleanStage(stats), fresh)
    stored: list[str] = []
    log.info("ingest: reading records")
    wrote("ingest", 0)
    for writes, batch in enumerate(bounded_batches(outcomes, WRITE_BATCH), start=1):
        stored.extend(_write(store, batch, counter))
        log.info("ingest: wrote %d records", len(batch))
        wrote("ingest", writes)
        if progress:
            progress(len(batch))
    return IngestSummary(
        read=counter.read,
        stored=len(stored),
        duplicates=counter.duplicates,
        rejected=counter.rejected,
        stored_ids=tuple(stored),
        rejections=tuple(counter.examples),
    )


@dataclass
class _Counter:
    read: int = 0
    duplicates: int = 0
    rejected: int = 0
    examples: list[Rejection] = field(default_factory=list)


def _rewound(stdin: BinaryIO | None) -> BinaryIO | None:
    if stdin is not None:
        stdin.seek(0)
    return stdin


def _count_new_lines(stream: Iterable[RawArticle | Rejection], store: Store) -> LineStats:
    """Short-line counts over distinct plain-text records not yet in the store."""
    stats = LineStats()
    seen: set[str] = set()
    records = (r for r in stream if isinstance(r, RawArticle))
    for batch in _batches((r for r in records if r.source_format == "text"), 512):
        known = store.known_raw_hashes([r.raw_hash for r in batch])
        for record in batch:
            if record.raw_hash not in known and record.raw_hash not in seen:
                seen.add(record.raw_hash)
                stats.update(record.body)
    return stats


def _new_records(
    stream: Iterable[RawArticle | Rejection], store: Store, counter: _Counter
) -> Iterator[RawArticle | Rejection]:
    """Records to clean: rejections pass through; raw records read before are counted and dropped."""
    seen: set[str] = set()
    for batch in _batches(stream, 512):
        known = store.known_raw_hashes([r.raw_hash for r in batch if isinstance(r, RawArticle)])
        for record in batch:
            counter.read += 1
            if isinstance(record, RawArticle):
                if record.raw_hash in known or record.raw_hash in seen:
                    counter.duplicates += 1
                    continue
                seen.add(record.raw_hash)
            yield record


def _write(store: Store, batch: list[CleanOutcome], counter: _Counter) -> tuple[str, ...]:
    articles = [o.result for o in batch if isinstance(o.result, Article)]
    rejections = [o.result for o in batch if isinstance(o.result, Rejection)]
    counter.rejected += len(rejections)
    counter.examples.extend(rejections[: REJECTIONS_SHOWN - len(counter.examples)])
    seen = [
        InputSeen(o.raw_hash, o.input, o.result.id if isinstance(o.result, Article) else None)
        for o in batch
        if o.raw_hash is not None
    ]
    # The records the first pass counted, so a resumed ingest counts as an uninterrupted one.
    counted = [o for o in batch if o.counted]
    line_keys = Counter(itertools.chain.from_iterable(o.line_keys for o in counted))
    result = store.write_batch(articles, rejections, seen, line_keys, line_documents=len(counted))
    counter.duplicates += result.duplicates
    return result.stored_ids


def _batches(items: Iterable[object], size: int) -> Iterator[list]:  # type: ignore[type-arg]
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
