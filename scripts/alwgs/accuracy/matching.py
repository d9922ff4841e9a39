"""Greedy one-to-one matching of truth items and calls, shared by the itd, sv and cna classes:
where several truth/call pairs qualify, pairs are taken closest first."""

from __future__ import annotations

from collections.abc import Callable


def greedy_match(
    n_truth: int, n_calls: int, cost: Callable[[int, int], float | None]
) -> dict[int, int]:
    """{truth index: call index}, taking qualifying pairs (cost not None) cheapest first."""
    pairs = []
    for i in range(n_truth):
        for j in range(n_calls):
            c = cost(i, j)
            if c is not None:
                pairs.append((c, i, j))
    pairs.sort()
    used_t: set[int] = set()
    used_c: set[int] = set()
    out: dict[int, int] = {}
    for _, i, j in pairs:
        if i in used_t or j in used_c:
            continue
        used_t.add(i)
        used_c.add(j)
        out[i] = j
    return out
