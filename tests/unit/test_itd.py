"""ITD: soft-clip detection and junction genotyping on simulated reads, merging, ScanITD VCF."""

import random
import shutil
import subprocess

import pysam
import pytest
from alwgs.variants.itd import (
    ItdCall,
    genotype,
    merge,
    parse_scanitd,
    same_event,
    softclip_candidates,
)
from alwgs.variants.itd_fragments import FragmentCounts

CHROM = "chr13"
REF_LEN = 3000
SEG_START, SEG_LEN = 1400, 60  # S = ref[1400:1460]
READ_LEN = 150
ITD_FRACTION = 0.3

needs_bwa = pytest.mark.skipif(shutil.which("bwa") is None, reason="bwa not installed")


def revcomp(seq):
    return seq[::-1].translate(str.maketrans("ACGT", "TGCA"))


@pytest.fixture(scope="module")
def itd_bam(tmp_path_factory):
    """A 3-kb random reference and error-free 150-bp reads tiling both alleles: 30% of the
    start positions read the ITD allele X S S Y, the rest the reference X S Y."""
    tmp = tmp_path_factory.mktemp("itd")
    rng = random.Random(13)
    ref = "".join(rng.choice("ACGT") for _ in range(REF_LEN))
    seg_end = SEG_START + SEG_LEN
    itd = ref[:seg_end] + ref[SEG_START:seg_end] + ref[seg_end:]
    fa = tmp / "ref.fa"
    fa.write_text(f">{CHROM}\n" + "".join(ref[i : i + 60] + "\n" for i in range(0, REF_LEN, 60)))
    pysam.faidx(str(fa))
    reads = []
    for allele, seq in (("ref", ref), ("itd", itd)):
        for start in range(0, len(seq) - READ_LEN + 1):
            is_itd = start % 10 < ITD_FRACTION * 10
            if (allele == "itd") != is_itd:
                continue
            read = seq[start : start + READ_LEN]
            if rng.random() < 0.5:
                read = revcomp(read)
            reads.append((f"{allele}_{start}", read))
    fq = tmp / "reads.fq"
    fq.write_text("".join(f"@{name}\n{seq}\n+\n{'I' * len(seq)}\n" for name, seq in reads))
    bam = tmp / "reads.bam"
    subprocess.run(["bwa", "index", str(fa)], check=True, capture_output=True)
    subprocess.run(
        f"set -o pipefail; bwa mem -t 2 {fa} {fq} 2>/dev/null"
        f" | samtools sort -o {bam} - && samtools index {bam}",
        shell=True,
        executable="/bin/bash",
        check=True,
        capture_output=True,
    )
    return fa, bam


@needs_bwa
def test_softclip_candidates_find_the_segment(itd_bam):
    fa, bam = itd_bam
    with pysam.AlignmentFile(str(bam)) as aln, pysam.FastaFile(str(fa)) as ref:
        calls = softclip_candidates(aln, ref, CHROM, SEG_START - 200, SEG_START + 260)
        far = softclip_candidates(aln, ref, CHROM, 100, 600)
    assert calls, "no soft-clip candidate"
    for c in calls:
        assert abs(c.start - SEG_START) <= 2 and abs(c.end - (SEG_START + SEG_LEN)) <= 2, c
        assert c.sources == {"softclip"} and c.chrom == CHROM and c.length == c.end - c.start
    assert any((c.start, c.end) == (SEG_START, SEG_START + SEG_LEN) for c in calls)
    assert far == []  # nothing duplicated away from the event


@needs_bwa
def test_genotype_measures_the_itd_fraction(itd_bam):
    fa, bam = itd_bam
    call = ItdCall(CHROM, SEG_START, SEG_START + SEG_LEN)
    with pysam.AlignmentFile(str(bam)) as aln, pysam.FastaFile(str(fa)) as ref:
        genotype(call, aln, ref)
        control = ItdCall(CHROM, 600, 660)  # same length, no duplication there
        genotype(control, aln, ref)
    n = call.counts
    assert n.spanning > n.itd > 0 and call.itd_fragments == n.itd
    assert call.vaf == pytest.approx(ITD_FRACTION, abs=0.08)
    assert call.allelic_ratio == pytest.approx(call.vaf / (1 - call.vaf))
    assert n.wild_type == n.spanning - n.itd
    assert control.counts.itd == 0 and control.counts.spanning > 50
    assert control.vaf == 0.0


def test_call_properties():
    c = ItdCall("chr13", 100, 160, "GA")
    assert c.length == 62
    assert c.vaf is None and c.allelic_ratio is None and c.itd_fragments == 0
    c.counts = FragmentCounts(itd=10, left=40, right=40)
    assert c.vaf == 0.25 and c.allelic_ratio == pytest.approx(1 / 3) and c.counts.wild_type == 30
    c.counts = FragmentCounts(itd=50, left=40, right=40)
    assert c.vaf == 1.0 and c.allelic_ratio == float("inf") and c.counts.wild_type == 0


# ---------------------------------------------------------------------------- merge
def test_merge_collapses_shifted_records_of_one_event():
    a = ItdCall("chr13", 1000, 1060, "", {"scanitd"}, scanitd_af=0.2)
    b = ItdCall("chr13", 1005, 1065, "", {"softclip"})
    far = ItdCall("chr13", 5000, 5060, "", {"softclip"})
    other_len = ItdCall("chr13", 1010, 1040, "", {"scanitd"}, scanitd_af=0.05)  # 30 bp
    other_chrom = ItdCall("chr5", 1000, 1060, "", {"scanitd"}, scanitd_af=0.1)
    merged = merge([b, far, other_len, a, other_chrom])
    assert [(c.chrom, c.start, c.end) for c in merged] == [
        ("chr13", 1000, 1060),
        ("chr13", 1010, 1040),
        ("chr13", 5000, 5060),
        ("chr5", 1000, 1060),
    ]
    assert merged[0].sources == {"scanitd", "softclip"}
    assert merged[0].scanitd_af == 0.2
    assert merged[1].sources == {"scanitd"} and merged[2].sources == {"softclip"}
    assert merged[3].sources == {"scanitd"}


def test_merge_keeps_the_best_supported_record():
    weak = ItdCall("chr13", 1000, 1060, "", {"scanitd"}, scanitd_af=0.05)
    strong = ItdCall("chr13", 1003, 1063, "", {"scanitd"}, scanitd_af=0.3)
    merged = merge([weak, strong])
    assert len(merged) == 1 and merged[0].start == 1003 and merged[0].scanitd_af == 0.3


def test_same_event():
    a = ItdCall("chr13", 1000, 1060)
    assert same_event(a, ItdCall("chr13", 1005, 1065))
    assert same_event(a, ItdCall("chr13", 1050, 1120))  # overlaps, 70 bp: within slack
    assert not same_event(a, ItdCall("chr13", 1050, 1121))  # 71 bp
    assert not same_event(a, ItdCall("chr13", 1060, 1120))  # adjacent, no overlap
    assert not same_event(a, ItdCall("chr12", 1000, 1060))
    assert same_event(a, ItdCall("chr13", 1000, 1050, "A" * 10))  # insertion counts


# ---------------------------------------------------------------------------- ScanITD
# The header ScanITD 2 writes (src/scanitd/writer/vcf_writer.py): every INFO field Number=1.
SCANITD_HEADER = """\
##fileformat=VCFv4.3
##fileDate=20260101
##source=ScanITDv2.0
##reference=<CMD=bwa mem ref.fa,Description="Alignment parameters">
##contig=<ID=chr13,length=114364328>
##INFO=<ID=DP,Number=1,Type=Integer,Description="Total read depth at the locus">
##INFO=<ID=OAO,Number=1,Type=Integer,Description="Original alternate allele observations">
##INFO=<ID=AO,Number=1,Type=Integer,Description="Alternate allele observations">
##INFO=<ID=AF,Number=1,Type=Float,Description="Estimated allele frequency">
##INFO=<ID=SVMETHOD,Number=1,Type=String,Description="Type of approach used to detect SV">
##INFO=<ID=SVTYPE,Number=1,Type=String,Description="The type of event, TDUP, INS.">
##INFO=<ID=SVLEN,Number=1,Type=Integer,Description="Difference in length between REF and ALT">
##INFO=<ID=CHR2,Number=1,Type=String,Description="Chromosome for END coordinate">
##INFO=<ID=END,Number=1,Type=Integer,Description="END coordinate">
##INFO=<ID=HOMSEQ,Number=1,Type=String,Description="Sequence of micro-homology at breakpoint">
##INFO=<ID=INSSEQ,Number=1,Type=String,Description="Sequence of micro-insertion at breakpoint">
##INFO=<ID=SEQ,Number=1,Type=String,Description="Duplication/Insertion sequence">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##ALT=<ID=TDUP,Description="Tandem duplication">
##ALT=<ID=INS,Description="Insertion">
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tSAMPLE
"""
TDUP = (
    "chr13\t32156\t1\tA\tTDUP\t.\t.\tSVTYPE=TDUP;OAO=11;AO=11;CHR2=chr13;END=32216;DP=77;"
    "AF=0.143;SVLEN=60;INSSEQ=.;HOMSEQ=A;SEQ=ATATGCATGC;SVMETHOD=ScanITD2\tGT\t0/1\n"
)
INS = (
    "chr13\t40001\t2\tC\tINS\t.\t.\tSVTYPE=INS;OAO=5;AO=5;CHR2=chr13;END=40031;DP=50;"
    "AF=0.1;SVLEN=33;INSSEQ=GAT;HOMSEQ=.;SEQ=GATC;SVMETHOD=ScanITD2\tGT\t0/1\n"
)
DEL = (
    "chr13\t50001\t3\tC\tDEL\t.\t.\tSVTYPE=DEL;OAO=5;AO=5;CHR2=chr13;END=50031;DP=50;"
    "AF=0.1;SVLEN=-30;INSSEQ=.;HOMSEQ=.;SEQ=GATC;SVMETHOD=ScanITD2\tGT\t0/1\n"
)


@pytest.mark.parametrize("af_number", ["1", "A"])
def test_parse_scanitd(tmp_path, af_number):
    header = SCANITD_HEADER.replace("ID=AF,Number=1", f"ID=AF,Number={af_number}")
    path = tmp_path / "scanitd.vcf"
    path.write_text(header + TDUP + INS + DEL)
    calls = parse_scanitd(str(path))
    assert len(calls) == 2  # the deletion is no duplication
    c = calls[0]
    assert (c.chrom, c.start, c.end, c.length) == ("chr13", 32155, 32215, 60)
    assert c.scanitd_af == pytest.approx(0.143, abs=1e-6)
    assert c.inserted == "" and c.sources == {"scanitd"}
    d = calls[1]
    assert (d.start, d.end, d.inserted, d.length) == (40000, 40030, "GAT", 33)
    assert d.scanitd_af == pytest.approx(0.1, abs=1e-6)


@needs_bwa
def test_softclip_and_scanitd_records_merge_into_one_call(itd_bam):
    fa, bam = itd_bam
    with pysam.AlignmentFile(str(bam)) as aln, pysam.FastaFile(str(fa)) as ref:
        clips = softclip_candidates(aln, ref, CHROM, SEG_START - 200, SEG_START + 260)
    scanitd = ItdCall(
        CHROM, SEG_START - 3, SEG_START + SEG_LEN - 3, "", {"scanitd"}, scanitd_af=0.2
    )
    merged = merge([*clips, scanitd])
    assert len(merged) == 1
    assert merged[0].sources == {"scanitd", "softclip"}
    assert merged[0].start == SEG_START - 3  # ScanITD's record wins
    # ... and the soft-clip placement is kept for genotype() to choose from
    assert (SEG_START, SEG_START + SEG_LEN, "") in merged[0].representations
