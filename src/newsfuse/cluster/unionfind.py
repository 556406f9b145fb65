"""Union-find over integer ids, with path halving and union by size.

>>> uf = UnionFind(4)
>>> uf.union(0, 1); uf.union(2, 3); uf.union(1, 3)
>>> uf.find(0) == uf.find(2)
True
>>> uf.groups()
[[0, 1, 2, 3]]
"""

from __future__ import annotations


class UnionFind:
    """Disjoint sets of 0..n-1; memory is two int lists of length n."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        if self.size[root_a] < self.size[root_b]:
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        self.size[root_a] += self.size[root_b]

    def groups(self, min_size: int = 2) -> list[list[int]]:
        """Sets with at least ``min_size`` members, each sorted, ordered by first member."""
        members: dict[int, list[int]] = {}
        for x in range(len(self.parent)):
            members.setdefault(self.find(x), []).append(x)
        return sorted((m for m in members.values() if len(m) >= min_size), key=lambda m: m[0])
