"""AMP/ASCO/CAP 2017 tiers: one case per rule of the shipped amp_tiers.yaml (and the cases that
must fall through a rule), and which tiered calls become lesions."""

import pytest
from alwgs.annotate.hotspots import load_hotspots
from alwgs.annotate.panels import read_panels
from alwgs.interpret.knowledge import load_knowledge, load_tiers
from alwgs.interpret.model import Call
from alwgs.interpret.oncogenicity import classify_call
from alwgs.interpret.tiers import reportable, tier_of
from interp_fixtures import KNOWLEDGE, PANEL, shipped_knowledge

TIERS = load_tiers(KNOWLEDGE / "amp_tiers.yaml")
ONC = load_knowledge(shipped_knowledge()).oncogenicity
HOTSPOTS = load_hotspots(KNOWLEDGE / "hotspots.tsv")
PANELS = read_panels(PANEL)
TWO_STARS = "criteria_provided,_multiple_submitters,_no_conflicts"


def call(gene, consequence, **kw):
    return Call(
        chrom="chr1",
        pos=100,
        ref="A",
        alt="T",
        filters=[],
        gene=gene,
        consequence=consequence,
        **kw,
    )


# (case, call, tier, level, rule): each call goes through the oncogenicity link first, as in the
# chain; the tier rules read its class.
CASES = [
    (
        "common population allele (SBVS1)",
        call("NRAS", "missense", pop_af=0.4),
        "IV",
        None,
        "AMP-T4-BENIGN",
    ),
    (
        "ClinVar benign with one star (SBS2)",
        call(
            "DNMT3A",
            "missense",
            clnsig=["Benign"],
            clnrevstat="criteria_provided,_single_submitter",
        ),
        "IV",
        None,
        "AMP-T4-BENIGN",
    ),
    (
        "ClinVar benign without stars does not count",
        call("DNMT3A", "missense", clnsig=["Benign"], clnrevstat="no_assertion_criteria_provided"),
        "III",
        None,
        "AMP-T3-CODING",
    ),
    (
        "FLT3-ITD",
        call("FLT3", "inframe_insertion", itd=True, itd_target="FLT3-ITD"),
        "I",
        "A",
        "AMP-T1-FLT3-ITD",
    ),
    (
        "other tandem duplication",
        call("UBTF", "inframe_insertion", itd=True),
        "II",
        "C",
        "AMP-T2-ITD",
    ),
    ("tier I hotspot", call("FLT3", "missense", hotspot="HS-FLT3-TKD"), "I", "A", "AMP-HOTSPOT"),
    (
        "tier II hotspot",
        call("DDX41", "missense", hotspot="HS-DDX41-R525"),
        "II",
        "C",
        "AMP-HOTSPOT",
    ),
    (
        "a hotspot is not benign by population",
        call("KIT", "missense", hotspot="HS-KIT-D816", pop_af=0.02),
        "II",
        "C",
        "AMP-HOTSPOT",
    ),
    (
        "TP53 nonsense (OVS1)",
        call("TP53", "stop_gained", hgvsp="p.(Arg196Ter)", protein_start=196),
        "I",
        "A",
        "AMP-T1-ONCOGENIC-GUIDELINE",
    ),
    (
        "TP53 DNA-binding-domain hotspot missense without ClinVar",
        call("TP53", "missense", hgvsp="p.(Arg248Gln)", protein_start=248),
        "I",
        "A",
        "AMP-T1-ONCOGENIC-GUIDELINE",
    ),
    (
        "TP53 missense ClinVar calls conflicting",
        call(
            "TP53",
            "missense",
            hgvsp="p.(Arg175His)",
            protein_start=175,
            clnsig=["Conflicting_classifications_of_pathogenicity"],
            clnrevstat="criteria_provided,_conflicting_classifications",
        ),
        "I",
        "A",
        "AMP-T1-ONCOGENIC-GUIDELINE",
    ),
    (
        "TP53 missense without evidence is of uncertain significance",
        call("TP53", "missense", hgvsp="p.(Pro36Ser)", protein_start=36),
        "III",
        None,
        "AMP-T3-CODING",
    ),
    (
        "truncating MR gene (OVS1)",
        call("ASXL1", "frameshift", hgvsp="p.(Gly646TrpfsTer12)", protein_start=646),
        "I",
        "A",
        "AMP-T1-ONCOGENIC-GUIDELINE",
    ),
    (
        "ClinVar pathogenic alone is not oncogenic (OS1 + OP4 = 5 points)",
        call("RUNX1", "missense", clnsig=["Pathogenic"], clnrevstat=TWO_STARS),
        "III",
        None,
        "AMP-T3-CODING",
    ),
    (
        "truncating tumor suppressor (OVS1)",
        call("TET2", "stop_gained"),
        "II",
        "C",
        "AMP-T2-ONCOGENIC",
    ),
    (
        "BRAF hotspot change with functional evidence and counts (not a guideline gene)",
        call("BRAF", "missense", hgvsp="p.(Val600Glu)", protein_start=600),
        "II",
        "C",
        "AMP-T2-ONCOGENIC",
    ),
    (
        "oncogenic NOTCH1 (T-ALL prognosis by study groups, not WHO/ICC/ELN)",
        call("NOTCH1", "missense", hgvsp="p.(Leu1593Pro)", protein_start=1593),
        "II",
        "C",
        "AMP-T2-ONCOGENIC",
    ),
    (
        "oncogenic FBXW7 outside a named hotspot row",
        call("FBXW7", "stop_gained", hgvsp="p.(Arg278Ter)", protein_start=278),
        "II",
        "C",
        "AMP-T2-ONCOGENIC",
    ),
    ("missense of unknown significance", call("ABL1", "missense"), "III", None, "AMP-T3-CODING"),
    (
        "truncating passenger in an oncogene",
        call("KMT2A", "frameshift"),
        "III",
        None,
        "AMP-T3-CODING",
    ),
    (
        "truncating GATA2 is not a somatic LoF lesion (GATA2: oncogene in the Census)",
        call("GATA2", "frameshift"),
        "III",
        None,
        "AMP-T3-CODING",
    ),
    ("intron", call("SF3B1", "intron"), "III", None, "AMP-T3-OTHER"),
]


def tier(c, diagnosis="AML"):
    return tier_of(c, TIERS, HOTSPOTS, None, classify_call(c, ONC).cls, diagnosis=diagnosis)


@pytest.mark.parametrize("case,c,tier,level,rule", CASES, ids=[c[0] for c in CASES])
def test_tier_rules(case, c, tier, level, rule):
    t = globals()["tier"](c)
    assert (t.tier, t.level, t.rule_id) == (tier, level, rule)
    assert t.description


def test_every_shipped_rule_has_a_case():
    assert {c[4] for c in CASES} == {r["id"] for r in TIERS["rules"]}


def test_hotspot_rule_carries_the_hotspot_source():
    t = tier(call("NPM1", "frameshift", hotspot="HS-NPM1-EX12"))
    assert "ELN 2022" in t.description


@pytest.mark.parametrize(
    "c,level,expected",
    [
        (call("NPM1", "frameshift", hotspot="HS-NPM1-EX12"), "I", True),
        (
            Call("chr1", 1, "A", "T", ["GermlineSuspect"], gene="TP53", consequence="stop_gained"),
            "I",
            True,
        ),
        (Call("chr1", 1, "A", "T", ["LowVAF"], gene="TP53", consequence="stop_gained"), "I", False),
        (call("ABL1", "missense"), "III", False),
        (call("BRAF", "missense", hotspot="HS-BRAF-V600"), "II", False),  # not a panel gene
    ],
    ids=[
        "tier I panel PASS",
        "GermlineSuspect kept",
        "failed filter",
        "tier III",
        "not in the panel",
    ],
)
def test_which_calls_become_lesions(c, level, expected):
    t = tier(c)
    assert t.tier == level
    assert reportable(c, t, TIERS, PANELS) is expected


def test_guideline_genes_are_the_markers_the_classifications_name():
    # NOTCH1/FBXW7 are prognostic in T-ALL study-group classifiers (GRAALL), named by no WHO,
    # ICC or ELN rule: tier II level C, not tier I (Li 2017).
    genes = set(TIERS["gene_sets"]["guideline_genes"])
    assert not {"NOTCH1", "FBXW7"} & genes
    assert {"TP53", "RUNX1", "DDX41", "ZEB2", "PAX5", "IKZF1"} <= genes


# ------------------------------------------------------------------------------ hotspot scope
@pytest.mark.parametrize(
    "c,diagnosis,expected",
    [
        (call("IDH1", "missense", hotspot="HS-IDH1-R132"), "AML", ("I", "A")),
        (call("IDH1", "missense", hotspot="HS-IDH1-R132"), "B-ALL", ("II", "C")),
        (call("IDH1", "missense", hotspot="HS-IDH1-R132"), "unknown", ("II", "C")),
        (call("PAX5", "missense", hotspot="HS-PAX5-P80"), "B-ALL", ("I", "A")),
        (call("PAX5", "missense", hotspot="HS-PAX5-P80"), "AML", ("II", "C")),
        (call("DDX41", "missense", hotspot="HS-DDX41-R525"), "T-ALL", ("II", "C")),
        (call("KRAS", "missense", hotspot="HS-KRAS-G12G13"), "B-ALL", ("II", "C")),
        (call("RUNX1", "missense", hotspot="HS-RUNX1-R162"), "AML", ("I", "A")),
        (call("ZEB2", "missense", hotspot="HS-ZEB2-H1038"), "B-ALL", ("I", "A")),
    ],
    ids=[
        "IDH1 R132 in AML (ivosidenib)",
        "IDH1 R132 in B-ALL: other tumour type, level C",
        "diagnosis unknown",
        "PAX5 P80R in B-ALL (ICC entity)",
        "PAX5 P80R in AML",
        "a tier II row stays tier II",
        "a row for any diagnosis",
        "RUNX1 R162 (ClinGen MM-VCEP RHD hotspot residue) in AML",
        "ZEB2 H1038R in B-ALL (ICC entity)",
    ],
)
def test_a_hotspot_rows_tier_holds_in_the_diagnoses_it_names(c, diagnosis, expected):
    t = tier(c, diagnosis)
    assert (t.tier, t.level, t.rule_id) == (*expected, "AMP-HOTSPOT")
    if expected == ("II", "C") and c.gene in ("IDH1", "PAX5"):
        assert "Tier I level A in" in t.description and "level C" in t.description


def test_a_hotspot_rule_without_its_other_diagnosis_tier_is_rejected(tmp_path):
    text = (KNOWLEDGE / "amp_tiers.yaml").read_text()
    start = text.index("    other_diagnosis:")
    end = text.index("    when: {hotspot: true}")
    path = tmp_path / "amp_tiers.yaml"
    path.write_text(text[:start] + text[end:])
    with pytest.raises(ValueError, match="AMP-HOTSPOT.*other_diagnosis"):
        load_tiers(path)


def test_the_runx1_hotspot_residues_are_the_thirteen_of_the_clingen_vcep():
    """ClinGen Myeloid Malignancy VCEP RUNX1 specifications v3: PM1_strong for missense at 13
    Runt-homology-domain residues (NM_001754 numbering)."""
    rows = {r.id: r for r in HOTSPOTS.rows if r.gene == "RUNX1"}
    residues = {r.first_codon for r in rows.values() if r.first_codon == r.last_codon}
    assert residues == {107, 110, 134, 162, 166, 167, 169, 170, 194, 196, 198, 201, 204}
