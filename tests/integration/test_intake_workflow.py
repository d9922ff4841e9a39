"""Bad input stops the workflow before any job, with the file, line and field named, and
without creating or changing any result."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.bad_input


def bad_batch(tmp_path: Path, ci_data: Path, edit) -> Path:
    """A copy of the ci batch sheets (FASTQs referenced in place) with one edit applied."""
    config = yaml.safe_load((ci_data / "batch.yaml").read_text())
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    samples = (ci_data / "samples.tsv").read_text().splitlines()
    units = (ci_data / "units.tsv").read_text().splitlines()
    units = [units[0]] + [
        "\t".join(f if not f.startswith("fastq/") else str(ci_data.resolve() / f) for f in row)
        for row in (line.split("\t") for line in units[1:])
    ]
    samples, units = edit(samples, units)
    (sheets / "samples.tsv").write_text("\n".join(samples) + "\n")
    (sheets / "units.tsv").write_text("\n".join(units) + "\n")
    config.update(
        samples=str(sheets / "samples.tsv"),
        units=str(sheets / "units.tsv"),
        batch_dir=str(tmp_path / "batch"),
    )
    path = tmp_path / "batch.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def run(repo_root: Path, config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(repo_root / "alwgs"), "run", "--config", str(config), "--cores", "1"],
        cwd=repo_root,
        capture_output=True,
        text=True,
    )


def set_field(rows, line_no, column, value):
    header = rows[0].split("\t")
    fields = rows[line_no - 1].split("\t")
    fields[header.index(column)] = value
    rows[line_no - 1] = "\t".join(fields)
    return rows


CASES = {
    "unknown sex": (
        lambda s, u: (set_field(s, 3, "sex", "M"), u),
        "samples.tsv line 3, field 'sex'",
    ),
    "sample id with a path separator": (
        lambda s, u: (set_field(s, 2, "sample", "P01/T"), u),
        "samples.tsv line 2, field 'sample'",
    ),
    "missing fastq": (
        lambda s, u: (s, set_field(u, 4, "fq1", "/nonexistent/x_R1.fastq.gz")),
        "units.tsv line 4, field 'fq1'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_sheet_stops_before_any_job(case, tmp_path, repo_root, ci_data):
    edit, where = CASES[case]
    config = bad_batch(tmp_path, ci_data, edit)
    result = run(repo_root, config)
    assert result.returncode != 0
    assert "alwgs input error" in result.stderr + result.stdout
    assert where in result.stderr + result.stdout, result.stderr[-2000:]
    results = tmp_path / "batch" / "results"
    assert not results.exists() or not any(results.rglob("*"))


def test_earlier_results_are_not_touched_by_a_bad_rerun(tmp_path, repo_root, ci_data):
    """A finished-looking result survives a rerun whose sheet became invalid."""
    config = bad_batch(tmp_path, ci_data, lambda s, u: (set_field(s, 2, "type", "tumour"), u))
    keep = tmp_path / "batch" / "results" / "qc" / "qc_gate.tsv"
    keep.parent.mkdir(parents=True)
    keep.write_text("sample\tstatus\nP01-T\tPASS\n")
    before = keep.stat().st_mtime_ns
    result = run(repo_root, config)
    assert result.returncode != 0 and "field 'type'" in result.stderr + result.stdout
    assert keep.stat().st_mtime_ns == before and "P01-T\tPASS" in keep.read_text()
    shutil.rmtree(tmp_path / "batch")
