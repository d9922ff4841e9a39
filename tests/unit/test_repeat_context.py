"""Repeat context of small variants (scripts/alwgs/variants/repeat_context.py): hand-made
sequences with their expected homopolymer run and STR, and the INFO tags written into a VCF
read from a small FASTA."""

from __future__ import annotations

import pysam
import pytest
from alwgs.variants.germline_filter import annotate_repeats
from alwgs.variants.repeat_context import context_at

# 0-5 GCTAGC, 6-13 eight A, 14-16 GTG, 17-28 (CA)x6, 29-44 GTTCGATCGTAGCCTG
SEQ = "GCTAGC" + "A" * 8 + "GTG" + "CA" * 6 + "GTTCGATCGTAGCCTG"


@pytest.mark.parametrize(
    "pos0, ref, alt, hrun, unit, str_len, label",
    [
        # deletion of one A, anchored on the C before the run (5): run of 8 A after it.
        (5, "CA", "C", 8, ".", 0, "homopolymer"),
        # insertion of an A at the same anchor: same context.
        (5, "C", "CA", 8, ".", 0, "homopolymer"),
        # SNV inside the run (9): the run holds it.
        (9, "A", "G", 8, ".", 0, "homopolymer"),
        # SNV right after the run (14, the G): it touches the run, which it would lengthen.
        (14, "G", "A", 8, ".", 0, "homopolymer"),
        # deletion of one CA anchored on the G before the repeat (16).
        (16, "GCA", "G", 1, "CA", 12, "str"),
        # SNV in plain sequence (36, the C of ATCG): no repeat.
        (36, "C", "T", 1, ".", 0, "none"),
        # deletion at the first base (2, T; run after it is "A" of length 1).
        (2, "TA", "T", 1, ".", 0, "none"),
    ],
)
def test_context_of_hand_made_variants(pos0, ref, alt, hrun, unit, str_len, label):
    assert SEQ[pos0 : pos0 + len(ref)] == ref
    ctx = context_at(SEQ, pos0, ref, alt)
    assert (ctx.hrun, ctx.str_unit, ctx.str_len, ctx.label) == (hrun, unit, str_len, label)


def test_short_repeats_are_not_contexts():
    # AAAAA (5 bp) is below the 6-bp homopolymer floor; CACACA (6 bp) below the 12-bp STR.
    seq = "GTAAAAAGTCACACAGT"
    ctx = context_at(seq, 1, "TA", "T")
    assert (ctx.hrun, ctx.label) == (5, "none")
    ctx = context_at(seq, 8, "T", "TCA")
    assert (ctx.str_unit, ctx.str_len, ctx.label) == ("CA", 6, "none")


def test_a_dinucleotide_unit_is_not_taken_for_a_tetranucleotide():
    seq = "GT" + "CA" * 8 + "GT"
    ctx = context_at(seq, 1, "T", "TCA")
    assert (ctx.str_unit, ctx.str_len) == ("CA", 16)


def test_annotate_repeats_writes_the_tags(tmp_path):
    fa = tmp_path / "ref.fa"
    fa.write_text(">c1\n" + SEQ + "\n")
    pysam.faidx(str(fa))
    vcf = tmp_path / "in.vcf"
    vcf.write_text(
        "##fileformat=VCFv4.2\n##contig=<ID=c1,length=45>\n"
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tN\n"
        "c1\t6\t.\tCA\tC\t50\t.\t.\tGT\t0/1\n"
        "c1\t17\t.\tGCA\tG\t50\t.\t.\tGT\t0/1\n"
        "c1\t37\t.\tC\tT\t50\t.\t.\tGT\t1/1\n"
    )
    out = tmp_path / "out.vcf.gz"
    assert annotate_repeats(vcf, fa, out) == 3
    with pysam.VariantFile(str(out)) as vf:
        got = [
            (r.pos, r.info["HRUN"], r.info["STR_UNIT"], r.info["STR_LEN"], r.info["REPEAT"])
            for r in vf
        ]
    assert got == [
        (6, 8, ".", 0, "homopolymer"),
        (17, 1, "CA", 12, "str"),
        (37, 1, ".", 0, "none"),
    ]
