"""B-allele fractions from a VCF, imbalance runs, and the SV table reader."""

import pytest
from alwgs.cnv.baf import (
    Snp,
    SnpIndex,
    imbalanced_runs,
    mirrored_baf,
    read_het_snps,
    running_median,
)
from alwgs.cnv.svtable import Sv, read_sv_table

VCF_HEADER = """##fileformat=VCFv4.2
##contig=<ID=chr1,length=10000>
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT\tN
"""


def write_vcf(path, rows):
    body = "".join(
        f"chr1\t{pos}\t.\t{ref}\t{alt}\t50\t.\t.\tGT:AD\t{t}\t{n}\n" for pos, ref, alt, t, n in rows
    )
    path.write_text(VCF_HEADER + body)
    return str(path)


def test_het_sites_come_from_the_normal(tmp_path):
    vcf = write_vcf(
        tmp_path / "g.vcf",
        [
            (100, "A", "G", "1/1:2,38", "0/1:12,13"),  # LOH in the tumor: kept (normal is het)
            (200, "A", "G", "0/1:20,20", "0/0:25,0"),  # tumor-only het: not a germline het
            (300, "A", "G", "0/1:20,20", "0/1:4,4"),  # normal too shallow
            (400, "A", "GT", "0/1:20,20", "0/1:12,13"),  # indel
            (500, "A", "G", "0/1:20,20", "0/1:22,3"),  # normal alt fraction far from 0.5
        ],
    )
    snps = read_het_snps(vcf, "T", "N", min_depth=15)
    assert [(s.pos, round(s.baf, 2)) for s in snps] == [(100, 0.95)]


def test_tumor_only_takes_tumor_het_calls(tmp_path):
    vcf = write_vcf(
        tmp_path / "g.vcf",
        [(100, "A", "G", "1/1:2,38", "0/1:12,13"), (200, "A", "G", "0/1:20,20", "0/0:25,0")],
    )
    assert [s.pos for s in read_het_snps(vcf, "T", None, min_depth=15)] == [200]
    assert read_het_snps(vcf, "MISSING", None) == []


def test_running_median_removes_single_outliers():
    assert running_median([0, 0, 1, 0, 0], 3) == [0, 0, 0, 0, 0]
    assert running_median([1, 1, 1], 5) == [1, 1, 1]


def test_imbalanced_runs_need_enough_snps():
    snps = [Snp("chr1", i, 0.5, 50) for i in range(1, 11)]
    snps += [Snp("chr1", i, 0.9, 50) for i in range(11, 21)]
    snps += [Snp("chr1", i, 0.5, 50) for i in range(21, 31)]
    runs = imbalanced_runs(snps, min_shift=0.15, min_snps=8, width=5)
    assert len(runs) == 1
    assert (runs[0][0].pos, runs[0][-1].pos) == (11, 20)
    assert imbalanced_runs(snps, min_shift=0.15, min_snps=11, width=5) == []


def test_mirrored_baf_folds_both_alleles():
    snps = [Snp("chr1", 1, 0.1, 50), Snp("chr1", 2, 0.9, 50), Snp("chr1", 3, 0.12, 50)]
    assert mirrored_baf(snps) == pytest.approx(0.9)
    assert mirrored_baf([]) is None


SV_HEADER = (
    "id\tsvtype\tchrom1\tpos1\tstrand1\tchrom2\tpos2\tstrand2\tcallers\tsplit_reads"
    "\tpaired_reads\tfilter\tgenes1\tgenes2\textra\n"
)


def test_sv_table_reader_and_interval_conventions(tmp_path):
    path = tmp_path / "t.sv.tsv"
    path.write_text(
        SV_HEADER
        + "SV1\tDEL\tchr7\t20040\t+\tchr7\t30458\t-\tdelly\t3\t4\tPASS\tIKZF1\tIKZF1\tx\n"
        + "SV2\tdup\tchr11\t54106\t-\tchr11\t72899\t+\tdelly\t3\t4\tMinSupport\t.\t.\tx\n"
    )
    svs = read_sv_table(path)
    assert [(s.id, s.svtype, s.passed) for s in svs] == [
        ("SV1", "DEL", True),
        ("SV2", "DUP", False),
    ]
    assert svs[0].deleted_interval() == (20040, 30457)
    assert svs[1].duplicated_interval() == (54105, 72899)
    assert read_sv_table(None) == []


def test_sv_table_missing_column_is_named(tmp_path):
    path = tmp_path / "t.sv.tsv"
    path.write_text("id\tsvtype\tchrom1\tpos1\n")
    with pytest.raises(ValueError, match="strand1"):
        read_sv_table(path)


def test_sv_dataclass_defaults_to_pass():
    assert Sv("a", "BND", "chr1", 1, "+", "chr2", 2, "-").passed


def test_snp_index_interval_is_zero_based_half_open():
    index = SnpIndex(
        [Snp("chr1", p, 0.5, 30) for p in (30, 10, 20, 11)] + [Snp("chr2", 5, 0.5, 30)]
    )
    # 1-based 11..20 are 0-based 10..19, inside [10, 20); 1-based 10 is 0-based 9, outside
    assert [s.pos for s in index.inside("chr1", 10, 20)] == [11, 20]
    assert [s.pos for s in index.inside("chr1", 0, 100)] == [10, 11, 20, 30]
    assert index.inside("chr3", 0, 100) == []
