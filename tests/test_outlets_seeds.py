"""The seeds through `newsfuse run`: each outlet's role is its article's relation, and dropped attributions show.

Checked by properties, not by the seeds' names: whatever outlet an article
is given (named, or "outlet not given" with its file), the outlet summary
in outlets.jsonl must count the article under the kind of the relation
from its parent in relations.jsonl / provenance.jsonl (an origin that
credits an absent source counts as ``credited``); a wire agency credited
by an article and absent from the corpus must be listed as a wire; and
every article the claims flag as dropping an attribution must show it in
its outlet's counts.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from tests.conftest import need_shared


def _lines(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = need_shared("seeds")
    out = tmp_path_factory.mktemp("seed-outlets")
    result = CliRunner().invoke(app, ["run", str(seeds), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.corpus
@pytest.mark.slow
def test_each_outlets_roles_are_its_articles_relations(seed_out: Path) -> None:
    articles = {a["id"]: a for a in _lines(seed_out / "articles.jsonl")}
    relations = {(r["source_id"], r["target_id"]): r["kind"] for r in _lines(seed_out / "relations.jsonl")}
    parent = {e["target_id"]: e["source_id"] for p in _lines(seed_out / "provenance.jsonl") for e in p["edges"]}
    outlets = _lines(seed_out / "outlets.jsonl")
    expected: Counter[str] = Counter()
    for article_id in articles:
        kind = relations.get((parent.get(article_id, ""), article_id), "origin")
        expected["copy" if kind == "duplicate" else kind] += 1
    counted: Counter[str] = Counter()
    for outlet in outlets:
        counted.update({role: n for role, n in outlet["roles"].items() if n})
    # An origin that credits an absent wire is a credited reprint: it moves from origin to credited.
    credited = counted.pop("credited", 0)
    assert counted + Counter({"origin": credited}) == expected
    assert sum(o["articles"] for o in outlets) == len(articles)


@pytest.mark.corpus
@pytest.mark.slow
def test_the_credited_absent_wire_is_a_source_and_its_reprinter_credits_it(seed_out: Path) -> None:
    articles = _lines(seed_out / "articles.jsonl")
    outlets = {o["outlet"]: o for o in _lines(seed_out / "outlets.jsonl")}
    wires = [o for o in outlets.values() if o["kind"] == "wire" and not o["in_corpus"]]
    credited_wires = {c["source"] for a in articles for c in a.get("credits", []) if c["kind"] == "wire"}
    assert {w["name"] for w in wires} >= credited_wires
    for wire in wires:
        takers = [o for o in outlets.values() if any(t["outlet"] == wire["outlet"] for t in o["takes_from"])]
        assert takers and all(o["credit_share"] == 1.0 for o in takers)


@pytest.mark.corpus
@pytest.mark.slow
def test_outlets_that_dropped_attributions_show_it(seed_out: Path) -> None:
    claims = _lines(seed_out / "claims.jsonl")
    outlets = _lines(seed_out / "outlets.jsonl")
    dropped_claims = [c for c in claims if c["status"] == "attribution-dropped"]
    unattributed = {m["article_id"] for c in dropped_claims for m in c["mentions"] if not m["attributed_to"]}
    showing = [o for o in outlets if o["attribution_dropped"]]
    assert sum(o["attribution_dropped"] for o in outlets) >= 1 if dropped_claims else not showing
    assert len(showing) <= len(unattributed)
    for outlet in showing:
        assert outlet["damage_share"] and outlet["damage_share"] > 0
        assert outlet["farm_features"][3]["contribution"] > 0
