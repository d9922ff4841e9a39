"""Pure helpers of the benchmark's cost model (bench/cost_model.py): fits, the job graph."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import cost_model as cm  # noqa: E402
from timing import Run  # noqa: E402


def run(cpu):
    return Run(wall_s=cpu, user_s=cpu, sys_s=0.0, max_rss_kb=1, load1=0.0, exit_status=0)


def test_log_and_power_fits_recover_exact_data():
    xs = [4, 40, 400]
    a, b, res = cm.fit_log(xs, [100 + 50 * k for k in (0.60206, 1.60206, 2.60206)])
    assert (a, b) == (pytest.approx(100, rel=1e-6), pytest.approx(50, rel=1e-6))
    assert max(map(abs, res)) < 1e-9
    c, k, res = cm.fit_power(xs, [3 * x**0.25 for x in xs])
    assert (c, k) == (pytest.approx(3, rel=1e-9), pytest.approx(0.25, rel=1e-9))


def test_reads_genome_fit_separates_reads_reference_and_start_up():
    # cpu = 10 s/Gbase + 0.5 s/Mb + 2 s
    pts = [(g, mb, 10 * g + 0.5 * mb + 2) for g, mb in ((0.1, 2), (0.05, 2), (0.1, 400), (1, 40))]
    a, b, c, res = cm.fit_reads_genome(pts)
    assert (a, b, c) == (pytest.approx(10), pytest.approx(0.5), pytest.approx(2))
    # a negative term is not allowed: a tool that gets cheaper on a larger genome is fitted
    # without the reference term
    pts = [(1, 1, 10), (1, 100, 9), (2, 1, 20)]
    a, b, c, _ = cm.fit_reads_genome(pts)
    assert b == 0 and a > 0 and c >= 0


def test_slope_removes_start_up():
    assert cm.slope([(1.0, run(12)), (0.5, run(7))]) == pytest.approx(10)
    # no growth with reads: the larger run's plain ratio, never a negative or zero cost
    assert cm.slope([(1.0, run(5)), (0.5, run(6))]) == pytest.approx(5)


DOT = """digraph snakemake_dag {
    0[label = "all", color = "0.1 0.6 0.85", style="rounded"];
    1[label = "markdup", color = "0.2 0.6 0.85", style="rounded"];
    2[label = "merge_units", color = "0.3 0.6 0.85", style="rounded"];
    3[label = "bwa_mem", color = "0.4 0.6 0.85", style="rounded"];
    4[label = "bwa_mem", color = "0.4 0.6 0.85", style="rounded"];
    5[label = "markdup", color = "0.2 0.6 0.85", style="rounded"];
    6[label = "merge_units", color = "0.3 0.6 0.85", style="rounded"];
    7[label = "bwa_mem", color = "0.4 0.6 0.85", style="rounded"];
    8[label = "mosdepth", color = "0.5 0.6 0.85", style="rounded"];
    9[label = "mosdepth", color = "0.5 0.6 0.85", style="rounded"];
    1 -> 0
    2 -> 1
    3 -> 2
    4 -> 2
    5 -> 0
    6 -> 5
    7 -> 6
    1 -> 8
    5 -> 9
    8 -> 0
    9 -> 0
}"""


def test_dag_and_the_tumor_found_from_its_two_units():
    nodes, edges = cm.dag_jobs(DOT)
    assert len(nodes) == 10 and len(edges) == 11
    assert nodes["3"]["rule"] == "bwa_mem"
    # every consumer of the tumor's BAM counts as a tumor job (here also `all`, which has no
    # row in the model; a rule with tumor and normal rows has one job per sample)
    assert cm.tumor_jobs(nodes, edges) == {"0", "1", "2", "3", "4", "8"}


def test_graph_gives_tumor_and_normal_jobs_their_own_hours():
    nodes, edges = cm.dag_jobs(DOT)
    rows = [
        {"rule": "mosdepth", "job": "tumor", "cpu_h_mid": 4.0, "efficiency": 0.5},
        {"rule": "mosdepth", "job": "normal", "cpu_h_mid": 1.0, "efficiency": 0.5},
    ]
    jobs = {j.name: j for j in cm.graph(nodes, edges, rows, "mid", 32)}
    threads = jobs["8"].threads
    assert jobs["8"].hours == pytest.approx(4.0 / (threads * (0.5 if threads > 1 else 1)))
    assert jobs["9"].hours == pytest.approx(jobs["8"].hours / 4)
    assert jobs["0"].deps and set(jobs["0"].deps) == {"1", "5", "8", "9"}
