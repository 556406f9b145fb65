from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsfuse.ingest import ReadLimits, iter_records, kind_of
from newsfuse.records import RawArticle, Rejection

ARTICLE = "A council approved a new library on Monday. The building will open next year in the old market hall."


def _records(*inputs: str | Path, **kwargs: object) -> list[RawArticle | Rejection]:
    return list(iter_records([str(i) for i in inputs], **kwargs))  # type: ignore[arg-type]


def write_warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    """pages: (url, content type, body)."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        for url, content_type, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()), http_headers=headers)
            writer.write_record(record)


def test_kind_of_suffixes() -> None:
    assert kind_of(Path("a.txt")) == "text"
    assert kind_of(Path("a.HTML.gz")) == "html"
    assert kind_of(Path("a.jsonl")) == "jsonl"
    assert kind_of(Path("crawl.warc.gz")) == "warc"
    assert kind_of(Path("a.pdf")) is None


def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(ARTICLE)
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(f"<p>{ARTICLE}</p>".encode()))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # unsupported types in folders are rejected, with the reason
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")  # hidden folders are not inputs
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    records = _records(tmp_path)
    assert [Path(r.input).name for r in records] == ["a.html.gz", "two.txt", "notes.pdf"]
    assert [r.source_format for r in records if isinstance(r, RawArticle)] == ["html", "text"]
    skipped = records[-1]
    assert isinstance(skipped, Rejection) and skipped.reason.startswith("unsupported file type .pdf")


def test_jsonl_lines_keep_position_and_fields(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": 7, "text": ARTICLE, "title": "Library", "outlet": "Town Post", "published_at": "2024-05-02"}),
        "{not json",
        json.dumps({"id": "x", "title": "no body"}),
        "",
        json.dumps({"html": f"<p>{ARTICLE}</p>", "url": "https://example.org/a", "language": "EN"}),
        json.dumps(["a", "list"]),
    ]
    path.write_text("\n".join(lines) + "\n")
    records = _records(path)
    by_input = {r.input.rsplit("#", 1)[1]: r for r in records}
    first = by_input["1"]
    assert isinstance(first, RawArticle)
    assert (first.external_id, first.title, first.outlet, first.published_at) == (
        "7",
        "Library",
        "Town Post",
        "2024-05-02",
    )
    assert isinstance(by_input["2"], Rejection) and "invalid JSON" in by_input["2"].reason
    assert isinstance(by_input["3"], Rejection) and "'text' or 'html'" in by_input["3"].reason
    assert "4" not in by_input  # blank lines are not records
    fifth = by_input["5"]
    assert isinstance(fifth, RawArticle) and fifth.source_format == "html" and fifth.language == "en"
    assert isinstance(by_input["6"], Rejection) and "JSON object" in by_input["6"].reason


def test_invalid_json_reason_reads_once() -> None:
    raw = b'{"id": 1, "text": "tab\there"}'  # a raw tab inside a string: "Invalid control character at"
    [record] = list(iter_records(["-"], stdin=io.BytesIO(raw + b"\n")))
    assert isinstance(record, Rejection)
    assert record.reason == "invalid JSON: Invalid control character at column 23"


def test_stdin_is_read_as_jsonl() -> None:
    stream = io.BytesIO((json.dumps({"id": "s1", "text": ARTICLE}) + "\n").encode())
    records = _records("-", stdin=stream)
    assert len(records) == 1 and records[0].input == "-#1"


def test_warc_html_responses_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            ("https://example.org/a", "text/html; charset=utf-8", f"<html><body><p>{ARTICLE}</p></body></html>"),
            ("https://example.org/logo.png", "image/png", "PNG"),
            ("https://example.org/b", "text/html", f"<html><body><p>{ARTICLE} Second.</p></body></html>"),
        ],
    )
    records = _records(path)
    assert [r.input.rsplit("#", 1)[1] for r in records] == ["1", "3"]
    assert all(isinstance(r, RawArticle) and r.url and r.url.startswith("https://example.org/") for r in records)


def test_truncated_warc_keeps_earlier_records(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, [(f"https://example.org/{i}", "text/html", f"<p>{ARTICLE} {i}</p>" * 50) for i in range(3)])
    data = path.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: int(len(data) * 0.8)])
    records = _records(cut)
    assert sum(isinstance(r, RawArticle) for r in records) == 2
    assert isinstance(records[-1], Rejection) and "truncated or corrupt WARC" in records[-1].reason


def test_bad_files_are_rejected_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    packed_text = gzip.compress(ARTICLE.encode() * 50)
    (tmp_path / "cut.txt.gz").write_bytes(packed_text[: len(packed_text) // 2])
    (tmp_path / "big.txt").write_bytes(b"word " * 300_000)
    feed = "".join(json.dumps({"id": i, "text": f"{ARTICLE} {i * 7919 % 10007}"}) + "\n" for i in range(300))
    packed = gzip.compress(feed.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    records = _records(tmp_path, tmp_path / "missing.txt", limits=ReadLimits(max_bytes=1_000_000))
    reasons = {Path(r.input.split("#")[0]).name: r.reason for r in records if isinstance(r, Rejection)}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "truncated or corrupt gzip" in reasons["cut.txt.gz"]
    # 1.5 MB of plain text is more than one article whatever the limit: the advice is to split it.
    assert "over the 1 MB limit" in reasons["big.txt"] and "split it into separate articles" in reasons["big.txt"]
    assert "truncated or corrupt" in reasons["cut.jsonl.gz"]
    assert "no such file" in reasons["missing.txt"]
    assert sum(isinstance(r, RawArticle) for r in records) >= 1  # good JSONL lines before the cut survive


def test_explicit_unsupported_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "slides.pdf"
    path.write_bytes(b"%PDF-1.4")
    [record] = _records(path)
    assert isinstance(record, Rejection) and "unsupported file type" in record.reason
