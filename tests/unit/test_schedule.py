"""The list scheduler of the cost model (scripts/alwgs/schedule.py) on graphs small enough to
schedule by hand."""

import pytest
from alwgs.schedule import Job, bottom_levels, schedule


def diamond():
    # a (1 h, 2 threads) -> b (3 h, 1) and c (2 h, 2) -> d (1 h, 1)
    return [
        Job("a", 1.0, 2),
        Job("b", 3.0, 1, ("a",)),
        Job("c", 2.0, 2, ("a",)),
        Job("d", 1.0, 1, ("b", "c")),
    ]


def test_bottom_levels_are_the_longest_remaining_paths():
    assert bottom_levels(diamond()) == {"a": 5.0, "b": 4.0, "c": 3.0, "d": 1.0}


def test_enough_cores_gives_the_critical_path():
    s = schedule(diamond(), nodes=1, cores_per_node=4)
    # b and c run side by side (3 threads <= 4): a 0-1, b 1-4, c 1-3, d 4-5
    assert s.makespan_h == pytest.approx(5.0)
    assert s.critical_path_h == pytest.approx(5.0)
    assert s.start == {"a": 0.0, "b": 1.0, "c": 1.0, "d": 4.0}


def test_too_few_cores_serialises_by_priority():
    # 2 cores: b (bottom level 4) starts before c (3); c needs both cores, so it waits for b:
    # a 0-1, b 1-4, c 4-6, d 6-7
    s = schedule(diamond(), nodes=1, cores_per_node=2)
    assert s.makespan_h == pytest.approx(7.0)
    assert s.start["c"] == pytest.approx(4.0)
    assert s.work_bound_h == pytest.approx((2 + 3 + 4 + 1) / 2)


def test_a_job_fits_on_one_node_only():
    # two 3-thread jobs on 2 nodes of 4 cores run together; on 1 node of 6 cores too,
    # on 1 node of 5 cores one after the other
    jobs = [Job("x", 2.0, 3), Job("y", 2.0, 3)]
    assert schedule(jobs, 2, 4).makespan_h == pytest.approx(2.0)
    assert schedule(jobs, 1, 6).makespan_h == pytest.approx(2.0)
    assert schedule(jobs, 1, 5).makespan_h == pytest.approx(4.0)


def test_small_jobs_fill_cores_a_large_one_cannot_use():
    # big needs 4 of 4 cores after first (3 threads, 1 h); filler (1 thread, 1 h) runs beside
    # first: first 0-1 and filler 0-1, big 1-3
    jobs = [Job("first", 1.0, 3), Job("filler", 1.0, 1), Job("big", 2.0, 4, ("first",))]
    s = schedule(jobs, 1, 4)
    assert s.start["filler"] == 0.0
    assert s.makespan_h == pytest.approx(3.0)


def test_bad_graphs_are_refused():
    with pytest.raises(ValueError, match="unknown job 'z'"):
        schedule([Job("a", 1, 1, ("z",))], 1, 2)
    with pytest.raises(ValueError, match="needs 8 threads"):
        schedule([Job("a", 1, 8)], 2, 4)
    with pytest.raises(ValueError, match="cycle"):
        schedule([Job("a", 1, 1, ("b",)), Job("b", 1, 1, ("a",))], 1, 2)
