"""The depth guard with the real tools: a pysam-built tumor/normal pair whose tumor carries a
high-depth pile with a variant in it. mosdepth (the alignment-QC command), the guard rule
script, freebayes on every guarded chunk (the calling rule's command) and the gather step's
bcftools concat + annotate: the pile's variant is not called, one outside it is, and the
header lists the pile; without the guard freebayes calls the pile's variant (the control)."""

import random
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pysam
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
import depth_guard as rule_script  # noqa: E402  (scripts/depth_guard.py)
from alwgs.intake.tool_options import freebayes_args  # noqa: E402

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("freebayes", "mosdepth", "bcftools", "samtools")),
    reason="needs freebayes, mosdepth, bcftools and samtools",
)

LENGTH, READ = 30_000, 100
PILE = (14_000, 16_000)  # the high-depth pile, 0-based half-open
PILE_SNV, OUTSIDE_SNV = 15_000, 5_000  # 0-based positions of the two variants
FREEBAYES = (
    "--pooled-continuous --min-alternate-fraction 0.03 --min-alternate-count 3 "
    "--min-mapping-quality 20 --min-base-quality 20 --use-best-n-alleles 4"
)


def write_bam(path: Path, ref: str, sample: str, depth: int, pile_depth: int, rng) -> None:
    header = {
        "HD": {"VN": "1.6", "SO": "coordinate"},
        "SQ": [{"SN": "chr1", "LN": LENGTH}],
        "RG": [{"ID": sample, "SM": sample}],
    }
    reads = []

    def add(start: int, alt_at: int | None) -> None:
        seq = list(ref[start : start + READ])
        if alt_at is not None and start <= alt_at < start + READ:
            seq[alt_at - start] = "T" if ref[alt_at] != "T" else "G"
        reads.append((start, "".join(seq)))

    tumor = sample.endswith("T")
    for _ in range(depth * LENGTH // READ):
        start = rng.randrange(0, LENGTH - READ)
        # the tumor's outside variant at ~40 %
        add(start, OUTSIDE_SNV if tumor and rng.random() < 0.4 else None)
    for _ in range(pile_depth * (PILE[1] - PILE[0]) // READ):
        start = rng.randrange(PILE[0], PILE[1] - READ)
        add(start, PILE_SNV if rng.random() < 0.3 else None)
    reads.sort()
    unsorted = path.with_suffix(".tmp.bam")
    with pysam.AlignmentFile(str(unsorted), "wb", header=header) as out:
        for n, (start, seq) in enumerate(reads):
            a = pysam.AlignedSegment()
            a.query_name = f"{sample}_{n}"
            a.query_sequence = seq
            a.flag = 0
            a.reference_id = 0
            a.reference_start = start
            a.mapping_quality = 60
            a.cigarstring = f"{READ}M"
            a.query_qualities = pysam.qualitystring_to_array("I" * READ)
            a.set_tag("RG", sample)
            out.write(a)
    pysam.sort("-o", str(path), str(unsorted))
    pysam.index(str(path))
    unsorted.unlink()


def sh(cmd: str, cwd: Path) -> None:
    subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=cwd, check=True)


def calls(vcf: Path) -> list[int]:
    with pysam.VariantFile(str(vcf)) as fh:
        return [rec.pos - 1 for rec in fh]


def test_guarded_pile_is_not_called_and_the_header_says_so(tmp_path):
    rng = random.Random(7)
    ref = "".join(rng.choice("ACGT") for _ in range(LENGTH))
    (tmp_path / "ref.fa").write_text(f">chr1\n{ref}\n")
    pysam.faidx(str(tmp_path / "ref.fa"))
    write_bam(tmp_path / "T.bam", ref, "S-T", 30, 1500, rng)  # pile: ~50x the median
    write_bam(tmp_path / "N.bam", ref, "S-N", 20, 0, rng)
    for name in ("T", "N"):
        # the alignment-QC command (rules/alignment_qc.smk), 1-kb windows
        sh(f"mosdepth -n --fast-mode -Q 20 --by 1000 -f ref.fa {name} {name}.bam", tmp_path)
    (tmp_path / "callable.bed").write_text(f"chr1\t0\t{LENGTH}\n")
    (tmp_path / "genes.gff3").write_text(
        "##gff-version 3\n"
        f"chr1\tx\tgene\t{PILE[0] + 501}\t{PILE[0] + 900}\t.\t+\t.\tID=gene:G1;Name=RUNX1\n"
    )
    (tmp_path / "panel.tsv").write_text("gene\tpanels\nRUNX1\tAML\n")
    out = tmp_path / "guard"
    out.mkdir()
    chunks = [out / f"chunk_{i:03d}.bed" for i in range(3)]
    sm = SimpleNamespace(
        input=SimpleNamespace(
            callable=str(tmp_path / "callable.bed"),
            fai=str(tmp_path / "ref.fa.fai"),
            tumor_depth=str(tmp_path / "T.mosdepth.global.dist.txt"),
            tumor_windows=str(tmp_path / "T.regions.bed.gz"),
            normal_depth=str(tmp_path / "N.mosdepth.global.dist.txt"),
            normal_windows=str(tmp_path / "N.regions.bed.gz"),
            exclude_bed=[],
            gff3=str(tmp_path / "genes.gff3"),
            panel=str(tmp_path / "panel.tsv"),
        ),
        params=SimpleNamespace(max_depth_x_median=20, window_bp=1000, max_listed=100),
        output=SimpleNamespace(
            json=str(out / "guard.json"),
            bed=str(out / "skipped.bed"),
            header=str(out / "header.txt"),
            freebayes_options=str(out / "freebayes_options.txt"),
            chunks=[str(c) for c in chunks],
        ),
        log=[str(out / "guard.log")],
    )
    rule_script.main(sm)
    skipped = [line.split("\t") for line in (out / "skipped.bed").read_text().splitlines()]
    assert [(int(s), int(e)) for _, s, e, _ in skipped] == [PILE]
    extra = " ".join(freebayes_args(FREEBAYES))
    options = (out / "freebayes_options.txt").read_text().strip()
    assert options == "--skip-coverage 1000"  # 20 x (30 + 20)
    parts = []
    for chunk in chunks:
        # the calling rule's command, then the gather rule's concat + header
        vcf = chunk.with_suffix(".vcf")
        sh(f"freebayes -f ref.fa -t {chunk} {extra} $(cat {out}/freebayes_options.txt)"
           f" T.bam N.bam > {vcf}", tmp_path)  # fmt: skip
        parts.append(str(vcf))
    sh(f"bcftools concat {' '.join(parts)} -Ou | bcftools annotate -h {out}/header.txt"
       " -Oz -o raw.vcf.gz", tmp_path)  # fmt: skip
    positions = calls(tmp_path / "raw.vcf.gz")
    assert OUTSIDE_SNV in positions
    assert not [p for p in positions if PILE[0] <= p < PILE[1]]
    with pysam.VariantFile(str(tmp_path / "raw.vcf.gz")) as fh:
        header = str(fh.header)
    assert "##alwgs_depth_guard=<" in header
    assert "panel_genes_skipped=RUNX1" in header and "skipped_bp=2000" in header
    assert (
        f"##alwgs_depth_guard_region=<ID=skip1,chrom=chr1,start={PILE[0] + 1},end={PILE[1]},"
        "reason=tumor_depth" in header
    )
    # the control: without the guard, freebayes calls the pile's variant
    sh(f"freebayes -f ref.fa -r chr1:{PILE[0]}-{PILE[1]} {extra} T.bam N.bam > bare.vcf", tmp_path)
    assert PILE_SNV in calls(tmp_path / "bare.vcf")
