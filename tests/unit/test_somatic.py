"""Somatic evidence tags: Fisher test, germline-VAF flag, panel genes and the VCF pass."""

import itertools
import math

import pysam
import pytest
from alwgs.variants.somatic import GeneIndex, annotate, fisher_greater, gene_spans


# ---------------------------------------------------------------------------- fisher_greater
def brute_force_p(t_alt, t_ref, n_alt, n_ref):
    """Share the pooled reads out to tumor in every possible way; count the ways that give the
    tumor at least t_alt alt reads."""
    reads = [1] * (t_alt + n_alt) + [0] * (t_ref + n_ref)
    ways = [sum(c) >= t_alt for c in itertools.combinations(reads, t_alt + t_ref)]
    return sum(ways) / len(ways)


def test_fisher_by_hand():
    # all 10 alt reads must land in the tumor's 20: C(30,10) / C(40,20)
    expected = math.comb(30, 10) / math.comb(40, 20)
    assert expected == pytest.approx(2.17959e-4, rel=1e-5)
    assert fisher_greater(10, 10, 0, 20) == pytest.approx(expected, rel=1e-12)
    # 1 alt read in 2 reads per side: P(tumor has it) = 1/2
    assert fisher_greater(1, 1, 0, 2) == pytest.approx(0.5)
    # 2x2 table [[2, 0], [0, 2]]: 1 / C(4,2)
    assert fisher_greater(2, 0, 0, 2) == pytest.approx(1 / 6)


@pytest.mark.parametrize(
    "table",
    [(3, 2, 0, 5), (2, 3, 1, 4), (4, 2, 2, 4), (0, 5, 2, 3), (5, 0, 0, 6), (1, 6, 0, 5),
     (3, 3, 3, 3), (2, 2, 4, 0)],
)  # fmt: skip
def test_fisher_matches_brute_force(table):
    assert fisher_greater(*table) == pytest.approx(brute_force_p(*table), rel=1e-12)


def test_fisher_equal_fractions_not_significant():
    for t_alt, t_ref, n_alt, n_ref in [(10, 10, 10, 10), (5, 45, 5, 45), (30, 30, 15, 15)]:
        assert 0.5 <= fisher_greater(t_alt, t_ref, n_alt, n_ref) <= 1.0
    assert fisher_greater(2, 18, 10, 10) > 0.99  # tumor below normal
    assert fisher_greater(0, 20, 0, 20) == 1.0
    assert fisher_greater(0, 0, 0, 0) == 1.0


def test_fisher_monotone_in_tumor_alt():
    ps = [fisher_greater(a, 40 - a, 1, 39) for a in range(0, 41)]
    assert all(x > y for x, y in itertools.pairwise(ps)) and ps[0] == 1.0
    assert ps[-1] == pytest.approx(41 / math.comb(80, 40))  # 40 of the 41 alt reads in tumor


# ---------------------------------------------------------------------------- genes
GFF3 = """\
##gff-version 3
chr1\tensembl\tgene\t101\t200\t.\t+\t.\tID=gene:G1;Name=FLT3;biotype=protein_coding
chr1\tensembl\tmRNA\t101\t200\t.\t+\t.\tID=transcript:T1;Parent=gene:G1;Name=FLT3-201
chr1\tensembl\tgene\t301\t400\t.\t-\t.\tID=gene:G2;Name=NOTPANEL;biotype=protein_coding
chr2\tensembl\tgene\t1001\t1500\t.\t-\t.\tID=gene:G3;Name=NPM1;biotype=protein_coding
chr2\tensembl\tncRNA_gene\t2001\t2500\t.\t+\t.\tID=gene:G4;Name=DNMT3A;biotype=lncRNA
"""


@pytest.fixture
def panel(tmp_path):
    path = tmp_path / "genes.gff3"
    path.write_text(GFF3)
    return GeneIndex(gene_spans(path, {"FLT3", "NPM1", "DNMT3A", "ABSENT"}))


def test_gene_spans(tmp_path):
    path = tmp_path / "genes.gff3"
    path.write_text(GFF3)
    # 0-based half-open spans of 'gene' features only
    assert gene_spans(path, {"FLT3", "NPM1", "DNMT3A"}) == [
        ("chr1", 100, 200, "FLT3"),
        ("chr2", 1000, 1500, "NPM1"),
    ]
    assert gene_spans(path, set()) == []


def test_gene_index(panel):
    assert panel.gene_at("chr1", 99) is None
    assert panel.gene_at("chr1", 100) == "FLT3"  # first base (1-based 101)
    assert panel.gene_at("chr1", 199) == "FLT3"  # last base (1-based 200)
    assert panel.gene_at("chr1", 200) is None
    assert panel.gene_at("chr1", 350) is None  # gene not in the panel
    assert panel.gene_at("chr2", 1200) == "NPM1"
    assert panel.gene_at("chr3", 150) is None
    assert GeneIndex([]).gene_at("chr1", 150) is None


# ---------------------------------------------------------------------------- annotate
HEADER = """\
##fileformat=VCFv4.2
##contig=<ID=chr1,length=5000>
##contig=<ID=chr2,length=5000>
##INFO=<ID=DP,Number=1,Type=Integer,Description="Total depth">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
"""


def write_vcf(tmp_path, samples, rows, name="in.vcf"):
    path = tmp_path / name
    lines = [
        HEADER + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(samples)
    ]
    for chrom, pos, ref, alt, *ads in rows:
        fmt = "\t".join(f"0/1:{ad}" for ad in ads)
        lines.append(f"{chrom}\t{pos}\t.\t{ref}\t{alt}\t50\t.\tDP=1\tGT:AD\t{fmt}")
    path.write_text("\n".join(lines) + "\n")
    return pysam.tabix_index(str(path), preset="vcf", force=True)


def read_out(path):
    with pysam.VariantFile(path) as vcf:
        header = str(vcf.header)
        recs = {(r.chrom, r.pos): r for r in vcf}
        return header, recs


PAIRED_ROWS = [
    ("chr1", 101, "A", "C", "10,10", "20,0"),  # FLT3 first base, clear somatic
    ("chr1", 200, "G", "T", "30,30", "15,15"),  # FLT3 last base, germline het
    ("chr1", 201, "G", "T", "3,1", "0,4"),  # just past FLT3
    ("chr1", 350, "C", "A", "12,8", ".,."),  # non-panel gene, normal AD missing
    ("chr2", 1200, "T", "TA", "0,0", "9,1"),  # NPM1, no tumor reads
]


def test_annotate_paired(tmp_path, panel):
    vcf = write_vcf(tmp_path, ["TUMOR", "NORMAL"], PAIRED_ROWS)
    out = str(tmp_path / "out.vcf.gz")
    annotate(vcf, out, "TUMOR", "NORMAL", 0.6, panel)
    header, recs = read_out(out)
    for tag in ("T_DP", "N_VAF", "SOMATIC_P", "GERMLINE_VAF", "PANEL", "PANEL_GENE"):
        assert f"##INFO=<ID={tag}," in header
    assert "##FORMAT=<ID=AF,Number=A,Type=Float" in header
    assert len(recs) == 5

    r = recs[("chr1", 101)]
    assert (r.info["T_DP"], r.info["T_AO"], r.info["T_VAF"]) == (20, 10, 0.5)
    assert (r.info["N_DP"], r.info["N_AO"], r.info["N_VAF"]) == (20, 0, 0.0)
    assert r.info["SOMATIC_P"] == pytest.approx(0.000218, rel=1e-4)  # 3 significant digits
    assert r.info["PANEL"] is True and r.info["PANEL_GENE"] == "FLT3"
    assert "GERMLINE_VAF" not in r.info  # paired mode: the normal decides
    assert r.samples["TUMOR"]["AF"] == (0.5,)
    assert r.samples["NORMAL"]["AF"] == (0.0,)
    assert r.samples["TUMOR"]["AD"] == (10, 10)  # untouched

    r = recs[("chr1", 200)]
    assert (r.info["T_DP"], r.info["T_AO"], r.info["N_DP"], r.info["N_AO"]) == (60, 30, 30, 15)
    assert r.info["N_VAF"] == 0.5
    assert r.info["SOMATIC_P"] >= 0.5
    assert r.info["PANEL_GENE"] == "FLT3"
    assert "GERMLINE_VAF" not in r.info

    r = recs[("chr1", 201)]
    assert (r.info["T_DP"], r.info["T_AO"], r.info["T_VAF"]) == (4, 1, 0.25)
    assert (r.info["N_DP"], r.info["N_AO"], r.info["N_VAF"]) == (4, 4, 1.0)
    assert r.info["SOMATIC_P"] == 1.0
    assert "PANEL" not in r.info and "PANEL_GENE" not in r.info
    assert r.samples["NORMAL"]["AF"] == (1.0,)

    r = recs[("chr1", 350)]
    assert (r.info["N_DP"], r.info["N_AO"], r.info["N_VAF"]) == (0, 0, 0.0)
    assert r.info["T_VAF"] == pytest.approx(0.4)
    assert r.info["SOMATIC_P"] == 1.0  # nothing in the normal to compare with: no evidence
    assert r.samples["NORMAL"]["AF"] == (0.0,)
    assert "PANEL" not in r.info

    r = recs[("chr2", 1200)]
    assert (r.info["T_DP"], r.info["T_AO"], r.info["T_VAF"]) == (0, 0, 0.0)
    assert r.info["N_VAF"] == pytest.approx(0.1)
    assert r.samples["NORMAL"]["AF"] == pytest.approx((0.1,))
    assert r.info["PANEL_GENE"] == "NPM1"


def test_annotate_af_rounding(tmp_path, panel):
    vcf = write_vcf(tmp_path, ["TUMOR", "NORMAL"], [("chr1", 50, "A", "G", "2,1", "5,2")])
    out = str(tmp_path / "out.vcf.gz")
    annotate(vcf, out, "TUMOR", "NORMAL", None, panel)
    _, recs = read_out(out)
    r = recs[("chr1", 50)]
    assert r.info["T_VAF"] == pytest.approx(0.3333, abs=1e-6)
    assert r.info["N_VAF"] == pytest.approx(0.2857, abs=1e-6)
    assert r.samples["TUMOR"]["AF"][0] == pytest.approx(0.3333, abs=1e-6)


TUMOR_ONLY_ROWS = [
    ("chr1", 150, "A", "C", "30,30"),  # het in FLT3: flagged and in the panel
    ("chr1", 350, "C", "G", "42,18"),  # clonal somatic at purity 0.6
    ("chr1", 360, "C", "G", "0,60"),  # homozygous
    ("chr1", 370, "C", "G", "4,4"),  # too shallow to judge
    ("chr2", 100, "C", "G", "30,30"),  # het outside the panel
]


@pytest.mark.parametrize("purity", [0.6, None])
def test_annotate_tumor_only(tmp_path, panel, purity):
    vcf = write_vcf(tmp_path, ["TUMOR"], TUMOR_ONLY_ROWS)
    out = str(tmp_path / "out.vcf.gz")
    annotate(vcf, out, "TUMOR", None, purity, panel)
    _, recs = read_out(out)
    flagged = {key for key, r in recs.items() if "GERMLINE_VAF" in r.info}
    assert {("chr1", 150), ("chr1", 360), ("chr2", 100)} <= flagged
    p = {key: r.info.get("GERMLINE_P") for key, r in recs.items()}
    # VAF 0.3 is the least germline-like; without a population database the prior (any
    # germline allele, 1.5e-3 per base, against 1e-6 somatic) still leans germline.
    assert p[("chr1", 350)] < min(p[k] for k in [("chr1", 150), ("chr1", 360), ("chr2", 100)])
    assert p[("chr1", 370)] is None and "GERMLINE_CLASS" not in recs[("chr1", 370)].info
    assert recs[("chr1", 150)].info["GERMLINE_CLASS"] == "germline"
    assert recs[("chr1", 150)].info["LOCAL_CN"] == 2
    for r in recs.values():
        assert not {"N_DP", "N_AO", "N_VAF", "SOMATIC_P"} & set(r.info)
        assert r.info["T_DP"] == sum(r.samples["TUMOR"]["AD"])
    r = recs[("chr1", 150)]
    assert r.info["PANEL"] is True and r.info["PANEL_GENE"] == "FLT3"
    assert r.samples["TUMOR"]["AF"] == (0.5,)
    assert recs[("chr1", 350)].info["T_VAF"] == pytest.approx(0.3)
    assert "PANEL" not in recs[("chr2", 100)].info


def test_annotate_paired_never_flags_germline_vaf(tmp_path, panel):
    vcf = write_vcf(tmp_path, ["TUMOR", "NORMAL"], [("chr2", 100, "C", "G", "30,30", "30,0")])
    out = str(tmp_path / "out.vcf.gz")
    annotate(vcf, out, "TUMOR", "NORMAL", 0.6, panel)
    _, recs = read_out(out)
    assert "GERMLINE_VAF" not in recs[("chr2", 100)].info
    # and with the same record in tumor-only mode it is flagged
    annotate(vcf, out, "TUMOR", None, 0.6, panel)
    _, recs = read_out(out)
    assert recs[("chr2", 100)].info["GERMLINE_VAF"] is True


def test_annotate_input_with_population_af(tmp_path, panel):
    """With a population database the input already declares POP_AF; the evidence tags and
    FORMAT/AF must still be declared (a run once failed with 'unknown format: AF')."""
    path = tmp_path / "pop.vcf"
    text = (
        HEADER + '##INFO=<ID=POP_AF,Number=A,Type=Float,Description="Population AF">\n'
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
        "chr1\t101\t.\tA\tC\t50\t.\tDP=1;POP_AF=0.2\tGT:AD\t0/1:10,10\n"
    )
    path.write_text(text)
    vcf = pysam.tabix_index(str(path), preset="vcf", force=True)
    out = str(tmp_path / "out.vcf.gz")
    annotate(vcf, out, "TUMOR", None, None, panel)
    header, recs = read_out(out)
    assert header.count("##INFO=<ID=POP_AF,") == 1
    assert "##FORMAT=<ID=AF,Number=A,Type=Float" in header
    r = recs[("chr1", 101)]
    assert r.samples["TUMOR"]["AF"] == (0.5,) and r.info["POP_AF"] == pytest.approx((0.2,))
