from __future__ import annotations

import gzip

import pytest

from newsfuse.errors import RecordError
from newsfuse.ingest.decode import check_not_binary, decode_bytes, read_gzip


def test_utf8_passes_through() -> None:
    assert decode_bytes("Zürich – “quoted”".encode()) == "Zürich – “quoted”"


def test_legacy_encoding_is_decoded() -> None:
    text = "Café au lait à Genève, déjà vu."
    assert decode_bytes(text.encode("cp1252")) == text


def test_mixed_encodings_decode_line_by_line() -> None:
    data = "première ligne en UTF-8\n".encode() + "deuxième en Latin-1\n".encode("latin-1")
    decoded = decode_bytes(data)
    assert decoded.splitlines() == ["première ligne en UTF-8", "deuxième en Latin-1"]


def test_html_meta_charset_is_honoured() -> None:
    html = '<html><head><meta charset="windows-1251"></head><body>Москва</body></html>'
    assert "Москва" in decode_bytes(html.encode("windows-1251"), html=True)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7 binary", "PDF"),
        (b"\x89PNG\r\n\x1a\n....", "PNG"),
        (b"text with a \x00 NUL", "NUL"),
        (bytes(range(1, 9)) * 100, "control characters"),
    ],
)
def test_binary_is_refused_with_reason(data: bytes, expected: str) -> None:
    with pytest.raises(RecordError, match=expected):
        check_not_binary(data)


def test_truncated_gzip_is_refused() -> None:
    data = gzip.compress(b"hello world " * 1000)
    with pytest.raises(RecordError, match="truncated or corrupt gzip"):
        read_gzip(data[: len(data) // 2])


def test_gzip_bomb_is_refused_by_size() -> None:
    data = gzip.compress(b"a" * 3_000_000)
    with pytest.raises(RecordError, match="over the"):
        read_gzip(data, max_bytes=1_000_000)


def test_longer_cyrillic_legacy_text_is_guessed() -> None:
    text = "Правительство объявило о новых мерах поддержки экономики и сельского хозяйства. " * 40
    assert decode_bytes(text.encode("cp1251")) == text
