"""The stage framework: ordering from declarations, completion marks, bounded writes, progress per stage.

Runs the real stages (light settings) over five articles of our own words
(``fixtures/store_v5/input.jsonl``: a wire report, its reprint, a bot
rewrite, a follow-up and an unrelated story).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from newsfuse.claims.stage import ClaimsStage, ClaimStage
from newsfuse.config import Settings
from newsfuse.engines import LocalEngine
from newsfuse.errors import NewsfuseError
from newsfuse.outlets.tables import read_roles
from newsfuse.pipeline import IngestStage, Pipeline
from newsfuse.provenance.stage import ProvenanceStage, TraceStage
from newsfuse.records import Story
from newsfuse.report.summary import summary_lines
from newsfuse.stages import driver
from newsfuse.stages.base import Advance, StageReport
from newsfuse.store import DuckDBStore, open_store

INPUT = Path(__file__).parent / "fixtures" / "store_v5" / "input.jsonl"
LIGHT = Settings(embedder="none", ner="rules", workers=1)
STORY_STAGES = ("provenance", "claims", "brief", "outlets")


def run(store: DuckDBStore, pipeline: Pipeline | None = None, **options: Any) -> dict[str, StageReport]:
    pipeline = pipeline or Pipeline.batch(IngestStage([str(INPUT)]))
    return {r.stage: r for r in pipeline.run(store, LIGHT, LocalEngine(workers=1), **options)}


@pytest.fixture
def store() -> Iterator[DuckDBStore]:
    with open_store(":memory:") as db:
        run(db)
        yield db


class Fake:
    def __init__(self, name: str, needs: tuple[str, ...], produces: tuple[str, ...]) -> None:
        self.name, self.needs, self.produces, self.unit_name = name, needs, produces, "units"


def test_stages_are_ordered_from_what_they_need_and_produce() -> None:
    stages = [Fake("c", ("b",), ("c",)), Fake("b", ("a",), ("b",)), Fake("a", (), ("a",))]
    assert [s.name for s in Pipeline(stages, given=()).stages] == ["a", "b", "c"]
    assert [s.name for s in Pipeline.batch(IngestStage()).stages] == [
        "ingest",
        "index",
        "duplicates",
        "stories",
        "sentences",
        "provenance",
        "claims",
        "brief",
        "outlets",
    ]


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        ([Fake("b", ("a",), ("b",))], "needs a, which no stage produces"),
        ([Fake("a", (), ("x",)), Fake("b", (), ("x",))], "produced by both"),
        ([Fake("a", ("b",), ("a",)), Fake("b", ("a",), ("b",))], "cycle"),
    ],
)
def test_a_pipeline_that_cannot_run_is_refused_before_it_starts(stages: list[Fake], message: str) -> None:
    with pytest.raises(NewsfuseError, match=message):
        Pipeline(stages, given=())


def test_per_story_stages_chain_on_the_stages_of_the_same_units() -> None:
    pipeline = Pipeline.batch()
    assert pipeline.upstream(pipeline.stage("brief")) == ("provenance", "claims")
    assert pipeline.upstream(pipeline.stage("claims")) == ("provenance",)
    assert pipeline.upstream(pipeline.stage("outlets")) == ("provenance", "claims")
    assert pipeline.upstream(pipeline.stage("stories")) == ("duplicates",)
    assert pipeline.upstream(pipeline.stage("provenance")) == ()


def test_a_second_run_computes_nothing(store: DuckDBStore) -> None:
    stories = len(store.stories())
    reports = run(store)
    assert reports["ingest"].computed == 0
    assert {name: r.computed for name, r in reports.items() if name != "ingest"} == dict.fromkeys(
        ["index", "duplicates", "stories", "sentences", *STORY_STAGES], 0
    )
    assert reports["brief"].skipped == stories


def test_a_changed_membership_recomputes_that_story_and_prunes_the_one_gone(store: DuckDBStore) -> None:
    largest = store.stories()[0]
    assert len(largest.article_ids) >= 3
    before = {s.story_id for s in store.stories()}
    # Split the last member off into a story of its own; the old story keeps its id, with fewer members.
    head = Story(largest.story_id, largest.article_ids[:-1], largest.title, None, None)
    alone = Story("s" + largest.article_ids[-1], largest.article_ids[-1:], "alone", None, None)
    store.write_stories([s for s in store.stories() if s.story_id != largest.story_id] + [head, alone], replace=True)
    reports = run(store, only=STORY_STAGES)
    for name in STORY_STAGES:
        assert (reports[name].computed, reports[name].skipped) == (2, len(before) - 1), name
    assert {g.story_id for g in store.provenance()} == before | {alone.story_id}
    # A regrouping that drops a story removes its rows and marks.
    store.write_stories([s for s in store.stories() if s.story_id != alone.story_id], replace=True)
    run(store, only=STORY_STAGES)
    assert alone.story_id not in {b.story_id for b in store.briefs()}
    assert not any(r.story_id == alone.story_id for r in store.relations())
    assert alone.story_id not in {r.story_id for r in read_roles(store.con)}
    assert store.marks(["brief"], [alone.story_id]) == {}


def test_a_stage_whose_results_change_recomputes_every_stage_chained_on_it(
    store: DuckDBStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ProvenanceStage, "version", 2)
    reports = run(store)
    stories = len(store.stories())
    computed = [reports[name].computed for name in ("duplicates", "stories", *STORY_STAGES)]
    assert computed == [0, 0, *[stories] * len(STORY_STAGES)]


def test_a_crash_in_a_stage_keeps_every_unit_written_before_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(driver, "FLUSH_SECONDS", 0.0)  # every unit its own transaction
    calls = {"n": 0}
    real = TraceStage.process
    monkeypatch.setattr(TraceStage, "batch_size", 1)  # a story at a time through the engine

    def failing(self: TraceStage, item: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("simulated crash")
        return real(self, item)

    with open_store(":memory:") as db:
        run(db, only=("ingest", "index", "duplicates", "stories", "sentences"))
        total = len(db.stories())
        monkeypatch.setattr(TraceStage, "process", failing)
        with pytest.raises(RuntimeError, match="simulated crash"):
            run(db, only=("provenance",))
        assert len(db.marks(["provenance"])) == len(db.provenance()) == 2
        monkeypatch.setattr(TraceStage, "process", real)
        report = run(db, only=("provenance",))["provenance"]
        assert (report.computed, report.skipped) == (total - 2, 2)


def test_progress_is_reported_per_stage_with_its_units() -> None:
    seen: dict[str, list[int | None]] = {}

    @contextmanager
    def progress(stage: str, total: int | None) -> Iterator[Advance]:
        seen[stage] = [total, 0]

        def advance(count: int) -> None:
            seen[stage][1] = (seen[stage][1] or 0) + count

        yield advance

    with open_store(":memory:") as db:
        run(db, progress=progress)
        stories = len(db.stories())
        # Sentence vectors are for the articles of stories of two or more (a lone article's brief is its lead).
        grouped = sum(len(s.article_ids) for s in db.stories() if len(s.article_ids) > 1)
    assert seen["ingest"] == [None, 5]
    assert 0 < grouped < 5
    assert seen["index"] == [5, 5] and seen["sentences"] == [grouped, grouped]
    assert seen["duplicates"] == seen["stories"] == [1, 1]
    assert all(seen[name] == [stories, stories] for name in STORY_STAGES)


def test_a_scoped_run_touches_only_the_stories_named(store: DuckDBStore) -> None:
    first = store.stories()[0].story_id
    reports = run(store, only=STORY_STAGES, story_ids=[first], force=True)
    assert all((reports[name].computed, reports[name].skipped) == (1, 0) for name in STORY_STAGES)


def test_stories_written_outside_the_grouping_stage_make_it_run_again(store: DuckDBStore) -> None:
    computed = sorted(store.stories(), key=lambda s: s.story_id)
    merged = Story("s-merged", tuple(i for s in computed for i in s.article_ids), "all", None, None)
    store.write_stories([merged], replace=True)
    reports = run(store)
    assert (reports["duplicates"].computed, reports["stories"].computed) == (0, 1)
    assert sorted(store.stories(), key=lambda s: s.story_id) == computed


def test_a_story_whose_claims_fail_is_recorded_and_the_other_stories_go_on(monkeypatch: pytest.MonkeyPatch) -> None:
    real = ClaimStage.process
    with open_store(":memory:") as db:
        run(db, only=("ingest", "index", "duplicates", "stories", "sentences", "provenance", "claims"))
        before = {s.story_id: sorted(g.claim_id for g in db.claims([s.story_id])) for s in db.stories()}
        doomed = next(story_id for story_id, claims in before.items() if claims)
        assert len([claims for claims in before.values() if claims]) >= 2

        def failing(self: ClaimStage, item: Any) -> Any:
            if item.story.story_id == doomed:
                raise ValueError("a sentence the rules cannot read")
            return real(self, item)

        monkeypatch.setattr(ClaimStage, "process", failing)
        monkeypatch.setattr(ClaimsStage, "version", 2)  # every story's claims computed again
        run(db, only=("claims",))
        after = {s.story_id: sorted(g.claim_id for g in db.claims([s.story_id])) for s in db.stories()}
        assert after == {**before, doomed: []}
        assert [(r.input, r.reason) for r in db.iter_rejections()] == [
            (f"claims: story {doomed}", "claims failed: ValueError: a sentence the rules cannot read")
        ]
        assert db.marks(["claims"], [doomed]) == {}
        assert "claims failed for 1 story (why: the rejects table)" in summary_lines(db)
        assert summary_lines(db)[0].endswith(", 0 rejected inputs")  # a story is not an input
        # Once the story can be computed, the next run does only that story and forgets the failure.
        monkeypatch.setattr(ClaimStage, "process", real)
        report = run(db, only=("claims",))["claims"]
        assert (report.computed, report.skipped) == (1, len(before) - 1)
        assert sorted(g.claim_id for g in db.claims([doomed])) == before[doomed]
        assert list(db.iter_rejections()) == []


def test_the_failure_row_of_a_story_regrouped_away_goes_with_its_other_rows() -> None:
    with open_store(":memory:") as db:
        run(db, only=("ingest", "index", "duplicates", "stories"))
        kept = db.stories()[0].story_id
        db.record_unit_failures("claims", {kept: "ValueError: still there", "s-regrouped": "ValueError: gone"})
        db.record_unit_failures("brief", {"s-regrouped": "ValueError: another stage's"})
        db.prune_stories("claims", ["claims"])
        assert sorted(r.input for r in db.iter_rejections()) == ["brief: story s-regrouped", f"claims: story {kept}"]
