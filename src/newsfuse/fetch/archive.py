"""WARC files of everything fetched, so a run can be redone offline.

Decides what is kept: one ``response`` record per HTTP response received
(pages, feeds, sitemaps, robots.txt and error pages alike), in a gzipped
WARC file per run beside the store (a new file past 1 GB, for long
watches). The body is stored as the client decoded it (gzip or deflate
transfer encodings undone), with the
Content-Encoding header dropped and the length set to match, so readers
never have to undo an encoding; everything else is as the server sent it.
``newsfuse run crawl.warc.gz`` then reads the same pages back.
"""

from __future__ import annotations

import io
import threading
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

_DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
# A watch runs for days: a new file is started past this size (compressed),
# so archives can be moved, replayed and deleted piecemeal.
MAX_FILE_BYTES = 1 << 30


def warc_folder(store_path: str) -> Path:
    """Where a store's crawl archives go: ``news-warc/`` beside ``news.duckdb``."""
    if store_path == ":memory:":
        return Path("newsfuse-warc")
    path = Path(store_path)
    return path.with_name(path.stem + "-warc")


class WarcArchive:
    """A WARC file opened on the first response written."""

    def __init__(self, folder: Path, prefix: str = "crawl", max_file_bytes: int = MAX_FILE_BYTES) -> None:
        self.folder = folder
        self.prefix = prefix
        self.max_file_bytes = max_file_bytes
        self.path: Path | None = None
        self.paths: list[Path] = []
        self.records = 0
        self._stream: BinaryIO | None = None
        self._writer: WARCWriter | None = None
        self._lock = threading.Lock()

    def write_response(
        self, url: str, status: int, reason: str, headers: list[tuple[str, str]], body: bytes, http_version: str
    ) -> None:
        """Append one response record."""
        kept = [(k, v) for k, v in headers if k.lower() not in _DROPPED_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        http_headers = StatusAndHeaders(f"{status} {reason}".strip(), kept, protocol=http_version)
        with self._lock:
            writer = self._open()
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http_headers)
            writer.write_record(record)
            self.records += 1
            if self._stream is not None and self._stream.tell() >= self.max_file_bytes:
                self._stream.close()
                self._stream, self._writer = None, None

    def _open(self) -> WARCWriter:
        if self._writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            self.path = self.folder / f"{self.prefix}-{stamp}.warc.gz"
            self.paths.append(self.path)
            self._stream = self.path.open("ab")
            self._writer = WARCWriter(self._stream, gzip=True)
        return self._writer

    def flush(self) -> None:
        with self._lock:
            if self._stream is not None:
                self._stream.flush()

    def close(self) -> None:
        with self._lock:
            if self._stream is not None:
                self._stream.close()
            self._stream = None
            self._writer = None

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
