"""The per-unit data check in the workflow: a damaged or mismatched FASTQ pair fails its own
unit's check (which runs beside fastp), with the sheet, line, file and record named; the unit
is never aligned, and the other samples go on (keep-going).

One run of a small batch with three damaged units covers the cases. (A FASTQ without any read
is caught earlier, at intake, and stops the batch before any job: see
test_intake_workflow.py::fastq_without_reads.)"""

import gzip
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.bad_input

BATCH = "batches/test-bad-checks"
SAMPLES = ["P01-T", "P01-N", "P02-T", "P03-T"]


def records(path: Path) -> list[bytes]:
    lines = gzip.decompress(path.read_bytes()).splitlines(keepends=True)
    return [b"".join(lines[i : i + 4]) for i in range(0, len(lines), 4)]


def truncate(source: Path, target: Path) -> str:
    data = source.read_bytes()
    cut = data[: len(data) * 2 // 3]
    target.write_bytes(cut)
    complete = zlib.decompressobj(31).decompress(cut).count(b"\n") // 4
    return f"the gzip data ends early, in record {complete + 1} (the file is truncated)"


def drop_last_reads(source: Path, target: Path) -> str:
    reads = records(source)
    target.write_bytes(gzip.compress(b"".join(reads[:-3]), mtime=0))
    n = len(reads)
    return f"fq1 has {n} reads, fq2 has {n - 3}: record {n - 2} of fq1 has no mate"


def rename_read(source: Path, target: Path) -> str:
    reads = records(source)
    name = reads[99].split(None, 1)[0]
    reads[99] = reads[99].replace(name, b"@SIM:9:OTHER:1:1:0", 1)
    target.write_bytes(gzip.compress(b"".join(reads), mtime=0))
    return (
        f"read names differ at record 100: '{name[1:].decode()}' in fq1,"
        " 'SIM:9:OTHER:1:1:0' in fq2 (the files are not mates)"
    )


# (sample, unit) -> what is done to its R2, and the field the message names
DAMAGE = {
    ("P01-T", "L2"): (truncate, "fq2"),
    ("P02-T", "L1"): (drop_last_reads, "fq2"),
    ("P03-T", "L2"): (rename_read, None),
}


@pytest.fixture(scope="module")
def checked(repo_root: Path, tiny_data: Path) -> dict:
    """The batch run to the alignment of every unit, once; returns what the cases need."""
    batch = repo_root / BATCH
    shutil.rmtree(batch, ignore_errors=True)
    (batch / "fastq").mkdir(parents=True)
    samples = (tiny_data / "samples.tsv").read_text().splitlines()
    samples = [samples[0]] + [r for r in samples[1:] if r.split("\t")[0] in SAMPLES]
    units = [r.split("\t") for r in (tiny_data / "units.tsv").read_text().splitlines()]
    units = [units[0]] + [r for r in units[1:] if r[0] in SAMPLES]
    expected = {}
    for line, row in enumerate(units[1:], start=2):
        row[3] = str((tiny_data / row[3]).resolve())
        row[4] = str((tiny_data / row[4]).resolve())
        if (row[0], row[1]) in DAMAGE:
            damage, field = DAMAGE[(row[0], row[1])]
            target = batch / "fastq" / Path(row[4]).name
            text = damage(Path(row[4]), target)
            row[4] = str(target)
            files = f"'{row[4]}'" if field else f"'{row[3]}' and '{row[4]}'"
            place = f"{BATCH}/units.tsv line {line}" + (f", field '{field}'" if field else "")
            expected[(row[0], row[1])] = f"alwgs data error: {place}: {files}: {text}"
    (batch / "samples.tsv").write_text("\n".join(samples) + "\n")
    (batch / "units.tsv").write_text("\n".join("\t".join(r) for r in units) + "\n")
    config = yaml.safe_load((tiny_data / "batch.yaml").read_text())
    config.update(
        batch_dir=f"{BATCH}/run",
        samples=f"{BATCH}/samples.tsv",
        units=f"{BATCH}/units.tsv",
    )
    (batch / "batch.yaml").write_text(yaml.safe_dump(config))
    # A unit's sorted alignment (temp, kept as a target): the first job that needs the check.
    targets = [f"results/align/{r[0]}/{r[1]}.sorted.bam" for r in units[1:]]
    run = subprocess.run(
        [str(repo_root / "alwgs"), "run", "--config", f"{BATCH}/batch.yaml", "--", *targets],
        cwd=repo_root,
        capture_output=True,
        text=True,
    )
    good = [(r[0], r[1]) for r in units[1:] if (r[0], r[1]) not in DAMAGE]
    return {"run": run, "dir": batch / "run", "expected": expected, "good": good}


@pytest.mark.parametrize("unit", list(DAMAGE), ids=lambda u: f"{u[0]}-{u[1]}")
def test_damaged_unit_fails_its_check_with_a_clear_message(checked, unit):
    run, out = checked["run"], checked["dir"]
    sample, name = unit
    message = checked["expected"][unit]
    log = out / "logs" / "fastq_check" / sample / f"{name}.log"
    assert message in log.read_text(), log.read_text()
    assert message in run.stderr, run.stderr[-3000:]
    # Nothing that needs the check ran for this unit: its reads were never aligned.
    assert not (out / "results" / "read_qc" / sample / f"{name}.fastq_check.json").exists()
    assert not (out / "results" / "align" / sample / f"{name}.sorted.bam").exists()
    assert not (out / "logs" / "bwa_mem" / sample / f"{name}.log").exists()


def test_other_units_go_on_and_the_run_says_it_did_not_finish(checked):
    run, out = checked["run"], checked["dir"]
    assert run.returncode == 1
    for sample, name in checked["good"]:
        check = out / "results" / "read_qc" / sample / f"{name}.fastq_check.json"
        assert '"read_pairs":' in check.read_text()
        assert (out / "results" / "align" / sample / f"{name}.sorted.bam").stat().st_size > 0
    assert "did not finish" in run.stdout
    # The check is not retried: a damaged file stays damaged (retries: 0 in the rule).
    assert run.stderr.count("Error in rule fastq_check") == len(DAMAGE)
