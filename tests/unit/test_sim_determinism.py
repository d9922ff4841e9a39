"""The demo generator is deterministic: the `tiny` scale generated twice gives byte-identical
manifests that list every expected file, and another --seed gives another genome.

batch.yaml records the --out path, so both runs use the same relative --out (`tiny`) from two
different working directories.
"""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

OUT = "tiny"
REFERENCE_FILES = [
    "reference/genome.fa",
    "reference/genes.gff3",
    "reference/cytobands.tsv",
    "reference/population_af.vcf.gz",
    "reference/population_af.vcf.gz.tbi",
    "reference/clinvar.vcf.gz",
    "reference/clinvar.vcf.gz.tbi",
]
TUMOR_TRUTH = ["small_variants.vcf", "itd.tsv", "sv.bedpe", "cna.bed", "clinical.yaml"]
# the generator's own bookkeeping, not batch data
BOOKKEEPING = {"MANIFEST.sha256", "GENERATOR.sha256"}


def _start(repo_root: Path, cwd: Path, *extra: str) -> subprocess.Popen:
    cwd.mkdir(parents=True)
    env = dict(os.environ, PYTHONPATH=str(repo_root / "scripts"))
    cmd = [sys.executable, "-m", "alwgs.sim", "--scale", "tiny", "--out", OUT, *extra]
    return subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


@pytest.fixture(scope="module")
def runs(repo_root, tmp_path_factory) -> dict[str, Path]:
    """Three generations run side by side: two with the default seed, one with another."""
    base = tmp_path_factory.mktemp("sim_determinism")
    procs = {
        "a": _start(repo_root, base / "a"),
        "b": _start(repo_root, base / "b"),
        "seed": _start(repo_root, base / "seed", "--seed", "12345"),
    }
    for name, proc in procs.items():
        log, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"generation {name} failed:\n{log}"
    return {name: base / name / OUT for name in procs}


def _manifest(out: Path) -> dict[str, str]:
    rows = {}
    for line in (out / "MANIFEST.sha256").read_text().splitlines():
        digest, path = line.split("  ", 1)
        assert path not in rows, f"{path} listed twice"
        rows[path] = digest
    return rows


def _expected_files(out: Path) -> set[str]:
    with open(out / "units.tsv") as fh:
        units = list(csv.DictReader(fh, delimiter="\t"))
    with open(out / "samples.tsv") as fh:
        samples = list(csv.DictReader(fh, delimiter="\t"))
    # batch.yaml and resources.yaml are not data: they are the batch's config (batch.yaml
    # records the output path), so the manifest leaves them out.
    files = set(REFERENCE_FILES) | {"samples.tsv", "units.tsv"}
    files |= {u[k] for u in units for k in ("fq1", "fq2")}
    tumors = [s["sample"] for s in samples if s["type"] == "tumor"]
    files |= {f"truth/{t}.{suffix}" for t in tumors for suffix in TUMOR_TRUTH}
    files |= {f"truth/{s['patient']}.germline.vcf" for s in samples}
    return files


def test_manifests_are_byte_identical(runs):
    a, b = runs["a"] / "MANIFEST.sha256", runs["b"] / "MANIFEST.sha256"
    assert a.read_bytes() == b.read_bytes(), "two runs with the same seed differ:\n" + "\n".join(
        sorted(set(a.read_text().splitlines()) ^ set(b.read_text().splitlines()))
    )


def test_manifest_lists_every_expected_file(runs):
    out = runs["a"]
    manifest = {p: d for p, d in _manifest(out).items() if p not in BOOKKEEPING}
    expected = _expected_files(out)
    # every sample of the sheet has reads, every tumor has a truth set
    assert len([p for p in expected if p.startswith("fastq/")]) >= 2 * 10
    assert set(manifest) == expected, (
        f"missing from the manifest: {sorted(expected - set(manifest))}; "
        f"unexpected: {sorted(set(manifest) - expected)}"
    )
    on_disk = {str(f.relative_to(out)) for f in out.rglob("*") if f.is_file()}
    on_disk -= BOOKKEEPING | {"batch.yaml", "resources.yaml"}  # the batch's config
    assert on_disk == expected, sorted(on_disk ^ expected)
    for path, digest in manifest.items():
        assert hashlib.sha256((out / path).read_bytes()).hexdigest() == digest, path


def test_other_seed_gives_another_genome(runs):
    default = (runs["a"] / "reference/genome.fa").read_bytes()
    other = (runs["seed"] / "reference/genome.fa").read_bytes()
    assert default != other, "--seed 12345 wrote the same genome.fa as the default seed"
    # same contigs (the layout is fixed by the catalog), different sequence
    names = [line for line in default.splitlines() if line.startswith(b">")]
    assert names == [line for line in other.splitlines() if line.startswith(b">")]
    assert (
        _manifest(runs["a"])["reference/genome.fa"]
        != _manifest(runs["seed"])["reference/genome.fa"]
    )


def test_existing_batch_is_not_rewritten(repo_root, runs):
    out = runs["a"]
    before = {f: f.stat().st_mtime_ns for f in out.rglob("*") if f.is_file()}
    env = dict(os.environ, PYTHONPATH=str(repo_root / "scripts"))
    subprocess.run(
        [sys.executable, "-m", "alwgs.sim", "--scale", "tiny", "--out", OUT],
        cwd=out.parent,
        env=env,
        capture_output=True,
        check=True,
    )
    assert {f: f.stat().st_mtime_ns for f in out.rglob("*") if f.is_file()} == before
