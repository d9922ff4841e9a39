"""WHO 2022 and ICC 2022 entities side by side: one case per defining lesion of the shipped
who_icc2022.yaml (AML, B-ALL, T-ALL), the blast thresholds, derived lesions and qualifiers."""

import pytest
from alwgs.interpret.knowledge import load_tiers, load_who_icc
from alwgs.interpret.model import Assessment
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
        [mut("CEBPA", hotspot="HS-CEBPA-BZIP", hgvsp="p.Lys313dup")],
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
        [
            mut("TP53", vaf=0.4),
            cna("-7", "7", "loss", "chromosome"),
            karyo("complex_karyotype"),
            karyo("complex_karyotype_who2022"),
        ],
        "WHO-AML-MR",
        "ICC-AML-TP53",
        # WHO reads its own complex-karyotype definition (derived lesion), not ELN/ICC's
        {"-7", "complex_karyotype_who2022"},
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
        "B-ALL IG::MYC (WHO other defined, ICC MYC rearranged)",
        "B-ALL",
        [fusion("IGH", "MYC")],
        "WHO-BALL-OTHER",
        "ICC-BALL-MYC-R",
        {"IGH::MYC"},
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
        [mut("IKZF1", hotspot="HS-IKZF1-N159", hgvsp="p.Asn159Tyr")],
        "WHO-BALL-OTHER",
        "ICC-BALL-IKZF1-N159Y",
        {"IKZF1_mut"},
        {"IKZF1_mut"},
    ),
    (
        "B-ALL PAX5 P80R",
        "B-ALL",
        [mut("PAX5", hotspot="HS-PAX5-P80", hgvsp="p.Pro80Arg")],
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
        "T-ALL TLX3 by the BCL11B enhancer is T-ALL with TLX3, not ETP-ALL with BCL11B",
        "T-ALL",
        [fusion("BCL11B", "TLX3")],
        "WHO-TALL-NOS",
        "ICC-TALL-TLX3",
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


def delet(gene, cn=1):
    le = lesion(f"{gene}_del", "focal_deletion")
    le.genes = (gene,)
    le.evidence = [{"copy_number": str(cn)}]
    return le


def zeb2_h1038r():
    le = mut("ZEB2")
    le.evidence = [{"hgvsp": "p.(His1038Arg)", "vaf": 0.4}]
    return le


# Entities added with the ICC 2022 ALL and WHO 2022 partner sets (Duffield 2023, Alaggio 2022).
CASES += [
    (
        "AML variant RARA partner NPM1::RARA",
        "AML",
        [fusion("NPM1", "RARA")],
        "WHO-AML-OTHER",
        "ICC-AML-RARA-R",
        {"NPM1::RARA"},
        {"NPM1::RARA"},
    ),
    (
        "AML PICALM::MLLT10 (ICC rare recurring translocation)",
        "AML",
        [fusion("PICALM", "MLLT10")],
        "WHO-AML-OTHER",
        "ICC-AML-RARE-TRANSLOCATIONS",
        {"PICALM::MLLT10"},
        {"PICALM::MLLT10"},
    ),
    (
        "AML MNX1::ETV6",
        "AML",
        [fusion("MNX1", "ETV6")],
        "WHO-AML-OTHER",
        "ICC-AML-RARE-TRANSLOCATIONS",
        {"MNX1::ETV6"},
        {"MNX1::ETV6"},
    ),
    (
        "B-ALL PAX5::JAK2 is JAK-STAT BCR::ABL1-like, not PAX5alt",
        "B-ALL",
        [fusion("PAX5", "JAK2")],
        "WHO-BALL-BCR-ABL1-LIKE",
        "ICC-BALL-BCR-ABL1-LIKE-JAK",
        {"PAX5::JAK2"},
        {"PAX5::JAK2"},
    ),
    (
        "B-ALL IGH::EPOR",
        "B-ALL",
        [fusion("IGH", "EPOR")],
        "WHO-BALL-BCR-ABL1-LIKE",
        "ICC-BALL-BCR-ABL1-LIKE-JAK",
        {"IGH::EPOR"},
        {"IGH::EPOR"},
    ),
    (
        "B-ALL SSBP2::CSF1R (ABL-class)",
        "B-ALL",
        [fusion("SSBP2", "CSF1R")],
        "WHO-BALL-BCR-ABL1-LIKE",
        "ICC-BALL-BCR-ABL1-LIKE-ABL",
        {"SSBP2::CSF1R"},
        {"SSBP2::CSF1R"},
    ),
    (
        "B-ALL PAR1 deletion is the P2RY8::CRLF2 lesion",
        "B-ALL",
        [lesion("PAR1_deletion", "profile")],
        "WHO-BALL-BCR-ABL1-LIKE",
        "ICC-BALL-BCR-ABL1-LIKE-JAK",
        {"PAR1_deletion"},
        {"PAR1_deletion"},
    ),
    (
        "B-ALL UBTF::ATXN7L3",
        "B-ALL",
        [fusion("UBTF", "ATXN7L3")],
        "WHO-BALL-OTHER",
        "ICC-BALL-UBTF-ATXN7L3",
        {"UBTF::ATXN7L3"},
        {"UBTF::ATXN7L3"},
    ),
    (
        "B-ALL PAX5 fusion: PAX5alt is the first candidate RNA must confirm",
        "B-ALL",
        [fusion("PAX5", "ETV6")],
        "WHO-BALL-OTHER",
        "ICC-BALL-NOS",
        {"PAX5::ETV6"},
        {"PAX5::ETV6"},
    ),
    (
        "B-ALL ZEB2 p.H1038R",
        "B-ALL",
        [zeb2_h1038r()],
        "WHO-BALL-OTHER",
        "ICC-BALL-ZEB2-CEBPE",
        {"ZEB2_mut"},
        {"ZEB2_mut"},
    ),
    (
        "B-ALL IGH::CEBPE",
        "B-ALL",
        [fusion("IGH", "CEBPE")],
        "WHO-BALL-OTHER",
        "ICC-BALL-ZEB2-CEBPE",
        {"IGH::CEBPE"},
        {"IGH::CEBPE"},
    ),
    (
        "B-ALL masked hypodiploidy reads low hypodiploid, not hyperdiploid",
        "B-ALL",
        [lesion("low_hypodiploid")],
        "WHO-BALL-HYPODIPLOIDY",
        "ICC-BALL-LOW-HYPODIPLOID",
        {"low_hypodiploid"},
        {"low_hypodiploid"},
    ),
    (
        "T-ALL TRB::HOXA",
        "T-ALL",
        [fusion("TRB", "HOXA")],
        "WHO-TALL-NOS",
        "ICC-TALL-HOXA",
        set(),
        {"TRB::HOXA"},
    ),
    (
        "T-ALL SET::NUP214",
        "T-ALL",
        [fusion("SET", "NUP214")],
        "WHO-TALL-NOS",
        "ICC-TALL-HOXA",
        set(),
        {"SET::NUP214"},
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
    covered |= {r for c in RNA_CASES for r in c[3] | c[4]}
    covered |= {"ICC-BALL-PAX5ALT"}  # test_pax5_alteration_found_in_dna_still_requires_rna
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


@pytest.mark.parametrize(
    "blasts,who,icc",
    [
        (0.25, "AML with BCR::ABL1 fusion", "AML with t(9;22)(q34.1;q11.2)/BCR::ABL1"),
        (
            0.15,
            "Chronic myeloid leukaemia (BCR::ABL1 with < 20% blasts; not AML)",
            "Chronic myeloid leukemia, accelerated phase",
        ),
        (
            0.05,
            "Chronic myeloid leukaemia (BCR::ABL1 with < 20% blasts; not AML)",
            "Chronic myeloid leukemia",
        ),
    ],
)
def test_bcr_abl1_below_20_percent_blasts_is_cml_never_mds_aml(blasts, who, icc):
    """ICC 2022 (Arber et al., Figure 1 legend): BCR::ABL1 with 10-19% blasts is CML in
    accelerated phase; WHO 2022 (Khoury et al.): AML with BCR::ABL1 needs >= 20% blasts."""
    out = classify(KB, context("AML", [fusion("BCR", "ABL1")], blasts=blasts))
    assert out["who2022"]["entity"] == who and out["icc2022"]["entity"] == icc
    assert out["icc2022"]["rule_id"] == "ICC-AML-BCR-ABL1"
    assert "MDS/AML" not in out["icc2022"]["entity"]
    assert any("accelerated phase" in n for n in out["icc2022"]["notes"])


def test_unknown_blast_fraction_is_reported_not_assumed():
    out = classify(KB, context("AML", [fusion("RUNX1", "RUNX1T1")], blasts=None))
    assert out["icc2022"]["rule_id"] == "ICC-AML-RUNX1-RUNX1T1"
    assert any("not given" in n for n in out["icc2022"]["notes"])


def test_unknown_diagnosis_is_not_assessable():
    out = classify(KB, context("unknown", [fusion("BCR", "ABL1")]))
    assert out["who2022"]["entity"] == out["icc2022"]["entity"] == "not_assessable"
    assert "lineage" in out["icc2022"]["missing_inputs"][0]


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


def _abn(*ids: str) -> list[dict]:
    """karyotype.json abnormalities as the copy-number stage and the findings reader write
    them (ISCN id, kind, count)."""
    return [
        {"id": i, "kind": "numerical" if i[0] in "+-" else "structural", "count": 1} for i in ids
    ]


@pytest.mark.parametrize(
    "ids,who_complex",
    [
        (("+8", "+13", "+21"), True),  # WHO: >= 3 abnormalities, trisomies included
        (("+8", "+21", "+mar"), True),
        (("+8", "del(9)(q13q22)"), False),
    ],
)
def test_who_complex_karyotype_is_its_own_definition(ids, who_complex):
    """WHO 2022 AML-MR: complex karyotype >= 3 abnormalities, without the ELN 2022 / ICC 2022
    exclusion of hyperdiploid karyotypes of trisomies only (Khoury 2022; Arber 2022)."""
    ctx = context("AML", [], karyotype={"karyotype": "x", "abnormalities": _abn(*ids)})
    found = {le.id for le in derived_lesions(KB, ctx, KARYO_TIER)}
    assert ("complex_karyotype_who2022" in found) is who_complex
    assert "complex_karyotype" not in found  # ELN/ICC's own lesion comes from the ELN engine


def test_three_trisomies_are_mr_for_who_only_through_its_complex_karyotype():
    """49,XY,+8,+13,+21: WHO MR by its complex karyotype; ICC MR by +8 (ICC's complex
    karyotype, the ELN one, excludes trisomies only); without +8 ICC has no MR lesion."""
    trisomies = [cna(f"+{c}", c, "gain", "chromosome") for c in ("8", "13", "21")]
    ctx = context(
        "AML", trisomies, karyotype={"karyotype": "x", "abnormalities": _abn("+8", "+13", "+21")}
    )
    ctx.lesions += derived_lesions(KB, ctx, KARYO_TIER)
    out = classify(KB, ctx)
    assert out["who2022"]["rule_id"] == "WHO-AML-MR"
    assert out["who2022"]["lesions"] == ["complex_karyotype_who2022"]
    assert (out["icc2022"]["rule_id"], out["icc2022"]["lesions"]) == (
        "ICC-AML-MR-CYTOGENETICS",
        ["+8"],
    )
    others = [cna(f"+{c}", c, "gain", "chromosome") for c in ("6", "13", "21")]
    ctx = context(
        "AML", others, karyotype={"karyotype": "x", "abnormalities": _abn("+6", "+13", "+21")}
    )
    ctx.lesions += derived_lesions(KB, ctx, KARYO_TIER)
    out = classify(KB, ctx)
    assert out["who2022"]["rule_id"] == "WHO-AML-MR"
    assert out["icc2022"]["rule_id"] == "ICC-AML-NOS"


@pytest.mark.parametrize(
    "written,found",
    [
        ("idic(X)(q13)", True),
        ("idic(X)(q13.1)", True),  # a higher-resolution band of q13
        ("idic(X)(q21)", False),
        ("i(X)(q10)", False),
        ("idic(17)(p11.2)", False),
    ],
)
def test_idic_x_q13_is_a_lesion_both_mr_lists_cite(written, found):
    """idic(X)(q13) is myelodysplasia-related cytogenetics in WHO 2022 and ICC 2022; it is
    read from the karyotype at any band resolution."""
    ctx = context("AML", [], karyotype={"karyotype": "x", "abnormalities": _abn(written)})
    ctx.lesions += derived_lesions(KB, ctx, KARYO_TIER)
    assert ("idic(X)(q13)" in ctx.lesion_ids()) is found
    out = classify(KB, ctx)
    mr = ("WHO-AML-MR", "ICC-AML-MR-CYTOGENETICS")
    assert ((out["who2022"]["rule_id"], out["icc2022"]["rule_id"]) == mr) is found
    if found:
        assert out["who2022"]["lesions"] == out["icc2022"]["lesions"] == ["idic(X)(q13)"]
        (le,) = [le for le in ctx.lesions if le.id == "idic(X)(q13)"]
        assert "gain of Xpter->Xq13" in le.description  # what WGS would show


def test_karyotype_abnormality_conditions_are_unknown_when_copy_number_was_not_assessed():
    """Not found in a karyotype built without copy number: not excluded."""
    why = "not assessed (the findings file says assessed.copy_number: false)"
    ctx = context("AML", [], karyotype={"karyotype": "x", "abnormalities": _abn("+8")})
    ctx.assessment = Assessment(not_assessed=[{"analysis": "copy_number", "reason": why}])
    assert derived_lesions(KB, ctx, KARYO_TIER) == []
    assert set(ctx.undetermined) >= {"complex_karyotype_who2022", "idic(X)(q13)"}
    assert "copy number not assessed" in ctx.undetermined["idic(X)(q13)"][0]


# ------------------------------------------------------------------------------ requires RNA
# (case, diagnosis, lesions, WHO rule ids needing RNA, ICC rule ids needing RNA, entity texts)
RNA_CASES = [
    (
        "B-ALL without a DNA-defined lesion: expression entities are not excluded",
        "B-ALL",
        [],
        {"WHO-BALL-BCR-ABL1-LIKE-RNA", "WHO-BALL-ETV6-RUNX1-LIKE-RNA"},
        {
            "ICC-BALL-BCR-ABL1-LIKE-NOS-RNA",
            "ICC-BALL-ETV6-RUNX1-LIKE-RNA",
            "ICC-BALL-PAX5ALT-RNA",
            "ICC-BALL-ZNF384-LIKE-RNA",
            "ICC-BALL-KMT2A-LIKE-RNA",
        },
    ),
    (
        "B-ALL ERG deletion without a DUX4 junction: DUX4 requires RNA",
        "B-ALL",
        [delet("ERG")],
        {"WHO-BALL-BCR-ABL1-LIKE-RNA", "WHO-BALL-ETV6-RUNX1-LIKE-RNA"},
        {
            "ICC-BALL-DUX4-ERG-RNA",
            "ICC-BALL-BCR-ABL1-LIKE-NOS-RNA",
            "ICC-BALL-ETV6-RUNX1-LIKE-RNA",
            "ICC-BALL-PAX5ALT-RNA",
            "ICC-BALL-ZNF384-LIKE-RNA",
            "ICC-BALL-KMT2A-LIKE-RNA",
        },
    ),
]


@pytest.mark.parametrize("case,diagnosis,lesions,who,icc", RNA_CASES, ids=[c[0] for c in RNA_CASES])
def test_expression_entities_say_requires_rna_never_nos(case, diagnosis, lesions, who, icc):
    out = classify(KB, context(diagnosis, lesions))
    for system, ids in (("who2022", who), ("icc2022", icc)):
        entry = out[system]
        assert entry["entity"].startswith("requires RNA: "), entry["entity"]
        assert entry["entity"].endswith("(otherwise B-ALL, NOS)")
        assert {r["rule_id"] for r in entry["requires_rna"]} == ids


def test_dna_entity_wins_but_names_the_rna_entity_it_cannot_exclude():
    out = classify(KB, context("B-ALL", [delet("ERG"), fusion("IGH", "CEBPE")]))
    assert out["icc2022"]["rule_id"] == "ICC-BALL-ZEB2-CEBPE"
    assert out["icc2022"]["provisional"] is True
    assert [r["rule_id"] for r in out["icc2022"]["requires_rna"]] == ["ICC-BALL-DUX4-ERG-RNA"]
    assert any("not excluded (requires RNA)" in n for n in out["icc2022"]["notes"])


# ------------------------------------------------------------------------------ not assessable
def assessed(**kw):
    return Assessment(**kw)


@pytest.mark.parametrize(
    "case,diagnosis,lesions,assessment,who,icc",
    [
        (
            "QC FAIL, nothing found: not assessable, never a default entity",
            "AML",
            [],
            assessed(qc_status="FAIL", qc_reasons=["mean depth 7x"]),
            "not_assessable",
            "not_assessable",
        ),
        (
            "QC FAIL with PML::RARA found: the first entity of the hierarchy stands",
            "AML",
            [fusion("PML", "RARA")],
            assessed(qc_status="FAIL"),
            "APL with PML::RARA fusion",
            "APL with t(15;17)(q24.1;q21.2)/PML::RARA",
        ),
        (
            "SV not assessed with NPM1: the fusions above it are practically exclusive of it",
            "AML",
            [mut("NPM1")],
            assessed(not_assessed=[{"analysis": "structural_variants", "reason": "delly failed"}]),
            "AML with NPM1 mutation",
            "AML with mutated NPM1",
        ),
        (
            "copy number not assessed in B-ALL with BCR::ABL1: BCR::ABL1 ranks first",
            "B-ALL",
            [fusion("BCR", "ABL1")],
            assessed(not_assessed=[{"analysis": "copy_number", "reason": "too thin"}]),
            "B-ALL with BCR::ABL1 fusion",
            "B-ALL with t(9;22)(q34.1;q11.2)/BCR::ABL1",
        ),
        (
            "TP53 not covered: ICC MR genes found, TP53 above them unknown",
            "AML",
            [mut("ASXL1")],
            assessed(genes_not_covered=["TP53"]),
            "AML, myelodysplasia-related",
            "not_assessable",
        ),
        (
            "chromosome 7 not assessable: del(7q) of ICC MR cytogenetics unknown",
            "AML",
            [],
            assessed(
                not_assessed=[{"analysis": "copy_number", "region": "7q", "reason": "few bins"}]
            ),
            "not_assessable",
            "not_assessable",
        ),
    ],
)
def test_not_assessable_entities(case, diagnosis, lesions, assessment, who, icc):
    ctx = context(diagnosis, lesions)
    ctx.assessment = assessment
    out = classify(KB, ctx)
    assert (out["who2022"]["entity"], out["icc2022"]["entity"]) == (who, icc)
    for system in ("who2022", "icc2022"):
        if out[system]["entity"] == "not_assessable":
            assert out[system]["missing_inputs"] and out[system]["possible_entities"]
            assert "AML, not otherwise specified" not in out[system]["entity"]


# ------------------------------------------------------------------------------ IKZF1plus
@pytest.mark.parametrize(
    "case,lesions,expected",
    [
        ("IKZF1 + homozygous CDKN2A", [delet("IKZF1"), delet("CDKN2A", cn=0)], True),
        ("IKZF1 + hemizygous CDKN2A only", [delet("IKZF1"), delet("CDKN2A", cn=1)], False),
        ("IKZF1 + PAX5", [delet("IKZF1"), delet("PAX5")], True),
        ("IKZF1 + PAR1 (CSF2RA)", [delet("IKZF1"), delet("CSF2RA")], True),
        ("IKZF1 + P2RY8::CRLF2", [delet("IKZF1"), fusion("P2RY8", "CRLF2")], True),
        ("ERG deletion excludes", [delet("IKZF1"), delet("PAX5"), delet("ERG")], False),
        ("BCR::ABL1 excludes", [delet("IKZF1"), delet("PAX5"), fusion("BCR", "ABL1")], False),
        ("-7 is an IKZF1 deletion", [cna("-7", "7", "loss", "chromosome"), delet("PAX5")], True),
        ("IKZF1 alone", [delet("IKZF1")], False),
    ],
)
def test_ikzf1plus(case, lesions, expected):
    """Stanulla et al., J Clin Oncol 2018: IKZF1 deletion with CDKN2A/B (homozygous), PAX5 or
    PAR1 deletion, without ERG deletion."""
    found = derived_lesions(KB, context("B-ALL", lesions), KARYO_TIER)
    assert ("IKZF1plus" in {le.id for le in found}) == expected
    assert derived_lesions(KB, context("T-ALL", lesions), KARYO_TIER) == []


def test_ikzf1plus_undetermined_when_copy_number_was_not_assessed():
    ctx = context("B-ALL", [fusion("P2RY8", "CRLF2")])
    ctx.assessment = Assessment(not_assessed=[{"analysis": "copy_number", "reason": "thin"}])
    assert "IKZF1plus" not in {le.id for le in derived_lesions(KB, ctx, KARYO_TIER)}
    assert "IKZF1plus" in ctx.undetermined


@pytest.mark.parametrize(
    "count,expected",
    [(56, {"near_haploid"}), (70, {"low_hypodiploid"})],
)
def test_masked_hypodiploidy_is_never_high_hyperdiploid(count, expected):
    """A doubled clone (karyotype.json masked_hypodiploidy detected) takes the group of its
    count before doubling: 56 = 2 x 28 near-haploid, 70 = 2 x 35 low hypodiploid."""
    masked = {"status": "detected", "hypodiploid_count": count // 2, "reason": "LOH of 12"}
    kar = {"chromosome_count": count, "masked_hypodiploidy": masked}
    ctx = context("B-ALL", [], karyotype=kar)
    found = {le.id for le in derived_lesions(KB, ctx, KARYO_TIER)}
    assert found == expected and "high_hyperdiploidy" not in found


def test_npm1_names_the_fusions_it_could_not_exclude():
    ctx = context("AML", [mut("NPM1")])
    ctx.assessment = Assessment(
        not_assessed=[{"analysis": "structural_variants", "reason": "delly failed"}]
    )
    out = classify(KB, ctx)
    for system in ("who2022", "icc2022"):
        note = next(n for n in out[system]["notes"] if n.startswith("not excluded"))
        assert "PML::RARA" in note and "delly failed" in note


def test_without_npm1_an_unassessed_fusion_still_makes_it_not_assessable():
    ctx = context("AML", [mut("DNMT3A")])
    ctx.assessment = Assessment(
        not_assessed=[{"analysis": "structural_variants", "reason": "delly failed"}]
    )
    assert classify(KB, ctx)["icc2022"]["entity"] == "not_assessable"


@pytest.mark.parametrize(
    "hgvsp,who",
    [
        ("p.Gln305Ter", "WHO-AML-CEBPA"),  # a bZIP nonsense: WHO's single bZIP mutation
        ("p.Gln83Ter", "WHO-AML-DIFF"),  # N-terminal, single: not WHO's CEBPA entity
    ],
)
def test_who_cebpa_reads_the_bzip_span_whatever_the_change(hgvsp, who):
    out = classify(KB, context("AML", [mut("CEBPA", hgvsp=hgvsp)], blasts=0.4))
    assert out["who2022"]["rule_id"] == who
    assert out["icc2022"]["rule_id"] == "ICC-AML-NOS"  # ICC: in-frame bZIP only


@pytest.mark.parametrize(
    "blasts,who",
    [(0.15, "Myelodysplastic neoplasm with increased blasts"), (0.03, None)],
)
def test_who_aml_without_defining_lesion_below_20_percent(blasts, who):
    out = classify(KB, context("AML", [], blasts=blasts))
    assert out["who2022"]["entity"] == who


@pytest.mark.parametrize(
    "hgvsp,icc", [("p.Asn159Tyr", "ICC-BALL-IKZF1-N159Y"), ("p.Asn159Ser", None)]
)
def test_ikzf1_entity_is_n159y_only(hgvsp, icc):
    out = classify(KB, context("B-ALL", [mut("IKZF1", hotspot="HS-IKZF1-N159", hgvsp=hgvsp)]))
    assert (out["icc2022"]["rule_id"] == "ICC-BALL-IKZF1-N159Y") is (icc is not None)


def test_pax5_alteration_found_in_dna_still_requires_rna():
    """Duffield 2023: PAX5alt is assigned by its expression profile; the PAX5 fusion DNA shows
    makes it the first candidate, not the answer (WHO counts the rearrangement among its other
    defined genetic abnormalities)."""
    out = classify(KB, context("B-ALL", [fusion("PAX5", "NOL4L")]))
    icc = out["icc2022"]
    assert icc["entity"].startswith("requires RNA: B-ALL with PAX5 alteration;")
    assert icc["requires_rna"][0]["rule_id"] == "ICC-BALL-PAX5ALT"
    assert "ICC-BALL-PAX5ALT-RNA" not in {r["rule_id"] for r in icc["requires_rna"]}
    assert icc["lesions"] == ["PAX5::NOL4L"]
    assert out["who2022"]["rule_id"] == "WHO-BALL-OTHER"
