"""Gene partners of junctions: 5'/3' ends, known fusions (chimeric and enhancer), PTDs,
reciprocal grouping and the fusions.tsv rows."""

import pytest
from alwgs.sv.fusions import (
    FUSION_COLUMNS,
    FusionAnnotator,
    fusion_rows,
    retained_end,
    write_fusions,
)
from alwgs.sv.genes import Gene, GeneIndex
from alwgs.sv.known_fusions import KnownFusion, PtdGene
from alwgs.sv.merge import SvEvent
from alwgs.sv.vcf_breakends import Breakends

# Real names, mini-genome coordinates (like the ci demo): gene strands as in GRCh38.
GENES = [
    Gene("BCR", "chr22", 30060, 36461, "+", "protein_coding"),
    Gene("ABL1", "chr9", 164517, 170732, "+", "protein_coding"),
    Gene("RUNX1", "chr21", 31457, 36365, "-", "protein_coding"),
    Gene("RUNX1T1", "chr8", 31710, 37182, "-", "protein_coding"),
    Gene("KMT2A", "chr11", 52698, 83000, "+", "protein_coding"),
    Gene("MLLT3", "chr9", 12120, 16368, "-", "protein_coding"),
    Gene("MYH11", "chr16", 12374, 18825, "-", "protein_coding"),
    Gene("CBFB", "chr16", 61612, 64191, "+", "protein_coding"),
    Gene("GATA2", "chr3", 1_000_000, 1_010_000, "-", "protein_coding"),
    Gene("MECOM", "chr3", 40_000_000, 40_600_000, "-", "protein_coding"),
    Gene("GENEA", "chr1", 1000, 5000, "+", "protein_coding"),
    Gene("GENEB", "chr2", 1000, 5000, "-", "protein_coding"),
    Gene("GENEC", "chr2", 8000, 9000, "+", "protein_coding"),
    Gene("LNC1", "chr2", 1000, 5000, "+", "lncRNA"),
]
KNOWN = [
    KnownFusion("BCR", "ABL1", "chimeric", "AML,B-ALL", "t(9;22)(q34.1;q11.2)", 0, "WHO2022"),
    KnownFusion("RUNX1", "RUNX1T1", "chimeric", "AML", "t(8;21)(q22;q22.1)", 0, "WHO2022"),
    KnownFusion("KMT2A", "MLLT3", "chimeric", "AML", "t(9;11)(p21.3;q23.3)", 0, "ELN2022"),
    KnownFusion("CBFB", "MYH11", "chimeric", "AML", "inv(16)(p13.1q22)", 0, "ELN2022"),
    KnownFusion("GATA2", "MECOM", "enhancer", "AML", "inv(3)(q21.3q26.2)", 1_000_000, "ELN2022"),
    KnownFusion("PML", "RARA", "chimeric", "AML", "t(15;17)(q24.1;q21.2)", 0, "WHO2022"),
]
PTD = [PtdGene("KMT2A", "AML", "Schichman1994")]


@pytest.fixture
def genes():
    return GeneIndex(GENES)


@pytest.fixture
def annotator(genes):
    return FusionAnnotator(genes, KNOWN, PTD)


def ev(sv_id, c1, p1, s1, c2, p2, s2, genes=None, callers=("delly",), split=10, pairs=10,
       filt="PASS"):  # fmt: skip
    index = genes or GeneIndex(GENES)
    svtype = Breakends(c1, p1, s1, c2, p2, s2).svtype
    return SvEvent(sv_id, svtype, c1, p1, s1, c2, p2, s2, list(callers), split, pairs, filt,
                   index.names_at(c1, p1), index.names_at(c2, p2))  # fmt: skip


@pytest.mark.parametrize(
    "gene_strand, bnd_strand, end",
    [("+", "+", "5p"), ("+", "-", "3p"), ("-", "-", "5p"), ("-", "+", "3p")],
)
def test_retained_end(gene_strand, bnd_strand, end):
    gene = Gene("G", "chr1", 100, 200, gene_strand)
    assert retained_end(gene, bnd_strand) == end


def test_plus_gene_with_plus_gene(annotator):
    # BCR (+) left of its breakpoint joined to ABL1 (+) right of its breakpoint.
    call = annotator.interpret(ev("SV1", "chr9", 165085, "-", "chr22", 32883, "+"))
    assert (call.fusion, call.gene5, call.gene3) == ("BCR::ABL1", "BCR", "ABL1")
    assert call.known and call.orientation_ok
    assert call.event == "translocation"
    assert call.five_prime_end == 2  # the BCR end is the second end of the SV


def test_minus_gene_with_minus_gene(annotator):
    # RUNX1 (-): right of the break holds its 5' end; RUNX1T1 (-): left holds its 3' end.
    call = annotator.interpret(ev("SV1", "chr8", 36559, "+", "chr21", 32407, "-"))
    assert (call.gene5, call.gene3, call.orientation_ok) == ("RUNX1", "RUNX1T1", True)


def test_plus_gene_with_minus_gene_novel_fusion(annotator):
    # GENEA (+) left part = 5'; GENEB (-) left part = 3' -> GENEA::GENEB; not on the list.
    call = annotator.interpret(ev("SV1", "chr1", 3000, "+", "chr2", 3000, "+"))
    assert (call.fusion, call.known, call.orientation_ok) == ("GENEA::GENEB", False, True)
    assert call.mechanism == "chimeric"
    # Swapping which side is kept at GENEB makes both ends 3'/5' of the same kind.
    assert annotator.interpret(ev("SV2", "chr1", 3000, "+", "chr2", 3000, "-")) is None


def test_novel_fusion_takes_gene5_from_either_end(annotator):
    # GENEA right part (3'), GENEB right part (5' of a - gene) -> GENEB::GENEA.
    call = annotator.interpret(ev("SV1", "chr1", 3000, "-", "chr2", 3000, "-"))
    assert (call.gene5, call.gene3, call.five_prime_end) == ("GENEB", "GENEA", 2)


def test_reciprocal_junction_alone_names_the_known_fusion_with_orientation_no(annotator):
    # ABL1 5' part joined to BCR 3' part: ABL1::BCR, the reciprocal product.
    call = annotator.interpret(ev("SV1", "chr9", 165084, "+", "chr22", 32884, "-"))
    assert (call.fusion, call.known, call.orientation_ok) == ("BCR::ABL1", True, False)


def test_inversion_joins_minus_and_plus_gene(annotator):
    # inv(16): MYH11 (-) left part = its 3' end, CBFB (+) left part = its 5' end.
    plus = annotator.interpret(ev("SV1", "chr16", 15000, "+", "chr16", 63000, "+"))
    minus = annotator.interpret(ev("SV2", "chr16", 15001, "-", "chr16", 63001, "-"))
    assert (plus.fusion, plus.orientation_ok, plus.event) == ("CBFB::MYH11", True, "inversion")
    assert (minus.fusion, minus.orientation_ok) == ("CBFB::MYH11", False)


def test_enhancer_entry_counts_breakpoints_in_the_flank_in_any_orientation(annotator):
    for s1, s2 in (("+", "+"), ("-", "-"), ("+", "-")):
        call = annotator.interpret(ev("SV1", "chr3", 1_100_000, s1, "chr3", 40_700_000, s2))
        assert (call.fusion, call.known, call.orientation_ok) == ("GATA2::MECOM", True, True)
    # Beyond the flank: nothing.
    assert annotator.interpret(ev("SV2", "chr3", 1_100_000, "+", "chr3", 42_000_000, "+")) is None
    # Both ends near GATA2 (a small deletion in the 1-Mb flank) is not GATA2::MECOM.
    assert annotator.interpret(ev("SV3", "chr3", 1_020_000, "+", "chr3", 1_030_000, "-")) is None


def test_chimeric_entry_needs_breakpoints_inside_the_genes(annotator):
    # 100 bp outside ABL1 with flank 0: not BCR::ABL1 (and no other gene there).
    assert annotator.interpret(ev("SV1", "chr9", 164417, "-", "chr22", 32883, "+")) is None


def test_intragenic_duplication_in_kmt2a_is_a_ptd(annotator):
    call = annotator.interpret(ev("SV1", "chr11", 54106, "-", "chr11", 72899, "+"))
    assert (call.fusion, call.gene5, call.gene3, call.event) == (
        "KMT2A-PTD", "KMT2A", "KMT2A", "PTD",
    )  # fmt: skip
    assert call.known and call.mechanism == "ptd"
    # One end outside KMT2A: not a PTD.
    assert annotator.interpret(ev("SV2", "chr11", 50000, "-", "chr11", 72899, "+")) is None
    # A deletion inside KMT2A is no fusion either.
    assert annotator.interpret(ev("SV3", "chr11", 54106, "+", "chr11", 72899, "-")) is None


def test_kmt2a_translocation_is_a_rearrangement_not_a_ptd(annotator):
    # KMT2A (+) 5' part (left) joined to MLLT3 (-) 3' part (left of its break).
    call = annotator.interpret(ev("SV1", "chr9", 14000, "+", "chr11", 60000, "+"))
    assert (call.fusion, call.event, call.orientation_ok) == (
        "KMT2A::MLLT3", "translocation", True,
    )  # fmt: skip


def test_biotypes_limit_novel_partners(genes):
    # LNC1 (+, lncRNA) overlaps GENEB: with all biotypes allowed GENEA joins it too.
    any_biotype = FusionAnnotator(genes, [], [], partner_biotypes=())
    coding = FusionAnnotator(genes, [], [])
    sv = ev("SV1", "chr1", 3000, "+", "chr2", 3000, "-")
    assert any_biotype.interpret(sv).fusion == "GENEA::LNC1"
    assert coding.interpret(sv) is None


def test_entries_with_absent_partners_are_skipped_with_a_note(annotator):
    assert "PML::RARA" not in {k.name for k in annotator.known}
    assert any("PML::RARA" in n and "PML, RARA" in n for n in annotator.notes)


def test_reciprocal_translocation_is_one_row_named_after_the_known_junction(annotator):
    events = [
        ev("SV0003", "chr9", 165084, "+", "chr22", 32884, "-", callers=["delly", "tiddit"],
           split=49, pairs=29),
        ev("SV0004", "chr9", 165085, "-", "chr22", 32883, "+", split=25, pairs=15),
    ]  # fmt: skip
    rows = fusion_rows(events, annotator, 500)
    assert len(rows) == 1
    r = rows[0]
    assert (r["fusion"], r["known"], r["orientation_ok"]) == ("BCR::ABL1", "yes", "yes")
    # Coordinates of the BCR::ABL1 junction, gene5's breakpoint first.
    assert (r["chrom1"], r["pos1"], r["chrom2"], r["pos2"]) == ("chr22", "32883", "chr9", "165085")
    assert (r["callers"], r["split_reads"], r["paired_reads"]) == ("delly,tiddit", "49", "29")
    assert r["sv_ids"] == "SV0003,SV0004"


def test_reciprocal_junctions_farther_apart_group_by_their_genes(annotator):
    # A 3-kb deletion at the der(9) breakpoint: the junctions are 3 kb apart in ABL1.
    events = [
        ev("SV1", "chr9", 165084, "+", "chr22", 32884, "-"),
        ev("SV2", "chr9", 168085, "-", "chr22", 32883, "+"),
    ]
    rows = fusion_rows(events, annotator, 500)
    assert [(r["fusion"], r["orientation_ok"], r["sv_ids"]) for r in rows] == [
        ("BCR::ABL1", "yes", "SV1,SV2")
    ]


def test_unrelated_junctions_are_not_grouped(annotator):
    events = [
        ev("SV1", "chr9", 165085, "-", "chr22", 32883, "+"),
        ev("SV2", "chr8", 36559, "+", "chr21", 32407, "-"),
        # Same chromosomes and place as SV1 but the same strands: another event.
        ev("SV3", "chr9", 165185, "-", "chr22", 32983, "+"),
    ]
    rows = fusion_rows(events, annotator, 50)
    assert sorted(r["sv_ids"] for r in rows) == ["SV1", "SV2", "SV3"]


def test_inversion_junctions_are_one_event(annotator):
    events = [
        ev("SV1", "chr16", 15000, "+", "chr16", 63000, "+"),
        ev("SV2", "chr16", 15001, "-", "chr16", 63001, "-"),
    ]
    rows = fusion_rows(events, annotator, 500)
    assert [(r["fusion"], r["event"], r["orientation_ok"]) for r in rows] == [
        ("CBFB::MYH11", "inversion", "yes")
    ]
    assert (rows[0]["chrom1"], rows[0]["pos1"]) == ("chr16", "63000")  # CBFB end first


def test_only_pass_events_and_gene_level_events_are_rows(annotator):
    events = [
        ev("SV1", "chr9", 165085, "-", "chr22", 32883, "+", filt="MinSupport"),
        ev("SV2", "chr5", 100, "+", "chr5", 90000, "-"),  # no gene
        ev("SV3", "chr11", 54106, "-", "chr11", 72899, "+"),
    ]
    rows = fusion_rows(events, annotator, 500)
    assert [r["fusion"] for r in rows] == ["KMT2A-PTD"]


def test_write_fusions_header(tmp_path, annotator):
    rows = fusion_rows([ev("SV1", "chr11", 54106, "-", "chr11", 72899, "+")], annotator, 500)
    path = tmp_path / "f.tsv"
    write_fusions(rows, path)
    lines = path.read_text().splitlines()
    assert lines[0].split("\t") == FUSION_COLUMNS
    assert dict(zip(FUSION_COLUMNS, lines[1].split("\t"), strict=True))["fusion"] == "KMT2A-PTD"


def test_reciprocal_translocation_takes_the_established_status(annotator):
    from alwgs.sv.normal_support import STATUS_COLUMNS

    def st(label, power):
        return {c: "." for c in STATUS_COLUMNS} | {"somatic_status": label, "power": power}

    events = [
        ev("SV0003", "chr9", 165084, "+", "chr22", 32884, "-"),
        ev("SV0004", "chr9", 165085, "-", "chr22", 32883, "+"),
    ]
    events[0].status, events[1].status = st("not_assessable", "0.600"), st("somatic", "0.990")
    (row,) = fusion_rows(events, annotator, 500)
    assert (row["somatic_status"], row["power"]) == ("somatic", "0.990")
    events[0].status = st("germline", "0.999")
    (row,) = fusion_rows(events, annotator, 500)
    assert row["somatic_status"] == "germline"
    events[0].status = events[1].status = {}  # a table without the stage: not established
    (row,) = fusion_rows(events, annotator, 500)
    assert row["somatic_status"] == "not_assessable"
