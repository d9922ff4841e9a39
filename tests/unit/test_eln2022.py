"""ELN 2022 genetic risk: one case per marker of the shipped eln2022.yaml, per footnote exception
and note, and per karyotype definition; each asserts the group, the deciding rule and the
lesions that decided it."""

import pytest
from alwgs.interpret.eln import classify, karyotype_lesions
from alwgs.interpret.knowledge import load_eln, load_tiers
from alwgs.interpret.model import Assessment
from interp_fixtures import KNOWLEDGE, cna, context, fusion, itd, karyo, mut, ptd

ELN = load_eln(KNOWLEDGE / "eln2022.yaml")
KARYO_TIER = load_tiers(KNOWLEDGE / "amp_tiers.yaml")["structural"]["karyotype"]
BZIP = "HS-CEBPA-BZIP"

# (case, lesions, group, rule_id, lesions that decided it)
MARKERS = [
    (
        "RUNX1::RUNX1T1",
        [fusion("RUNX1", "RUNX1T1")],
        "favorable",
        "ELN-FAV-RUNX1-RUNX1T1",
        {"RUNX1::RUNX1T1"},
    ),
    (
        "partners in either order",
        [fusion("RUNX1T1", "RUNX1")],
        "favorable",
        "ELN-FAV-RUNX1-RUNX1T1",
        {"RUNX1T1::RUNX1"},
    ),
    ("CBFB::MYH11", [fusion("CBFB", "MYH11")], "favorable", "ELN-FAV-CBFB-MYH11", {"CBFB::MYH11"}),
    ("NPM1 without FLT3-ITD", [mut("NPM1")], "favorable", "ELN-FAV-NPM1", {"NPM1_mut"}),
    (
        "in-frame bZIP CEBPA",
        [mut("CEBPA", hotspot=BZIP)],
        "favorable",
        "ELN-FAV-CEBPA-BZIP",
        {"CEBPA_mut"},
    ),
    (
        "NPM1 with FLT3-ITD",
        [mut("NPM1"), itd()],
        "intermediate",
        "ELN-INT-NPM1-FLT3ITD",
        {"NPM1_mut", "FLT3_ITD"},
    ),
    ("FLT3-ITD, NPM1 wild type", [itd()], "intermediate", "ELN-INT-FLT3ITD", {"FLT3_ITD"}),
    (
        "t(9;11) MLLT3::KMT2A",
        [fusion("KMT2A", "MLLT3")],
        "intermediate",
        "ELN-INT-MLLT3-KMT2A",
        {"KMT2A::MLLT3"},
    ),
    ("DEK::NUP214", [fusion("DEK", "NUP214")], "adverse", "ELN-ADV-DEK-NUP214", {"DEK::NUP214"}),
    (
        "KMT2A rearranged, other partner",
        [fusion("KMT2A", "AFF1")],
        "adverse",
        "ELN-ADV-KMT2A-R",
        {"KMT2A::AFF1"},
    ),
    ("BCR::ABL1", [fusion("BCR", "ABL1")], "adverse", "ELN-ADV-BCR-ABL1", {"BCR::ABL1"}),
    (
        "KAT6A::CREBBP",
        [fusion("KAT6A", "CREBBP")],
        "adverse",
        "ELN-ADV-KAT6A-CREBBP",
        {"KAT6A::CREBBP"},
    ),
    (
        "GATA2::MECOM inv(3)",
        [fusion("GATA2", "MECOM")],
        "adverse",
        "ELN-ADV-GATA2-MECOM",
        {"GATA2::MECOM"},
    ),
    (
        "MECOM rearranged, other partner",
        [fusion("RUNX1", "MECOM")],
        "adverse",
        "ELN-ADV-MECOM-R",
        {"RUNX1::MECOM"},
    ),
    ("-5", [cna("-5", "5", "loss", "chromosome")], "adverse", "ELN-ADV-5", {"-5"}),
    ("del(5q)", [cna("del(5q)", "5", "loss", "q")], "adverse", "ELN-ADV-5", {"del(5q)"}),
    ("-7", [cna("-7", "7", "loss", "chromosome")], "adverse", "ELN-ADV-7", {"-7"}),
    ("-17", [cna("-17", "17", "loss", "chromosome")], "adverse", "ELN-ADV-17", {"-17"}),
    ("del(17p)", [cna("del(17p)", "17", "loss", "p")], "adverse", "ELN-ADV-17", {"del(17p)"}),
    (
        "complex karyotype",
        [karyo("complex_karyotype")],
        "adverse",
        "ELN-ADV-CK",
        {"complex_karyotype"},
    ),
    (
        "monosomal karyotype",
        [karyo("monosomal_karyotype")],
        "adverse",
        "ELN-ADV-MK",
        {"monosomal_karyotype"},
    ),
    ("TP53 at VAF 0.25", [mut("TP53", vaf=0.25)], "adverse", "ELN-ADV-TP53", {"TP53_mut"}),
    ("TP53 at exactly 10%", [mut("TP53", vaf=0.10)], "adverse", "ELN-ADV-TP53", {"TP53_mut"}),
    (
        "nothing favorable or adverse",
        [mut("DNMT3A"), mut("TET2")],
        "intermediate",
        "ELN-INT-OTHER",
        set(),
    ),
    ("no lesion at all", [], "intermediate", "ELN-INT-OTHER", set()),
    (
        "del(7q) is no longer adverse",
        [cna("del(7q)", "7", "loss", "q")],
        "intermediate",
        "ELN-INT-OTHER",
        set(),
    ),
    ("+8 alone", [cna("+8", "8", "gain", "chromosome")], "intermediate", "ELN-INT-OTHER", set()),
]
MR_GENES = ["ASXL1", "BCOR", "EZH2", "RUNX1", "SF3B1", "SRSF2", "STAG2", "U2AF1", "ZRSR2"]
MARKERS += [
    (f"mutated {g}", [mut(g)], "adverse", "ELN-ADV-MR-GENES", {f"{g}_mut"}) for g in MR_GENES
]


@pytest.mark.parametrize("case,lesions,group,rule,decided", MARKERS, ids=[m[0] for m in MARKERS])
def test_markers(case, lesions, group, rule, decided):
    result = classify(ELN, context("AML", lesions))
    assert (result["group"], result["rule_id"]) == (group, rule)
    assert {lid for d in result["decided_by"] for lid in d["lesions"]} == decided
    assert result["guideline"] == "ELN 2022" and result["year"] == 2022


def test_every_shipped_marker_has_a_case():
    assert {m["id"] for m in ELN["markers"]} <= {c[3] for c in MARKERS}


# (case, lesions, group, rule_id, decided lesions, exception ids, note ids)
EXCEPTIONS = [
    (
        "APL is outside the risk table",
        [fusion("PML", "RARA"), itd()],
        "not_applicable",
        "ELN-APL",
        {"PML::RARA"},
        set(),
        set(),
    ),
    (
        "t(9;11) over adverse gene mutations",
        [fusion("KMT2A", "MLLT3"), mut("TP53", vaf=0.4), mut("ASXL1")],
        "intermediate",
        "ELN-INT-MLLT3-KMT2A",
        {"KMT2A::MLLT3"},
        {"ELN-EXC-T911"},
        set(),
    ),
    (
        "MR gene does not override a CBF fusion",
        [fusion("RUNX1", "RUNX1T1"), mut("ASXL1")],
        "favorable",
        "ELN-FAV-RUNX1-RUNX1T1",
        {"RUNX1::RUNX1T1"},
        {"ELN-EXC-MR-FAVORABLE"},
        set(),
    ),
    (
        "MR gene does not override NPM1",
        [mut("NPM1"), mut("SRSF2")],
        "favorable",
        "ELN-FAV-NPM1",
        {"NPM1_mut"},
        {"ELN-EXC-MR-FAVORABLE"},
        set(),
    ),
    (
        "MR gene with NPM1 + FLT3-ITD (not favorable) is adverse",
        [mut("NPM1"), itd(), mut("ASXL1")],
        "adverse",
        "ELN-ADV-MR-GENES",
        {"ASXL1_mut"},
        set(),
        {"ELN-NOTE-FLT3-AR"},
    ),
    (
        "NPM1 with adverse cytogenetics",
        [mut("NPM1"), cna("-7", "7", "loss", "chromosome")],
        "adverse",
        "ELN-EXC-NPM1-ADVERSE-CYTOGENETICS",
        {"NPM1_mut", "-7"},
        {"ELN-EXC-NPM1-ADVERSE-CYTOGENETICS"},
        set(),
    ),
    (
        "NPM1 + FLT3-ITD with a complex karyotype",
        [mut("NPM1"), itd(), karyo("complex_karyotype")],
        "adverse",
        "ELN-EXC-NPM1-ADVERSE-CYTOGENETICS",
        {"NPM1_mut", "FLT3_ITD", "complex_karyotype"},
        {"ELN-EXC-NPM1-ADVERSE-CYTOGENETICS"},
        {"ELN-NOTE-FLT3-AR"},
    ),
    (
        "KMT2A-PTD is not a KMT2A rearrangement",
        [ptd("KMT2A"), mut("DDX41")],
        "intermediate",
        "ELN-INT-OTHER",
        set(),
        set(),
        {"ELN-EXC-KMT2A-PTD"},
    ),
    (
        "TP53 below VAF 10% does not count",
        [mut("TP53", vaf=0.08)],
        "intermediate",
        "ELN-INT-OTHER",
        set(),
        set(),
        {"ELN-EXC-TP53-VAF"},
    ),
    (
        "CEBPA outside the bZIP is not favorable",
        [mut("CEBPA")],
        "intermediate",
        "ELN-INT-OTHER",
        set(),
        set(),
        {"ELN-EXC-CEBPA-NON-BZIP"},
    ),
    (
        "FLT3-ITD does not change a CBF fusion",
        [fusion("CBFB", "MYH11"), itd()],
        "favorable",
        "ELN-FAV-CBFB-MYH11",
        {"CBFB::MYH11"},
        set(),
        {"ELN-NOTE-FLT3-AR"},
    ),
    (
        "KIT does not change a CBF fusion",
        [fusion("RUNX1", "RUNX1T1"), mut("KIT")],
        "favorable",
        "ELN-FAV-RUNX1-RUNX1T1",
        {"RUNX1::RUNX1T1"},
        set(),
        set(),
    ),
    (
        "FLT3-ITD with an adverse lesion is adverse",
        [itd(), mut("TP53", vaf=0.3)],
        "adverse",
        "ELN-ADV-TP53",
        {"TP53_mut"},
        set(),
        {"ELN-NOTE-FLT3-AR"},
    ),
    (
        "TP53 still overrides NPM1 (not an MR gene)",
        [mut("NPM1"), mut("TP53", vaf=0.3)],
        "adverse",
        "ELN-ADV-TP53",
        {"TP53_mut"},
        set(),
        set(),
    ),
]


@pytest.mark.parametrize(
    "case,lesions,group,rule,decided,exceptions,notes", EXCEPTIONS, ids=[e[0] for e in EXCEPTIONS]
)
def test_exceptions_and_notes(case, lesions, group, rule, decided, exceptions, notes):
    result = classify(ELN, context("AML", lesions))
    assert (result["group"], result["rule_id"]) == (group, rule)
    assert {lid for d in result["decided_by"] for lid in d["lesions"]} == decided
    assert {e["rule_id"] for e in result["exceptions"]} == exceptions
    assert {n["rule_id"] for n in result["notes"]} == notes


def test_every_modifier_and_note_has_a_case():
    covered = {x for e in EXCEPTIONS for x in e[5] | e[6]}
    assert {m["id"] for m in ELN["modifiers"]} - {"ELN-EXC-T911"} <= covered
    assert "ELN-EXC-T911" in covered
    assert {n["id"] for n in ELN["notes"]} <= covered


def test_t911_lists_what_it_ignored():
    result = classify(ELN, context("AML", [fusion("KMT2A", "MLLT3"), mut("TP53", vaf=0.4)]))
    (exc,) = result["exceptions"]
    assert exc["ignored"] == [{"rule_id": "ELN-ADV-TP53", "lesions": ["TP53_mut"]}]
    assert "ELN-ADV-KMT2A-R" not in {m["rule_id"] for m in result["markers"]}


def test_not_aml_has_no_group():
    result = classify(ELN, context("B-ALL", [fusion("BCR", "ABL1")]))
    assert (result["group"], result["rule_id"]) == ("not_applicable", "ELN-SCOPE")
    assert "B-ALL" in result["reason"]


# ------------------------------------------------------------------------ karyotype definitions
def ab(ident, kind, chrom):
    return {"id": ident, "kind": kind, "chrom": chrom, "source": "cnv"}


P03 = [
    ab("del(5q)", "structural", "5"),
    ab("-7", "numerical", "7"),
    ab("+8", "numerical", "8"),
    ab("del(17p)", "structural", "17"),
]
KARYOTYPES = [
    (
        "three unrelated abnormalities incl. a monosomy",
        P03,
        [],
        "AML",
        {"complex_karyotype", "monosomal_karyotype"},
    ),
    (
        "hyperdiploid with trisomies only is not complex",
        [ab("+4", "numerical", "4"), ab("+6", "numerical", "6"), ab("+10", "numerical", "10")],
        [],
        "AML",
        set(),
    ),
    (
        "a class-defining fusion excludes complex",
        [
            ab("t(8;21)", "structural", "8"),
            ab("del(9q)", "structural", "9"),
            ab("+8", "numerical", "8"),
        ],
        [fusion("RUNX1", "RUNX1T1")],
        "AML",
        set(),
    ),
    (
        "two autosomal monosomies",
        [ab("-5", "numerical", "5"), ab("-7", "numerical", "7")],
        [],
        "AML",
        {"monosomal_karyotype"},
    ),
    (
        "one monosomy plus a structural abnormality",
        [ab("-7", "numerical", "7"), ab("del(20q)", "structural", "20")],
        [],
        "AML",
        {"monosomal_karyotype"},
    ),
    (
        "loss of Y does not count as a monosomy",
        [ab("-Y", "numerical", "Y"), ab("-7", "numerical", "7")],
        [],
        "AML",
        set(),
    ),
    (
        "CBF AML is never monosomal",
        [ab("-7", "numerical", "7"), ab("t(8;21)", "structural", "8")],
        [fusion("RUNX1", "RUNX1T1")],
        "AML",
        set(),
    ),
    ("the definitions apply to AML only", P03, [], "B-ALL", set()),
]


@pytest.mark.parametrize(
    "case,abnormalities,lesions,diagnosis,expected", KARYOTYPES, ids=[k[0] for k in KARYOTYPES]
)
def test_karyotype_definitions(case, abnormalities, lesions, diagnosis, expected):
    kar = {"karyotype": "x", "abnormalities": abnormalities, "complex": False, "monosomal": False}
    found = karyotype_lesions(ELN, context(diagnosis, lesions, karyotype=kar), KARYO_TIER)
    assert {le.id for le in found} == expected
    for le in found:
        assert le.rule_id in ("ELN-DEF-CK", "ELN-DEF-MK") and le.evidence[0]["detail"]


def test_karyotype_flags_are_used_when_no_abnormalities_are_listed():
    kar = {"karyotype": "x", "complex": True, "monosomal": False}
    found = karyotype_lesions(ELN, context("AML", [], karyotype=kar), KARYO_TIER)
    assert [le.id for le in found] == ["complex_karyotype"]
    assert "flag" in found[0].evidence[0]["detail"]


def test_variant_rara_apl_is_outside_eln():
    """ICC 2022 'APL with other RARA rearrangements' is APL: kept out of ELN like PML::RARA."""
    result = classify(ELN, context("AML", [fusion("ZBTB16", "RARA"), mut("ASXL1")]))
    assert (result["group"], result["rule_id"]) == ("not_applicable", "ELN-APL-RARA")


# ------------------------------------------------------------------------ not assessable
SV_OFF = Assessment(not_assessed=[{"analysis": "structural_variants", "reason": "delly failed"}])
CN_OFF = Assessment(not_assessed=[{"analysis": "copy_number", "reason": "too thin"}])
QC_FAIL = Assessment(qc_status="FAIL", qc_reasons=["mean depth 7x below 30x"])

# (case, lesions, assessment, group, possible groups (not_assessable) or None)
NOT_ASSESSABLE = [
    (
        "QC FAIL, nothing found",
        [],
        QC_FAIL,
        "not_assessable",
        ["favorable", "intermediate", "adverse"],
    ),
    ("QC FAIL, TP53 found: adverse stands", [mut("TP53", vaf=0.46)], QC_FAIL, "adverse", None),
    ("QC FAIL, PML::RARA found", [fusion("PML", "RARA")], QC_FAIL, "not_applicable", None),
    (
        "NPM1 with FLT3-ITD not assessed",
        [mut("NPM1")],
        Assessment(genes_not_covered=["FLT3"]),
        "not_assessable",
        ["favorable", "intermediate"],
    ),
    (
        "NPM1, SV not assessed: adverse cytogenetics (KMT2A-r) could hide",
        [mut("NPM1")],
        SV_OFF,
        "not_assessable",
        ["favorable", "intermediate", "adverse"],
    ),
    (
        "CBF AML with copy number not assessed (adverse cytogenetics could hide)",
        [fusion("RUNX1", "RUNX1T1")],
        CN_OFF,
        "not_assessable",
        ["favorable", "adverse"],
    ),
    (
        "-7 with SV not assessed stays adverse",
        [cna("-7", "7", "loss", "chromosome")],
        SV_OFF,
        "adverse",
        None,
    ),
    (
        "nothing found, TP53 not covered: never the default intermediate",
        [mut("DNMT3A")],
        Assessment(genes_not_covered=["TP53"]),
        "not_assessable",
        ["intermediate", "adverse"],
    ),
    (
        "chromosome 5 not assessable",
        [],
        Assessment(not_assessed=[{"analysis": "copy_number", "region": "5", "reason": "few bins"}]),
        "not_assessable",
        ["intermediate", "adverse"],
    ),
    (
        "chromosome 7q not assessable does not matter (-7 needs the whole 7, del(7q) is no marker)",
        [mut("DNMT3A")],
        Assessment(
            not_assessed=[{"analysis": "copy_number", "region": "13", "reason": "few bins"}]
        ),
        "intermediate",
        None,
    ),
]


@pytest.mark.parametrize(
    "case,lesions,assessment,group,possible", NOT_ASSESSABLE, ids=[c[0] for c in NOT_ASSESSABLE]
)
def test_not_assessable_is_an_answer(case, lesions, assessment, group, possible):
    ctx = context("AML", lesions)
    ctx.assessment = assessment
    result = classify(ELN, ctx)
    assert result["group"] == group
    if group == "not_assessable":
        assert result["rule_id"] == "ELN-NOT-ASSESSABLE" and result["decided_by"] == []
        assert result["possible_groups"] == possible
        assert result["missing_inputs"] and "Not assessable" in result["reason"]


def test_an_adverse_group_found_names_the_exception_an_unassessed_lesion_could_trigger():
    """TP53 adverse stands with SV not assessed, but t(9;11) (ELN-EXC-T911) could not be
    excluded: the note says so."""
    ctx = context("AML", [mut("TP53", vaf=0.3)])
    ctx.assessment = SV_OFF
    result = classify(ELN, ctx)
    assert result["group"] == "adverse"
    (note,) = [n for n in result["notes"] if n["rule_id"] == "ELN-NOT-ASSESSABLE"]
    assert "intermediate" in note["text"] and "structural variants not assessed" in note["text"]


def test_complex_karyotype_is_undetermined_without_copy_number():
    ctx = context("AML", [], karyotype={})
    ctx.assessment = CN_OFF
    assert karyotype_lesions(ELN, ctx, KARYO_TIER) == []
    assert set(ctx.undetermined) == {"complex_karyotype", "monosomal_karyotype"}


def test_a_class_defining_fusion_excludes_complex_karyotype_without_copy_number():
    ctx = context("AML", [fusion("RUNX1", "RUNX1T1")], karyotype={})
    ctx.assessment = CN_OFF
    karyotype_lesions(ELN, ctx, KARYO_TIER)
    assert ctx.undetermined == {}
