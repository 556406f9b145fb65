"""The seed articles, checked by properties rather than by listing their strings."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, get_args

import pytest
from typer.testing import CliRunner

from newsfuse.claims.numbers import parse_quantity
from newsfuse.cli import app
from newsfuse.records import ClaimStatus
from tests.conftest import need_shared

# Prose that is not the article's own: the only reasons a full sentence may be removed for.
NON_ARTICLE_PROSE = {"author-bio", "cookie-notice", "caption", "credit"}
SEED_OUT: list[Path] = []
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 12 and bool(_SENTENCE_END.search(line.strip()))


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    seeds = need_shared("seeds")
    out = tmp_path_factory.mktemp("seeds")
    SEED_OUT[:] = [out]
    result = CliRunner().invoke(app, ["run", str(seeds), "--out", str(out)])
    assert result.exit_code == 0, result.output
    articles = [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]
    return seeds, articles


def test_all_seeds_become_articles(seed_run: tuple[Path, list[dict[str, object]]]) -> None:
    seeds, articles = seed_run
    assert len(articles) == len(list(seeds.glob("*.txt")))
    assert all(a["language"] == "en" for a in articles)


def test_every_removed_line_has_a_reason(seed_run: tuple[Path, list[dict[str, object]]]) -> None:
    for article in seed_run[1]:
        for removed in article["removed"]:  # type: ignore[attr-defined]
            assert removed["reason"], removed


def test_no_article_sentence_is_removed(seed_run: tuple[Path, list[dict[str, object]]]) -> None:
    for article in seed_run[1]:
        for removed in article["removed"]:  # type: ignore[attr-defined]
            if _is_prose(removed["text"]):
                assert removed["reason"] in NON_ARTICLE_PROSE, (article["input"], removed)


def test_every_prose_line_of_the_page_is_kept_or_explained(seed_run: tuple[Path, list[dict[str, object]]]) -> None:
    for article in seed_run[1]:
        source = Path(str(article["input"])).read_text()
        removed = {r["text"]: r["reason"] for r in article["removed"]}  # type: ignore[attr-defined]
        for line in (ln.strip() for ln in source.splitlines()):
            if _is_prose(line) and removed.get(line) not in NON_ARTICLE_PROSE:
                assert line in str(article["text"]), (article["input"], line)


def test_kept_text_starts_with_the_first_paragraph(seed_run: tuple[Path, list[dict[str, object]]]) -> None:
    for article in seed_run[1]:
        source_lines = [ln.strip() for ln in Path(str(article["input"])).read_text().splitlines() if ln.strip()]
        first_prose = next(ln for ln in source_lines if len(ln.split()) >= 20)
        kept = str(article["text"]).split("\n")
        assert kept[0] == first_prose or (article["title"] and kept[0] in source_lines), article["input"]
        if article["title"]:
            # The title is the headline the page opens with (after any chrome), never a body line.
            assert article["title"] not in kept
            assert source_lines.index(str(article["title"])) < source_lines.index(first_prose)


def test_kept_short_lines_are_subheadings_between_paragraphs(seed_run: tuple[Path, list[dict[str, object]]]) -> None:
    for article in seed_run[1]:
        kept = str(article["text"]).split("\n")
        for i, line in enumerate(kept):
            if len(line.split()) < 12 and not _SENTENCE_END.search(line):
                assert 0 < i < len(kept) - 1, (article["input"], line)
                assert len(kept[i - 1].split()) >= 12 and len(kept[i + 1].split()) >= 12, (article["input"], line)


def _read(out: Path, name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / name).read_text().splitlines()]


@pytest.fixture(scope="module")
def seed_out(seed_run: tuple[Path, list[dict[str, object]]]) -> Path:
    out = SEED_OUT[0]
    assert (out / "relations.jsonl").exists(), "the seed run writes relations.jsonl"
    return out


def test_every_pair_of_the_seed_story_has_a_relation_with_valid_passages(
    seed_run: tuple[Path, list[dict[str, object]]], seed_out: Path
) -> None:
    texts = {str(a["id"]): str(a["text"]) for a in seed_run[1]}
    relations = _read(seed_out, "relations.jsonl")
    assert len(relations) == len(texts) * (len(texts) - 1) // 2
    for relation in relations:
        assert relation["kind"] in {"duplicate", "copy", "partial", "rewrite", "translation", "independent"}
        assert 0 < float(relation["confidence"]) <= 1 and 0 <= float(relation["coverage"]) <= 1  # type: ignore[arg-type]
        source, target = texts[str(relation["source_id"])], texts[str(relation["target_id"])]
        for passage in relation["passages"]:  # type: ignore[attr-defined]
            (s0, s1), (t0, t1) = passage["source_span"], passage["target_span"]
            assert 0 <= s0 < s1 <= len(source) and 0 <= t0 < t1 <= len(target)
            if passage["kind"] == "verbatim":
                assert _words(source[s0:s1]) == _words(target[t0:t1])


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def test_seed_provenance_finds_fewer_sources_than_articles(seed_out: Path) -> None:
    [graph] = _read(seed_out, "provenance.jsonl")
    [story] = _read(seed_out, "stories.jsonl")
    members = set(story["article_ids"])  # type: ignore[arg-type]
    assert set(graph["origins"]) <= members and graph["first_reported"] in members  # type: ignore[arg-type]
    assert 1 <= int(graph["independent_sources"]) < len(members)  # type: ignore[arg-type]
    targets = [e["target_id"] for e in graph["edges"]]  # type: ignore[attr-defined]
    assert len(targets) == len(set(targets)) == len(members) - len(graph["origins"])  # type: ignore[arg-type]
    kinds = {r["kind"] for r in _read(seed_out, "relations.jsonl")}
    assert kinds & {"copy", "rewrite"}, "the reprint and the bot rewrites are recognised as derived"


def test_seed_claims_are_consistent(seed_run: tuple[Path, list[dict[str, object]]], seed_out: Path) -> None:
    texts = {str(a["id"]): str(a["text"]) for a in seed_run[1]}
    claims = _read(seed_out, "claims.jsonl")
    statuses = set(get_args(ClaimStatus))
    assert claims and all(c["status"] in statuses for c in claims)
    for claim in claims:
        for mention in claim["mentions"]:  # type: ignore[attr-defined]
            start, end = mention["span"]
            assert texts[mention["article_id"]][start:end] == mention["text"]
        if claim["status"] == "attribution-dropped":
            credited = [m["attributed_to"] for m in claim["mentions"]]  # type: ignore[attr-defined]
            assert any(credited) and not all(credited), claim
    shared = [c for c in claims if len({m["article_id"] for m in c["mentions"]}) >= 2]  # type: ignore[attr-defined]
    assert len(shared) >= 3, "several claims are carried by more than one seed article"


def _claims_and_texts(
    seed_run: tuple[Path, list[dict[str, object]]], seed_out: Path
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    texts = {str(a["id"]): str(a["text"]) for a in seed_run[1]}
    return [dict(c) for c in _read(seed_out, "claims.jsonl")], texts


def test_seed_credit_differences_are_not_value_conflicts(
    seed_run: tuple[Path, list[dict[str, object]]], seed_out: Path
) -> None:
    claims, _ = _claims_and_texts(seed_run, seed_out)
    for claim in claims:
        if claim["status"] == "conflicting" and claim["type"] == "number":
            amounts = {_amount(m["text"]) for m in claim["mentions"]}
            assert len(amounts) > 1, claim
    # The wire credits one figure to a news agency, the blog to a minister: the same value, credited differently.
    credited = [c for c in claims if c["status"] == "credited-differently" and c["type"] == "number"]
    assert credited, "a figure credited to two different sources gets its own status"
    for claim in credited:
        assert len({m["attributed_to"] for m in claim["mentions"] if m["attributed_to"]}) >= 2


def _amount(text: str) -> float:
    quantity = parse_quantity(text)
    assert quantity is not None, text
    return round(quantity.amount, 3)


def test_seed_translated_reprint_quote_change_is_altered(
    seed_run: tuple[Path, list[dict[str, object]]], seed_out: Path
) -> None:
    claims, _ = _claims_and_texts(seed_run, seed_out)
    altered = [c for c in claims if c["status"] == "altered" and c["type"] == "quote"]
    assert altered, "the reworded quotation in the translated reprint is flagged"
    for claim in altered:
        articles = {m["article_id"] for m in claim["mentions"]}
        assert sum(1 for a in articles if a in claim["note"]) >= 2, "the note names both articles"


def test_seed_claim_texts_keep_their_meaning(seed_run: tuple[Path, list[dict[str, object]]], seed_out: Path) -> None:
    claims, texts = _claims_and_texts(seed_run, seed_out)
    for claim in claims:
        statement = str(claim["statement"])
        assert not re.search(r"\ba [aeiou]", statement), statement  # no "a increase" left by cutting out a figure
        assert not re.match(r"(?i)(in addition|and it is that|likewise)\b", statement), statement
        for mention in claim["mentions"]:
            text = texts[mention["article_id"]]
            start, end = mention["span"]
            if claim["type"] == "number":
                assert not re.fullmatch(r"(19|20)\d\d\W?", mention["text"].strip()), "a year is not a figure"
                for word in re.findall(r"\w[\w’'-]*", mention["measure"] or ""):
                    assert word in text, (word, mention["measure"])  # "Russia-China" stays one word
            if claim["type"] == "quote" and text[start - 1 : start] in '“"':
                # A quotation is whole: it ends where its closing mark is (or with it), not at its first comma.
                closed = re.match(r"[,.!?]*[”\"’]", text[end : end + 3]) or text[end - 1] in '”"’'
                assert closed, text[start : end + 3]


def test_seed_speakers_are_names_and_flag_excerpts_keep_whole_words(
    seed_run: tuple[Path, list[dict[str, object]]], seed_out: Path
) -> None:
    claims, texts = _claims_and_texts(seed_run, seed_out)
    for claim in claims:
        if claim["type"] == "quote" and claim["speaker"]:
            name = str(claim["speaker"]).split(",")[0].split()
            assert all(w[:1].isupper() for w in name), claim["speaker"]  # "Xi Jinping", not "Chinese president"
    everything = " ".join(" ".join(t.split()) for t in texts.values())
    for brief in _read(seed_out, "briefs.jsonl"):
        for flag in brief["flags"]:  # type: ignore[attr-defined]
            for excerpt in re.findall(r"“…?([^“”]+?)…?”", flag["note"]):
                at = everything.find(excerpt)
                if at < 0 or len(excerpt) < 20:
                    continue  # a quotation inside the excerpt split it; the rest is checked
                assert at == 0 or not everything[at - 1].isalnum(), excerpt
                after = at + len(excerpt)
                assert after == len(everything) or not everything[after].isalnum(), excerpt
