"""Faults: a run killed mid-way and run again ends as an uninterrupted run would; two batches
started together on one fresh reference cache do not interfere; a tool that exits 0 without
its output fails its job; a finished batch is not overwritten unless --force is given.

The batches are patient P01 of the tiny demo (a tumor with two read groups and its normal),
run to the accuracy table, the QC gate table and the germline calls: every stage up to
interpretation, in about a minute each on 2 cores.
"""

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from tiny_batches import subset_batch

pytestmark = pytest.mark.fault

CACHE = "batches/test-fault-cache"
TARGETS = [
    "results/accuracy/accuracy.tsv",
    "results/qc/qc_gate.tsv",
    "results/small_variants/P01-N.germline.vcf.gz",
]
# Compared by content below; these differ between identical runs by design: HTML pages carry
# a timestamp, binary indexes point into files whose headers name the batch directory.
NOT_COMPARED = (".html", ".tbi", ".bai", ".crai", ".csi")


def make_batch(repo_root: Path, tiny_data: Path, name: str) -> Path:
    """batches/test-fault-<name>/: P01's sheets and a config sharing the fault-test cache."""
    folder = repo_root / "batches" / f"test-fault-{name}"
    shutil.rmtree(folder, ignore_errors=True)
    return subset_batch(
        repo_root, tiny_data, folder, lambda sample: sample.startswith("P01-"), CACHE
    )


def start(repo_root: Path, folder: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    """./alwgs run in its own session (process group), its output in folder/run<n>.log."""
    log = folder / f"run{len(list(folder.glob('run*.log')))}.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(repo_root / "alwgs"), "run", "--config", str(folder / "batch.yaml"), *args],
            cwd=repo_root,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env or dict(os.environ),
        )
    process.alwgs_log = log
    return process


def finish(process: subprocess.Popen, timeout: float = 900) -> tuple[int, str]:
    code = process.wait(timeout=timeout)
    return code, process.alwgs_log.read_text()


def run(repo_root: Path, folder: Path, *args: str, env: dict | None = None) -> tuple[int, str]:
    return finish(start(repo_root, folder, *args, env=env))


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def content(path: Path) -> bytes:
    """What is compared of a result: the records of a VCF or BAM (headers name the batch
    directory and random @PG ids), the bytes of anything else."""
    if path.name.endswith(".vcf.gz"):
        return subprocess.run(["bcftools", "view", "-H", str(path)], capture_output=True).stdout
    if path.suffix in (".bam", ".cram"):
        return subprocess.run(["samtools", "view", str(path)], capture_output=True).stdout
    return path.read_bytes()


def results(folder: Path) -> dict[str, bytes]:
    base = folder / "run" / "results"
    return {
        str(p.relative_to(base)): content(p)
        for p in sorted(base.rglob("*"))
        if p.is_file() and not p.name.endswith(NOT_COMPARED)
    }


def assert_same_results(first: Path, second: Path) -> None:
    one, two = results(first), results(second)
    assert sorted(one) == sorted(two)
    differ = [name for name in one if one[name] != two[name]]
    assert not differ, f"results differ: {differ}"
    # The comparison covers every stage: reads, alignment, calls, copy number, interpretation.
    for name in (
        "accuracy/accuracy.tsv",
        "align/P01-T.bam",
        "small_variants/P01-T.somatic.vcf.gz",
        "sv/P01-T.fusions.tsv",
        "cnv/P01-T.events.tsv",
        "interpretation/P01-T.json",
    ):
        assert one[name], name


@pytest.fixture(scope="module")
def two_batches(repo_root: Path, tiny_data: Path) -> tuple[Path, Path, list[str]]:
    """Batches A and B started at the same moment on a reference cache that does not exist
    yet: both would build the bwa index in it at once without the cache lock."""
    shutil.rmtree(repo_root / CACHE, ignore_errors=True)
    folders = [make_batch(repo_root, tiny_data, name) for name in ("a", "b")]
    started = [start(repo_root, f, "--", *TARGETS) for f in folders]
    outcomes = [finish(p) for p in started]
    for code, log in outcomes:
        assert code == 0, log[-3000:]
    return folders[0], folders[1], [log for _, log in outcomes]


def test_two_batches_at_once_build_the_shared_cache_once(two_batches, repo_root):
    first, second, logs = two_batches
    builds = sum(len(re.findall(r"^(?:local)?rule bwa_index:", log, re.M)) for log in logs)
    assert builds == 1, "the bwa index was built by both batches"
    cache = repo_root / CACHE
    assert not (cache / "bwa_index.tmp").exists()
    assert_same_results(first, second)


def test_killed_run_reruns_to_the_same_results(two_batches, repo_root, tiny_data):
    reference, _, _ = two_batches
    folder = make_batch(repo_root, tiny_data, "killed")
    process = start(repo_root, folder, "--", *TARGETS)
    align = folder / "run" / "results" / "align"
    deadline = time.monotonic() + 600
    while not any(align.rglob("*.bam")):
        assert process.poll() is None, "the run ended before any alignment was written"
        assert time.monotonic() < deadline
        time.sleep(0.1)
    # SIGKILL to Snakemake and every job, as a node failure or `kill -9` of the group would.
    tree = descendants(process.pid)
    assert "snakemake" in {command(p) for p in tree}
    os.killpg(process.pid, signal.SIGKILL)
    for pid in tree:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()
    while any(alive(p) for p in tree):
        time.sleep(0.1)
    # The kill left what a plain rerun trips over: Snakemake's locks and an unfinished job.
    assert any((folder / "run" / ".snakemake" / "locks").iterdir())
    assert not (folder / "run" / "results" / "accuracy" / "accuracy.tsv").exists()

    code, log = run(repo_root, folder, "--", *TARGETS)  # the same command again
    assert code == 0, log[-3000:]
    # The targets are a part of the batch: the run says so, never "batch finished".
    assert "partial target: the jobs asked for ran; the batch is not finished" in log
    assert "batch finished" not in log
    assert_same_results(reference, folder)


def test_tool_exiting_0_without_its_output_fails_the_job(two_batches, repo_root, tmp_path):
    """tiddit without --skip_assembly (fermi2 is not installed) exits 0 and writes no VCF: the
    real tiddit, run by the real rule, with the flag taken away on its way."""
    _, folder, _ = two_batches
    real = shutil.which("tiddit")
    assert real
    shim = tmp_path / "bin" / "tiddit"
    shim.parent.mkdir()
    shim.write_text(
        '#!/bin/sh\nfor a do\n  shift\n  [ "$a" = --skip_assembly ] || set -- "$@" "$a"\n'
        f'done\nexec {real} "$@"\n'
    )
    shim.chmod(0o755)
    env = dict(os.environ, PATH=f"{shim.parent}:{os.environ['PATH']}")
    vcf = folder / "run" / "results" / "sv" / "tiddit" / "P01-N.vcf"
    code, log = run(
        repo_root, folder, "--", "results/sv/tiddit/P01-N.vcf", "--forcerun", "tiddit", env=env
    )
    assert code == 1
    assert "fermi2 executable missing" in (folder / "run/logs/sv/P01-N.tiddit.log").read_text()
    assert "tiddit failed on results/align/P01-N.bam (no_vcf, exit 0)" in log
    assert "Error in rule tiddit" in log and "did not finish" in log
    assert not vcf.exists()


def test_second_run_of_a_running_batch_is_refused(two_batches, repo_root):
    """While a run holds the batch lock (flock, as ./alwgs run takes it), another stops."""
    _, folder, _ = two_batches
    (folder / "run" / "results" / "batch_status.json").unlink(missing_ok=True)
    before = snapshot(folder / "run" / "results")
    with open(folder / "run" / ".alwgs.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        code, log = run(repo_root, folder, "--", *TARGETS)
    assert code == 1
    assert "is being run by another ./alwgs run: wait for it to end" in log
    assert "Building DAG" not in log
    assert snapshot(folder / "run" / "results") == before


def snapshot(folder: Path) -> dict:
    return {p: p.stat().st_mtime_ns for p in sorted(folder.rglob("*")) if p.is_file()}


def finished_status(folder: Path) -> str:
    """A status file as a finished run of this batch writes it (its samples.tsv's samples:
    intake takes a status of other samples for another batch's folder)."""
    rows = (folder / "samples.tsv").read_text().splitlines()[1:]
    samples = {r.split("\t")[0]: {} for r in rows if r.strip()}
    return json.dumps({"status": "complete", "finished": "earlier", "samples": samples})


def test_finished_batch_is_not_overwritten(two_batches, repo_root):
    """A finished batch whose sheet was corrected since (P01-T's blast fraction) is reported
    with the jobs that are out of date, and nothing is run or changed without --update.
    (Snakemake's own I/O cache, .snakemake/iocache, is written by the dry run that looks.)"""
    _, folder, _ = two_batches
    status = folder / "run" / "results" / "batch_status.json"
    status.write_text(finished_status(folder))
    sheet = folder / "samples.tsv"
    original = sheet.read_text()
    sheet.write_text(
        original.replace("P01-T\tP01\ttumor\tmale\tAML\t0.8", "P01-T\tP01\ttumor\tmale\tAML\t0.7")
    )
    assert sheet.read_text() != original

    def files() -> dict:
        return {p: t for p, t in snapshot(folder / "run").items() if "iocache" not in p.parts}

    before = files()
    try:
        code, log = run(repo_root, folder, "--", *TARGETS)
    finally:
        sheet.write_text(original)
    assert code == 1, log[-3000:]
    assert re.search(r"batch \S+ is finished, but \d+ jobs are out of date", log)
    assert "cnv_call " in log and "Nothing was run." in log
    assert "--update" in log and "Building DAG" not in log
    assert files() == before


def test_force_reruns_and_keeps_the_previous_status(two_batches, repo_root):
    _, folder, _ = two_batches
    out = folder / "run"
    status = out / "results" / "batch_status.json"
    status.write_text(finished_status(folder))
    target = out / "results" / "read_qc" / "P01-N" / "L1.fastp.json"
    check = out / "results" / "read_qc" / "P01-N" / "L1.fastq_check.json"
    untouched = out / "results" / "small_variants" / "P01-T.somatic.vcf.gz"
    times = {p: p.stat().st_mtime_ns for p in (target, check, untouched)}
    cache = snapshot(repo_root / CACHE)

    code, log = run(
        repo_root,
        folder,
        "--force",
        "--",
        "results/read_qc/P01-N/L1.fastp.json",
        "results/read_qc/P01-N/L1.fastq_check.json",
    )

    assert code == 0, log[-3000:]
    previous = out / "results" / "batch_status.previous.json"
    assert json.loads(previous.read_text())["finished"] == "earlier"
    assert not status.exists()
    # Up-to-date jobs of the target ran again; the rest of the batch and the shared
    # reference cache were left alone.
    assert target.stat().st_mtime_ns > times[target] and check.stat().st_mtime_ns > times[check]
    assert untouched.stat().st_mtime_ns == times[untouched]
    assert snapshot(repo_root / CACHE) == cache
