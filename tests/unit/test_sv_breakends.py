"""Caller VCF records as breakend pairs: delly CT, tiddit bracket ALTs, support, ordering."""

import gzip

import pytest
from alwgs.sv.vcf_breakends import (
    Breakends,
    alt_fraction,
    parse_bnd_alt,
    read_vcf,
    record_breakends,
)

DELLY_FMT = "GT:GL:GQ:FT:RCL:RC:RCR:RDCN:DR:DV:RR:RV"
TIDDIT_FMT = "GT:CN:COV:DV:RV:LQ:RR:DR"


def delly_line(chrom, pos, alt, info, normal="0/0:0,0,0:99:PASS:0:0:0:2:30:0:25:0",
               tumor="0/1:0,0,0:99:PASS:0:0:0:2:39:15:35:25"):  # fmt: skip
    return "\t".join([chrom, str(pos), "ID1", "N", alt, "2100", "PASS", info, DELLY_FMT,
                      normal, tumor])  # fmt: skip


@pytest.mark.parametrize(
    "ct, strands",
    [("3to5", ("+", "-")), ("5to3", ("-", "+")), ("3to3", ("+", "+")), ("5to5", ("-", "-"))],
)
def test_delly_ct_gives_the_strands_of_a_translocation(ct, strands):
    info = f"PRECISE;SVTYPE=BND;END=32884;CHR2=chr9;POS2=165085;PE=15;SR=20;CT={ct}"
    b = record_breakends(
        delly_line("chr22", 32883, "N[chr9:165085[", info), "delly", ["P04-N", "P04-T"], "P04-T"
    )
    assert (b.chrom1, b.pos1, b.chrom2, b.pos2) == ("chr22", 32883, "chr9", 165085)
    assert (b.strand1, b.strand2) == strands
    assert b.svtype == "BND"
    assert b.strands_known


def test_delly_support_is_the_tumor_columns_not_the_site_totals():
    info = "PRECISE;SVTYPE=BND;CHR2=chr9;POS2=165085;PE=99;SR=98;CT=3to5"
    b = record_breakends(
        delly_line("chr22", 32883, "N[chr9:165085[", info), "delly", ["P04-N", "P04-T"], "P04-T"
    )
    assert (b.split_reads, b.paired_reads) == (25, 15)  # RV, DV of P04-T
    assert b.alt_fraction == pytest.approx((15 + 25) / (15 + 25 + 39 + 35))


def test_delly_support_falls_back_to_info_without_format():
    line = "chr1\t100\tX\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;END=5000;PE=7;SR=3;CT=3to5"
    b = record_breakends(line, "delly", [])
    assert (b.split_reads, b.paired_reads) == (3, 7)


def test_delly_deletion_and_duplication_strands():
    dele = delly_line("chr7", 20040, "<DEL>", "SVTYPE=DEL;END=30458;CT=3to5")
    dup = delly_line("chr11", 54106, "<DUP>", "SVTYPE=DUP;END=72899;CT=5to3")
    d = record_breakends(dele, "delly", ["N", "T"], "T")
    u = record_breakends(dup, "delly", ["N", "T"], "T")
    assert (d.strand1, d.strand2, d.svtype, d.pos2) == ("+", "-", "DEL", 30458)
    assert (u.strand1, u.strand2, u.svtype, u.pos2) == ("-", "+", "DUP", 72899)
    assert u.size == 72899 - 54106


@pytest.mark.parametrize(
    "alt, expected",
    [
        ("N[chr22:32884[", ("chr22", 32884, "+", "-")),
        ("N]chr22:32884]", ("chr22", 32884, "+", "+")),
        ("]chr22:32884]N", ("chr22", 32884, "-", "+")),
        ("[chr22:32884[N", ("chr22", 32884, "-", "-")),
        ("<DEL>", None),
        ("N", None),
    ],
)
def test_bnd_bracket_notation(alt, expected):
    assert parse_bnd_alt(alt) == expected


def test_tiddit_bnd_record_uses_the_alt_and_is_marked_unoriented():
    line = (
        "chr15\t49703\tSV_1_1\tN\t]chr17:53637]N\t80\tPASS\tSVTYPE=BND;LTE=51,38\t"
        f"{TIDDIT_FMT}\t0/1:.:87,0,86:51:38:0.0,0.0:31,35:37,48"
    )
    b = record_breakends(line, "tiddit", ["P02-T"], "P02-T")
    assert (b.chrom1, b.pos1, b.strand1, b.chrom2, b.pos2, b.strand2) == (
        "chr15", 49703, "-", "chr17", 53637, "+",
    )  # fmt: skip
    assert (b.split_reads, b.paired_reads) == (38, 51)
    assert not b.strands_known
    # DR and RR are given once per end: their mean is the reference count.
    assert b.alt_fraction == pytest.approx(89 / (89 + 33 + 42.5))


def test_tiddit_tandem_duplication_keeps_its_orientation():
    line = (
        "chr11\t54106\tSV_1_1\tN\t<DUP:TANDEM>\t80\tPASS\tSVTYPE=DUP:TANDEM;SVLEN=18796;"
        f"END=72902\t{TIDDIT_FMT}\t0/1:3:113,104,115:14:14:0.0,0.0:69,71:69,81"
    )
    b = record_breakends(line, "tiddit", ["P06-T"], "P06-T")
    assert (b.svtype, b.strand1, b.strand2, b.pos2) == ("DUP", "-", "+", 72902)
    assert b.strands_known
    inv = line.replace("<DUP:TANDEM>", "<INV>").replace("DUP:TANDEM;", "INV;")
    assert not record_breakends(inv, "tiddit", ["P06-T"]).strands_known


def test_records_that_are_no_junction_are_skipped():
    ins = "chr1\t100\tX\tN\t<INS>\t.\tPASS\tSVTYPE=INS;END=101;CT=NtoN;SVLEN=50"
    assert record_breakends(ins, "delly", []) is None
    with pytest.raises(ValueError):
        record_breakends("chr1\t100\tX", "delly", [])


def test_ordered_puts_the_reference_first_end_first_with_its_strand():
    b = Breakends("chr22", 32883, "+", "chr9", 165085, "-", "delly")
    o = b.ordered({"chr9": 8, "chr22": 20})
    assert (o.chrom1, o.pos1, o.strand1, o.chrom2, o.pos2, o.strand2) == (
        "chr9", 165085, "-", "chr22", 32883, "+",
    )  # fmt: skip
    same = Breakends("chr1", 900, "-", "chr1", 100, "+").ordered({"chr1": 0})
    assert (same.pos1, same.strand1, same.pos2, same.strand2) == (100, "+", 900, "-")
    assert same.svtype == "DEL"


def test_intrachromosomal_bnd_is_typed_by_its_strands():
    assert Breakends("chr5", 1, "+", "chr5", 9, "-").svtype == "DEL"
    assert Breakends("chr5", 1, "-", "chr5", 9, "+").svtype == "DUP"
    assert Breakends("chr5", 1, "-", "chr5", 9, "-").svtype == "INV"


def test_alt_fraction_needs_all_counts():
    assert alt_fraction({"DV": "5", "RV": "5"}) is None
    assert alt_fraction({"DV": "5", "RV": "5", "DR": "10", "RR": "10"}) == pytest.approx(1 / 3)


def test_read_vcf_reads_bgzipped_files_and_keeps_filter(tmp_path):
    text = (
        "##fileformat=VCFv4.2\n"
        f"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tP02-T\n"
        "chr9\t76119\tSV_1_1\tN\tN[chr9:76276[\t40\tBelowExpectedLinks\tSVTYPE=BND\t"
        f"{TIDDIT_FMT}\t0/1:2:73,78,83:3:0:0.0,0.0:59,71:65,69\n"
        "chr15\t49703\tSV_2_1\tN\t<INS>\t40\tPASS\tSVTYPE=INS;END=49704\t"
        f"{TIDDIT_FMT}\t0/1:2:73,78,83:3:0:0.0,0.0:59,71:65,69\n"
    )
    path = tmp_path / "t.vcf.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(text)
    calls = list(read_vcf(path, "tiddit", "P02-T"))
    assert len(calls) == 1
    assert calls[0].filter == "BelowExpectedLinks"
    assert (calls[0].pos1, calls[0].pos2, calls[0].paired_reads) == (76119, 76276, 3)
