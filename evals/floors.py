"""Quality floors: the minimum scores CI accepts.

Decides whether a measured score is acceptable. Floors live in
``evals/floors.json`` with a digest of the data each was measured on; raising
a floor is free, lowering one needs ``--allow-lower`` (so a regression cannot
slip in as a "new baseline" by accident).
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Callable
from typing import Any

from evals.common import FLOORS_FILE, load_floors


def check(measured: dict[str, float], digest: str, group: str) -> list[str]:
    """Messages for every floor of ``group`` that ``measured`` falls below (empty when all hold)."""
    floors = load_floors().get(group)
    if floors is None:
        return [f"no floors recorded for {group}; run its eval with --update-floors"]
    problems = []
    if floors["data_digest"] != digest:
        problems.append(f"{group}: data digest {digest} differs from {floors['data_digest']} the floors were set on")
    for name, floor in floors["scores"].items():
        value = measured.get(name)
        if value is None:
            problems.append(f"{group}: {name} was not measured")
        elif value < floor:
            problems.append(f"{group}: {name} = {value:.4f} is below its floor {floor:.4f}")
    return problems


def assert_holds(group: str, measured: dict[str, float], digest: str) -> None:
    """Fail, listing every problem, when any floor of ``group`` is not met (the floors tests call this)."""
    problems = check(measured, digest, group)
    assert not problems, "\n".join(problems)


def update(measured: dict[str, float], digest: str, group: str, allow_lower: bool = False) -> dict[str, Any]:
    """Set the floors of ``group`` to the measured scores (rounded down to 3 decimals, negative ones too)."""
    floors = load_floors()
    old = floors.get(group, {}).get("scores", {})
    new = {name: math.floor(value * 1000) / 1000 for name, value in measured.items()}
    lowered = [name for name, value in new.items() if name in old and value < old[name]]
    if lowered and not allow_lower:
        raise SystemExit(f"refusing to lower floors {lowered}; pass --allow-lower if this is intended")
    floors[group] = {"data_digest": digest, "scores": new}
    FLOORS_FILE.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n")
    return floors[group]


def eval_main(
    description: str | None,
    group: str,
    measure: Callable[[], dict[str, float]],
    floor_scores: Callable[[dict[str, float]], dict[str, float]],
    data_digest: Callable[[], str],
) -> None:
    """The command line every evaluation shares: measure, print, optionally record the floors."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update-floors", action="store_true", help="record these scores as CI floors")
    parser.add_argument("--allow-lower", action="store_true", help="allow --update-floors to lower a floor")
    args = parser.parse_args()
    started = time.perf_counter()
    measured = measure()
    print(f"\ndata digest {data_digest()}; {time.perf_counter() - started:.0f} s")
    if args.update_floors:
        print("floors:", update(floor_scores(measured), data_digest(), group, args.allow_lower))
