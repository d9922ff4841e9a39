"""A written karyotype as the chain's inputs (alwgs.findings.karyotype): its copy-number changes,
the fusions of its recurrent rearrangements, and the karyotype JSON counted by the copy-number
stage's own summarise(); the GRCh38 cytobands it is placed on; the rearrangement knowledge."""

from __future__ import annotations

from pathlib import Path

import pytest
from alwgs.cnv.cytobands import Cytobands
from alwgs.cnv.karyotype import load_rules
from alwgs.findings.bands import BandError, BandMap
from alwgs.findings.iscn import parse_aberration, parse_karyotype
from alwgs.findings.karyotype import (
    copy_number_rows,
    fusion_rows,
    karyotype_document,
    load_rearrangements,
    match_rearrangement,
    written_count,
)
from alwgs.sv.known_fusions import read_known_fusions

REPO = Path(__file__).resolve().parents[2]
CYTOBANDS = REPO / "config" / "reference" / "cytobands.GRCh38.tsv"
REARRANGEMENTS = REPO / "config" / "knowledge" / "karyotype_rearrangements.tsv"
KNOWN = read_known_fusions(REPO / "config" / "knowledge" / "known_fusions.tsv").rows
TABLE = load_rearrangements(REARRANGEMENTS, KNOWN)
KNOWN_PAIRS = {frozenset((k.gene5, k.gene3)): k for k in KNOWN}
BANDS = BandMap(Cytobands.from_file(CYTOBANDS))
RULES = load_rules(REPO / "config" / "knowledge" / "karyotype.yaml")


def test_shipped_cytobands_are_grch38_and_say_where_they_come_from():
    lengths = {}
    for line in (REPO / "config" / "reference" / "assemblies.tsv").read_text().splitlines():
        f = line.split("\t")
        if f[0] == "GRCh38":
            lengths[f"chr{f[1]}"] = int(f[2])
    bands = Cytobands.from_file(CYTOBANDS)
    assert {c: bands.length(c) for c in bands.chromosomes()} == lengths
    # the table is kept byte-identical to bioframe's: its provenance sits beside it
    text = CYTOBANDS.with_name("cytobands.GRCh38.provenance.md").read_text()
    assert "UCSC" in text and "bioframe 0.8.0" in text and "MIT" in text


def rows(karyotype: str, sex: str = "male") -> list[tuple]:
    stem = parse_karyotype(karyotype).stemline
    return [
        (r["event"], r["chrom"], r["type"], r["level"], r["arm"], r["copy_number"])
        for r in copy_number_rows(stem, BANDS, sex)
    ]


def test_numerical_changes_are_whole_chromosomes():
    assert rows("45,XY,-7") == [("-7", "chr7", "loss", "chromosome", "pq", "1")]
    assert rows("48,XY,+8x2") == [("+8x2", "chr8", "gain", "chromosome", "pq", "4")]


def test_a_deletion_visible_by_banding_is_an_arm_change_whatever_its_share():
    # 5q13-5q33 is less than the whole arm; a karyotype shows it, so it is del(5q) to ELN.
    ((event, chrom, kind, level, arm, cn),) = rows("46,XX,del(5)(q13q33)", "female")
    assert (event, chrom, kind, level, arm, cn) == (
        "del(5)(q13q33)",
        "chr5",
        "loss",
        "arm",
        "q",
        "1",
    )
    stem = parse_karyotype("46,XX,del(5)(q13q33)").stemline
    row = copy_number_rows(stem, BANDS, "female")[0]
    q13, q33 = BANDS.span("5", "q13"), BANDS.span("5", "q33")
    assert (int(row["start"]), int(row["end"])) == (q13[0], q33[1])


def test_isochromosome_and_derivatives_lose_and_gain_what_they_carry():
    assert rows("46,XY,i(17)(q10)") == [
        ("i(17)(q10): loss of 17p", "chr17", "loss", "arm", "p", "1"),
        ("i(17)(q10): gain of 17q", "chr17", "gain", "arm", "q", "3"),
    ]
    # A whole-arm translocation exchanges the arms it names (ISCN: t(1;3)(p10;q10) exchanges
    # 1p and 3q), so der(7)t(1;7)(q10;p10) has given away 7p and received 1q.
    assert rows("46,XY,der(7)t(1;7)(q10;p10)") == [
        ("der(7)t(1;7)(q10;p10): gain of 1q", "chr1", "gain", "arm", "q", "3"),
        ("der(7)t(1;7)(q10;p10): loss of 7p", "chr7", "loss", "arm", "p", "1"),
    ]
    # der(1;7)(q10;p10) replaces a 1 and a 7: 1p and 7q lost
    assert rows("46,XY,+1,der(1;7)(q10;p10)")[1:] == [
        ("der(1;7)(q10;p10): loss of 1p", "chr1", "loss", "arm", "p", "1"),
        ("der(1;7)(q10;p10): loss of 7q", "chr7", "loss", "arm", "q", "1"),
    ]
    # a Ph chromosome in addition: 9q34-qter gained (its 22 part holds no unique sequence
    # outside 22q11.1-q11.2 here and the p arm, which are heterochromatin and left out)
    assert rows("47,XY,t(9;22)(q34;q11.2),+der(22)t(9;22)(q34;q11.2)") == [
        ("+der(22)t(9;22)(q34;q11.2)", "chr9", "gain", "arm", "q", "3"),
    ]
    # idic(7)(q11.2): two copies of 7p, 7q distal to q11.2 lost (Peng et al.)
    got = rows("46,XY,idic(7)(q11.2)")
    # (the break is taken at the start of q11.2: what is kept of 7q is the centromere only)
    assert [(r[0].split(": ")[1], r[2]) for r in got] == [
        ("gain of 7p", "gain"),
        ("loss of 7q", "loss"),
    ]


def test_balanced_markers_and_acrocentric_arms_change_nothing():
    assert rows("46,XY,t(8;21)(q22;q22),inv(16)(p13.1q22)") == []
    assert rows("47,XY,+mar,25~30dmin") == []
    assert rows("45,XX,rob(13;21)(q10;q10)", "female") == []  # only 13p and 21p are lost


def test_a_band_the_build_lacks_is_named():
    stem = parse_karyotype("46,XY,del(5)(q37)").stemline
    with pytest.raises(BandError, match="5q37"):
        copy_number_rows(stem, BANDS, "male")


@pytest.mark.parametrize(
    "abn,fusion",
    [
        ("t(8;21)(q22;q22)", "RUNX1::RUNX1T1"),
        ("t(8;21)(q21.3;q22.12)", "RUNX1::RUNX1T1"),  # RUNX1T1 at 8q21.3 in GRCh38: region q2
        ("inv(16)(p13q22)", "CBFB::MYH11"),
        ("t(16;16)(p13.1;q22)", "CBFB::MYH11"),
        ("t(15;17)(q22;q21)", "PML::RARA"),  # older band of PML: region level
        ("t(15;17)(q22;q12)", "PML::RARA"),  # WHO 2008 spelling
        ("t(9;11)(p22;q23)", "KMT2A::MLLT3"),
        ("t(6;9)(p23;q34)", "DEK::NUP214"),
        ("t(9;22)(q34;q11.2)", "BCR::ABL1"),
        ("der(22)t(9;22)(q34;q11.2)", "BCR::ABL1"),
        ("inv(3)(q21q26.2)", "GATA2::MECOM"),
        ("t(3;3)(q21.3;q26.2)", "GATA2::MECOM"),
        ("t(4;11)(q21;q23)", "KMT2A::AFF1"),
        ("t(6;11)(q27;q23)", "KMT2A::AFDN"),
        ("t(11;19)(q23;p13)", "KMT2A::?"),  # ELL (p13.1) or MLLT1 (p13.3): partner open
        ("t(10;11)(p12;q23)", "KMT2A::MLLT10"),
        ("t(2;11)(p21;q23)", "KMT2A::?"),  # t(v;11q23.3)
        ("t(3;21)(q26.2;q22.1)", "RUNX1::MECOM"),  # a known partner of MECOM
        ("t(2;3)(p21;q26.2)", "MECOM::?"),  # t(3q26.2;v), a partner not on the list
        ("t(12;21)(p13;q22)", "ETV6::RUNX1"),
        ("t(1;19)(q23;p13.3)", "TCF3::PBX1"),
        ("t(5;14)(q31;q32)", "IGH::IL3"),
        ("t(1;22)(p13;q13)", "RBM15::MRTFA"),
        ("t(8;16)(p11;p13)", "KAT6A::CREBBP"),
    ],
)
def test_rearrangements_become_their_fusions(abn, fusion):
    stem = parse_karyotype(f"46,XX,{abn}").stemline
    found, notes = fusion_rows(stem, TABLE, KNOWN_PAIRS)
    assert [r["fusion"] for r in found] == [fusion], notes
    row = found[0]
    assert row["callers"] == f"karyotype {abn}" and row["orientation_ok"] == "yes"
    assert row["known"] == ("yes" if frozenset(fusion.split("::")) in KNOWN_PAIRS else "no")


def test_a_rearrangement_of_no_known_gene_is_noted_not_guessed():
    stem = parse_karyotype("46,XY,t(1;3)(p36.2;p26.2)").stemline
    found, notes = fusion_rows(stem, TABLE, KNOWN_PAIRS)
    assert found == [] and "t(1;3)(p36.2;p26.2)" in notes[0]


def test_every_shipped_rearrangement_row_finds_its_own_genes():
    """Each row of karyotype_rearrangements.tsv, written as a karyotype, gives its fusion (a
    row of a variable partner: its gene with any partner, tried with a partner at 19p13)."""
    for r in TABLE:
        if r.source.startswith("known_fusions.tsv"):
            continue
        if r.variable:
            (chrom, band) = r.breakpoints[0]
            other = "19" if chrom != "19" else "1"
            pair = sorted([(chrom, band), (other, "p13.3")], key=lambda x: int(x[0]))
            abn = parse_aberration(f"t({pair[0][0]};{pair[1][0]})({pair[0][1]};{pair[1][1]})")
            m = match_rearrangement(abn, TABLE)
            assert m is not None and r.genes[0] in (m.gene5, m.gene3), r.iscn
            continue
        m = match_rearrangement(parse_aberration(r.iscn), TABLE)
        assert m is not None and {m.gene5, m.gene3} == {r.gene5, r.gene3}, r.iscn


def test_the_rearrangement_table_is_checked(tmp_path):
    bad = tmp_path / "rearr.tsv"
    text = REARRANGEMENTS.read_text()
    bad.write_text(text + "del(5)(q13q33)\tX\tY\tsomewhere\n")
    with pytest.raises(ValueError, match=r"line \d+, column 'iscn'.*translocation"):
        load_rearrangements(bad)
    bad.write_text(text + "t(v;11q23.3)\tKMT2A\tAFF1\tsomewhere\n")
    with pytest.raises(ValueError, match="variable partner"):
        load_rearrangements(bad)


def test_karyotype_document_counts_with_the_cnv_stage_code():
    kt = parse_karyotype("44,XY,-5,-7,del(17)(p11.2)[20]")
    doc = karyotype_document(kt, "male", RULES)
    assert doc["karyotype"] == "44,XY,-5,-7,del(17)(p11.2)[20]"
    assert doc["chromosome_count"] == 44 and doc["sex_chromosomes"] == "XY"
    assert [a["id"] for a in doc["abnormalities"]] == ["-5", "-7", "del(17)(p11.2)"]
    assert doc["abnormality_count"] == 3 and doc["complex"] and doc["monosomal"]
    assert doc["aberrations"][2]["bands"] == [["p11.2"]]
    assert doc["notes"] == []


def test_karyotype_document_counts_every_clone_once():
    kt = parse_karyotype("46,XY,del(20)(q11.2q13.3)[6]/47,idem,+8[8]/48,idem,+8,+11[6]")
    doc = karyotype_document(kt, "male", RULES)
    assert sorted(a["id"] for a in doc["abnormalities"]) == ["+11", "+8", "del(20)(q11.2q13.3)"]
    assert doc["abnormality_count"] == 3 and doc["complex"]
    assert doc["chromosome_count"] == 46 and doc["stemline"] == "46,XY,del(20)(q11.2q13.3)[6]"
    assert not any("add up" in n for n in doc["notes"])


def test_karyotype_document_notes_what_it_did_not_count():
    doc = karyotype_document(parse_karyotype("47,XY,+21c,+8,+8"), "male", RULES)
    assert any("count 47" in n and "add up to 49" in n for n in doc["notes"])
    assert any("constitutional" in n and "+21c" in n for n in doc["notes"])
    assert [a["id"] for a in doc["abnormalities"]] == ["+8", "+8"]


@pytest.mark.parametrize(
    "text,count",
    [
        ("45,X,-Y", 45),
        ("47,XXY", 47),
        ("45,XX,rob(13;21)(q10;q10)", 45),
        ("46,XY,+1,der(1;7)(q10;p10)", 46),
        ("47,XY,t(9;22)(q34;q11.2),+der(22)t(9;22)(q34;q11.2)", 47),
        ("56,XY,+X,+4,+6,+10,+14,+17,+18,+21,+21,+21", 56),
        ("26,X,+X,+14,+21", 26),
        ("46,X,idic(X)(q13)", 46),  # the abnormal X is written as its abnormality only
        ("46,X,t(X;1)(q13;p31)", 46),
        ("46,X,del(X)(q21)", 46),
        ("47,XX,+i(X)(q10)", 47),
        ("46,X,der(X)t(X;Y)(p22.3;q11.2)", 46),
    ],
)
def test_written_counts_add_up(text, count):
    assert written_count(parse_karyotype(text).stemline) == count
