"""Germline predisposition: one case per rule of the shipped germline_predisposition.yaml for
matched normals, the evidence floor, and tumor-only germline-confirmation requests."""

import dataclasses

import pytest
from alwgs.annotate.hotspots import load_hotspots
from alwgs.interpret.germline import confirmation, findings
from alwgs.interpret.knowledge import load_germline, load_tiers
from alwgs.interpret.model import Call
from alwgs.interpret.tiers import tier_of
from interp_fixtures import KNOWLEDGE

TIERS = load_tiers(KNOWLEDGE / "amp_tiers.yaml")
KB = load_germline(
    KNOWLEDGE / "germline_predisposition.yaml",
    {
        "consequence_classes": set(TIERS["consequence_classes"]),
        "gene_sets": set(TIERS["gene_sets"]),
    },
)
HOTSPOTS = load_hotspots(KNOWLEDGE / "hotspots.tsv")
TWO_STARS = "criteria_provided,_multiple_submitters,_no_conflicts"


def normal_call(gene, consequence, vaf=0.5, depth=30, gt="0/1", **kw):
    return Call(
        chrom="chr5",
        pos=1000,
        ref="T",
        alt="TCATC",
        filters=[],
        gene=gene,
        consequence=consequence,
        vaf=vaf,
        depth=depth,
        alt_reads=round(vaf * depth),
        genotype=gt,
        hgvsc="c.415_418dup",
        **kw,
    )


# (case, call, finding id or None, rule)
NORMAL_CASES = [
    (
        "ClinVar pathogenic DDX41 frameshift",
        normal_call("DDX41", "frameshift", clnsig=["Pathogenic"], clnrevstat=TWO_STARS),
        "DDX41_germline",
        "GL-CLINVAR-PLP",
    ),
    (
        "null variant in a loss-of-function gene",
        normal_call("RUNX1", "stop_gained"),
        "RUNX1_germline",
        "GL-NULL-LOF",
    ),
    (
        "ClinVar likely pathogenic missense",
        normal_call(
            "TP53",
            "missense",
            clnsig=["Likely_pathogenic"],
            clnrevstat="criteria_provided,_single_submitter",
        ),
        "TP53_germline",
        "GL-CLINVAR-PLP",
    ),
    (
        "common frameshift is benign by population",
        normal_call("GATA2", "frameshift", pop_af=0.23),
        None,
        "GL-BENIGN-POPULATION",
    ),
    (
        "ClinVar benign",
        normal_call("DDX41", "frameshift", clnsig=["Benign"], clnrevstat=TWO_STARS),
        None,
        "GL-BENIGN-CLINVAR",
    ),
    ("missense without evidence", normal_call("CEBPA", "missense"), None, None),
    (
        "null variant where loss of function is not the mechanism",
        normal_call("ANKRD26", "frameshift"),
        None,
        None,
    ),
    ("a gene outside the list", normal_call("TET2", "stop_gained"), None, None),
]


@pytest.mark.parametrize("case,c,fid,rule", NORMAL_CASES, ids=[n[0] for n in NORMAL_CASES])
def test_findings_in_the_matched_normal(case, c, fid, rule):
    out = findings([c], KB, TIERS, "P-N")
    assert [f["id"] for f in out] == ([fid] if fid else [])
    if fid:
        (f,) = out
        assert f["rule_id"] == rule and f["gene"] == c.gene and f["sample"] == "P-N"
        assert f["evidence"][0]["hgvsc"] == "c.415_418dup" and f["evidence"][0]["genotype"]
        assert f["category"] and f["classification"] and f["recommendation"]


def test_every_finding_rule_has_a_case():
    covered = {n[3] for n in NORMAL_CASES}
    assert {r["id"] for r in KB["rules"]} <= covered


@pytest.mark.parametrize(
    "vaf,depth,gt",
    [(0.10, 40, "0/1"), (0.5, 6, "0/1"), (0.5, 30, "0/0")],
    ids=["low fraction: tumor cells in the normal", "too few reads", "reference genotype"],
)
def test_weak_calls_in_the_normal_are_not_judged(vaf, depth, gt):
    c = normal_call(
        "DDX41",
        "frameshift",
        vaf=vaf,
        depth=depth,
        gt=gt,
        clnsig=["Pathogenic"],
        clnrevstat=TWO_STARS,
    )
    assert findings([c], KB, TIERS, "P-N") == []


def test_a_call_that_failed_a_germline_filter_is_not_a_finding():
    # config/filters/germline.yaml soft-filters the normal's calls; only PASS ones count.
    c = normal_call("DDX41", "frameshift", clnsig=["Pathogenic"], clnrevstat=TWO_STARS)
    assert [f["id"] for f in findings([c], KB, TIERS, "P-N")] == ["DDX41_germline"]
    failed = dataclasses.replace(c, filters=["RepeatIndelLowFraction"])
    assert findings([failed], KB, TIERS, "P-N") == []


def test_two_variants_of_one_gene_are_one_finding():
    a = normal_call("DDX41", "frameshift", clnsig=["Pathogenic"], clnrevstat=TWO_STARS)
    b = normal_call("DDX41", "stop_gained")
    (f,) = findings([a, b], KB, TIERS, "P-N")
    assert len(f["evidence"]) == 2


# ------------------------------------------------------------------------------ tumor-only
def tumor_call(gene, consequence, vaf, filters=(), **kw):
    return Call(
        chrom="chr21",
        pos=2000,
        ref="C",
        alt="T",
        filters=list(filters),
        gene=gene,
        consequence=consequence,
        vaf=vaf,
        depth=80,
        alt_reads=round(vaf * 80),
        **kw,
    )


TO_CASES = [
    (
        "GermlineSuspect null variant in RUNX1",
        tumor_call("RUNX1", "frameshift", 0.3, ["GermlineSuspect"]),
        True,
    ),
    (
        "tier I call at VAF 0.5 in a predisposition gene",
        tumor_call("TP53", "stop_gained", 0.48),
        True,
    ),
    (
        "homozygous-looking pathogenic call",
        tumor_call("DDX41", "frameshift", 0.97, clnsig=["Pathogenic"], clnrevstat=TWO_STARS),
        True,
    ),
    ("somatic-level VAF", tumor_call("TP53", "missense", 0.2), False),
    (
        "germline-like but benign by population",
        tumor_call("GATA2", "frameshift", 0.5, ["GermlineSuspect"], pop_af=0.2),
        False,
    ),
    ("germline-like VUS", tumor_call("CEBPA", "missense", 0.5), False),
    ("not a predisposition gene", tumor_call("ASXL1", "frameshift", 0.5), False),
]


@pytest.mark.parametrize("case,c,asked", TO_CASES, ids=[t[0] for t in TO_CASES])
def test_tumor_only_germline_confirmation(case, c, asked):
    tiered = [(c, tier_of(c, TIERS, HOTSPOTS, diagnosis="AML"))]
    out = confirmation(tiered, KB, TIERS)
    assert bool(out) is asked
    if asked:
        assert out[0]["rule_id"] == "GL-TUMOR-ONLY-CONFIRM" and out[0]["gene"] == c.gene
        assert out[0]["evidence"]["vaf"] == c.vaf and out[0]["reason"]
