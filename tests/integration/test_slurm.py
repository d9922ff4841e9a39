"""The ci batch through the slurm profile on a real single-node SLURM cluster gives the same
results as the local run (marker `slurm`; the cluster is started and stopped by the test).

To keep CI short the cluster runs patient P01 of the ci batch (tumor + matched normal), and
its per-sample results are compared with those of the full local ci run. Outputs that
depend on the other samples of a batch (the multi-sample identity VCF and the BAF read from
it) are left out of the comparison."""

import csv
import subprocess
from pathlib import Path

import local_slurm
import pytest
import yaml

pytestmark = [pytest.mark.slurm, pytest.mark.integration]

SLURM_BATCH = "batches/test-slurm"
PATIENT = "P01"


def subset_sheets(ci_data: Path, out: Path) -> tuple[Path, Path]:
    """samples.tsv and units.tsv of one patient, FASTQ paths made absolute."""
    out.mkdir(parents=True, exist_ok=True)
    with open(ci_data / "samples.tsv") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    keep = [r for r in rows if r["patient"] == PATIENT]
    names = {r["sample"] for r in keep}
    samples = out / "samples.tsv"
    with open(samples, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(keep)
    with open(ci_data / "units.tsv") as fh:
        units_rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["sample"] in names]
    for r in units_rows:
        for col in ("fq1", "fq2"):
            r[col] = str((ci_data / r[col]).resolve())
    units = out / "units.tsv"
    with open(units, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(units_rows[0]), delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(units_rows)
    return samples, units


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
    samples, units = subset_sheets(ci_data, repo_root / "batches" / "test-slurm-sheets")
    config.update(batch_dir=SLURM_BATCH, samples=str(samples), units=str(units))
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


def without_column(text: str, column: str) -> list[list[str]]:
    rows = [line.split("\t") for line in text.splitlines()]
    drop = rows[0].index(column)
    return [r[:drop] + r[drop + 1 :] for r in rows]


def test_jobs_ran_on_the_cluster(slurm_batch, cluster):
    # slurmctld logs every allocation; a local fallback would leave none.
    log = (cluster / "slurmctld.log").read_text()
    assert log.count("sched: Allocate JobId=") >= 10


def test_slurm_results_equal_the_local_run(slurm_batch, ci_batch):
    sample = f"{PATIENT}-T"
    for rel in (
        f"results/small_variants/{sample}.somatic.vcf.gz",
        f"results/small_variants/{sample}.itd.vcf.gz",
        f"results/small_variants/{PATIENT}-N.germline.vcf.gz",
    ):
        assert vcf_body(slurm_batch / rel) == vcf_body(ci_batch / rel), rel
    for rel in (
        f"results/sv/{sample}.fusions.tsv",
        f"results/sv/{sample}.sv.tsv",
        f"results/cnv/{sample}.karyotype.json",
        f"results/qc/{sample}.samtools_stats.txt",
    ):
        assert (slurm_batch / rel).read_text() == (ci_batch / rel).read_text(), rel
    rel = f"results/cnv/{sample}.events.tsv"
    assert without_column((slurm_batch / rel).read_text(), "baf") == without_column(
        (ci_batch / rel).read_text(), "baf"
    )


def test_slurm_report_and_status(slurm_batch):
    assert (slurm_batch / f"results/report/{PATIENT}-T.pdf").stat().st_size > 10_000
    status = yaml.safe_load((slurm_batch / "results/batch_status.json").read_text())
    assert status["status"] == "complete"
