"""Every eval is enforced: no eval group goes without floors, none without its floors test.

Reads the code, not the corpora, so it runs everywhere in a second:

* every group in ``evals/floors.json`` has ``tests/test_floors_<group>.py``,
  with a test marked ``corpus`` and ``slow`` that checks that group's floors
  (``floors.assert_holds`` or ``floors.check`` called with the group's name);
* every module in ``evals/`` that records floors (``floors.update`` or
  ``floors.eval_main``) has its group in ``floors.json``;
* every eval command in ``evals/`` records floors, unless it is listed in
  ``NOT_EVALS`` with the reason it makes no quality claim;
* no floors test file names a group that has no floors.
"""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

import pytest

from evals import floors
from evals.subset_main import subset_main
from tests.conftest import PROJECT

EVALS = PROJECT / "evals"
TESTS = PROJECT / "tests"
FLOORS = json.loads((EVALS / "floors.json").read_text())
# Modules of evals/ that are not evaluations, with why they need no floors.
NOT_EVALS = {
    "__init__": "package marker",
    "common": "helpers: corpus paths, splits, digests, tables",
    "floors": "the floors machinery itself",
    "metrics": "metric functions the evals call",
    "alignment_calibration": "prints calibration curves that set provenance constants; a tuning tool, not a score",
    "story_tuning": "prints the story-constant grid on the tuning splits; a tuning tool, not a score",
    "brief_tuning": "searches the brief's selection weights on the Multi-News tuning half; a tuning tool",
    "crossval": "cross-validated threshold fitting that evals.counter and evals.provenance call",
    "planted": "builds the planted-change reprints that evals.flags scores",
    "outlet_world": "builds the synthetic outlet world that evals.outlets scores",
    "outlet_texts": "reads the real texts evals.outlet_world builds its world from",
    "subset_main": "the command line of subset evals (its calls are recognised as recording floors)",
    "counter": "COUNTER alone; evals.provenance measures the same and holds its counter.* floors",
    "real_flags": "samples real stories' flags for judging by hand; the score needs a person's judgements",
    "real_flag_sets": "builds the corpora's records that evals.real_flags runs",
}
_RECORDING_CALLS = {"update": floors.update, "eval_main": floors.eval_main, "subset_main": subset_main}
_CHECKING_CALLS = {"assert_holds": floors.assert_holds, "check": floors.check}


def _group_argument(call: ast.Call, function: object) -> ast.expr | None:
    """The expression passed as ``group`` to one of the floors functions."""
    for keyword in call.keywords:
        if keyword.arg == "group":
            return keyword.value
    position = list(inspect.signature(function).parameters).index("group")  # type: ignore[arg-type]
    return call.args[position] if position < len(call.args) else None


def _floors_calls(path: Path, functions: dict[str, object]) -> list[tuple[int, str | None]]:
    """(line, group literal or None) for each call of ``floors.<name>`` / ``<name>`` in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
        if name not in functions or (isinstance(func, ast.Attribute) and getattr(func.value, "id", "") != "floors"):
            continue
        argument = _group_argument(node, functions[name])
        literal = argument.value if isinstance(argument, ast.Constant) and isinstance(argument.value, str) else None
        found.append((node.lineno, literal))
    return found


def _eval_modules() -> list[Path]:
    return sorted(path for path in EVALS.glob("*.py") if path.stem not in NOT_EVALS)


def _recorded_groups() -> dict[str, list[str]]:
    """Group -> the eval modules that record floors for it."""
    groups: dict[str, list[str]] = {}
    for path in _eval_modules():
        for _, group in _floors_calls(path, _RECORDING_CALLS):
            if group is not None:
                groups.setdefault(group, []).append(path.stem)
    return groups


ALL_GROUPS = sorted(set(FLOORS) | set(_recorded_groups()))


@pytest.mark.parametrize("module", [path.stem for path in _eval_modules()])
def test_every_eval_records_floors_under_a_literal_group(module: str) -> None:
    calls = _floors_calls(EVALS / f"{module}.py", _RECORDING_CALLS)
    assert calls, (
        f"evals/{module}.py records no floors: call floors.eval_main or floors.update with its group, "
        "or list it in NOT_EVALS with the reason it makes no quality claim"
    )
    unnamed = [line for line, group in calls if group is None]
    assert not unnamed, f"evals/{module}.py lines {unnamed}: pass the group as a string literal so this test sees it"


@pytest.mark.parametrize("group", ALL_GROUPS)
def test_every_recorded_group_has_floors(group: str) -> None:
    recorders = _recorded_groups().get(group, [])
    assert group in FLOORS, f"{recorders} record floors for {group!r}, floors.json has none: run with --update-floors"
    assert FLOORS[group].get("data_digest") and FLOORS[group].get("scores"), f"floors.json: {group} has no scores"


@pytest.mark.parametrize("group", ALL_GROUPS)
def test_every_group_has_a_floors_test(group: str) -> None:
    path = TESTS / f"test_floors_{group}.py"
    assert path.exists(), f"tests/test_floors_{group}.py is missing: every eval group needs its floors test"
    checked = [g for _, g in _floors_calls(path, _CHECKING_CALLS)]
    assert group in checked, f"{path.name} never calls floors.assert_holds(...) or floors.check(...) for {group!r}"
    assert _marked_tests(path), f"{path.name} has no test marked both @pytest.mark.corpus and @pytest.mark.slow"


def _marked_tests(path: Path) -> list[str]:
    """Test functions carrying both the corpus and the slow marker."""
    marked = []
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            markers = {d.attr for d in node.decorator_list if isinstance(d, ast.Attribute)}
            if {"corpus", "slow"} <= markers:
                marked.append(node.name)
    return marked


def test_no_floors_test_without_a_group() -> None:
    orphans = [p.name for p in TESTS.glob("test_floors_*.py") if p.stem.removeprefix("test_floors_") not in ALL_GROUPS]
    assert not orphans, f"{orphans} check groups that have no floors in evals/floors.json"


def test_the_guard_sees_the_groups_it_enforces() -> None:
    # The guard reads code: if it stopped finding calls, every check above would pass vacuously.
    assert {"clean", "stance"} <= set(_recorded_groups())
    assert _marked_tests(TESTS / "test_floors_clean.py") == ["test_cleaning_floors"]
