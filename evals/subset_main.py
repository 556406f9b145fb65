"""The command line of evals whose CI floors are measured on a fixed subset.

Decides what ``--ci`` and ``--update-floors`` mean for such an eval: the full
dev data is measured by default; ``--ci`` measures the subset the floors
test uses, and floors are always recorded from that subset (so the test
compares like with like).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from evals import floors


def subset_main(
    description: str | None,
    group: str,
    measure: Callable[..., dict[str, float]],
    floor_scores: Callable[[dict[str, float]], dict[str, float]],
    data_digest: Callable[[], str],
    extra: Callable[[argparse.ArgumentParser], None] | None = None,
) -> argparse.Namespace:
    """Parse the arguments, measure, print, and record floors when asked; return the arguments."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ci", action="store_true", help="only the fixed subsets the CI floor test measures")
    parser.add_argument("--update-floors", action="store_true", help="record the --ci scores as CI floors")
    parser.add_argument("--allow-lower", action="store_true", help="allow --update-floors to lower a floor")
    if extra:
        extra(parser)
    args = parser.parse_args()
    if getattr(args, "tune", False):
        return args
    started = time.perf_counter()
    measured = measure(ci=args.ci or args.update_floors)
    print(f"\ndata digest {data_digest()}; {time.perf_counter() - started:.0f} s")
    if args.update_floors:
        print("floors:", floors.update(floor_scores(measured), data_digest(), group, args.allow_lower))
    return args
