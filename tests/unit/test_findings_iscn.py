"""The ISCN karyotype parser (alwgs.findings.iscn) on karyotypes as the literature writes them.

Two kinds of rows. Whole karyotypes quoted from publications (the source is named). And the
recurrent abnormalities exactly as the classification and risk tables spell them (WHO 2016 as
adapted in Döhner et al. Blood 2017 Table 1, ELN 2022 Table 6, ICC 2022, the WHO 2016 table of
myelodysplasia-related cytogenetic abnormalities) or as case reports name them, each set in a
minimal karyotype (46,XX or 46,XY around it) so that the abnormality's own notation is what is
read. Expected values are written from ISCN, not from the parser's output."""

from __future__ import annotations

import pytest
from alwgs.findings.iscn import (
    IscnError,
    band_compatible,
    parse_aberration,
    parse_karyotype,
    same_abnormality,
    same_region,
)

# (karyotype, modal number, sex chromosomes, [(type, chromosomes, bands, sign)] of the
# stemline, source)
REAL = [
    (
        "46,XY,−7,+mar[20]",
        46,
        "XY",
        [("loss", ("7",), (), "-"), ("mar", (), (), "+")],
        "AML with a chromosome-7 marker; the typeset minus sign (U+2212) as published"
        " (discovery.researcher.life: deletions of 7p and 7q in adult AML, a marker confirmed"
        " by array CGH)",
    ),
    (
        "49, XX, +1, +8, +21",
        49,
        "XX",
        [("gain", ("1",), (), "+"), ("gain", ("8",), (), "+"), ("gain", ("21",), (), "+")],
        "Abdelrahman AH et al., Egypt J Haematol 2016;41:106-110 (spaces as published)",
    ),
    (
        "46,XX,dup(21)(q21q22)",
        46,
        "XX",
        [("dup", ("21",), (("q21", "q22"),), "")],
        "iAMP21 as a sole abnormality in AML (case report, G-banding)",
    ),
    (
        "46,XY,t(8;14)(q24;q32),-15,der(1;15)(p10;q10)",
        46,
        "XY",
        [
            ("t", ("8", "14"), (("q24",), ("q32",)), ""),
            ("loss", ("15",), (), "-"),
            ("der", ("1", "15"), (("p10",), ("q10",)), ""),
        ],
        "Cancer Genet Cytogenet 2002;137:150-152 (mature B-ALL)",
    ),
    (
        "46,XY,idic(7)(q11.2),der(18)t(1;18)(q23;q21.1)[13]/46,XY[7]",
        46,
        "XY",
        [("idic", ("7",), (("q11.2",),), ""), ("der", ("18",), (), "")],
        "Peng E et al., an idic(7)(q11.2) in AML (case report)",
    ),
]

# Abnormalities as the tables and reports write them, in a minimal karyotype.
TABLE = [
    ("t(8;21)(q22;q22.1)", "t", ("8", "21"), (("q22",), ("q22.1",)), "ELN 2022 Table 6"),
    ("inv(16)(p13.1q22)", "inv", ("16",), (("p13.1", "q22"),), "ELN 2022 Table 6"),
    ("t(16;16)(p13.1;q22)", "t", ("16", "16"), (("p13.1",), ("q22",)), "ELN 2022 Table 6"),
    ("t(9;11)(p21.3;q23.3)", "t", ("9", "11"), (("p21.3",), ("q23.3",)), "ELN 2022 Table 6"),
    ("t(6;9)(p23.3;q34.1)", "t", ("6", "9"), (("p23.3",), ("q34.1",)), "ELN 2022 Table 6"),
    ("t(9;22)(q34.1;q11.2)", "t", ("9", "22"), (("q34.1",), ("q11.2",)), "ELN 2022 Table 6"),
    ("t(8;16)(p11.2;p13.3)", "t", ("8", "16"), (("p11.2",), ("p13.3",)), "ELN 2022 Table 6"),
    ("inv(3)(q21.3q26.2)", "inv", ("3",), (("q21.3", "q26.2"),), "ELN 2022 Table 6"),
    ("t(3;3)(q21.3;q26.2)", "t", ("3", "3"), (("q21.3",), ("q26.2",)), "ELN 2022 Table 6"),
    ("t(6;9)(p23;q34.1)", "t", ("6", "9"), (("p23",), ("q34.1",)), "WHO 2016 (ELN 2017 T1)"),
    ("t(1;22)(p13.3;q13.3)", "t", ("1", "22"), (("p13.3",), ("q13.3",)), "WHO 2016 (ELN 2017 T1)"),
    ("t(15;17)(q24.1;q21.2)", "t", ("15", "17"), (("q24.1",), ("q21.2",)), "ICC 2022"),
    ("t(12;21)(p13.2;q22.1)", "t", ("12", "21"), (("p13.2",), ("q22.1",)), "ICC 2022 B-ALL"),
    ("t(5;14)(q31.1;q32.3)", "t", ("5", "14"), (("q31.1",), ("q32.3",)), "ICC 2022 B-ALL"),
    ("t(1;19)(q23.3;p13.3)", "t", ("1", "19"), (("q23.3",), ("p13.3",)), "ICC 2022 B-ALL"),
    ("idic(X)(q13)", "idic", ("X",), (("q13",),), "WHO 2016 MR cytogenetics"),
    ("t(11;16)(q23;p13.3)", "t", ("11", "16"), (("q23",), ("p13.3",)), "WHO 2016 MR cytogenetics"),
    ("t(3;21)(q26.2;q22.1)", "t", ("3", "21"), (("q26.2",), ("q22.1",)), "WHO 2016 MR"),
    ("t(1;3)(p36.3;q21.1)", "t", ("1", "3"), (("p36.3",), ("q21.1",)), "WHO 2016 MR"),
    ("t(2;11)(p21;q23)", "t", ("2", "11"), (("p21",), ("q23",)), "WHO 2016 MR"),
    ("t(5;12)(q33;p12)", "t", ("5", "12"), (("q33",), ("p12",)), "WHO 2016 MR"),
    ("t(5;7)(q33;q11.2)", "t", ("5", "7"), (("q33",), ("q11.2",)), "WHO 2016 MR"),
    ("t(5;17)(q33;p13)", "t", ("5", "17"), (("q33",), ("p13",)), "WHO 2016 MR"),
    ("t(5;10)(q33;q21)", "t", ("5", "10"), (("q33",), ("q21",)), "WHO 2016 MR"),
    ("t(3;5)(q25;q34)", "t", ("3", "5"), (("q25",), ("q34",)), "WHO 2016 MR"),
    ("der(1;7)(q10;p10)", "der", ("1", "7"), (("q10",), ("p10",)), "Leukemia 2007;21:992"),
    ("der(19)t(1;19)(q21.1;p13.3)", "der", ("19",), (), "J Med Case Rep 2017 (t(1;19) ALL)"),
    ("del(6)(q12q26)", "del", ("6",), (("q12", "q26"),), "J Med Case Rep 2017 (t(1;19) ALL)"),
    ("der(13)t(1;13)(q21.1;p13)", "der", ("13",), (), "J Med Case Rep 2017 (t(1;19) ALL)"),
    (
        "t(8;18;21)(p22;q11.3;q22)",
        "t",
        ("8", "18", "21"),
        (("p22",), ("q11.3",), ("q22",)),
        "Cancer Genet Cytogenet 2010;199:31 (variant t(8;21))",
    ),
    (
        "t(2;21;8)(q11.2;q22;q22)",
        "t",
        ("2", "21", "8"),
        (("q11.2",), ("q22",), ("q22",)),
        "Cancer Genet Cytogenet 2010;199:31 (variant t(8;21))",
    ),
    ("t(1;3)(p36.2;p26.2)", "t", ("1", "3"), (("p36.2",), ("p26.2",)), "AML case (EVI1/PRDM16)"),
    ("t(10;12)(p15.2;q24.11)", "t", ("10", "12"), (("p15.2",), ("q24.11",)), "AML case"),
    ("t(9;12)(q11;q13)", "t", ("9", "12"), (("q11",), ("q13",)), "Br J Haematol 1998;103:750"),
    ("t(11;19)(q23;p13)", "t", ("11", "19"), (("q23",), ("p13",)), "Cancer Genet Cytogenet 1986"),
    ("t(4;11)(q21;q23)", "t", ("4", "11"), (("q21",), ("q23",)), "Hematol Rep 2012;4:e15"),
    ("i(17q)", "i", ("17",), (("q10",),), "Blood 2016 WHO MR table: i(17q)"),
    ("del(5q)", "del", ("5",), (("q",),), "ELN 2022 Table 6: -5 or del(5q)"),
]


@pytest.mark.parametrize("text,count,sex,abnormalities,source", REAL, ids=[r[0] for r in REAL])
def test_published_karyotypes(text, count, sex, abnormalities, source):
    k = parse_karyotype(text)
    stem = k.stemline
    assert stem.count == count, source
    assert stem.sex == sex
    got = [(a.type, a.chromosomes, a.bands, a.sign) for a in stem.aberrations]
    assert got == abnormalities, source


@pytest.mark.parametrize("abn,type_,chroms,bands,source", TABLE, ids=[r[0] for r in TABLE])
def test_table_abnormalities(abn, type_, chroms, bands, source):
    k = parse_karyotype(f"46,XX,{abn}")
    (a,) = k.stemline.aberrations
    assert (a.type, a.chromosomes, a.bands) == (type_, chroms, bands), source
    assert a.kind == "structural"
    assert a.text == abn


def test_derivative_parts_are_typed_records():
    a = parse_aberration("der(9)del(9)(p12)t(9;22)(q34;q11.2)")
    assert a.type == "der" and a.chromosomes == ("9",)
    assert [(p.type, p.chromosomes, p.bands) for p in a.parts] == [
        ("del", ("9",), (("p12",),)),
        ("t", ("9", "22"), (("q34",), ("q11.2",))),
    ]
    plus = parse_aberration("+der(22)t(9;22)(q34;q11.2)x2")
    assert (plus.sign, plus.copies, plus.kind) == ("+", 2, "structural")


def test_clones_give_the_stemline_and_every_abnormality_once():
    k = parse_karyotype("46,XY,t(8;21)(q22;q22)[5]/45,idem,-Y[15]/46,XY[3]")
    assert [a.text for a in k.stemline.aberrations] == ["t(8;21)(q22;q22)"]
    assert k.clones[1].sex == "XY"  # idem: the stemline's sex chromosomes and abnormalities
    assert [a.text for a in k.clones[1].aberrations] == ["t(8;21)(q22;q22)", "-Y"]
    assert k.stemline.cells == 5
    # ELN and ISCN count the whole clonal karyotype: the sideline's -Y too, once
    assert [a.text for a in k.clonal.aberrations] == ["t(8;21)(q22;q22)", "-Y"]
    assert (k.clonal.count, k.clonal.sex) == (46, "XY")  # the stemline's
    assert any("3 clones: stemline 46,XY,t(8;21)(q22;q22)[5]" in n and "-Y" in n for n in k.notes)


def test_sidelines_and_unrelated_clones_add_their_abnormalities():
    k = parse_karyotype("46,XY,del(20)(q11.2q13.3)[6]/47,idem,+8[8]/48,idem,+8,+11[6]")
    assert [a.text for a in k.clonal.aberrations] == ["del(20)(q11.2q13.3)", "+8", "+11"]
    k = parse_karyotype("46,XX,t(8;21)(q22;q22)[10]/46,XX,del(9)(q13q22)[5]")
    assert [a.text for a in k.clonal.aberrations] == ["t(8;21)(q22;q22)", "del(9)(q13q22)"]
    one = parse_karyotype("47,XY,+8[20]")
    assert one.clonal is one.stemline and one.notes == ()


def test_a_chimera_reads_the_cell_lines_before_the_double_slash():
    k = parse_karyotype("47,XY,+8[4]//46,XX[16]")
    assert [a.text for a in k.clonal.aberrations] == ["+8"] and k.stemline.sex == "XY"
    assert any("chimera" in n and "46,XX[16]" in n for n in k.notes)


def test_normal_first_clone_is_not_the_stemline():
    k = parse_karyotype("46,XX[10]/47,XX,+8[10]")
    assert [a.text for a in k.stemline.aberrations] == ["+8"]


def test_constitutional_and_uncertain_marks():
    k = parse_karyotype("47,XY,+21c,?del(5)(q13q33)")
    c, d = k.stemline.aberrations
    assert c.constitutional and not d.constitutional
    assert d.uncertain and d.type == "del"
    assert [a.text for a in k.stemline.acquired] == ["?del(5)(q13q33)"]


def test_ranges_ploidy_markers_and_double_minutes():
    k = parse_karyotype("45~48,XY,+8,+2mar,25~30dmin,inc[cp10]")
    stem = k.stemline
    assert stem.count is None and stem.count_range == (45, 48)
    assert stem.composite and stem.incomplete
    assert [(a.type, a.copies) for a in stem.aberrations] == [("gain", 1), ("mar", 2), ("dmin", 1)]
    assert parse_karyotype("69<3n>,XXY,-7").stemline.ploidy == 3
    assert parse_karyotype("26,X,+X,+14,+21").stemline.ploidy == 1  # near-haploid level


@pytest.mark.parametrize(
    "text,token",
    [
        # Trivedi PJ et al., Int J Hum Genet 2008 (bioline hg08005): t(8;21) written without bands
        ("47,XX, +4,t(8;21)", "t(8;21)"),
        # Miao K et al., Onkologie 2010: 'add2(q?)' is not ISCN
        (
            "46, XY, t (11; 14)(p13; q11)[2]/46, idem, add2(q?)[2]/"
            "46, XY, add16(p?) [3]/46, XY[13]",
            "add2(q?)",
        ),
        ("46,XY,5q-", "5q-"),
        ("46,XY,t(9;22)(9pter->9q34::22q11->22qter)", "t(9;22)(9pter->9q34::22q11->22qter)"),
        ("46,XY,del(5)", "del(5)"),
        ("46,XY,foo(5)(q13)", "foo(5)(q13)"),
        ("46,XY,+8,", "46,XY,+8,"),
        ("XY,+8", "XY"),
        ("46,XY,t(8;21)(q22)", "t(8;21)(q22)"),
        ("46,XY,del(5)(q13q99x)", "del(5)(q13q99x)"),
        ("46,XY,t(v;11)(q23)", "t(v;11)(q23)"),
        ("46,XY,+8/", "46,XY,+8/"),
        ("47,idem,+8", "idem"),
    ],
)
def test_unreadable_tokens_are_named(text, token):
    with pytest.raises(IscnError) as err:
        parse_karyotype(text)
    assert err.value.token == token


def test_fish_is_named():
    with pytest.raises(IscnError, match="FISH") as err:
        parse_karyotype("46,XY[20].nuc ish(RELN,TES)x1[161/200]")
    assert err.value.token.startswith(".nucish")


@pytest.mark.parametrize(
    "given,listed,compatible,region",
    [
        ("q22", "q22.1", True, True),
        ("q23", "q23.3", True, True),
        ("p13", "p13.3", True, True),
        ("q11.2", "q11.23", True, True),
        ("q22", "q24.1", False, True),  # PML: 15q22 then 15q24.1
        ("p23", "p22.3", False, True),  # DEK: 6p23 then 6p22.3
        ("q12", "q21.2", False, False),  # RARA: 17q12 then 17q21.2
        ("p13.1", "p13.3", False, True),
        ("q", "q22", False, False),
        ("?", "q22", False, False),
    ],
)
def test_band_agreement(given, listed, compatible, region):
    assert band_compatible(given, listed) is compatible
    assert same_region(given, listed) is region


@pytest.mark.parametrize(
    "given,listed,same",
    [
        ("idic(X)(q13)", "idic(X)(q13)", True),
        ("idic(X)(q13.1)", "idic(X)(q13)", True),  # a sub-band of the listed band
        ("idic(X)(q21)", "idic(X)(q13)", False),
        ("i(X)(q13)", "idic(X)(q13)", False),  # another aberration
        ("idic(17)(p11.2)", "idic(X)(q13)", False),
        ("i(17q)", "i(17)(q10)", True),  # the short form is the same isochromosome
        ("del(5q)", "del(5)(q21.3q34)", False),  # an arm is not a pair of breakpoints
        ("+8", "+8", True),
        ("-8", "+8", False),
        ("der(5)t(5;17)(q31;q21)", "der(5)t(5;17)(q31.1;q21.3)", True),
    ],
)
def test_an_abnormality_is_the_one_a_guideline_names_at_any_resolution(given, listed, same):
    assert same_abnormality(parse_aberration(given), parse_aberration(listed)) is same
