from __future__ import annotations

from pathlib import Path

from newsfuse.clean.cleaner import clean_record
from newsfuse.clean.html_cleaner import clean_html
from newsfuse.clean.render import visible_lines
from newsfuse.records import RawArticle, Rejection


def test_main_text_and_metadata(fixtures: Path) -> None:
    cleaned = clean_html((fixtures / "harbour_page.html").read_text())
    assert cleaned is not None
    assert cleaned.title == "Harbour Authority Approves Expansion of Northern Container Terminal"
    assert cleaned.outlet == "Coastal Daily"
    assert cleaned.author == "Maria Lindqvist"
    assert cleaned.published_at is not None and cleaned.published_at.startswith("2024-03-14")
    assert "two deep-water berths" in cleaned.text
    assert "\n" in cleaned.text  # paragraph breaks survive
    assert "We use cookies" not in cleaned.text
    assert "Ferry Operator" not in cleaned.text


def test_removed_lines_explain_what_was_left_out(fixtures: Path) -> None:
    cleaned = clean_html((fixtures / "harbour_page.html").read_text())
    assert cleaned is not None
    reasons = {r.text: r.reason for r in cleaned.removed}
    assert reasons["We use cookies to improve your experience on this site."] == "cookie-notice"
    assert "Ferry Operator Cuts Winter Timetable" in reasons
    assert all(r.reason for r in cleaned.removed)
    assert not any("two deep-water berths" in text for text in reasons)


def test_visible_lines_skip_scripts_and_hidden_elements() -> None:
    html = (
        "<html><head><title>T</title><script>var a=1;</script></head><body>"
        "<div style='display:none'>hidden text</div><p>Shown <b>bold</b> text</p><ul><li>one</li><li>two</li></ul>"
        "<!-- a comment --></body></html>"
    )
    assert visible_lines(html) == ["Shown bold text", "one", "two"]


def test_malformed_html_still_gives_its_text() -> None:
    body = "The ferry service resumed on Sunday after storms had kept boats in port for four days."
    cleaned = clean_html(
        f"<html><body><div><p>{body}<div><span><p>Crews worked through the night to check the vessels."
    )
    assert cleaned is not None
    assert body in cleaned.text


def test_html_without_article_is_rejected() -> None:
    raw = RawArticle(input="x.html", source_format="html", body="<html><body><p>unclosed <div><span>", raw_hash="h")
    result = clean_record(raw)
    assert isinstance(result, Rejection) and "no article text" in result.reason
