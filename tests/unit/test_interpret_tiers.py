"""AMP/ASCO/CAP 2017 tiers: one case per rule of the shipped amp_tiers.yaml (and the cases that
must fall through a rule), and which tiered calls become lesions."""

import pytest
from alwgs.annotate.hotspots import load_hotspots
from alwgs.annotate.panels import read_panels
from alwgs.interpret.knowledge import load_tiers
from alwgs.interpret.model import Call
from alwgs.interpret.tiers import reportable, tier_of
from interp_fixtures import KNOWLEDGE, PANEL

TIERS = load_tiers(KNOWLEDGE / "amp_tiers.yaml")
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


# (case, call, tier, level, rule)
CASES = [
    (
        "common population allele",
        call("NRAS", "missense", pop_af=0.4),
        "IV",
        None,
        "AMP-T4-POPULATION",
    ),
    (
        "ClinVar benign with one star",
        call(
            "DNMT3A",
            "missense",
            clnsig=["Benign"],
            clnrevstat="criteria_provided,_single_submitter",
        ),
        "IV",
        None,
        "AMP-T4-CLINVAR-BENIGN",
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
    ("TP53 nonsense", call("TP53", "stop_gained"), "I", "A", "AMP-T1-TP53"),
    (
        "TP53 missense without hotspot or ClinVar evidence is of unknown significance",
        call("TP53", "missense"),
        "III",
        None,
        "AMP-T3-CODING",
    ),
    ("truncating MR gene", call("ASXL1", "frameshift"), "I", "A", "AMP-T1-TRUNCATING-GUIDELINE"),
    (
        "ClinVar pathogenic in a guideline gene",
        call("RUNX1", "missense", clnsig=["Pathogenic"], clnrevstat=TWO_STARS),
        "I",
        "A",
        "AMP-T1-CLINVAR-GUIDELINE",
    ),
    (
        "truncating tumor suppressor",
        call("TET2", "stop_gained"),
        "II",
        "C",
        "AMP-T2-TRUNCATING-LOF",
    ),
    (
        "ClinVar likely pathogenic elsewhere",
        call("PTPN11", "missense", clnsig=["Likely_pathogenic"], clnrevstat=TWO_STARS),
        "II",
        "C",
        "AMP-T2-CLINVAR-PATHOGENIC",
    ),
    ("missense of unknown significance", call("ABL1", "missense"), "III", None, "AMP-T3-CODING"),
    (
        "truncating passenger in a fusion gene",
        call("KMT2A", "frameshift"),
        "III",
        None,
        "AMP-T3-CODING",
    ),
    (
        "truncating GATA2 is not a somatic LoF lesion",
        call("GATA2", "frameshift"),
        "III",
        None,
        "AMP-T3-CODING",
    ),
    ("intron", call("SF3B1", "intron"), "III", None, "AMP-T3-OTHER"),
]


@pytest.mark.parametrize("case,c,tier,level,rule", CASES, ids=[c[0] for c in CASES])
def test_tier_rules(case, c, tier, level, rule):
    t = tier_of(c, TIERS, HOTSPOTS)
    assert (t.tier, t.level, t.rule_id) == (tier, level, rule)
    assert t.description


def test_every_shipped_rule_has_a_case():
    assert {c[4] for c in CASES} == {r["id"] for r in TIERS["rules"]}


def test_hotspot_rule_carries_the_hotspot_source():
    t = tier_of(call("NPM1", "frameshift", hotspot="HS-NPM1-EX12"), TIERS, HOTSPOTS)
    assert "ELN 2022" in t.description


@pytest.mark.parametrize(
    "c,tier,expected",
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
def test_which_calls_become_lesions(c, tier, expected):
    t = tier_of(c, TIERS, HOTSPOTS)
    assert t.tier == tier
    assert reportable(c, t, TIERS, PANELS) is expected
