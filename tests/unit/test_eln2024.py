"""ELN 2024 genetic risk for less-intensive therapy (Döhner et al., Blood 2024;144:2169, Table 1):
one case per marker, modifier and note of the shipped eln2024.yaml, the applicability by
therapy context, and not assessable."""

import pytest
from alwgs.interpret.eln2024 import classify
from alwgs.interpret.knowledge import load_eln2024
from alwgs.interpret.model import Assessment
from interp_fixtures import KNOWLEDGE, context, fusion, itd, mut

RULES = load_eln2024(KNOWLEDGE / "eln2024.yaml")


def ctx(lesions, therapy="less_intensive", diagnosis="AML", assessment=None):
    c = context(diagnosis, lesions)
    c.therapy_context = therapy
    if assessment is not None:
        c.assessment = assessment
    return c


# (case, lesions, group, rule_id, lesions that decided it) — Table 1 rows
MARKERS = [
    ("NPM1, no signaling", [mut("NPM1")], "favorable", "ELN24-FAV-NPM1", {"NPM1_mut"}),
    ("IDH2, no signaling", [mut("IDH2")], "favorable", "ELN24-FAV-IDH2", {"IDH2_mut"}),
    ("IDH1", [mut("IDH1")], "favorable", "ELN24-FAV-IDH1", {"IDH1_mut"}),
    ("DDX41", [mut("DDX41", vaf=0.2)], "favorable", "ELN24-FAV-DDX41", {"DDX41_mut"}),
    ("other abnormalities, no signaling", [mut("ASXL1")], "favorable", "ELN24-FAV-OTHER", set()),
    (
        "NPM1 with FLT3-ITD",
        [mut("NPM1"), itd()],
        "intermediate",
        "ELN24-INT-SIGNALING",
        {"FLT3_ITD"},
    ),
    (
        "IDH2 with KRAS",
        [mut("IDH2"), mut("KRAS")],
        "intermediate",
        "ELN24-INT-SIGNALING",
        {"KRAS_mut"},
    ),
    ("other with NRAS", [mut("NRAS")], "intermediate", "ELN24-INT-SIGNALING", {"NRAS_mut"}),
    ("TP53", [mut("TP53", vaf=0.3)], "adverse", "ELN24-ADV-TP53", {"TP53_mut"}),
    (
        "TP53 over NPM1",
        [mut("NPM1"), mut("TP53", vaf=0.3)],
        "adverse",
        "ELN24-ADV-TP53",
        {"TP53_mut"},
    ),
    (
        "TP53 over IDH1",
        [mut("IDH1"), mut("TP53", vaf=0.3)],
        "adverse",
        "ELN24-ADV-TP53",
        {"TP53_mut"},
    ),
    (
        "TP53 with signaling",
        [itd(), mut("TP53", vaf=0.3)],
        "adverse",
        "ELN24-ADV-TP53",
        {"TP53_mut"},
    ),
    (
        "adverse ELN 2022 cytogenetics without signaling are favorable here",
        [fusion("KMT2A", "AFF1"), mut("ASXL1")],
        "favorable",
        "ELN24-FAV-OTHER",
        set(),
    ),
]


@pytest.mark.parametrize("case,lesions,group,rule,decided", MARKERS, ids=[m[0] for m in MARKERS])
def test_table1(case, lesions, group, rule, decided):
    result = classify(RULES, ctx(lesions))
    assert (result["group"], result["rule_id"]) == (group, rule)
    assert {lid for d in result["decided_by"] for lid in d["lesions"]} == decided
    assert result["year"] == 2024 and "less-intensive" in result["guideline"]


def test_every_shipped_marker_has_a_case():
    cases = {c[3] for c in MARKERS}
    assert {m["id"] for m in RULES["markers"]} | {RULES["default"]["id"]} <= cases


# (case, lesions, exception ids, note ids)
EXCEPTIONS = [
    (
        "IDH1 with FLT3-ITD is favorable (footnote *)",
        [mut("IDH1"), itd()],
        {"ELN24-EXC-IDH1-DDX41"},
        {"ELN24-NOTE-IDH1-AZA-IVO"},
    ),
    (
        "DDX41 with NRAS is favorable",
        [mut("DDX41", vaf=0.2), mut("NRAS")],
        {"ELN24-EXC-IDH1-DDX41"},
        set(),
    ),
    (
        "DDX41 near-heterozygous: consider germline",
        [mut("DDX41", vaf=0.48)],
        set(),
        {"ELN24-NOTE-DDX41-GERMLINE"},
    ),
    ("TP53 below 10%", [mut("TP53", vaf=0.05)], set(), {"ELN24-NOTE-TP53-VAF"}),
]


@pytest.mark.parametrize(
    "case,lesions,exceptions,notes", EXCEPTIONS, ids=[e[0] for e in EXCEPTIONS]
)
def test_footnotes(case, lesions, exceptions, notes):
    result = classify(RULES, ctx(lesions))
    assert {e["rule_id"] for e in result["exceptions"]} == exceptions
    assert {n["rule_id"] for n in result["notes"]} == notes
    if exceptions:
        assert result["group"] == "favorable"


def test_every_modifier_and_note_has_a_case():
    covered = {x for e in EXCEPTIONS for x in e[2] | e[3]}
    assert {m["id"] for m in RULES["modifiers"]} | {n["id"] for n in RULES["notes"]} <= covered


def test_not_applicable_after_prior_hma():
    result = classify(RULES, ctx([mut("NPM1")], therapy="prior_hma"))
    assert (result["group"], result["rule_id"]) == ("not_applicable", "ELN24-PRIOR-HMA")
    assert "hypomethylating" in result["reason"] and result["therapy_context"] == "prior_hma"


@pytest.mark.parametrize("therapy", ["intensive", "unknown"])
def test_other_therapy_contexts_are_labelled(therapy):
    result = classify(RULES, ctx([mut("NPM1")], therapy=therapy))
    assert result["group"] == "favorable"
    assert result["notes"][0]["rule_id"] == "ELN24-CONTEXT"


def test_scope_and_apl():
    assert classify(RULES, ctx([mut("NPM1")], diagnosis="B-ALL"))["group"] == "not_applicable"
    assert classify(RULES, ctx([fusion("PML", "RARA")]))["rule_id"] == "ELN24-APL"


@pytest.mark.parametrize(
    "case,lesions,assessment,group",
    [
        ("QC FAIL, nothing found", [], Assessment(qc_status="FAIL"), "not_assessable"),
        ("QC FAIL, TP53 found", [mut("TP53", vaf=0.5)], Assessment(qc_status="FAIL"), "adverse"),
        (
            "NPM1, FLT3 not covered",
            [mut("NPM1")],
            Assessment(genes_not_covered=["FLT3"]),
            "not_assessable",
        ),
        (
            "NRAS found, TP53 not covered",
            [mut("NRAS")],
            Assessment(genes_not_covered=["TP53"]),
            "not_assessable",
        ),
        (
            "SV not assessed does not matter to ELN 2024 (no fusion marker)",
            [mut("NPM1")],
            Assessment(not_assessed=[{"analysis": "structural_variants", "reason": "x"}]),
            "favorable",
        ),
    ],
)
def test_not_assessable(case, lesions, assessment, group):
    result = classify(RULES, ctx(lesions, assessment=assessment))
    assert result["group"] == group
    if group == "not_assessable":
        assert result["rule_id"] == "ELN24-NOT-ASSESSABLE" and result["missing_inputs"]
