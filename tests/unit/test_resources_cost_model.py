"""config/resources.yaml against the benchmark's cost model (bench/cost_model.tsv, written by
`./alwgs bench --only costmodel --merge`): every modelled job of a 90x tumor + 30x normal
human pair must fit its rule's runtime on its threads at the model's high estimate, or a
cluster would kill it at the time limit."""

import csv
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
MODEL = REPO / "bench/cost_model.tsv"
RESOURCES = yaml.safe_load((REPO / "config/resources.yaml").read_text())


def model_rows():
    with open(MODEL) as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_the_model_covers_the_heavy_rules():
    rules = {r["rule"] for r in model_rows()}
    heavy = {"bwa_mem", "fastp", "markdup", "freebayes", "germline_normal", "cnv_coverage",
             "delly", "tiddit", "samtools_stats", "mosdepth"}  # fmt: skip
    assert heavy <= rules, f"not in bench/cost_model.tsv: {sorted(heavy - rules)}"


@pytest.mark.parametrize("row", model_rows(), ids=lambda r: f"{r['rule']}:{r['job']}")
def test_runtime_covers_the_high_estimate(row):
    entry = RESOURCES.get(row["rule"])
    assert entry is not None, f"config/resources.yaml has no entry for {row['rule']}"
    threads = entry.get("threads", RESOURCES["default"]["threads"])
    runtime_min = entry.get("runtime", RESOURCES["default"]["runtime"])
    efficiency = float(row["efficiency"]) if threads > 1 else 1.0
    need_min = float(row["cpu_h_high"]) * 60 / (threads * efficiency)
    assert runtime_min >= need_min, (
        f"{row['rule']} ({row['job']}): runtime {runtime_min} min on {threads} threads is below"
        f" the cost model's high estimate {need_min:.0f} min (bench/cost_model.tsv)"
    )
    assert float(row["cpu_h_low"]) <= float(row["cpu_h_mid"]) <= float(row["cpu_h_high"])


def test_slurm_profile_takes_resources_from_the_rules():
    """The SLURM profile must not override runtime/threads/mem per rule: they come from
    config/resources.yaml through each rule's resources."""
    prof = yaml.safe_load((REPO / "config/profiles/slurm/config.yaml").read_text())
    assert "set-resources" not in prof and "set-threads" not in prof
    defaults = prof.get("default-resources") or {}
    assert not {"runtime", "mem_mb", "threads"} & set(defaults)
