"""bench/cohort.py: the cohort section's figures from a finished batch's files (nothing run)."""

import importlib.util
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bench_cohort", REPO / "bench" / "cohort.py")
cohort = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cohort)

HEADER = "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"
RUNS = "start_utc\tend_utc\twall_s\tcores\texit_status\tran_jobs\tbatch_finished\tcommit\n"


def bench_file(batch: Path, rel: str, s: float, rss: float, cpu: float) -> None:
    p = batch / "benchmarks" / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(HEADER + f"{s}\t0:00:00\t{rss}\t0\t0\t0\t0\t0\t0\t{cpu}\n")


def finished_batch(tmp_path: Path) -> tuple[Path, Path]:
    batch = tmp_path / "cohort"
    (batch / "results").mkdir(parents=True)
    samples = {"A01-T": {"qc": "PASS", "report": "r.html"}, "A01-N": {"qc": "PASS"}}
    (batch / "results/batch_status.json").write_text(
        json.dumps({"finished": "2026-12-07T12:00:00+00:00", "samples": samples})
    )
    # bwa_mem: rule threads res("bwa_mem") -> 4 below; interpret: threads from resources -> 1
    bench_file(batch, "bwa_mem/A01-T/L1.tsv", 1800, 900.5, 6000)
    bench_file(batch, "bwa_mem/A01-N/L1.tsv", 900, 700, 3000)
    bench_file(batch, "interpretation/A01-T.tsv", 36, 120, 30)
    res = tmp_path / "resources.yaml"
    res.write_text("default: {threads: 1}\nbwa_mem: {threads: 4}\n")
    return batch, res


def test_rule_table_maps_real_benchmark_paths():
    rules = cohort.rule_table(REPO / "rules")
    assert cohort.job_threads("bwa_mem/P01-T/L1.tsv", rules, {"bwa_mem": {"threads": 3}}) == (
        "bwa_mem",
        3,
    )
    assert cohort.job_threads("no_such/x.tsv", rules, {"default": {"threads": 2}}) == ("unknown", 2)


def test_measure_a_finished_batch(tmp_path):
    batch, res = finished_batch(tmp_path)
    (batch / "cohort_runs.tsv").write_text(
        RUNS
        + "2026-12-06T08:00:00Z\tx\t100\t2\t0\tyes\tyes\tabc\n"  # an earlier finished run
        + "2026-12-07T08:00:00Z\tx\t1000\t2\t1\tyes\tno\tdef\n"  # stopped, then resumed:
        + "2026-12-07T09:00:00Z\tx\t2600\t2\t0\tyes\tyes\tdef\n"  # 1000 + 2600 s
        + "2026-12-07T11:00:00Z\tx\t5\t2\t0\tno\tyes\tdef\n"  # up to date: nothing ran
    )
    rows = {m: (v, u) for m, v, u in cohort.measure(batch, res)}
    assert rows["cohort.samples"][0] == 2 and "1 tumors" in rows["cohort.samples"][1]
    assert "not rerun" in rows["cohort.samples"][1]
    assert rows["cohort.jobs"][0] == 3
    assert rows["cohort.wall"][0] == 3600
    assert "2 invocations (resumed)" in rows["cohort.wall"][1]
    assert "started 2026-12-07T08:00:00Z" in rows["cohort.wall"][1]
    assert rows["cohort.per_sample.wall"][0] == 1800
    assert rows["cohort.cpu"][0] == 9030
    # (1800 + 900) s x 4 threads capped at the run's 2 cores + 36 s x 1 = 5436 core-s
    assert rows["cohort.core_hours"][0] == pytest.approx(5436 / 3600)
    assert rows["cohort.per_sample.core_hours"][0] == pytest.approx(5436 / 3600 / 2)
    assert rows["cohort.max_rss"] == (900.5, "MiB (largest job: bwa_mem/A01-T/L1.tsv)")


def test_threads_capped_at_the_runs_cores(tmp_path):
    batch, res = finished_batch(tmp_path)
    one_core = "2026-12-07T08:00:00Z\tx\t900\t1\t0\tyes\tyes\tc\n"
    (batch / "cohort_runs.tsv").write_text(RUNS + one_core)
    rows = {m: v for m, v, _ in cohort.measure(batch, res)}
    assert rows["cohort.core_hours"] == pytest.approx((1800 + 900 + 36) / 3600)


def test_wall_not_measured_without_runs_file(tmp_path):
    batch, res = finished_batch(tmp_path)
    metrics = [m for m, _, _ in cohort.measure(batch, res)]
    assert "cohort.wall_not_measured" in metrics and "cohort.wall" not in metrics


def test_unfinished_batch_is_not_measured(tmp_path):
    batch, res = finished_batch(tmp_path)
    (batch / "results/batch_status.json").unlink()
    with pytest.raises(ValueError, match="run ./alwgs cohort first"):
        cohort.measure(batch, res)
