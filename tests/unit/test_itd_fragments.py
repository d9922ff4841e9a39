"""ITD quantification from fragments on BAMs shaped like real aligner output: soft clips,
split (supplementary) alignments, duplicate-flagged pairs, a mate unmapped beside its mapped
mate, overlapping mates, a mate wholly inside the insertion, secondary and QC-failed records.
Every count, the VAF, the AR and the interval are asserted exactly."""

import csv
import math
import random
import shutil
import subprocess
from types import SimpleNamespace

import pysam
import pytest
from alwgs.variants.itd import ItdCall, genotype
from alwgs.variants.itd_fragments import (
    FragmentCounts,
    count_fragments,
    revcomp,
    wilson,
    windows,
)

CHROM = "chr13"
S0, S1 = 1000, 1120  # duplicated segment S = ref[1000:1120], 120 bp
RL = 100  # read length of the hand-made fixture

PAIRED, PROPER, UNMAP, MUNMAP, REV, MREV, R1, R2 = 1, 2, 4, 8, 16, 32, 64, 128
SECONDARY, QCFAIL, DUP, SUPP = 256, 512, 1024, 2048


def _reference(n=3000, seed=16):
    rng = random.Random(seed)
    return "".join(rng.choice("ACGT") for _ in range(n))


REF = _reference()
ITD = REF[:S1] + REF[S0:S1] + REF[S1:]  # X S S Y


@pytest.fixture
def fasta(tmp_path):
    fa = tmp_path / "ref.fa"
    fa.write_text(f">{CHROM}\n" + "".join(REF[i : i + 60] + "\n" for i in range(0, len(REF), 60)))
    pysam.faidx(str(fa))
    return fa


def _record(header, name, flag, pos, cigar, seq, mpos, tags=()):
    a = pysam.AlignedSegment(header)
    a.query_name, a.flag, a.query_sequence = name, flag, seq
    a.reference_id = 0
    a.reference_start = pos
    a.mapping_quality = 0 if flag & UNMAP else 60
    if not flag & UNMAP:
        a.cigarstring = cigar
    a.next_reference_id, a.next_reference_start = 0, mpos
    a.query_qualities = pysam.qualitystring_to_array("I" * len(seq))
    a.tags = list(tags)
    return a


def _pair(header, name, pos1, seq1, cig1, pos2, seq2, cig2, extra=0):
    return [
        _record(header, name, PAIRED | PROPER | R1 | MREV | extra, pos1, cig1, seq1, pos2),
        _record(header, name, PAIRED | PROPER | R2 | REV | extra, pos2, cig2, seq2, pos1),
    ]


def _far(i):
    """A mate far downstream of every window (reads of either allele look alike there)."""
    p = 1600 + 7 * i
    return p, REF[p : p + RL], f"{RL}M"


def write_fixture(path):
    header = pysam.AlignmentHeader.from_dict(
        {"HD": {"VN": "1.6", "SO": "coordinate"}, "SQ": [{"SN": CHROM, "LN": len(REF)}]}
    )
    recs = []
    # 30 fragments over X|S (reads of REF[915:1073]: identical on both alleles).
    for i in range(30):
        p = 915 + 2 * i
        recs += _pair(header, f"left{i}", p, REF[p : p + RL], f"{RL}M", *_far(i))
    # left0 again as PCR duplicates (both mates flagged): left out.
    recs += _pair(header, "left0dup", 915, REF[915:1015], f"{RL}M", *_far(0), extra=DUP)
    # left1 with overlapping mates: both reads hold X|S, one fragment.
    recs[2:4] = _pair(header, "left1", 943, REF[943:1043], f"{RL}M", 950, REF[950:1050], f"{RL}M")
    # A QC-failed pair over X|S: left out.
    recs += _pair(header, "qcfail", 960, REF[960:1060], f"{RL}M", *_far(60), extra=QCFAIL)
    # 28 fragments over S|Y (on the ITD allele this is S2|Y).
    for i in range(28):
        p = 1040 + 2 * i
        recs += _pair(header, f"right{i}", p, REF[p : p + RL], f"{RL}M", *_far(30 + i))
    # A secondary alignment of another read over S|Y: left out.
    recs.append(_record(header, "secondary", SECONDARY, 1065, f"{RL}M", REF[1065:1165], 0))
    # ITD fragments (junction S1|S2 at ITD coordinate 1120):
    # 1. soft clip: 50 bases of the end of S, then 50 bases of its start clipped.
    recs += _pair(header, "clip", 1070, ITD[1070:1170], "50M50S", *_far(50))
    recs += _pair(header, "clipdup", 1070, ITD[1070:1170], "50M50S", *_far(50), extra=DUP)
    # ... and a PCR copy markdup missed (aligned as a split read; one sequencing error).
    copy = ITD[1070:1080] + ("A" if ITD[1080] != "A" else "C") + ITD[1081:1170]
    copied = _pair(header, "clipcopy", 1070, copy, "50M50S", *_far(50))
    copied[0].tags = [("SA", f"{CHROM},{S0 + 1},+,50S50M,60,0;")]
    recs += copied
    # 2. split read: primary 60M40S + supplementary 60S40M (soft-clipped, bwa -Y style).
    split = _pair(header, "split", 1060, ITD[1060:1160], "60M40S", *_far(51))
    split[0].tags = [("SA", f"{CHROM},{S0 + 1},+,60S40M,60,0;")]
    recs += split
    recs.append(
        _record(header, "split", PAIRED | R1 | MREV | SUPP, S0, "60S40M", ITD[1060:1160], 1957)
    )
    # 3. overlapping mates both across the junction.
    recs += _pair(header, "overlap", 1075, ITD[1075:1175], "45M55S", 1080, ITD[1080:1180], "40M60S")
    # 4. mate unmapped beside its mapped mate, stored reverse-complemented.
    mapped = _record(header, "unmapped", PAIRED | R1 | MUNMAP, 900, f"{RL}M", REF[900:1000], 900)
    lost = _record(header, "unmapped", PAIRED | R2 | UNMAP, 900, "", revcomp(ITD[1085:1185]), 900)
    recs += [mapped, lost]
    # 5. a mate wholly inside the inserted copy (maps to S) with its mate in X: no junction
    # read, so not counted (module doc: this would widen the ITD allele's window).
    recs += _pair(header, "inside", 880, REF[880:980], f"{RL}M", 1010, ITD[1130:1230], f"{RL}M")
    recs.sort(key=lambda r: r.reference_start)
    with pysam.AlignmentFile(str(path), "wb", header=header) as out:
        for r in recs:
            out.write(r)
    pysam.index(str(path))


@pytest.fixture
def bam(tmp_path):
    path = tmp_path / "fixture.bam"
    write_fixture(path)
    return path


def test_counts_each_fragment_once_whatever_its_records(fasta, bam):
    with pysam.FastaFile(str(fasta)) as fa, pysam.AlignmentFile(str(bam)) as aln:
        w = windows(fa, CHROM, S0, S1, "")
        assert w.problem == ""
        assert w.itd == REF[S1 - 15 : S1] + REF[S0 : S0 + 15]
        assert w.left == REF[S0 - 15 : S0 + 15] and w.right == REF[S1 - 15 : S1 + 15]
        n = count_fragments(aln, CHROM, S0, S1, w)
    assert (n.itd, n.left, n.right) == (4, 30, 28)
    # clip 1 + split primary and supplementary 2 + overlapping mates 2 + unmapped mate 1
    assert n.itd_records == 6
    assert dict(n.evidence) == {"softclip": 2, "split": 1, "unmapped": 1}
    assert n.spanning == 29.0 and n.wild_type == 25.0
    assert n.vaf == pytest.approx(4 / 29, abs=1e-12)
    assert n.allelic_ratio == pytest.approx(4 / 25, abs=1e-12)
    # Wilson for p = VAF / (VAF + 2) on 4 of 4 + 58 fragments, mapped to VAF = 2p / (1 - p).
    plo, phi = wilson(4, 62)
    lo, hi = n.vaf_interval()
    assert (lo, hi) == pytest.approx((2 * plo / (1 - plo), 2 * phi / (1 - phi)), abs=1e-12)
    assert (round(lo, 4), round(hi, 4)) == (0.0521, 0.3654)  # scipy binomtest Wilson, mapped
    alo, ahi = n.ar_interval()
    assert alo == pytest.approx(lo / (1 - lo)) and ahi == pytest.approx(hi / (1 - hi))
    assert (round(alo, 4), round(ahi, 4)) == (0.0549, 0.5758)
    assert n.evidence_text() == "softclip:2,split:1,unmapped:1"
    assert n.sequence_duplicates == 1  # clipcopy: the same molecule as clip


def test_wilson_matches_the_textbook_interval():
    lo, hi = wilson(4, 26)
    z = 1.959963984540054
    p, n = 4 / 26, 26
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert (lo, hi) == pytest.approx((centre - half, centre + half), abs=1e-12)
    assert (round(lo, 4), round(hi, 4)) == (0.0615, 0.3353)
    assert wilson(0, 0) == (0.0, 1.0)


def test_interval_edges():
    none = FragmentCounts(itd=0, left=0, right=0)
    assert none.vaf is None and none.vaf_interval() is None and none.ar_interval() is None
    zero = FragmentCounts(itd=0, left=40, right=40)
    assert zero.vaf == 0.0 and zero.vaf_interval()[0] == 0.0 and zero.allelic_ratio == 0.0
    all_itd = FragmentCounts(itd=30, left=30, right=30)
    assert all_itd.vaf == 1.0 and all_itd.allelic_ratio == math.inf and all_itd.wild_type == 0
    assert all_itd.vaf_interval()[1] == 1.0 and all_itd.ar_interval()[1] == math.inf


def test_windows_with_extra_bases_stay_2m_wide(fasta):
    with pysam.FastaFile(str(fasta)) as fa:
        w = windows(fa, CHROM, S0, S1, "gattaca")
    assert len(w.itd) == len(w.left) == len(w.right) == 30
    assert w.itd == REF[S1 - 15 : S1] + "GATTACA" + REF[S0 : S0 + 8]


def test_windows_refuse_a_junction_the_reference_already_has(tmp_path):
    unit = REF[S0:S1]
    ref = REF[:S1] + unit + REF[S1 + 120 :]  # S already twice in tandem in the reference
    fa = tmp_path / "rep.fa"
    fa.write_text(f">{CHROM}\n{ref}\n")
    pysam.faidx(str(fa))
    with pysam.FastaFile(str(fa)) as f:
        w = windows(f, CHROM, S0, S1, "")
    assert "also occurs in the reference" in w.problem


def test_genotype_keeps_the_placement_the_reads_show(fasta, bam):
    call = ItdCall(CHROM, S0 + 3, S1 + 3, "", {"scanitd"}, scanitd_af=0.2)
    call.representations = [(S0, S1, "")]
    with pysam.FastaFile(str(fasta)) as fa, pysam.AlignmentFile(str(bam)) as aln:
        genotype(call, aln, fa)
    assert (call.start, call.end) == (S0, S1) and call.itd_fragments == 4
    assert call.vaf == pytest.approx(4 / 29)


def test_genotype_counts_one_placement_of_an_allele_once(tmp_path):
    """Placements shifted within a microhomology spell the same ITD allele: the caller's
    first placement is counted, whatever the other would have counted."""
    ref = REF[:S1] + REF[S0 : S0 + 3] + REF[S1 + 3 :]  # Y starts with S's first 3 bases
    fa = tmp_path / "hom.fa"
    fa.write_text(f">{CHROM}\n{ref}\n")
    pysam.faidx(str(fa))
    with pysam.FastaFile(str(fa)) as f:
        a = _allele_of(f, (S0, S1, ""))
        b = _allele_of(f, (S0 + 3, S1 + 3, ""))
        c = _allele_of(f, (S0 + 4, S1 + 4, ""))
    assert a == b and a != c


def _allele_of(fasta, placement):
    from alwgs.variants.itd import _allele

    return _allele(fasta, CHROM, placement, S0 - 50, S1 + 60)


def test_scanitd_disagreement_is_said_not_hidden():
    call = ItdCall(CHROM, S0, S1, "", {"scanitd"}, scanitd_af=0.20)
    call.counts = FragmentCounts(itd=40, left=160, right=160)  # VAF 0.25
    assert call.scanitd_note(0.05) == ""
    call.scanitd_af = 0.15
    note = call.scanitd_note(0.05)
    assert note.startswith("ScanITD AF 0.150 differs from the fragment VAF 0.250 by 0.100")
    assert "AR 0.18 is outside the 95% interval" in note
    call.scanitd_af = None
    assert call.scanitd_note(0.05) == ""


# ------------------------------------------------------------ aligned by bwa (long ITD)
needs_bwa = pytest.mark.skipif(shutil.which("bwa") is None, reason="bwa not installed")
LONG = 130  # ITD longer than a read minus both 15-base window halves
READ = 150
INSERT = 330


@needs_bwa
def test_long_itd_fraction_is_unbiased_after_bwa(tmp_path):
    """Fragments tiling both alleles evenly (one ITD start per two reference starts): the
    ITD is longer than what a read can span, so bwa soft-clips, splits, and leaves mates
    inside the insertion. The fragment VAF is the tiled 1/3."""
    rng = random.Random(7)
    ref = "".join(rng.choice("ACGT") for _ in range(4000))
    s0, s1 = 2000, 2000 + LONG
    itd = ref[:s1] + ref[s0:s1] + ref[s1:]
    fa = tmp_path / "ref.fa"
    fa.write_text(f">{CHROM}\n" + "".join(ref[i : i + 60] + "\n" for i in range(0, 4000, 60)))
    pysam.faidx(str(fa))
    r1, r2 = [], []
    # Starts 0 and 2 (mod 4) read the reference, starts 1 the ITD allele: VAF 1/3. Past the
    # first copy the ITD allele reads the reference shifted by LONG (2 mod 4), so no ITD
    # fragment is a sequence copy of a reference one (that would be one molecule to markdup
    # and to the counter alike).
    for i in range(1200, 2900):
        if i % 4 == 3:
            continue
        allele, seq = ("itd", itd) if i % 4 == 1 else ("wt", ref)
        frag = seq[i : i + INSERT]
        r1.append((f"{allele}{i}", frag[:READ]))
        r2.append((f"{allele}{i}", revcomp(frag)[:READ]))
    for path, reads in ((tmp_path / "r1.fq", r1), (tmp_path / "r2.fq", r2)):
        path.write_text("".join(f"@{n}\n{s}\n+\n{'I' * len(s)}\n" for n, s in reads))
    bam = tmp_path / "long.bam"
    subprocess.run(["bwa", "index", str(fa)], check=True, capture_output=True)
    subprocess.run(
        f"set -o pipefail; bwa mem -t 1 {fa} {tmp_path / 'r1.fq'} {tmp_path / 'r2.fq'}"
        f" 2>/dev/null | samtools sort -o {bam} - && samtools index {bam}",
        shell=True,
        executable="/bin/bash",
        check=True,
        capture_output=True,
    )
    call = ItdCall(CHROM, s0, s1)
    with pysam.AlignmentFile(str(bam)) as aln, pysam.FastaFile(str(fa)) as ref_fa:
        genotype(call, aln, ref_fa)
        kinds = {k for r in aln.fetch(CHROM, s0 - 200, s1 + 200) for k in _shapes(r)}
    assert {"softclip", "split_or_supp"} <= kinds  # the aligner left real-looking ITD reads
    n = call.counts
    assert n.itd > 50 and n.itd_records >= n.itd
    assert n.sequence_duplicates == 0  # no two fragments are one molecule
    assert abs(n.left - n.right) <= 2  # tiled evenly: both shared windows seen alike
    assert n.vaf == pytest.approx(1 / 3, abs=0.01)


def _shapes(read):
    ops = {op for op, _ in read.cigartuples or []}
    if 4 in ops:
        yield "softclip"
    if read.is_supplementary or read.has_tag("SA"):
        yield "split_or_supp"


# ------------------------------------------------------------ the rule script end to end
SCANITD_VCF = (
    "##fileformat=VCFv4.3\n"
    f"##contig=<ID={CHROM},length={len(REF)}>\n"
    '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="t">\n'
    '##INFO=<ID=END,Number=1,Type=Integer,Description="e">\n'
    '##INFO=<ID=AF,Number=1,Type=Float,Description="a">\n'
    '##INFO=<ID=INSSEQ,Number=1,Type=String,Description="i">\n'
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="g">\n'
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS\n"
    f"{CHROM}\t{S0 + 1}\t1\tN\t<TDUP>\t.\t.\tSVTYPE=TDUP;END={S1 + 1};AF=0.30;INSSEQ=.\tGT\t0/1\n"
)


@pytest.mark.skipif(shutil.which("bcftools") is None, reason="bcftools not installed")
def test_itd_vcf_writes_counts_interval_and_scanitd_note(fasta, bam, tmp_path):
    import itd_vcf  # the rule script (scripts/ is on the path of the unit tests)

    (tmp_path / "scanitd.vcf").write_text(SCANITD_VCF)
    (tmp_path / "targets.bed").write_text(f"{CHROM}\t500\t1500\tFLT3-ITD\n")
    out = tmp_path / "out"
    out.mkdir()
    sm = SimpleNamespace(
        input=SimpleNamespace(
            targets=str(tmp_path / "targets.bed"),
            ref=str(fasta),
            aln=str(bam),
            scanitd=str(tmp_path / "scanitd.vcf"),
        ),
        output=SimpleNamespace(vcf=str(out / "T.itd.vcf.gz"), tsv=str(out / "T.itd.tsv")),
        log=[str(out / "itd.log")],
        params=SimpleNamespace(sample="T", samples=["T"], scanitd_max_vaf_difference=0.05),
    )
    itd_vcf.main(sm)
    rows = list(csv.DictReader(open(sm.output.tsv), delimiter="\t"))
    assert len(rows) == 1
    r = rows[0]
    assert (r["itd_fragments"], r["wt_fragments"], r["spanning_fragments"]) == ("4", "25.0", "29.0")
    assert (r["vaf"], r["allelic_ratio"]) == ("0.1379", "0.1600")
    assert (r["vaf_ci_low"], r["vaf_ci_high"]) == ("0.0521", "0.3654")
    assert (r["ar_ci_low"], r["ar_ci_high"]) == ("0.0549", "0.5758")
    assert r["itd_evidence"] == "softclip:2,split:1,unmapped:1" and r["itd_records"] == "6"
    assert r["sequence_duplicates"] == "1"
    assert r["scanitd_af"] == "0.3000" and r["scanitd_vaf_difference"] == "-0.1621"
    assert r["note"].startswith("ScanITD AF 0.300 differs from the fragment VAF 0.138 by 0.162")
    with pysam.VariantFile(sm.output.vcf) as vcf:
        (rec,) = list(vcf)
    assert rec.info["ITD_ALT"] == 4 and rec.info["ITD_WT"] == 25.0 and rec.info["SVLEN"] == 120
    assert rec.info["AR_CI"] == pytest.approx((0.0549, 0.5758))
    assert rec.info["SCANITD_DISAGREE"] is True and rec.info["ITD_SEQ_DUP"] == 1
    assert rec.samples["T"]["AD"] == (25, 4)


# ------------------------------------------------------------ mismatches in a window
def test_a_read_holds_a_window_with_up_to_the_allowed_mismatches():
    from alwgs.variants.itd_fragments import _holds

    word = REF[985:1015]
    read = REF[950:1050]
    one = read[:40] + ("A" if read[40] != "A" else "C") + read[41:]  # inside the window
    three = one[:45] + "".join("A" if b != "A" else "C" for b in one[45:47]) + one[47:]
    assert _holds(read, word, 0) and not _holds(one, word, 0)
    assert _holds(one, word, 1) and _holds(one, word, 2)
    assert not _holds(three, word, 2)  # 3 mismatches
    assert not _holds(REF[1200:1300], word, 2)


def test_windows_allow_mismatches_only_while_unambiguous(tmp_path, fasta):
    with pysam.FastaFile(str(fasta)) as fa:
        assert windows(fa, CHROM, S0, S1, "").mismatches == 2  # random sequence
    # X ends like S ends but for 3 bases: the ITD window is 3 mismatches from the shared
    # X|S window, so a read may differ from a window by 1 base at most (2*1 < 3).
    tail = list(REF[S1 - 15 : S1])
    for i in (2, 7, 12):
        tail[i] = "A" if tail[i] != "A" else "C"
    ref = REF[: S0 - 15] + "".join(tail) + REF[S0:]
    fa2 = tmp_path / "near.fa"
    fa2.write_text(f">{CHROM}\n{ref}\n")
    pysam.faidx(str(fa2))
    with pysam.FastaFile(str(fa2)) as f:
        w = windows(f, CHROM, S0, S1, "")
    assert w.problem == "" and w.mismatches == 1
