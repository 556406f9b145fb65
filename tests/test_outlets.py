"""Outlet intelligence on small hand-made worlds (our own words): roles, identity, summaries, score, store, CLI."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.clean.credits import AGENCIES as CLEANER_AGENCIES
from newsfuse.cli import app
from newsfuse.errors import NewsfuseError
from newsfuse.outlets import Directory, Period, outlet_report, outlet_roles_store, story_roles, summarise
from newsfuse.outlets.agencies import AGENCIES, load_agencies
from newsfuse.outlets.aggregate import OutletReport
from newsfuse.outlets.identity import host_of
from newsfuse.outlets.profiles import OutletProfile, parse_profiles
from newsfuse.outlets.score import WEIGHTS, farm_score
from newsfuse.outlets.tables import read_roles
from newsfuse.records import (
    Article,
    ClaimGroup,
    ClaimMention,
    Credit,
    Passage,
    Provenance,
    Relation,
    Story,
)
from newsfuse.report.markdown import render_markdown
from newsfuse.store import DuckDBStore, open_store

WIRE_TEXT = "Harbour pilots in Lindholm voted to strike on Monday, the union said. About 300 pilots took part."


def article(
    article_id: str,
    outlet: str | None,
    text: str = WIRE_TEXT,
    url: str | None = None,
    published_at: str | None = None,
    credits: tuple[Credit, ...] = (),
    language: str = "en",
) -> Article:
    return Article(
        id=article_id,
        input=f"world.jsonl#{article_id}",
        text=text,
        source_format="text",
        external_id=article_id,
        title=f"Report {article_id}",
        outlet=outlet,
        url=url,
        published_at=published_at,
        language=language,
        credits=credits,
        sentences=((0, len(text)),),
    )


def relation(story: str, source: str, target: str, kind: str, coverage: float = 0.8) -> Relation:
    passage = Passage((0, 10), (0, 10), "verbatim", 1.0)
    return Relation(story, source, target, kind, 0.9, coverage, (passage,), "date")  # type: ignore[arg-type]


def mention(article_id: str, attributed_to: str | None, content: str = "voted to strike") -> ClaimMention:
    return ClaimMention(article_id, "attribution", (0, 10), content, WIRE_TEXT, attributed_to=attributed_to)


def small_world() -> tuple[list[Story], list[Article], list[Relation], list[Provenance], list[ClaimGroup]]:
    """Two stories: a wire report copied with credit, rewritten without credit (dropping the attribution),
    translated, and a credited reprint of an absent agency."""
    articles = [
        article("w1", "Northwire", url="https://www.northwire.test/a", published_at="2024-03-01T06:00"),
        article(
            "c1",
            "Evening Ledger",
            url="https://eveningledger.test/x",
            published_at="2024-03-01T09:00",
            credits=(Credit("Source: Northwire", "Northwire", "origin"),),
        ),
        article("f1", "Buzz Hub", url="https://buzzhub.test/1", published_at="2024-03-01T07:00"),
        article("t1", "Diario Puente", published_at="2024-03-02T06:00", language="es"),
        article("f2", "Buzz Hub", url="https://buzz-hub-news.test/2", published_at="2024-03-05T08:00"),
        article("c2", "Evening Ledger", published_at="2024-03-05T07:00", text="BEIJING (Reuters) - Talks resumed."),
    ]
    stories = [
        Story("s1", ("w1", "c1", "f1", "t1"), "Strike", "2024-03-01", "2024-03-02"),
        Story("s2", ("c2", "f2"), "Talks", "2024-03-05", "2024-03-05"),
    ]
    relations = [
        relation("s1", "w1", "c1", "copy"),
        relation("s1", "w1", "f1", "rewrite", 0.6),
        relation("s1", "w1", "t1", "translation"),
        relation("s2", "c2", "f2", "rewrite", 0.7),
    ]
    graphs = [
        Provenance("s1", ("w1",), 1, "w1", (), (("c1", "w1"), ("f1", "w1"), ("t1", "w1"))),
        Provenance("s2", ("c2",), 1, "c2", ("Reuters",), (("f2", "c2"),)),
    ]
    claims = [
        ClaimGroup(
            "s1",
            "k1",
            "attribution",
            "union: voted to strike",
            "attribution-dropped",
            (mention("w1", "the union"), mention("c1", "the union"), mention("f1", None)),
            1,
        ),
        ClaimGroup("s1", "k2", "number", "300 pilots", "corroborated", (mention("w1", None), mention("c1", None)), 1),
    ]
    return stories, articles, relations, graphs, claims


def build_store(path: str = ":memory:") -> DuckDBStore:
    """A store holding the small world with provenance and claims, and its outlet roles."""
    stories, articles, relations, graphs, claims = small_world()
    store = open_store(path)
    store.write_batch(articles, [], [])
    store.write_stories(stories)
    store.replace_provenance([s.story_id for s in stories], relations, graphs)
    store.replace_claims([s.story_id for s in stories], claims)
    outlet_roles_store(store)
    return store


@pytest.fixture
def report() -> OutletReport:
    with build_store() as store:
        return outlet_report(store)


# -- wire agencies -----------------------------------------------------------------


def test_every_agency_the_cleaner_knows_is_in_the_list_under_the_same_name() -> None:
    listed = load_agencies().agencies
    for spelling, name in CLEANER_AGENCIES.items():
        assert name in listed, name
        assert AGENCIES.canonical(spelling) == name


def test_agencies_are_found_in_datelines_of_any_script_and_not_in_prose() -> None:
    assert AGENCIES.in_lead("PARIS, May 2 (AFP) - Ministers met.") == ["AFP"]
    assert AGENCIES.in_lead("کراچی (اے پی پی) وزیر نے کہا") == ["APP"]
    assert AGENCIES.in_lead("Lahore (APP/Sports Desk) The team won.") == ["APP"]
    assert AGENCIES.in_lead("The meeting (which the press attended) ended.") == []
    assert AGENCIES.in_lead("x" * 400 + " (Reuters)") == []  # beyond the lead: prose, not a dateline


# -- identity ----------------------------------------------------------------------


def test_a_name_and_hosts_seen_together_are_one_outlet_and_lookalikes_stay_apart() -> None:
    directory = Directory.build(
        [
            ("Buzz Hub", "https://buzzhub.test/1"),
            ("Buzz Hub", "https://buzz-hub-news.test/2"),
            (None, "https://www.independent.co.uk/a"),
            (None, "https://independent.ie/b"),
        ]
    )
    hub = directory.resolve(None, "http://buzz-hub-news.test/x")
    assert hub.name == "Buzz Hub" and set(hub.hosts) == {"buzzhub.test", "buzz-hub-news.test"}
    assert (
        directory.resolve(None, "https://independent.ie/c").key
        != directory.resolve(None, "https://independent.co.uk/d").key
    )


def test_wire_agencies_and_the_user_table_merge_spellings() -> None:
    profile = OutletProfile("Lindholm Times", ("lt.test", "The L. Times"), (("country", "NO"),))
    directory = Directory.build(
        [("Associated Press", None), (None, "https://apnews.com/x"), ("LT", "https://lt.test/1")], [profile]
    )
    assert directory.resolve("Associated Press", None).key == directory.resolve(None, "https://apnews.com/y").key
    assert directory.resolve("Associated Press", None).kind == "wire"
    assert directory.resolve("LT", None).name == "Lindholm Times"
    assert directory.resolve("The L. Times", None).profile == profile


def test_an_article_without_outlet_is_its_own_outlet() -> None:
    directory = Directory.build([])
    one, two = directory.resolve(None, None, "a.txt"), directory.resolve(None, None, "b.txt")
    assert one.kind == "unnamed" and one.key != two.key and "a.txt" in one.name


def test_host_of_takes_the_registrable_domain() -> None:
    assert host_of("https://news.bbc.co.uk/story") == "bbc.co.uk"
    assert host_of("192.168.1.4") is None and host_of(None) is None


# -- user table --------------------------------------------------------------------


def test_outlet_tables_in_csv_and_json_keep_given_fields_only() -> None:
    csv_profiles = parse_profiles(
        "outlet,aliases,country,rating,owner note\nHub,hub.test;Hub News,XX,,private\n", "o.csv"
    )
    assert csv_profiles[0].aliases == ("hub.test", "Hub News")
    assert csv_profiles[0].field_dict() == {"country": "XX", "owner note": "private"}  # rating is empty: not shown
    json_profiles = parse_profiles(json.dumps({"Hub": {"rating": 2, "language": "en"}}), "o.json")
    assert json_profiles[0].fields == (("language", "en"), ("rating", "2"))


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        ("country\nXX\n", "o.csv", "no outlet name"),
        ("outlet\nHub\nhub\n", "o.csv", "listed twice"),
        ("[1, 2]", "o.json", "list of objects"),
        ("{", "o.json", "not valid JSON"),
        ("", "o.xlsx", ".csv, .tsv or .json"),
    ],
)
def test_bad_outlet_tables_say_what_to_fix(text: str, name: str, message: str) -> None:
    with pytest.raises(NewsfuseError, match=message):
        parse_profiles(text, name)


# -- roles and summaries -----------------------------------------------------------


def test_roles_follow_the_parent_relation_and_pin_the_dropped_attribution_on_the_rewriter() -> None:
    _stories, articles, relations, graphs, claims = small_world()
    rows = {r.article_id: r for r in story_roles("s1", articles[:4], relations[:3], graphs[0], claims)}
    assert [rows[i].role for i in ("w1", "c1", "f1", "t1")] == ["origin", "copy", "rewrite", "translation"]
    assert rows["f1"].dropped == 1 and rows["c1"].dropped == 0
    assert rows["c1"].reused_claims == 2 and rows["f1"].reused_claims == 1
    assert rows["c1"].delay_hours == 3.0 and rows["t1"].delay_hours == 24.0
    assert rows["c1"].credits == ("Northwire",)


def test_summaries_give_shares_sources_credits_damage_and_delay(report: OutletReport) -> None:
    ledger, hub, wire = report.find("Evening Ledger"), report.find("buzzhub.test"), report.find("Northwire")
    assert ledger and hub and wire
    assert ledger.roles == {"copy": 1, "credited": 1} and ledger.credit_share == 1.0
    assert ledger.credits_right_source == 2  # it names Northwire, whom it copied, and Reuters
    assert hub.articles == 2 and hub.roles == {"rewrite": 2} and hub.credit_share == 0.0
    assert hub.dropped == 1 and hub.damage_share == 1.0
    assert wire.roles == {"origin": 1} and wire.taken_by == 3
    assert hub.median_delay_hours == 1.0  # s1 only: s2's origin, c2, credits an absent source and is a reuse
    reuters = report.find("Reuters")
    assert reuters and not reuters.present and reuters.credited_by == 1 and reuters.outlet.kind == "wire"
    edges = {(e.source, e.target): dict(e.kinds) for e in report.edges}
    assert edges[(wire.key, hub.key)] == {"rewrite": 1}
    assert edges[(reuters.key, ledger.key)] == {"credited": 1}


def test_the_farm_ranks_above_the_honest_reprinter_and_the_wire(report: OutletReport) -> None:
    scores = {name: report.find(name).score.value for name in ("Buzz Hub", "Evening Ledger", "Northwire")}  # type: ignore[union-attr]
    assert scores["Buzz Hub"] > scores["Evening Ledger"] > scores["Northwire"] == 0.0


def test_score_is_the_sum_of_its_shown_contributions() -> None:
    score = farm_score(articles=10, derived=8, uncredited_rewrites=5, uncredited=6, reused_claims=20, damaged=5)
    assert abs(sum(WEIGHTS.values()) - 1.0) < 1e-9
    assert score.value == round(sum(f.contribution for f in score.features), 4)
    assert {f.name: f.value for f in score.features} == {
        "reuse": 0.8,
        "uncredited rewording": 0.5,
        "uncredited reuse": 0.6,
        "attribution damage": 0.25,
    }
    assert farm_score(0, 0, 0, 0, 0, 0).value == 0.0


def test_a_rewrite_that_credits_its_source_is_not_scored_as_disguised() -> None:
    """Two outlets reword the wire; the one that credits it scores lower, by the rewording feature alone."""
    credit = (Credit("Originally published by Northwire", "Northwire", "origin"),)
    articles = [
        article("w", "Northwire", published_at="2024-03-01T06:00"),
        article("h", "Honest Rewriter", published_at="2024-03-01T09:00", credits=credit),
        article("f", "Quiet Farm", published_at="2024-03-01T10:00"),
    ]
    relations = [relation("s", "w", "h", "rewrite"), relation("s", "w", "f", "rewrite")]
    graph = Provenance("s", ("w",), 1, "w", (), (("f", "w"), ("h", "w")))
    report = summarise(story_roles("s", articles, relations, graph))
    honest, farm = report.find("Honest Rewriter"), report.find("Quiet Farm")
    assert honest and farm and honest.roles == farm.roles == {"rewrite": 1}
    features = {name: {f.name: f.value for f in o.score.features} for name, o in (("h", honest), ("f", farm))}  # type: ignore[union-attr]
    assert (features["h"]["uncredited rewording"], features["f"]["uncredited rewording"]) == (0.0, 1.0)
    assert honest.score.value < farm.score.value  # type: ignore[union-attr]


def test_quoting_a_paragraph_of_the_wire_in_a_report_of_ones_own_does_not_count_as_reuse_in_the_score() -> None:
    """Both papers partly reuse the wire; only the one whose article is mostly the wire's is scored as reusing."""
    articles = [
        article("w", "Northwire", published_at="2024-03-01T06:00"),
        article("q", "Quoting Paper", published_at="2024-03-01T09:00"),
        article("m", "Mostly Wire", published_at="2024-03-01T10:00"),
    ]
    relations = [relation("s", "w", "q", "partial", coverage=0.2), relation("s", "w", "m", "partial", coverage=0.6)]
    graph = Provenance("s", ("w",), 1, "w", (), (("m", "w"), ("q", "w")))
    report = summarise(story_roles("s", articles, relations, graph))
    quoting, mostly = report.find("Quoting Paper"), report.find("Mostly Wire")
    assert quoting and mostly and quoting.roles == mostly.roles == {"partial": 1}  # the role is still shown
    assert quoting.score and quoting.score.value == 0.0
    assert mostly.score and {f.name: f.value for f in mostly.score.features}["reuse"] == 1.0


def test_reusing_ones_own_article_is_own_reporting() -> None:
    articles = [article("a", "Hub"), article("b", "Hub", url="https://hub.test/b")]
    rows = story_roles(
        "s", articles, [relation("s", "a", "b", "copy")], Provenance("s", ("a",), 1, "a", (), (("b", "a"),))
    )
    hub = summarise(rows).find("Hub")
    assert hub and hub.roles == {"origin": 2} and not report_edges(rows)


def report_edges(rows: list) -> list:  # type: ignore[type-arg]
    return list(summarise(rows).edges)


def test_a_period_keeps_the_outlets_articles_in_it(report: OutletReport) -> None:
    with build_store() as store:
        march_first = outlet_report(store, Period(*(_day("2024-03-01"), _day("2024-03-01T23:59"))))
    hub = march_first.find("Buzz Hub")
    assert hub and hub.articles == 1
    assert march_first.find("Diario Puente") is None or not march_first.find("Diario Puente").present  # type: ignore[union-attr]


def _day(text: str):  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime.fromisoformat(text)


# -- store, incremental ------------------------------------------------------------


def test_role_rows_are_replaced_per_story_and_missing_ones_are_filled(tmp_path: Path) -> None:
    with build_store(str(tmp_path / "o.duckdb")) as store:
        assert len(read_roles(store.con)) == 6
        store.replace_provenance(
            ["s2"], [relation("s2", "c2", "f2", "copy")], [Provenance("s2", ("c2",), 1, "c2", (), (("f2", "c2"),))]
        )
        outlet_roles_store(store, ["s2"])
        roles = {r.article_id: r.role for r in read_roles(store.con)}
        assert roles["f2"] == "copy" and roles["f1"] == "rewrite" and len(roles) == 6
        store.con.execute("DELETE FROM outlet_roles WHERE story_id = 's1'")
        assert outlet_roles_store(store, missing_only=True) == 1
        assert len(read_roles(store.con)) == 6


# -- CLI and report ----------------------------------------------------------------


def test_cli_lists_explains_graphs_and_imports_a_table(tmp_path: Path) -> None:
    path = tmp_path / "o.duckdb"
    build_store(str(path)).close()
    table = tmp_path / "outlets.csv"
    table.write_text("outlet,aliases,ownership,country\nBuzz Hub,buzzhub.test,Hub Media Ltd,ZZ\n")
    runner = CliRunner(env={"COLUMNS": "250"})
    listed = runner.invoke(app, ["outlets", "--store", str(path), "--table", str(table)])
    assert listed.exit_code == 0, listed.output
    assert "Buzz Hub" in listed.output and "Hub Media Ltd" in listed.output
    lines = [
        json.loads(x) for x in runner.invoke(app, ["outlets", "--store", str(path), "-f", "json"]).stdout.splitlines()
    ]
    hub = next(x for x in lines if x["name"] == "Buzz Hub")
    assert hub["profile"] == {"ownership": "Hub Media Ltd", "country": "ZZ"} and hub["shares"]["rewrite"] == 1.0
    assert sum(f["contribution"] for f in hub["farm_features"]) == pytest.approx(hub["farm_score"], abs=1e-3)
    explained = runner.invoke(app, ["outlets", "buzz-hub-news.test", "--store", str(path)])
    assert "attribution damage" in explained.output and "0.250" in explained.output
    graph = runner.invoke(app, ["outlets", "--graph", "--store", str(path), "-f", "json"])
    assert any(json.loads(x)["kinds"] == {"credited": 1} for x in graph.stdout.splitlines())
    missing = runner.invoke(app, ["outlets", "Nobody", "--store", str(path)])
    assert missing.exit_code == 2 and "no outlet 'Nobody'" in missing.output
    bad_date = runner.invoke(app, ["outlets", "--since", "soon", "--store", str(path)])
    assert bad_date.exit_code == 2 and "is not a date" in bad_date.output


def test_report_section_lists_named_outlets_and_explains_the_top_scores(report: OutletReport) -> None:
    markdown = render_markdown([], "now", report)
    section = markdown[markdown.index("## Outlets") :]
    assert "| Buzz Hub | 2 |" in section and "Reuters (wire), not in corpus" in section
    assert "**Buzz Hub** farm score" in section and "0.25 × attribution damage 1.00" in section


def test_until_a_date_takes_in_that_whole_day_and_until_a_time_stops_there() -> None:
    day = Period(None, Period.end("2024-03-01", datetime(2024, 3, 1)))
    assert day.holds("2024-03-01T18:00") and not day.holds("2024-03-02T00:00")
    noon = Period(None, Period.end("2024-03-01T12:00", datetime(2024, 3, 1, 12)))
    assert noon.holds("2024-03-01T12:00") and not noon.holds("2024-03-01T18:00")


def test_the_cli_counts_the_articles_of_the_until_day(tmp_path: Path) -> None:
    path = tmp_path / "world.duckdb"
    build_store(str(path)).close()
    result = CliRunner().invoke(
        app, ["outlets", "Buzz Hub", "--store", str(path), "--until", "2024-03-01", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["articles"] == 1
