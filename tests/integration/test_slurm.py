"""The ci batch through the slurm profile on a real single-node SLURM cluster gives the same
results as the local run (marker `slurm`; the cluster is started and stopped by the test)."""

import csv
import subprocess
from pathlib import Path

import local_slurm
import pytest
import yaml

pytestmark = [pytest.mark.slurm, pytest.mark.integration]

SLURM_BATCH = "batches/test-slurm"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    reason = local_slurm.available()
    if reason:
        pytest.skip(f"no local SLURM: {reason}")
    state = tmp_path_factory.mktemp("slurm")
    local_slurm.start(state)
    yield state
    local_slurm.stop(state)


@pytest.fixture(scope="module")
def slurm_batch(cluster, repo_root: Path, ci_data: Path, ci_batch: Path) -> Path:
    config = yaml.safe_load((ci_data / "batch.yaml").read_text())
    config["batch_dir"] = SLURM_BATCH
    cfg = repo_root / "batches" / "test-slurm.yaml"
    cfg.write_text(yaml.safe_dump(config))
    batch = repo_root / SLURM_BATCH
    run = subprocess.run(
        [str(repo_root / "alwgs"), "run", "--config", str(cfg), "--profile", "slurm", "--force"],
        cwd=repo_root,
        capture_output=True,
        text=True,
    )
    assert (batch / "results" / "batch_status.json").exists(), (
        run.stdout[-3000:] + run.stderr[-5000:]
    )
    return batch


def vcf_body(path: Path) -> list[str]:
    """Records without the header (which names the run's paths and dates)."""
    out = subprocess.run(
        ["bcftools", "view", "-H", str(path)], capture_output=True, text=True, check=True
    )
    return out.stdout.splitlines()


def tumors(ci_data: Path) -> list[str]:
    with open(ci_data / "samples.tsv") as fh:
        return [r["sample"] for r in csv.DictReader(fh, delimiter="\t") if r["type"] == "tumor"]


def test_jobs_ran_on_the_cluster(slurm_batch, cluster):
    # slurmctld logs every allocation; a local fallback would leave none.
    log = (cluster / "slurmctld.log").read_text()
    assert log.count("sched: Allocate JobId=") >= 20


def test_slurm_results_equal_the_local_run(slurm_batch, ci_batch, ci_data):
    compared = 0
    for sample in tumors(ci_data):
        for rel in (
            f"results/small_variants/{sample}.somatic.vcf.gz",
            f"results/small_variants/{sample}.itd.vcf.gz",
        ):
            assert vcf_body(slurm_batch / rel) == vcf_body(ci_batch / rel), rel
            compared += 1
        for rel in (
            f"results/sv/{sample}.fusions.tsv",
            f"results/cnv/{sample}.events.tsv",
            f"results/cnv/{sample}.karyotype.json",
        ):
            assert (slurm_batch / rel).read_text() == (ci_batch / rel).read_text(), rel
            compared += 1
    for rel in ("results/accuracy/accuracy.tsv", "results/qc/qc_gate.tsv"):
        assert (slurm_batch / rel).read_text() == (ci_batch / rel).read_text(), rel
        compared += 1
    assert compared == 5 * len(tumors(ci_data)) + 2
