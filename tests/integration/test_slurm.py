"""A batch through the slurm profile on a real single-node SLURM cluster gives the same
results as the same batch run locally (marker `slurm`; the cluster is started and stopped by
the test).

The batch is patient P01 of the tiny demo (tumor in two read groups + matched normal), run
twice from the same sheets: locally and on the cluster, so every output can be compared,
the multi-sample ones included. Its depth is low, so the comparison also checks the tools'
command lines in the VCF headers: a cluster job that ran with other settings than the local
one (e.g. without config/config.yaml) differs there even where the calls happen to agree."""

import csv
import shutil
import subprocess
from pathlib import Path

import local_slurm
import pytest
import yaml

pytestmark = [pytest.mark.slurm, pytest.mark.integration]

PATIENT = "P01"
SHEETS = "batches/test-slurm-sheets"


def subset_sheets(data: Path, out: Path) -> tuple[Path, Path]:
    """samples.tsv and units.tsv of one patient, FASTQ paths made absolute."""
    out.mkdir(parents=True, exist_ok=True)
    with open(data / "samples.tsv") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    keep = [r for r in rows if r["patient"] == PATIENT]
    names = {r["sample"] for r in keep}
    samples = out / "samples.tsv"
    with open(samples, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(keep)
    with open(data / "units.tsv") as fh:
        units_rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["sample"] in names]
    for r in units_rows:
        for col in ("fq1", "fq2"):
            r[col] = str((data / r[col]).resolve())
    units = out / "units.tsv"
    with open(units, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(units_rows[0]), delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(units_rows)
    return samples, units


def run_batch(repo_root: Path, data: Path, name: str, *args: str) -> Path:
    """batches/<name>: P01 run from scratch with `./alwgs run ARGS`."""
    samples, units = subset_sheets(data, repo_root / SHEETS)
    config = yaml.safe_load((data / "batch.yaml").read_text())
    config.update(batch_dir=f"batches/{name}", samples=str(samples), units=str(units))
    cfg = repo_root / "batches" / f"{name}.yaml"
    cfg.write_text(yaml.safe_dump(config))
    batch = repo_root / "batches" / name
    shutil.rmtree(batch, ignore_errors=True)
    run = subprocess.run(
        [str(repo_root / "alwgs"), "run", "--config", str(cfg), *args],
        cwd=repo_root,
        capture_output=True,
        text=True,
    )
    assert (batch / "results" / "batch_status.json").exists(), (
        run.stdout[-3000:] + run.stderr[-5000:]
    )
    return batch


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
def local_batch(repo_root: Path, tiny_data: Path) -> Path:
    return run_batch(repo_root, tiny_data, "test-slurm-local", "--cores", "2")


@pytest.fixture(scope="module")
def slurm_batch(cluster, local_batch, repo_root: Path, tiny_data: Path) -> Path:
    # The profile's executor waits 40 s before it asks SLURM about new jobs and 10 s between
    # rounds of status checks (kind to a busy scheduler); on a private test cluster these
    # waits, once per job and per round, would add up to most of the test's time.
    return run_batch(
        repo_root,
        tiny_data,
        "test-slurm",
        "--profile",
        "slurm",
        "--",
        "--slurm-init-seconds-before-status-checks",
        "2",
        "--seconds-between-status-checks",
        "2",
    )


def vcf_records(path: Path) -> list[str]:
    """Records without the header (which names the run's paths and dates)."""
    out = subprocess.run(
        ["bcftools", "view", "-H", str(path)], capture_output=True, text=True, check=True
    )
    return out.stdout.splitlines()


def command_lines(path: Path) -> list[str]:
    """The tool command lines a VCF header records (freebayes, bcftools)."""
    out = subprocess.run(
        ["bcftools", "view", "-h", "--no-version", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        line.split("; Date=")[0]
        for line in out.stdout.splitlines()
        if line.startswith("##commandline") or line.startswith("##bcftools_")
    ]


def test_jobs_ran_on_the_cluster(slurm_batch, cluster):
    # slurmctld logs every allocation; a local fallback would leave none.
    log = (cluster / "slurmctld.log").read_text()
    assert log.count("sched: Allocate JobId=") >= 10


def test_slurm_results_equal_the_local_run(slurm_batch, local_batch):
    sample = f"{PATIENT}-T"
    raw = f"results/small_variants/{sample}.freebayes.raw.vcf.gz"
    assert command_lines(slurm_batch / raw) == command_lines(local_batch / raw)
    assert any("--min-alternate-fraction" in c for c in command_lines(local_batch / raw))
    for rel in (
        raw,
        f"results/small_variants/{sample}.somatic.vcf.gz",
        f"results/small_variants/{sample}.itd.vcf.gz",
        f"results/small_variants/{PATIENT}-N.germline.vcf.gz",
    ):
        assert vcf_records(slurm_batch / rel) == vcf_records(local_batch / rel), rel
    for rel in (
        f"results/sv/{sample}.fusions.tsv",
        f"results/sv/{sample}.sv.tsv",
        f"results/cnv/{sample}.cnr",
        f"results/cnv/{sample}.events.tsv",
        f"results/cnv/{sample}.karyotype.json",
        f"results/qc/{sample}.samtools_stats.txt",
        "results/qc/qc_gate.tsv",
    ):
        assert (slurm_batch / rel).read_text() == (local_batch / rel).read_text(), rel


def test_slurm_report_and_status(slurm_batch):
    assert (slurm_batch / f"results/report/{PATIENT}-T.pdf").stat().st_size > 10_000
    status = yaml.safe_load((slurm_batch / "results/batch_status.json").read_text())
    assert status["status"] == "complete"
