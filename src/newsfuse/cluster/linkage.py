"""Average-linkage clustering over a sparse similarity graph.

Decides which clusters merge: repeatedly the pair of clusters with the
highest average pair score, until no pair reaches the threshold. Pairs that
were never scored count as 0 in the average, which is what their score
would be (they were not even near neighbours). No number of clusters is
fixed. Ties are broken by the clusters' smallest members, so the result is
the same on every run and every engine.

>>> edges = {(0, 1): 0.9, (1, 2): 0.8, (0, 2): 0.7, (2, 3): 0.1}
>>> average_linkage(4, edges, threshold=0.5)
[[0, 1, 2], [3]]
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping


def average_linkage(
    n: int,
    edges: Mapping[tuple[int, int], float],
    threshold: float,
    initial: Iterable[Iterable[int]] = (),
) -> list[list[int]]:
    """Clusters of 0..n-1 (sorted lists, ordered by smallest member).

    ``initial`` groups (near-duplicates) start merged.
    """
    owner = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for group in initial:
        items = sorted(set(group))
        for item in items[1:]:
            _absorb(members, owner, items[0], item)
    sums: dict[int, dict[int, float]] = {c: {} for c in members}
    for (a, b), score in edges.items():
        ca, cb = owner[a], owner[b]
        if ca != cb:
            sums[ca][cb] = sums[ca].get(cb, 0.0) + score
            sums[cb][ca] = sums[cb].get(ca, 0.0) + score
    heap = [(-_average(sums, members, a, b), a, b) for a in sums for b in sums[a] if a < b]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members or b not in sums[a]:
            continue
        current = _average(sums, members, a, b)
        if abs(current + negative) > 1e-12:
            continue  # stale entry; a fresher one is in the heap
        if current < threshold:
            break
        keep, gone = min(a, b), max(a, b)
        _merge(sums, members, keep, gone)
        for other in sums[keep]:
            heapq.heappush(heap, (-_average(sums, members, keep, other), min(keep, other), max(keep, other)))
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def _absorb(members: dict[int, list[int]], owner: list[int], keep: int, item: int) -> None:
    source = owner[item]
    target = owner[keep]
    if source == target:
        return
    for x in members.pop(source):
        owner[x] = target
        members[target].append(x)


def _average(sums: dict[int, dict[int, float]], members: dict[int, list[int]], a: int, b: int) -> float:
    return sums[a].get(b, 0.0) / (len(members[a]) * len(members[b]))


def _merge(sums: dict[int, dict[int, float]], members: dict[int, list[int]], keep: int, gone: int) -> None:
    members[keep].extend(members.pop(gone))
    for other, value in sums.pop(gone).items():
        del sums[other][gone]
        if other == keep:
            continue
        sums[keep][other] = sums[keep].get(other, 0.0) + value
        sums[other][keep] = sums[other].get(keep, 0.0) + value
