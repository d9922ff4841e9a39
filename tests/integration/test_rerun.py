"""Results follow their inputs, and a run ends saying what it did (issue 15).

A sample sheet corrected after a run redoes exactly the jobs that read the corrected values
(Snakemake's params and input rerun triggers, besides mtime), and the report then prints the
corrected values; an identical run does nothing; a finished batch is not changed without
--update; a dry run and a partial target say so instead of "batch finished"; outputs are not
readable by other users.

The batch is P01 (tumor with two read groups, matched normal) and P02 (tumor only) of the tiny
demo, run once to the end (a few minutes on 2 cores); the tests then edit its sheet in order.
"""

import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from tiny_batches import subset_batch

pytestmark = pytest.mark.fault

# Its own reference cache: test_faults.py deletes and rebuilds its cache, which would make
# every alignment of this batch out of date (newer reference files).
CACHE = "batches/test-rerun-cache"
SAMPLES = ("P01-T", "P01-N", "P02-T")


def make_batch(repo_root: Path, tiny_data: Path) -> Path:
    """batches/test-rerun/: the three samples' sheets and a config without a truth_dir."""
    folder = repo_root / "batches" / "test-rerun"
    shutil.rmtree(folder, ignore_errors=True)
    return subset_batch(
        repo_root, tiny_data, folder, lambda sample: sample in SAMPLES, CACHE, truth_dir=""
    )


def run(repo_root: Path, folder: Path, *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [str(repo_root / "alwgs"), "run", "--config", str(folder / "batch.yaml"), *args],
        cwd=repo_root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ),
        timeout=1800,
    )
    return done.returncode, done.stdout


def edit_sample(folder: Path, sample: str, **values: str) -> None:
    lines = [line.split("\t") for line in (folder / "samples.tsv").read_text().splitlines()]
    header = lines[0]
    for row in lines[1:]:
        if row[0] == sample:
            for key, value in values.items():
                row[header.index(key)] = value
    (folder / "samples.tsv").write_text("\n".join("\t".join(r) for r in lines) + "\n")


def mtimes(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name, t in after.items() if before.get(name) != t}


def report(folder: Path, sample: str) -> dict:
    return json.loads((folder / "run" / "results" / "report" / f"{sample}.report.json").read_text())


@pytest.fixture(scope="module")
def batch(repo_root: Path, tiny_data: Path) -> Path:
    folder = make_batch(repo_root, tiny_data)
    code, log = run(repo_root, folder)
    assert code == 0, log[-3000:]
    assert "batch finished" in log
    return folder


def test_outputs_are_readable_by_the_group_only(batch):
    """config umask 0027 (the default): no result, log or folder is readable by others."""
    run_dir = batch / "run"
    found = [run_dir, *run_dir.rglob("*")]
    open_to_others = [str(p) for p in found if p.stat().st_mode & stat.S_IRWXO]
    assert not open_to_others, open_to_others[:5]
    delivered = run_dir / "results" / "report" / "P01-T.report.json"
    assert delivered.stat().st_mode & stat.S_IRGRP


def test_identical_run_does_nothing(batch, repo_root):
    results = batch / "run" / "results"
    before = mtimes(results)
    code, log = run(repo_root, batch)
    assert code == 0, log[-3000:]
    assert "nothing to do (up to date with its sheets, config and input files)" in log
    code, log = run(repo_root, batch, "--", "--dry-run")
    assert code == 0, log[-3000:]
    assert "dry run: 0 jobs would run" in log and "batch finished" not in log
    assert mtimes(results) == before


def test_corrected_diagnosis_redoes_only_its_sample(batch, repo_root):
    results = batch / "run" / "results"
    old_digest = report(batch, "P02-T")["methods"]["input_digest"]["sha256"]
    p01_report = (results / "report" / "P01-T.report.json").read_bytes()
    edit_sample(batch, "P02-T", diagnosis="B-ALL")
    before = mtimes(results)

    # A finished batch is not changed without being asked: the run names what is out of date.
    code, log = run(repo_root, batch)
    assert code == 1, log[-3000:]
    assert re.search(r"is finished, but \d+ jobs are out of date with its sample sheets", log)
    assert "interpret " in log and "--update" in log and "batch finished" not in log
    code, log = run(repo_root, batch, "--", "--dry-run")
    assert code == 0 and re.search(r"dry run: [1-9]\d* jobs would run", log), log[-3000:]
    assert "Params have changed since last execution" in log and "'AML'" in log
    assert mtimes(results) == before

    code, log = run(repo_root, batch, "--update")
    assert code == 0, log[-3000:]
    assert "batch finished" in log
    redone = changed(before, mtimes(results))
    # P02-T's interpretation and report, the batch table and the batch's delivery: nothing else.
    allowed = re.compile(
        r"(interpretation/P02-T\.json|report/P02-T\.[a-z.]+|report/igv/P02-T\.sites\.bed"
        r"|batch_summary\.tsv|batch_status(\.previous)?\.json|delivery/.*)$"
    )
    assert "interpretation/P02-T.json" in redone and "report/P02-T.report.json" in redone
    assert {name for name in redone if not allowed.match(name)} == set()
    assert report(batch, "P02-T")["identifiers"]["diagnosis"] == "B-ALL"
    assert report(batch, "P02-T")["methods"]["input_digest"]["sha256"] != old_digest
    assert (results / "report" / "P01-T.report.json").read_bytes() == p01_report


def test_interrupted_run_takes_the_corrected_sheet(batch, repo_root):
    """The issue's case: a run ended before the end, the sheet is corrected (sex, blast
    fraction), the same command is run again: the report prints the corrected values."""
    results = batch / "run" / "results"
    (results / "batch_status.json").unlink()
    edit_sample(batch, "P01-T", sex="female", purity="0.6")
    p02_report = results / "report" / "P02-T.report.json"
    p02_time = p02_report.stat().st_mtime_ns

    code, log = run(repo_root, batch, "--", "results/interpretation/P01-T.json")
    assert code == 0, log[-3000:]
    assert "partial target: the jobs asked for ran; the batch is not finished" in log
    assert "batch finished" not in log and not (results / "batch_status.json").exists()
    interpretation = json.loads((results / "interpretation" / "P01-T.json").read_text())
    assert interpretation["sex"] == "female" and interpretation["blast_fraction"] == 0.6

    code, log = run(repo_root, batch)
    assert code == 0, log[-3000:]
    assert "batch finished" in log and (results / "batch_status.json").exists()
    shown = report(batch, "P01-T")["identifiers"]
    assert (shown["sex"], shown["blast_fraction"]) == ("female", "60%")
    assert p02_report.stat().st_mtime_ns == p02_time
