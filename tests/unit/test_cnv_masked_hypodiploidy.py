"""Masked (doubled) hypodiploidy: a hyperdiploid count with whole-chromosome LOH is the
doubled clone of a hypodiploid one (Carroll 2019), read as B-ALL with hypodiploidy, never as
high hyperdiploidy; true high hyperdiploidy (gains that keep both alleles) stays what it is.
GRCh38 shapes: copy number and B-allele fractions go through the event caller."""

import pytest
from alwgs.cnv.ploidy import masked_hypodiploidy
from grch38_fixtures import (
    AUTOSOMES,
    ROLES,
    RULES,
    call,
    genome,
    interpret,
    karyotype,
    knowledge,
    length,
    snps,
)

# A near-haploid clone of 27 chromosomes (one of each, plus a second 10, 14, 18 and 21),
# doubled: 54 chromosomes. Copy number is relative to the genome's main state, so the 19
# chromosomes that were single read as two copies of one parent (LOH) and the four pairs as
# four copies keeping both alleles (2:2).
KEPT_PAIRS = ("chr10", "chr14", "chr18", "chr21")
# A high-hyperdiploid clone of 55: trisomies 4, 6, 10, 14, 17, 18, X (2:1) and tetrasomy 21
# (2:2), as in Paulsson & Johansson 2009; every gained chromosome keeps both alleles.
TRISOMIES = ("chr4", "chr6", "chr10", "chr14", "chr17", "chr18", "chrX")


@pytest.fixture(scope="module")
def kb():
    return knowledge()


def doubled_near_haploid():
    changes = {c: [(0, length(c), 4)] for c in KEPT_PAIRS}
    allelic = {c: "loh" for c in AUTOSOMES + ["chrX"] if c not in KEPT_PAIRS}
    return call(genome("female", changes), snp_list=snps(allelic))


def high_hyperdiploid(upd=()):
    changes = {c: [(0, length(c), 3)] for c in TRISOMIES} | {"chr21": [(0, length("chr21"), 4)]}
    allelic = {c: "trisomy" for c in TRISOMIES} | {c: "loh" for c in upd}
    return call(genome("female", changes), snp_list=snps(allelic))


def test_doubled_near_haploid_is_detected_from_whole_chromosome_loh():
    events = doubled_near_haploid()
    assert sum(1 for e in events if e.type == "cnloh" and e.level == "chromosome") == 19
    assert {e.baf for e in events if e.type == "gain"} == {0.52}  # 2:2, both alleles
    kar = karyotype(events)
    assert kar["chromosome_count"] == 54
    m = kar["masked_hypodiploidy"]
    assert m["status"] == "detected" and len(m["loh_chromosomes"]) == 19
    assert (m["hypodiploid_count"], m["count_from_heterozygosity"]) == (27, 27)
    assert m["group"] == "near-haploid" and kar["ploidy_group"] == "near-haploid"
    assert m["observed_group"] == "high hyperdiploid" and "note" not in m
    assert {g["chrom"] for g in m["heterozygous_gains"]} == {"10", "14", "18", "21"}


def test_doubled_near_haploid_reads_b_all_with_hypodiploidy_not_hyperdiploidy(tmp_path, kb):
    events = doubled_near_haploid()
    ctx, _, who_icc = interpret(tmp_path, events, karyotype(events), diagnosis="B-ALL", kb=kb)
    ids = ctx.lesion_ids()
    assert "near_haploid" in ids and "high_hyperdiploidy" not in ids
    (lesion,) = [le for le in ctx.lesions if le.id == "near_haploid"]
    assert lesion.kind == "ploidy" and lesion.notes[0].startswith("masked (doubled) hypodiploidy")
    assert lesion.evidence[0]["masked_hypodiploidy"]["hypodiploid_count"] == 27
    assert who_icc["who2022"]["entity"] == "B-ALL with hypodiploidy"
    assert who_icc["icc2022"]["entity"] == "B-ALL, near haploid"


def test_true_high_hyperdiploidy_stays_high_hyperdiploid(tmp_path, kb):
    events = high_hyperdiploid()
    kar = karyotype(events)
    assert kar["karyotype"] == "55,XX,+X,+4,+6,+10,+14,+17,+18,+21,+21"
    assert kar["masked_hypodiploidy"]["status"] == "not_detected"
    assert kar["ploidy_group"] == "high hyperdiploid"
    gains = {g["chrom"]: g["evidence"] for g in kar["masked_hypodiploidy"]["heterozygous_gains"]}
    assert gains["4"] == "3 copies, B-allele fraction 0.67"
    ctx, _, who_icc = interpret(tmp_path, events, kar, diagnosis="B-ALL", kb=kb)
    assert "high_hyperdiploidy" in ctx.lesion_ids()
    assert who_icc["who2022"]["entity"] == "B-ALL with high hyperdiploidy"
    assert who_icc["icc2022"]["entity"] == "B-ALL, hyperdiploid"


def test_a_single_uniparental_disomy_in_high_hyperdiploidy_is_not_doubling():
    kar = karyotype(high_hyperdiploid(upd=("chr9",)))
    m = kar["masked_hypodiploidy"]
    assert [c["chrom"] for c in m["loh_chromosomes"]] == ["9"]
    assert m["status"] == "not_detected" and "fewer than 5" in m["reason"]


def test_without_loh_calls_high_hyperdiploidy_carries_the_caveat(tmp_path, kb):
    reason = "tumor-only: LOH is called only with a matched normal (cnv.cnloh.require_normal)"
    events = high_hyperdiploid()
    kar = karyotype(events, loh_not_assessed=reason)
    assert kar["masked_hypodiploidy"]["status"] == "not_assessed"
    ctx, _, _ = interpret(tmp_path, events, kar, diagnosis="B-ALL", kb=kb)
    (hhd,) = [le for le in ctx.lesions if le.id == "high_hyperdiploidy"]
    assert hhd.notes == [
        f"masked (doubled) hypodiploidy not excluded: {kar['masked_hypodiploidy']['reason']}"
    ]
    assert reason in hhd.notes[0]


def test_copy_gain_loh_counts_and_a_diploid_count_is_not_checked():
    rows = [
        {"chrom": f"chr{n}", "level": "chromosome", "type": "cnloh", "copy_number": 2, "baf": 0.97}
        for n in (1, 2, 3, 4)
    ]
    rows.append(
        {"chrom": "chr5", "level": "chromosome", "type": "gain", "copy_number": 3, "baf": 0.95}
    )
    found = masked_hypodiploidy(rows, 52, "female", RULES, ROLES)
    assert found["status"] == "detected" and found["loh_chromosomes"][-1]["chrom"] == "5"
    assert "copy-gain LOH" in found["loh_chromosomes"][-1]["evidence"]
    assert masked_hypodiploidy(rows, 46, "female", RULES, ROLES)["status"] == "not_applicable"
    # a male's X has no heterozygosity to lose: it never counts
    male = rows[:4] + [{"chrom": "chrX", "level": "chromosome", "type": "cnloh", "baf": 0.99}]
    assert masked_hypodiploidy(male, 52, "male", RULES, ROLES)["status"] == "not_detected"
