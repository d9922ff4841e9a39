"""WHO 2022 and ICC 2022 entities side by side: one case per defining lesion of the shipped
who_icc2022.yaml (AML, B-ALL, T-ALL), the blast thresholds, derived lesions and qualifiers."""

import pytest
from alwgs.interpret.knowledge import load_tiers, load_who_icc
from alwgs.interpret.who_icc import classify, derived_lesions
from interp_fixtures import KNOWLEDGE, cna, context, fusion, itd, karyo, mut

KB = load_who_icc(KNOWLEDGE / "who_icc2022.yaml")
KARYO_TIER = load_tiers(KNOWLEDGE / "amp_tiers.yaml")["structural"]["karyotype"]


def lesion(lid, kind="ploidy"):
    le = karyo(lid)
    le.kind = kind
    return le


# (case, diagnosis, lesions, WHO rule, ICC rule, WHO defining lesions, ICC defining lesions)
CASES = [
    (
        "AML PML::RARA",
        "AML",
        [fusion("PML", "RARA")],
        "WHO-AML-PML-RARA",
        "ICC-AML-PML-RARA",
        {"PML::RARA"},
        {"PML::RARA"},
    ),
    (
        "AML other RARA partner",
        "AML",
        [fusion("ZBTB16", "RARA")],
        "WHO-AML-OTHER",
        "ICC-AML-RARA-R",
        {"ZBTB16::RARA"},
        {"ZBTB16::RARA"},
    ),
    (
        "AML RUNX1::RUNX1T1",
        "AML",
        [fusion("RUNX1", "RUNX1T1"), mut("KIT")],
        "WHO-AML-RUNX1-RUNX1T1",
        "ICC-AML-RUNX1-RUNX1T1",
        {"RUNX1::RUNX1T1"},
        {"RUNX1::RUNX1T1"},
    ),
    (
        "AML CBFB::MYH11",
        "AML",
        [fusion("CBFB", "MYH11")],
        "WHO-AML-CBFB-MYH11",
        "ICC-AML-CBFB-MYH11",
        {"CBFB::MYH11"},
        {"CBFB::MYH11"},
    ),
    (
        "AML t(9;11)",
        "AML",
        [fusion("KMT2A", "MLLT3")],
        "WHO-AML-KMT2A-R",
        "ICC-AML-MLLT3-KMT2A",
        {"KMT2A::MLLT3"},
        {"KMT2A::MLLT3"},
    ),
    (
        "AML other KMT2A partner",
        "AML",
        [fusion("KMT2A", "MLLT10")],
        "WHO-AML-KMT2A-R",
        "ICC-AML-KMT2A-R",
        {"KMT2A::MLLT10"},
        {"KMT2A::MLLT10"},
    ),
    (
        "AML DEK::NUP214",
        "AML",
        [fusion("DEK", "NUP214")],
        "WHO-AML-DEK-NUP214",
        "ICC-AML-DEK-NUP214",
        {"DEK::NUP214"},
        {"DEK::NUP214"},
    ),
    (
        "AML GATA2::MECOM",
        "AML",
        [fusion("GATA2", "MECOM")],
        "WHO-AML-MECOM-R",
        "ICC-AML-GATA2-MECOM",
        {"GATA2::MECOM"},
        {"GATA2::MECOM"},
    ),
    (
        "AML other MECOM partner",
        "AML",
        [fusion("ETV6", "MECOM")],
        "WHO-AML-MECOM-R",
        "ICC-AML-MECOM-R",
        {"ETV6::MECOM"},
        {"ETV6::MECOM"},
    ),
    (
        "AML NUP98 rearranged",
        "AML",
        [fusion("NUP98", "NSD1")],
        "WHO-AML-NUP98-R",
        "ICC-AML-RARE-TRANSLOCATIONS",
        {"NUP98::NSD1"},
        {"NUP98::NSD1"},
    ),
    (
        "AML RBM15::MRTFA",
        "AML",
        [fusion("RBM15", "MRTFA")],
        "WHO-AML-RBM15-MRTFA",
        "ICC-AML-RARE-TRANSLOCATIONS",
        {"RBM15::MRTFA"},
        {"RBM15::MRTFA"},
    ),
    (
        "AML BCR::ABL1",
        "AML",
        [fusion("BCR", "ABL1")],
        "WHO-AML-BCR-ABL1",
        "ICC-AML-BCR-ABL1",
        {"BCR::ABL1"},
        {"BCR::ABL1"},
    ),
    (
        "AML NPM1",
        "AML",
        [mut("NPM1"), itd(), mut("DNMT3A")],
        "WHO-AML-NPM1",
        "ICC-AML-NPM1",
        {"NPM1_mut"},
        {"NPM1_mut"},
    ),
    (
        "AML bZIP CEBPA",
        "AML",
        [mut("CEBPA", hotspot="HS-CEBPA-BZIP")],
        "WHO-AML-CEBPA",
        "ICC-AML-CEBPA-BZIP",
        {"CEBPA_mut"},
        {"CEBPA_mut"},
    ),
    (
        "AML biallelic non-bZIP CEBPA (WHO only)",
        "AML",
        [mut("CEBPA", n=2)],
        "WHO-AML-CEBPA",
        "ICC-AML-NOS",
        {"CEBPA_mut"},
        set(),
    ),
    (
        "AML TP53 with MR cytogenetics: WHO MR, ICC TP53",
        "AML",
        [mut("TP53", vaf=0.4), cna("-7", "7", "loss", "chromosome"), karyo("complex_karyotype")],
        "WHO-AML-MR",
        "ICC-AML-TP53",
        {"-7", "complex_karyotype"},
        {"TP53_mut"},
    ),
    (
        "AML TP53 below VAF 10%: not ICC TP53",
        "AML",
        [mut("TP53", vaf=0.05)],
        "WHO-AML-DIFF",
        "ICC-AML-NOS",
        set(),
        set(),
    ),
    (
        "AML MR gene (both)",
        "AML",
        [mut("SRSF2")],
        "WHO-AML-MR",
        "ICC-AML-MR-GENES",
        {"SRSF2_mut"},
        {"SRSF2_mut"},
    ),
    (
        "AML RUNX1 mutation is MR in ICC only",
        "AML",
        [mut("RUNX1")],
        "WHO-AML-DIFF",
        "ICC-AML-MR-GENES",
        set(),
        {"RUNX1_mut"},
    ),
    (
        "AML +8 is MR cytogenetics in ICC only",
        "AML",
        [cna("+8", "8", "gain", "chromosome")],
        "WHO-AML-DIFF",
        "ICC-AML-MR-CYTOGENETICS",
        set(),
        {"+8"},
    ),
    (
        "AML del(11q) is MR cytogenetics in WHO only",
        "AML",
        [cna("del(11q)", "11", "loss", "q")],
        "WHO-AML-MR",
        "ICC-AML-NOS",
        {"del(11q)"},
        set(),
    ),
    ("AML UBTF-TD", "AML", [itd("UBTF")], "WHO-AML-OTHER", "ICC-AML-NOS", {"UBTF_ITD"}, set()),
    (
        "AML without defining lesion",
        "AML",
        [mut("DDX41")],
        "WHO-AML-DIFF",
        "ICC-AML-NOS",
        set(),
        set(),
    ),
    (
        "B-ALL BCR::ABL1",
        "B-ALL",
        [fusion("BCR", "ABL1"), mut("IKZF1")],
        "WHO-BALL-BCR-ABL1",
        "ICC-BALL-BCR-ABL1",
        {"BCR::ABL1"},
        {"BCR::ABL1"},
    ),
    (
        "B-ALL KMT2A rearranged",
        "B-ALL",
        [fusion("KMT2A", "AFF1")],
        "WHO-BALL-KMT2A-R",
        "ICC-BALL-KMT2A-R",
        {"KMT2A::AFF1"},
        {"KMT2A::AFF1"},
    ),
    (
        "B-ALL ETV6::RUNX1",
        "B-ALL",
        [fusion("ETV6", "RUNX1")],
        "WHO-BALL-ETV6-RUNX1",
        "ICC-BALL-ETV6-RUNX1",
        {"ETV6::RUNX1"},
        {"ETV6::RUNX1"},
    ),
    (
        "B-ALL TCF3::PBX1",
        "B-ALL",
        [fusion("TCF3", "PBX1")],
        "WHO-BALL-TCF3-PBX1",
        "ICC-BALL-TCF3-PBX1",
        {"TCF3::PBX1"},
        {"TCF3::PBX1"},
    ),
    (
        "B-ALL TCF3::HLF",
        "B-ALL",
        [fusion("TCF3", "HLF")],
        "WHO-BALL-TCF3-HLF",
        "ICC-BALL-HLF-R",
        {"TCF3::HLF"},
        {"TCF3::HLF"},
    ),
    (
        "B-ALL IGH::IL3",
        "B-ALL",
        [fusion("IL3", "IGH")],
        "WHO-BALL-IGH-IL3",
        "ICC-BALL-IL3-IGH",
        {"IL3::IGH"},
        {"IL3::IGH"},
    ),
    (
        "B-ALL iAMP21",
        "B-ALL",
        [lesion("iAMP21", "cna")],
        "WHO-BALL-IAMP21",
        "ICC-BALL-IAMP21",
        {"iAMP21"},
        {"iAMP21"},
    ),
    (
        "B-ALL high hyperdiploidy",
        "B-ALL",
        [lesion("high_hyperdiploidy")],
        "WHO-BALL-HHD",
        "ICC-BALL-HHD",
        {"high_hyperdiploidy"},
        {"high_hyperdiploidy"},
    ),
    (
        "B-ALL low hypodiploid",
        "B-ALL",
        [lesion("low_hypodiploid")],
        "WHO-BALL-HYPODIPLOIDY",
        "ICC-BALL-LOW-HYPODIPLOID",
        {"low_hypodiploid"},
        {"low_hypodiploid"},
    ),
    (
        "B-ALL near haploid",
        "B-ALL",
        [lesion("near_haploid")],
        "WHO-BALL-HYPODIPLOIDY",
        "ICC-BALL-NEAR-HAPLOID",
        {"near_haploid"},
        {"near_haploid"},
    ),
    (
        "B-ALL high hypodiploid (WHO hypodiploidy only)",
        "B-ALL",
        [lesion("high_hypodiploid")],
        "WHO-BALL-HYPODIPLOIDY",
        "ICC-BALL-NOS",
        {"high_hypodiploid"},
        set(),
    ),
    (
        "B-ALL ABL-class fusion",
        "B-ALL",
        [fusion("EBF1", "PDGFRB")],
        "WHO-BALL-BCR-ABL1-LIKE",
        "ICC-BALL-BCR-ABL1-LIKE-ABL",
        {"EBF1::PDGFRB"},
        {"EBF1::PDGFRB"},
    ),
    (
        "B-ALL JAK-STAT fusion",
        "B-ALL",
        [fusion("P2RY8", "CRLF2")],
        "WHO-BALL-BCR-ABL1-LIKE",
        "ICC-BALL-BCR-ABL1-LIKE-JAK",
        {"P2RY8::CRLF2"},
        {"P2RY8::CRLF2"},
    ),
    (
        "B-ALL MYC rearranged (ICC)",
        "B-ALL",
        [fusion("IGH", "MYC")],
        "WHO-BALL-NOS",
        "ICC-BALL-MYC-R",
        set(),
        {"IGH::MYC"},
    ),
    (
        "B-ALL DUX4 rearranged",
        "B-ALL",
        [fusion("IGH", "DUX4")],
        "WHO-BALL-OTHER",
        "ICC-BALL-DUX4-R",
        {"IGH::DUX4"},
        {"IGH::DUX4"},
    ),
    (
        "B-ALL MEF2D rearranged",
        "B-ALL",
        [fusion("MEF2D", "BCL9")],
        "WHO-BALL-OTHER",
        "ICC-BALL-MEF2D-R",
        {"MEF2D::BCL9"},
        {"MEF2D::BCL9"},
    ),
    (
        "B-ALL ZNF384 rearranged",
        "B-ALL",
        [fusion("TCF3", "ZNF384")],
        "WHO-BALL-OTHER",
        "ICC-BALL-ZNF384-R",
        {"TCF3::ZNF384"},
        {"TCF3::ZNF384"},
    ),
    (
        "B-ALL NUTM1 rearranged",
        "B-ALL",
        [fusion("ACIN1", "NUTM1")],
        "WHO-BALL-OTHER",
        "ICC-BALL-NUTM1-R",
        {"ACIN1::NUTM1"},
        {"ACIN1::NUTM1"},
    ),
    (
        "B-ALL IKZF1 N159Y",
        "B-ALL",
        [mut("IKZF1", hotspot="HS-IKZF1-N159")],
        "WHO-BALL-OTHER",
        "ICC-BALL-IKZF1-N159Y",
        {"IKZF1_mut"},
        {"IKZF1_mut"},
    ),
    (
        "B-ALL PAX5 P80R",
        "B-ALL",
        [mut("PAX5", hotspot="HS-PAX5-P80")],
        "WHO-BALL-OTHER",
        "ICC-BALL-PAX5-P80R",
        {"PAX5_mut"},
        {"PAX5_mut"},
    ),
    (
        "B-ALL without defining lesion",
        "B-ALL",
        [lesion("CDKN2A_del", "focal_deletion")],
        "WHO-BALL-NOS",
        "ICC-BALL-NOS",
        set(),
        set(),
    ),
    (
        "T-ALL BCL11B rearranged",
        "T-ALL",
        [fusion("ARID1B", "BCL11B")],
        "WHO-TALL-NOS",
        "ICC-TALL-ETP-BCL11B",
        set(),
        {"ARID1B::BCL11B"},
    ),
    (
        "T-ALL TAL1",
        "T-ALL",
        [fusion("STIL", "TAL1")],
        "WHO-TALL-NOS",
        "ICC-TALL-TAL",
        set(),
        {"STIL::TAL1"},
    ),
    (
        "T-ALL TLX1",
        "T-ALL",
        [fusion("TRD", "TLX1")],
        "WHO-TALL-NOS",
        "ICC-TALL-TLX1",
        set(),
        {"TRD::TLX1"},
    ),
    (
        "T-ALL TLX3",
        "T-ALL",
        [fusion("BCL11B", "TLX3")],
        "WHO-TALL-NOS",
        "ICC-TALL-ETP-BCL11B",
        set(),
        {"BCL11B::TLX3"},
    ),
    (
        "T-ALL TLX3 with another partner",
        "T-ALL",
        [fusion("TRB", "TLX3")],
        "WHO-TALL-NOS",
        "ICC-TALL-TLX3",
        set(),
        {"TRB::TLX3"},
    ),
    (
        "T-ALL HOXA (KMT2A)",
        "T-ALL",
        [fusion("KMT2A", "MLLT1")],
        "WHO-TALL-NOS",
        "ICC-TALL-HOXA",
        set(),
        {"KMT2A::MLLT1"},
    ),
    (
        "T-ALL LMO2",
        "T-ALL",
        [fusion("TRD", "LMO2")],
        "WHO-TALL-NOS",
        "ICC-TALL-LMO",
        set(),
        {"TRD::LMO2"},
    ),
    (
        "T-ALL NKX2-1",
        "T-ALL",
        [fusion("TRB", "NKX2-1")],
        "WHO-TALL-NOS",
        "ICC-TALL-NKX2-1",
        set(),
        {"TRB::NKX2-1"},
    ),
    (
        "T-ALL SPI1",
        "T-ALL",
        [fusion("STMN1", "SPI1")],
        "WHO-TALL-NOS",
        "ICC-TALL-SPI1",
        set(),
        {"STMN1::SPI1"},
    ),
    (
        "T-ALL without defining lesion",
        "T-ALL",
        [mut("NOTCH1")],
        "WHO-TALL-NOS",
        "ICC-TALL-NOS",
        set(),
        set(),
    ),
]


@pytest.mark.parametrize(
    "case,diagnosis,lesions,who,icc,who_les,icc_les", CASES, ids=[c[0] for c in CASES]
)
def test_entities_side_by_side(case, diagnosis, lesions, who, icc, who_les, icc_les):
    out = classify(KB, context(diagnosis, lesions, blasts=0.6))
    assert (out["who2022"]["rule_id"], out["icc2022"]["rule_id"]) == (who, icc)
    assert set(out["who2022"]["lesions"]) == who_les
    assert set(out["icc2022"]["lesions"]) == icc_les
    assert out["who2022"]["entity"] and out["icc2022"]["entity"]
    assert (out["who2022"]["year"], out["icc2022"]["year"]) == (2022, 2022)
    assert out["concordant"] == (who_les == icc_les)


def test_every_shipped_entity_has_a_case():
    shipped = {e["id"] for d in KB["classifications"].values() for s in d.values() for e in s}
    covered = {c[3] for c in CASES} | {c[4] for c in CASES}
    assert shipped - covered == set()


def test_entity_names_of_the_demo_truth():
    p01 = classify(KB, context("AML", [mut("NPM1"), itd(), mut("DNMT3A")], blasts=0.8))
    assert p01["who2022"]["entity"] == "AML with NPM1 mutation"
    assert p01["icc2022"]["entity"] == "AML with mutated NPM1"
    p06 = classify(KB, context("AML", [mut("DDX41")], blasts=0.6))
    assert p06["who2022"]["entity"] == "AML, defined by differentiation"
    assert p06["icc2022"]["entity"] == "AML, not otherwise specified"


# ------------------------------------------------------------------------------ blasts
def test_icc_tp53_between_10_and_19_percent_blasts_is_mds_aml():
    out = classify(KB, context("AML", [mut("TP53", vaf=0.4)], blasts=0.15))
    assert out["icc2022"]["entity"] == "MDS/AML with mutated TP53"
    assert out["icc2022"]["lesions"] == ["TP53_mut"]
    assert any("below 20%" in n for n in out["icc2022"]["notes"])


def test_bcr_abl1_aml_needs_20_percent_blasts():
    out = classify(KB, context("AML", [fusion("BCR", "ABL1")], blasts=0.15))
    assert out["who2022"]["rule_id"] != "WHO-AML-BCR-ABL1"
    assert out["icc2022"]["rule_id"] != "ICC-AML-BCR-ABL1"
    assert any("WHO-AML-BCR-ABL1" in n for n in out["who2022"]["notes"])


def test_unknown_blast_fraction_is_reported_not_assumed():
    out = classify(KB, context("AML", [fusion("RUNX1", "RUNX1T1")], blasts=None))
    assert out["icc2022"]["rule_id"] == "ICC-AML-RUNX1-RUNX1T1"
    assert any("not given" in n for n in out["icc2022"]["notes"])


def test_unknown_diagnosis_has_no_entity():
    out = classify(KB, context("unknown", [fusion("BCR", "ABL1")]))
    assert out["who2022"]["entity"] is None and out["icc2022"]["entity"] is None


def test_germline_finding_adds_a_qualifier():
    spec = [{"gene": "DDX41", "category": "without a pre-existing platelet disorder"}]
    out = classify(KB, context("AML", [mut("DDX41")]), spec)
    assert out["who2022"]["qualifiers"] == out["icc2022"]["qualifiers"]
    assert "germline DDX41" in out["icc2022"]["qualifiers"][0]


# ------------------------------------------------------------------------------ derived
@pytest.mark.parametrize(
    "count,expected",
    [
        (54, {"high_hyperdiploidy"}),
        (66, set()),
        (50, set()),
        (28, {"near_haploid"}),
        (35, {"low_hypodiploid"}),
        (42, {"high_hypodiploid"}),
        (46, set()),
    ],
)
def test_ploidy_lesions_from_the_chromosome_count(count, expected):
    ctx = context("B-ALL", [], karyotype={"chromosome_count": count, "karyotype": "x"})
    found = derived_lesions(KB, ctx, KARYO_TIER)
    assert {le.id for le in found} == expected
    assert all(le.evidence[0]["chromosome_count"] == count for le in found)


def test_iamp21_from_runx1_copy_number():
    events = [{"chrom": "chr21", "copy_number": "6", "genes": "RUNX1,ERG", "level": "focal"}]
    found = derived_lesions(KB, context("B-ALL", [], events=events), KARYO_TIER)
    assert [le.id for le in found] == ["iAMP21"]
    events[0]["copy_number"] = "4"
    assert derived_lesions(KB, context("B-ALL", [], events=events), KARYO_TIER) == []
    # a change on a chromosome with too little callable sequence to assess is no evidence
    events[0].update(copy_number="6", level="not_assessable")
    assert derived_lesions(KB, context("B-ALL", [], events=events), KARYO_TIER) == []


def test_ploidy_lesions_only_for_b_all():
    ctx = context("AML", [], karyotype={"chromosome_count": 54})
    assert derived_lesions(KB, ctx, KARYO_TIER) == []
