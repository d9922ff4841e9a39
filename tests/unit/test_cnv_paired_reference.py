"""The matched normal's CNVkit reference (rule cnv_reference_paired, alwgs/cnv/plan.py): a bin
the normal reads low (an array whose reads fall below cnv.min_mapq, a germline deletion) must
read as the tumor's own copy number, not as a loss. Runs the real cnvkit.py reference and fix
on a small genome whose normal and tumor both cover 20 kb at half depth."""

import math
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from alwgs.cnv.plan import paired_reference_coverage

# cnvkit.py on PATH, else next to this interpreter (the virtualenv's bin/)
CNVKIT = shutil.which("cnvkit.py") or shutil.which(
    "cnvkit.py", path=str(Path(sys.executable).parent)
)
pytestmark = pytest.mark.skipif(CNVKIT is None, reason="cnvkit.py not installed")

BIN = 1_000
LENGTH = 200_000
LOW = range(120_000, 140_000)  # half the reads: most of them below the MAPQ floor


def cnvkit(*args):
    subprocess.run([CNVKIT, *map(str, args)], check=True, capture_output=True)


def write_genome(tmp_path) -> Path:
    rng = random.Random(7)
    seq = "".join(rng.choice("ACGT") for _ in range(LENGTH))
    fa = tmp_path / "genome.fa"
    fa.write_text(">chr1\n" + "\n".join(seq[i : i + 60] for i in range(0, LENGTH, 60)) + "\n")
    return fa


def write_coverage(path: Path, depth: float, seed: int) -> Path:
    """cnvkit coverage's .cnn: depth per base and its log2, 1% scatter, half depth over LOW."""
    rng = random.Random(seed)
    rows = ["chromosome\tstart\tend\tgene\tdepth\tlog2"]
    for start in range(0, LENGTH, BIN):
        d = depth * (0.5 if start in LOW else 1.0) * rng.uniform(0.99, 1.01)
        rows.append(f"chr1\t{start}\t{start + BIN}\t-\t{d:.3f}\t{math.log2(d):.5f}")
    path.write_text("\n".join(rows) + "\n")
    return path


def read_log2(path: Path, column: str = "log2") -> dict[int, float]:
    lines = path.read_text().splitlines()
    header = lines[0].split("\t")
    out = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=True))
        out[int(row["start"])] = float(row[column])
    return out


def mean(values, where):
    picked = [v for start, v in values.items() if where(start)]
    return sum(picked) / len(picked)


def build_and_fix(tmp_path, name, coverage_files, tumor, fa):
    ref = tmp_path / f"{name}.ref.cnn"
    cnvkit("reference", *coverage_files, "-f", fa, "--no-edge", "-x", "female", "-o", ref)
    cnr = tmp_path / f"{name}.cnr"
    cnvkit("fix", tumor, "-r", ref, "--no-edge", "-i", "T", "-o", cnr)
    return ref, cnr


def test_a_low_bin_of_the_normal_is_cancelled_in_the_tumor_not_halved(tmp_path):
    fa = write_genome(tmp_path)
    normal = write_coverage(tmp_path / "N.targetcoverage.cnn", 30.0, seed=1)
    tumor = write_coverage(tmp_path / "T.targetcoverage.cnn", 60.0, seed=2)

    def low(s):
        return s in LOW

    def rest(s):
        return s not in LOW

    # The normal alone: CNVkit averages it with its flat pseudo-sample, so the reference holds
    # half the normal's -1 and the tumor keeps the other half: a one-copy loss that is not
    # there. (This is what the rule did before; if CNVkit drops the pseudo-sample, this part
    # fails and plan.paired_reference_coverage can give the normal once.)
    ref1, cnr1 = build_and_fix(tmp_path, "once", [normal], tumor, fa)
    assert mean(read_log2(ref1), low) == pytest.approx(-0.5, abs=0.1)
    assert mean(read_log2(cnr1), low) - mean(read_log2(cnr1), rest) == pytest.approx(-0.5, abs=0.1)

    # As the rule builds it: the reference is the normal itself, the tumor reads flat.
    ref2, cnr2 = build_and_fix(
        tmp_path, "paired", paired_reference_coverage(str(normal)), tumor, fa
    )
    ref_log2 = read_log2(ref2)
    assert mean(ref_log2, low) - mean(ref_log2, rest) == pytest.approx(-1.0, abs=0.05)
    assert max(read_log2(ref2, "spread").values()) < 0.001  # one normal has no spread
    fixed = read_log2(cnr2)
    assert len(fixed) == LENGTH // BIN  # no bin dropped
    assert mean(fixed, low) - mean(fixed, rest) == pytest.approx(0.0, abs=0.05)


def test_paired_reference_coverage_gives_the_normal_twice():
    assert (
        paired_reference_coverage("results/cnv/coverage/N1.targetcoverage.cnn")
        == ["results/cnv/coverage/N1.targetcoverage.cnn"] * 2
    )
