"""Long texts are processed in pieces or rejected with a reason, and never break a store.

spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters, error
E088). Entities and claims of a long text are found piece by piece, with
offsets into the whole text. A text longer than any article (a 1.2 MB file)
is rejected at ingest with the reason, the size advice is one that works,
and the same store takes the next article.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.claims.extract import extract_claims
from newsfuse.cli import app
from newsfuse.index import pieces
from newsfuse.index.entities import entity_bags
from newsfuse.index.pieces import pipe_in_pieces, split_text
from newsfuse.records import Article
from tests.synthetic import article_text

runner = CliRunner()
PEOPLE = ["Elena Ward", "Tomas Berg", "Ines Okafor", "Piotr Lind"]
BODIES = ["the harbour board", "the city council", "Baltic Quay Ltd", "the transport ministry"]
ACTS = ["approved a plan to dredge the northern channel", "delayed repairs to the old breakwater"]


def long_text(target_chars: int, seed: int = 3) -> str:
    """A multi-paragraph English article of about ``target_chars`` characters (our own words, generated)."""
    rng = random.Random(seed)
    paragraphs = ["Harbour Town Approves Long Dredging Plan"]
    size = 0
    while size < target_chars:
        person, body, act = rng.choice(PEOPLE), rng.choice(BODIES), rng.choice(ACTS)
        amount = rng.randint(11, 990)
        paragraph = (
            f'"We will keep the harbour open for every boat," said {person}, who spoke for {body}. '
            f"On day {rng.randint(1, 28)} {body} {act}, and {amount} workers were hired for the job. "
            f"The budget of {amount} million euros was approved according to officials."
        )
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"


def test_pieces_rebuild_the_text_and_end_at_paragraphs() -> None:
    text = long_text(20_000)
    parts = split_text(text, limit=3_000)
    assert "".join(parts) == text
    assert len(parts) > 6 and all(len(p) <= 3_000 for p in parts)
    assert all(p.endswith("\n\n") for p in parts[:-1])


def test_a_paragraph_longer_than_a_piece_is_cut_at_sentences_then_spaces() -> None:
    one_line = " ".join(f"Sentence number {i} is here." for i in range(400))
    parts = split_text(one_line, limit=500)
    assert "".join(parts) == one_line and all(len(p) <= 500 for p in parts)
    assert all(p.endswith(". ") for p in parts[:-1])
    words = "word " * 300
    assert all(p.endswith(" ") for p in split_text(words, limit=100)[:-1])
    assert "".join(split_text("x" * 250, limit=100)) == "x" * 250  # no space at all: a hard cut


def test_entities_of_a_text_parsed_in_pieces_point_into_the_whole_text() -> None:
    from newsfuse.index.entities import _spacy

    text = long_text(12_000)
    [doc] = list(pipe_in_pieces(_spacy(), [text], batch_size=4, limit=2_000))
    assert doc.text == text
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    assert people and all(text[e.start_char : e.end_char] == e.text for e in doc.ents)
    assert max(e.start_char for e in people) > len(text) - 2_000  # found in the last piece too


def test_text_over_spacy_max_length_gets_an_entity_bag(monkeypatch: pytest.MonkeyPatch) -> None:
    # spaCy's limit lowered for the test, so the text is over it without a megabyte of parsing.
    from newsfuse.index.entities import _spacy

    monkeypatch.setattr(_spacy(), "max_length", 5_000)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 4_000)
    text = long_text(12_000)
    [bag] = entity_bags([text], ["en"])
    assert "ent:elena_ward" in bag and len(bag) > 100


def test_claims_of_a_long_article_keep_offsets_into_its_text(monkeypatch: pytest.MonkeyPatch) -> None:
    text = long_text(15_000)
    article = Article(id="long", input="long.txt", text=text, source_format="text", language="en")
    monkeypatch.setattr(pieces, "PIECE_CHARS", 2_500)
    mentions = extract_claims([article])["long"]
    assert {m.type for m in mentions} >= {"quote", "number"}
    assert all(text[m.span[0] : m.span[1]] == m.content for m in mentions)
    assert max(m.span[0] for m in mentions) > len(text) - 2_500


@pytest.mark.slow
def test_long_inputs_get_a_reason_and_the_store_stays_usable(tmp_path: Path) -> None:
    out, store = tmp_path / "out", str(tmp_path / "store.duckdb")
    light = ["--embedder", "none", "--workers", "1", "--store", store]

    # 1.2 MB of text is no article: rejected with the reason, every contract file still written.
    book = tmp_path / "book.txt"
    book.write_text(long_text(1_200_000))
    refused = runner.invoke(app, ["run", str(book), "--out", str(out), *light])
    assert refused.exit_code == 1
    [reject] = [json.loads(line) for line in (out / "rejects.jsonl").read_text().splitlines()]
    assert "longer than one article may be" in reject["reason"] and "split it" in reject["reason"]
    assert all((out / name).exists() for name in ("articles.jsonl", "claims.jsonl", "briefs.jsonl", "report.html"))
    # Over --max-mb too: the advice is to split it, not to raise a limit that would not help.
    small_limit = runner.invoke(app, ["run", str(book), "--out", str(out), "--max-mb", "0.5", *light])
    assert "split it into separate articles" in " ".join(small_limit.output.split())
    assert "raise it with --max-mb" not in small_limit.output

    # A 1.5 MB page (mostly script) holding a 110,000-character article: the advice is followed and works,
    # and the article (longer than one spaCy piece) gets claims with offsets into its text.
    text = long_text(110_000, seed=5)
    script = "<script>var filler = '" + "x" * 1_400_000 + "';</script>"
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[1:])
    page = tmp_path / "feature.html"
    page.write_text(
        f"<html><head><title>Harbour Feature</title>{script}</head><body><article>{paragraphs}</article></body></html>"
    )
    over = runner.invoke(app, ["run", str(page), "--out", str(out), "--max-mb", "1", *light])
    assert "raise it with --max-mb 2" in " ".join(over.output.split())
    followed = runner.invoke(app, ["run", str(page), "--out", str(out), "--max-mb", "2", *light])
    assert followed.exit_code == 0, followed.output
    [article] = [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]
    assert len(article["text"]) > pieces.PIECE_CHARS
    claims = [json.loads(line) for line in (out / "claims.jsonl").read_text().splitlines()]
    mentions = [m for c in claims for m in c["mentions"]]
    assert mentions and all(article["text"][m["span"][0] : m["span"][1]] == m["text"] for m in mentions)
    assert max(m["span"][0] for m in mentions) > pieces.PIECE_CHARS

    # The same store takes the next small article.
    small = tmp_path / "small.txt"
    small.write_text(article_text(5))
    again = runner.invoke(app, ["run", str(small), "--out", str(tmp_path / "out2"), *light])
    assert again.exit_code == 0, again.output
    assert len((tmp_path / "out2" / "articles.jsonl").read_text().splitlines()) == 2
