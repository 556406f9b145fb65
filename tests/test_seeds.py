"""The seed articles, checked by properties rather than by listing their strings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
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
    statuses = {"corroborated", "single-source", "conflicting", "altered", "attribution-dropped"}
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
