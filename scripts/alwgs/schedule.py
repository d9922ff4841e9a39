"""Wall time of a job graph on a machine or cluster: a list scheduler (critical path first).

The benchmark's cost model (bench/cost_model.py) gives every job of a batch its hours on its
threads; this module says how long the batch takes on N nodes of C cores, the way a workflow
engine would run it: whenever cores are free, the ready job with the longest remaining path
to the end (its "bottom level") starts first, on the first node with enough free cores;
smaller jobs fill cores a larger one cannot use (no reservation, no preemption). This is a
greedy heuristic, not an optimum; the two lower bounds returned beside it (critical path,
total work / capacity) say how far from optimal it can be.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Job:
    name: str
    hours: float  # wall hours on `threads`
    threads: int
    deps: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Schedule:
    makespan_h: float
    critical_path_h: float  # longest chain of dependencies: no machine is faster
    work_bound_h: float  # core-hours reserved / cores: no machine of this size is faster
    start: dict[str, float]


def _check(jobs: list[Job], cores_per_node: int) -> dict[str, Job]:
    by_name = {}
    for j in jobs:
        if j.name in by_name:
            raise ValueError(f"job {j.name!r} listed twice")
        if j.hours < 0 or j.threads < 1:
            raise ValueError(f"job {j.name!r}: hours must be >= 0 and threads >= 1")
        if j.threads > cores_per_node:
            raise ValueError(
                f"job {j.name!r} needs {j.threads} threads, a node has {cores_per_node}"
            )
        by_name[j.name] = j
    for j in jobs:
        for d in j.deps:
            if d not in by_name:
                raise ValueError(f"job {j.name!r} depends on unknown job {d!r}")
    return by_name


def bottom_levels(jobs: list[Job]) -> dict[str, float]:
    """Longest path (hours) from the start of each job to the end of the graph."""
    by_name = {j.name: j for j in jobs}
    children: dict[str, list[str]] = {j.name: [] for j in jobs}
    for j in jobs:
        for d in j.deps:
            children[d].append(j.name)
    level: dict[str, float] = {}
    state: dict[str, int] = {}
    for root in by_name:  # iterative depth-first post-order (graphs have thousands of jobs)
        stack = [(root, False)]
        while stack:
            name, done = stack.pop()
            if done:
                level[name] = by_name[name].hours + max(
                    (level[c] for c in children[name]), default=0.0
                )
                state[name] = 2
                continue
            if state.get(name) == 2:
                continue
            if state.get(name) == 1:
                raise ValueError(f"the job graph has a cycle through {name!r}")
            state[name] = 1
            stack.append((name, True))
            stack.extend((c, False) for c in children[name] if state.get(c) != 2)
    return level


def schedule(jobs: list[Job], nodes: int, cores_per_node: int) -> Schedule:
    """Greedy list schedule of `jobs` on `nodes` nodes of `cores_per_node` cores."""
    by_name = _check(jobs, cores_per_node)
    level = bottom_levels(jobs)
    waiting = {j.name: len(set(j.deps)) for j in jobs}
    children: dict[str, list[str]] = {j.name: [] for j in jobs}
    for j in jobs:
        for d in set(j.deps):
            children[d].append(j.name)
    free = [cores_per_node] * nodes
    ready = sorted((n for n, w in waiting.items() if w == 0), key=lambda n: (-level[n], n))
    running: list[tuple[float, str, int]] = []  # (end, name, node)
    start: dict[str, float] = {}
    now = 0.0
    while ready or running:
        still = []
        for name in ready:
            job = by_name[name]
            node = next((i for i, f in enumerate(free) if f >= job.threads), None)
            if node is None:
                still.append(name)
                continue
            free[node] -= job.threads
            start[name] = now
            heapq.heappush(running, (now + job.hours, name, node))
        ready = still
        if not running:
            break
        now, name, node = heapq.heappop(running)
        done = [(name, node)]
        while running and running[0][0] <= now:
            _, n2, node2 = heapq.heappop(running)
            done.append((n2, node2))
        for n, nd in done:
            free[nd] += by_name[n].threads
            for c in children[n]:
                waiting[c] -= 1
                if waiting[c] == 0:
                    ready.append(c)
        ready.sort(key=lambda n: (-level[n], n))
    if len(start) != len(jobs):
        raise ValueError("some jobs never became ready (a cycle in the job graph)")
    makespan = max((start[j.name] + j.hours for j in jobs), default=0.0)
    work = sum(j.hours * j.threads for j in jobs) / (nodes * cores_per_node)
    return Schedule(makespan, max(level.values(), default=0.0), work, start)
