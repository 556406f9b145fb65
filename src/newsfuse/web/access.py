"""How the web app touches the store: many readers, one writer at a time.

Decides the app's concurrency. DuckDB allows one writer per database, so
every write (ingest, indexing, story assignment, the refresh of a story's
provenance, claims, brief and outlet roles) runs under one lock; reads take a cursor of
their own and never wait for it. Story assignment keeps its state (the ANN
index and features of every article) in memory between requests, so adding
one article does not reload the store. After a write, the stories that
changed are refreshed by a background worker, so a POST answers as soon as
its articles are stored and placed in a story.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from newsfuse.cluster.incremental import StoryAssigner
from newsfuse.cluster.stage import AssignStage
from newsfuse.config import Settings
from newsfuse.engines import LocalEngine
from newsfuse.pipeline import IngestStage, Pipeline
from newsfuse.records import RawArticle, Rejection
from newsfuse.store import DuckDBStore, open_store

# The part of the incremental pipeline a POST waits for, and the part the
# background worker runs for the stories it touched.
ON_POST = ("ingest", "index", "assign")
ON_REFRESH = ("sentences", "provenance", "claims", "brief", "outlets")


@dataclass(frozen=True)
class Outcome:
    """What happened to one posted record."""

    input: str
    status: str  # stored | duplicate | rejected
    article_id: str | None
    story_id: str | None
    reason: str | None = None


class StoreAccess:
    """The app's handle on the store."""

    def __init__(self, path: str, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.store = open_store(path)
        self.write_lock = threading.Lock()
        self.assigner: StoryAssigner | None = None
        self._refresh: queue.Queue[list[str] | None] = queue.Queue()
        self._worker = threading.Thread(target=self._refresh_loop, name="newsfuse-refresh", daemon=True)
        self._worker.start()

    def close(self) -> None:
        self._refresh.put(None)
        self._worker.join(timeout=30)
        self.store.close()

    @contextmanager
    def reader(self) -> Iterator[DuckDBStore]:
        """A store handle for one request's reads (its own cursor; never blocked by writes)."""
        cursor = self.store.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def ingest(self, records: Sequence[RawArticle | Rejection]) -> list[Outcome]:
        """Store, index and place posted records; stories that changed are refreshed in the background."""
        with self.write_lock:
            preloaded = self.assigner is not None
            if self.assigner is None:
                self.assigner = StoryAssigner(index_path=self._index_path())
            assign = AssignStage(self.assigner, preloaded=preloaded)
            pipeline = Pipeline.incremental(assign=assign, ingest=IngestStage(records=lambda: iter(records)))
            # Records arrive in memory, so the in-process engine is used:
            # a pool would cost more to start than these few articles take.
            pipeline.run(self.store, self.settings, LocalEngine(workers=1), only=ON_POST)
            outcomes = self._outcomes(records, assign.joined)
        touched = sorted({o.story_id for o in outcomes if o.story_id and o.status == "stored"})
        if touched:
            self._refresh.put(touched)
        return outcomes

    def flush(self) -> None:
        """Finish queued refreshes and persist the story assigner's index."""
        self.wait_for_refresh()
        with self.write_lock:
            if self.assigner is not None:
                self.assigner.save()

    def wait_for_refresh(self) -> None:
        """Block until queued refreshes are done (tests and shutdown)."""
        self._refresh.join()

    def _outcomes(self, records: Sequence[RawArticle | Rejection], joined: dict[str, str]) -> list[Outcome]:
        raws = [r for r in records if isinstance(r, RawArticle)]
        article_of = self.store.articles_for_raw([r.raw_hash for r in raws])
        assignments = self.store.story_assignments()
        rejected = {r.input: r.reason for r in self.store.iter_rejections()}
        outcomes = []
        for record in records:
            if isinstance(record, Rejection):
                outcomes.append(Outcome(record.input, "rejected", None, None, record.reason))
                continue
            article_id = article_of.get(record.raw_hash)
            if article_id is None:
                outcomes.append(Outcome(record.input, "rejected", None, None, rejected.get(record.input, "not stored")))
                continue
            status = "stored" if article_id in joined else "duplicate"
            outcomes.append(Outcome(record.input, status, article_id, assignments.get(article_id)))
        return outcomes

    def _index_path(self) -> Path | None:
        return None if self.store.path == ":memory:" else Path(self.store.path + ".usearch")

    def _refresh_loop(self) -> None:
        while True:
            story_ids = self._refresh.get()
            try:
                if story_ids is None:
                    return
                with self.write_lock:
                    Pipeline.incremental().run(self.store, self.settings, only=ON_REFRESH, story_ids=story_ids)
            finally:
                self._refresh.task_done()
