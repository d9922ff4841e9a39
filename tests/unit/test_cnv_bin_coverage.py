"""CNVkit's bin coverage from mosdepth (rule cnv_coverage, scripts/cnv_coverage.py,
alwgs/cnv/bin_coverage.py). The real mosdepth and the real `cnvkit.py coverage` on one small
BAM whose reads carry everything the two could count differently: overlapping mates,
deletions, reference skips, insertions, soft clips, reads below the MAPQ floor, duplicates,
secondary, supplementary and QC-failed alignments, unmapped mates, and bins without reads."""

import gzip
import math
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pysam
import pytest
from alwgs.cnv.bin_coverage import (
    EXCLUDE_FLAGS,
    NULL_LOG2_COVERAGE,
    Bin,
    bin_depth,
    coverage_rows,
    log2_of,
    mosdepth_command,
    read_bins,
    read_region_means,
    write_cnn,
)

REPO = Path(__file__).resolve().parents[2]
# cnvkit.py on PATH, else next to this interpreter (the virtualenv's bin/)
CNVKIT = shutil.which("cnvkit.py") or shutil.which(
    "cnvkit.py", path=str(Path(sys.executable).parent)
)
MOSDEPTH = shutil.which("mosdepth")
tools = pytest.mark.skipif(
    CNVKIT is None or MOSDEPTH is None, reason="cnvkit.py or mosdepth not installed"
)

MIN_MAPQ = 20
LENGTHS = {"chr1": 24_000, "chr2": 6_000}
COVERED = 18_000  # chr1 reads stop here: the bins after it have none
READ = 100


def write_genome(tmp_path) -> tuple[Path, dict[str, str]]:
    rng = random.Random(3)
    seqs = {c: "".join(rng.choice("ACGT") for _ in range(n)) for c, n in LENGTHS.items()}
    fa = tmp_path / "genome.fa"
    with open(fa, "w") as out:
        for c, s in seqs.items():
            out.write(f">{c}\n" + "\n".join(s[i : i + 60] for i in range(0, len(s), 60)) + "\n")
    pysam.faidx(str(fa))
    return fa, seqs


def write_bins(tmp_path) -> Path:
    """Bins of uneven length (as cnvkit.py target --split cuts them), chr1 then chr2, the last
    ones on chr1 beyond the reads; one bin with a gene name."""
    rows = []
    for chrom, length in LENGTHS.items():
        start, k = 100, 0
        while start + 400 < length:
            end = min(start + 490 + 7 * (k % 5), length)
            gene = "GENE1" if (chrom, k) == ("chr1", 3) else "-"
            rows.append(f"{chrom}\t{start}\t{end}\t{gene}")
            start, k = end, k + 1
    path = tmp_path / "bins.bed"
    path.write_text("\n".join(rows) + "\n")
    return path


def cigar_for(rng) -> tuple[str, int]:
    """A CIGAR and the reference bases it spans (query length always READ)."""
    kind = rng.random()
    if kind < 0.10:
        return "40M12D60M", READ + 12
    if kind < 0.15:
        return "30M300N70M", READ + 300
    if kind < 0.25:
        return "45M6I49M", READ - 6
    if kind < 0.35:
        return "15S85M", READ - 15
    return f"{READ}M", READ


def write_bam(tmp_path, seqs) -> Path:
    """Pairs of 100-bp reads, fragments of 120-400 bp (mates often overlap), ~30x on chr1 up
    to COVERED and on chr2; a share of every kind of read the two tools must agree on."""
    rng = random.Random(11)
    header = {"HD": {"VN": "1.6", "SO": "coordinate"}, "SQ": [
        {"SN": c, "LN": n} for c, n in LENGTHS.items()
    ]}  # fmt: skip
    tids = {c: i for i, c in enumerate(LENGTHS)}
    reads = []

    def read(name, chrom, pos, cigar, flag, mapq, mate_pos, tlen):
        a = pysam.AlignedSegment()
        a.query_name = name
        a.flag = flag
        a.reference_id = tids[chrom]
        a.reference_start = pos
        a.mapping_quality = mapq
        a.cigarstring = cigar
        a.next_reference_id = tids[chrom]
        a.next_reference_start = mate_pos
        a.template_length = tlen
        a.query_sequence = seqs[chrom][pos : pos + READ].ljust(READ, "A")
        a.query_qualities = pysam.qualitystring_to_array("I" * READ)
        reads.append(a)

    n = 0
    for chrom, end in (("chr1", COVERED), ("chr2", LENGTHS["chr2"])):
        for _ in range(end * 30 // (2 * READ)):
            frag = rng.randint(120, 400)
            start = rng.randint(0, end - frag - 400)  # a read with 300N stays inside
            mate = start + frag - READ
            mapq = rng.choice([60, 60, 60, 60, 0, 19, 20, 21])
            extra = rng.choices([0, 0x400, 0x200, 0x100, 0x800, "unmapped"], [80, 6, 3, 4, 4, 3])[0]
            name = f"r{n}"
            n += 1
            cig1, span1 = cigar_for(rng)
            cig2, _ = cigar_for(rng)
            if extra == "unmapped":  # the mate placed at the mapped read, as aligners do
                read(name, chrom, start, cig1, 0x1 | 0x40 | 0x8, mapq, start, 0)
                read(name, chrom, start, f"{READ}M", 0x1 | 0x80 | 0x4, 0, start, 0)
                continue
            read(name, chrom, start, cig1, 0x1 | 0x2 | 0x40 | 0x20 | extra, mapq, mate, frag)
            read(name, chrom, mate, cig2, 0x1 | 0x2 | 0x80 | 0x10 | extra, mapq, start, -frag)
    reads.sort(key=lambda a: (a.reference_id, a.reference_start))
    unsorted = tmp_path / "reads.unsorted.bam"
    with pysam.AlignmentFile(unsorted, "wb", header=header) as out:
        for a in reads:
            out.write(a)
    bam = tmp_path / "reads.bam"
    pysam.sort("-o", str(bam), str(unsorted))
    pysam.index(str(bam))
    return bam


def read_cnn(path: Path) -> list[dict]:
    lines = path.read_text().splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def cnvkit_coverage(bam, bins, fa, out) -> list[dict]:
    subprocess.run(
        [CNVKIT, "coverage", *map(str, (bam, bins, "-f", fa, "-q", MIN_MAPQ, "-o", out))],
        check=True,
        capture_output=True,
    )
    return read_cnn(out)


def rule_script(aln, bins, fa, out) -> list[dict]:
    """scripts/cnv_coverage.py as bench/bare_pipeline.py runs it (the rule's job)."""
    args = ["--aln", aln, "--bins", bins, "--ref", fa, "--min-mapq", MIN_MAPQ, "--threads", 1]
    args += ["--out", out, "--log", f"{out}.log"]
    script = REPO / "scripts/cnv_coverage.py"
    subprocess.run([sys.executable, script, *map(str, args)], check=True, capture_output=True)
    return read_cnn(out)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bin_coverage")
    fa, seqs = write_genome(tmp)
    bins = write_bins(tmp)
    bam = write_bam(tmp, seqs)
    return tmp, fa, bins, bam


@pytest.fixture(scope="module")
def cnvkit_rows(sample):
    tmp, fa, bins, bam = sample
    return cnvkit_coverage(bam, bins, fa, tmp / "cnvkit.cnn")


@tools
def test_mosdepth_gives_cnvkits_coverage_bin_by_bin(sample, cnvkit_rows):
    tmp, fa, bins, bam = sample
    old = cnvkit_rows
    new = rule_script(bam, bins, fa, tmp / "mosdepth.cnn")
    assert [(r["chromosome"], r["start"], r["end"], r["gene"]) for r in new] == [
        (r["chromosome"], r["start"], r["end"], r["gene"]) for r in old
    ]
    assert len(new) == len(read_bins(bins))
    assert {r["gene"] for r in new} == {"-", "GENE1"}
    # Both print 6 significant digits of the same base count over the same length, so they
    # agree to the last printed digit (and here the text is the same).
    for o, n in zip(old, new, strict=True):
        where = f"{n['chromosome']}:{n['start']}-{n['end']}"
        assert float(n["depth"]) == pytest.approx(float(o["depth"]), rel=1e-5, abs=0), where
        assert float(n["log2"]) == pytest.approx(float(o["log2"]), rel=1e-5, abs=1e-5), where
    assert (tmp / "mosdepth.cnn").read_text() == (tmp / "cnvkit.cnn").read_text()
    assert min(float(r["depth"]) for r in new if r["chromosome"] == "chr2") > 10
    # the bins beyond the reads get CNVkit's log2 of nothing
    empty = [r for r in new if r["chromosome"] == "chr1" and int(r["start"]) >= COVERED]
    assert len(empty) >= 10
    assert all(float(r["depth"]) == 0 and float(r["log2"]) == NULL_LOG2_COVERAGE for r in empty)


@tools
def test_the_reads_make_mosdepths_default_mode_disagree(sample, cnvkit_rows):
    """The BAM tells the modes apart: without --fast-mode mosdepth counts overlapping mates
    once and deletions not at all, and then reads below CNVkit in most covered bins."""
    tmp, fa, bins, bam = sample
    cmd = mosdepth_command(str(bam), str(bins), str(tmp / "default"), str(fa), MIN_MAPQ, 1)
    cmd.remove("--fast-mode")
    subprocess.run(cmd, check=True, capture_output=True)
    default = read_region_means(tmp / "default.regions.bed.gz")
    covered = [r for r in cnvkit_rows if float(r["depth"]) > 0]
    lower = [
        r
        for r in covered
        if default[(r["chromosome"], int(r["start"]), int(r["end"]))] < 0.99 * float(r["depth"])
    ]
    assert len(lower) > 0.8 * len(covered)


@tools
def test_cram_gives_the_same_coverage(sample):
    """A CRAM (ALN_EXT cram) is decoded with the reference (-f), as rule mosdepth does."""
    tmp, fa, bins, bam = sample
    cram = tmp / "reads.cram"
    pysam.view("-C", "-T", str(fa), "-o", str(cram), str(bam), catch_stdout=False)
    pysam.index(str(cram))
    assert rule_script(cram, bins, fa, tmp / "cram.cnn") == rule_script(
        bam, bins, fa, tmp / "bam.cnn"
    )


def test_constants_are_cnvkits():
    params = pytest.importorskip("cnvlib.params")
    coverage = pytest.importorskip("cnvlib.coverage")
    assert NULL_LOG2_COVERAGE == params.NULL_LOG2_COVERAGE
    assert EXCLUDE_FLAGS == coverage.COVERAGE_EXCLUDE_FLAGS == 1796


def test_mosdepth_command_counts_as_bedcov():
    cmd = mosdepth_command("s.cram", "bins.bed", "out/s", "ref.fa", 20, 4)
    assert cmd[0] == "mosdepth" and cmd[-2:] == ["out/s", "s.cram"]
    assert "--fast-mode" in cmd and "-n" in cmd
    opts = dict(zip(cmd[3:-2:2], cmd[4:-2:2], strict=True))
    assert opts == {"-F": "1796", "-Q": "20", "-t": "4", "-f": "ref.fa", "--by": "bins.bed"}


def test_log2_of_depth_and_of_nothing():
    assert log2_of(8.0) == 3.0
    assert log2_of(0.25) == -2.0
    assert log2_of(0.0) == NULL_LOG2_COVERAGE == -20.0


def test_bin_depth_is_the_base_count_over_the_length():
    # 7 bases in 499 bp: mosdepth prints 0.014028 (6 decimals), the count comes back as 7
    assert bin_depth(0.014028, 499) == 7 / 499
    assert bin_depth(round(123_457 / 5000, 6), 5000) == 123_457 / 5000
    assert bin_depth(0.000002, 500_000) == 1 / 500_000  # one base in a 500-kb bin
    assert bin_depth(0.0, 500) == 0.0
    assert bin_depth(3.5, 0) == 0.0  # a zero-length bin: depth 0, as CNVkit
    assert bin_depth(3.5, -10) == 0.0
    # a bin of 1 Mb or more: the printed mean is used as it is
    assert bin_depth(0.1234567, 2_000_000) == pytest.approx(0.1234567)


def test_read_bins_keeps_order_and_fills_the_gene(tmp_path):
    bed = tmp_path / "bins.bed"
    bed.write_text("track name=x\n# c\nchr2\t0\t10\tA\nchr1\t5\t9\nchr1\t9\t20\t\n\n")
    assert read_bins(bed) == [
        Bin("chr2", 0, 10, "A", 3),
        Bin("chr1", 5, 9, "-", 4),
        Bin("chr1", 9, 20, "-", 5),
    ]


@pytest.mark.parametrize(
    "line, field", [("chr1\tx\t10", "start"), ("chr1\t0", "end"), ("chr1\t0\t1.5", "end")]
)
def test_read_bins_names_file_line_and_field(tmp_path, line, field):
    bed = tmp_path / "bins.bed"
    bed.write_text(f"chr1\t0\t5\n{line}\n")
    with pytest.raises(ValueError, match=rf"bins.bed: line 2: field {field} "):
        read_bins(bed)


def test_read_region_means_of_three_and_four_columns(tmp_path):
    path = tmp_path / "s.regions.bed.gz"
    with gzip.open(path, "wt") as out:
        out.write("chr1\t0\t500\t-\t31.250000\nchr1\t500\t999\t0.000000\n")
    assert read_region_means(path) == {("chr1", 0, 500): 31.25, ("chr1", 500, 999): 0.0}
    with gzip.open(path, "wt") as out:
        out.write("chr1\t0\t500\t-\tx\n")
    with pytest.raises(ValueError, match="line 1: field mean"):
        read_region_means(path)


def test_coverage_rows_follow_the_bins_and_name_a_missing_one():
    bins = [Bin("chr2", 0, 500, "-", 1), Bin("chr1", 0, 400, "G", 2), Bin("chr1", 400, 800, "-", 3)]
    means = {("chr1", 0, 400): 10.0, ("chr1", 400, 800): 0.0, ("chr2", 0, 500): 2.0}
    assert coverage_rows(bins, means) == [
        ("chr2", 0, 500, "-", 2.0, 1.0),
        ("chr1", 0, 400, "G", 10.0, math.log2(10)),
        ("chr1", 400, 800, "-", 0.0, -20.0),
    ]
    del means[("chr1", 400, 800)]
    with pytest.raises(ValueError, match=r"bins.bed: line 3: bin chr1:400-800 has no depth"):
        coverage_rows(bins, means, "bins.bed")


def test_write_cnn_prints_as_cnvkit(tmp_path):
    path = tmp_path / "s.cnn"
    write_cnn(
        [("chr1", 0, 500, "-", 55.33935742, 5.790229), ("chr1", 500, 999, "-", 0.0, -20.0)], path
    )  # noqa: E501
    assert path.read_text() == (
        "chromosome\tstart\tend\tgene\tdepth\tlog2\n"
        "chr1\t0\t500\t-\t55.3394\t5.79023\n"
        "chr1\t500\t999\t-\t0\t-20\n"
    )
