"""Small variants and ITDs of the ci batch against the simulator's truth (issue thresholds)."""

import csv
import math
from collections import defaultdict
from pathlib import Path

import pysam
import pytest

pytestmark = pytest.mark.integration


def accuracy(ci_batch: Path) -> list[dict]:
    with open(ci_batch / "results/accuracy/accuracy.tsv") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def sample_types(ci_data: Path) -> dict[str, str]:
    with open(ci_data / "samples.tsv") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    patients_with_normal = {r["patient"] for r in rows if r["type"] == "normal"}
    return {
        r["sample"]: ("paired" if r["patient"] in patients_with_normal else "tumor_only")
        for r in rows
        if r["type"] == "tumor"
    }


def pooled(rows, samples, cls, bins):
    tp = fp = fn = 0
    for r in rows:
        if r["sample"] in samples and r["class"] == cls and r["vaf_bin"] in bins:
            tp, fp, fn = tp + int(r["tp"]), fp + int(r["fp"]), fn + int(r["fn"])
    return tp, fp, fn


def paired_samples(ci_data):
    return [s for s, mode in sample_types(ci_data).items() if mode == "paired"]


def test_snv_recall_and_precision_paired(ci_batch, ci_data):
    rows, paired = accuracy(ci_batch), paired_samples(ci_data)
    tp, _, fn = pooled(rows, paired, "snv", {">=0.25", "0.10-0.25"})
    assert tp / (tp + fn) >= 0.99, f"SNV recall at VAF >= 0.10: {tp}/{tp + fn}"
    tp, fp, _ = pooled(rows, paired, "snv", {">=0.25", "0.10-0.25", "0.05-0.10"})
    assert tp / (tp + fp) >= 0.98, f"SNV precision at VAF >= 0.05: {tp}/{tp + fp}"
    # Regression guard at the level reached (32/38 = 0.84 on 2026-11-21); target below.
    tp, _, fn = pooled(rows, paired, "snv", {"0.05-0.10"})
    assert tp / (tp + fn) >= 0.80, f"SNV recall at VAF 0.05-0.10: {tp}/{tp + fn}"


def test_snv_recall_low_vaf_meets_issue_target(ci_batch, ci_data):
    """Issue 4's target (recall >= 0.90 at VAF 0.05-0.10): an expected failure until the CI
    runs of 2026-12 passed it (xpassed); now an assertion, so a regression fails."""
    tp, _, fn = pooled(accuracy(ci_batch), paired_samples(ci_data), "snv", {"0.05-0.10"})
    assert tp / (tp + fn) >= 0.90, f"SNV recall at VAF 0.05-0.10: {tp}/{tp + fn}"


def test_indel_recall_and_precision_paired(ci_batch, ci_data):
    rows = accuracy(ci_batch)
    paired = [s for s, mode in sample_types(ci_data).items() if mode == "paired"]
    tp, fp, fn = pooled(rows, paired, "indel", {"all"})
    assert tp / (tp + fn) >= 0.95, f"indel recall: {tp}/{tp + fn}"
    assert tp / (tp + fp) >= 0.95, f"indel precision: {tp}/{tp + fp}"


def test_every_planted_itd_is_found_with_its_length_and_ratio(ci_batch, ci_data):
    for truth in sorted((ci_data / "truth").glob("*.itd.tsv")):
        sample = truth.name.split(".")[0]
        with open(truth) as fh:
            planted = list(csv.DictReader(fh, delimiter="\t"))
        calls = list(pysam.VariantFile(ci_batch / f"results/small_variants/{sample}.itd.vcf.gz"))
        for itd in planted:
            near = [
                c for c in calls if c.chrom == itd["chrom"] and abs(c.pos - int(itd["pos"])) < 100
            ]
            assert near, f"{sample}: ITD at {itd['chrom']}:{itd['pos']} not found"
            call = near[0]
            assert abs(call.info["SVLEN"] - int(itd["length"])) <= 3, (sample, call.info["SVLEN"])
            # Against the planted ratio the reads themselves scatter: with n spanning
            # fragments the ITD fraction v = AR/(1+AR) has sd sqrt(v(1-v)/n), i.e. AR has
            # sd(v)/(1-v)^2 (0.09 for 0.33 at ~67 fragments). Allowed: 3 sd of sampling plus
            # the estimator's 0.05, which is held to the reads themselves in the next test.
            planted_ar = float(itd["allelic_ratio"])
            v = planted_ar / (1 + planted_ar)
            n = float(call.info["ITD_SPAN"])
            allowed = 3 * math.sqrt(v * (1 - v) / n) / (1 - v) ** 2 + 0.05
            assert abs(call.info["AR"] - planted_ar) <= allowed, (
                f"{sample}: AR {call.info['AR']:.3f} vs planted {planted_ar} "
                f"(allowed {allowed:.3f} at {n:.0f} spanning fragments)"
            )
        if not planted:
            assert not calls, f"{sample}: ITD called where none was planted: {calls}"


def test_itd_allelic_ratio_within_005_of_what_the_reads_carry(ci_batch):
    """The estimator is held to the ratio the reads realise (exact k-mer counts, measured by
    the harness): the planted 0.33 is an expectation, and ~70 spanning reads at 90x scatter
    it by ~0.09, so the error against the expectation is bounded above (0.12) instead."""
    with open(ci_batch / "results/accuracy/accuracy.details.tsv") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["class"] == "itd"]
    tps = [r for r in rows if r["status"] == "TP"]
    assert tps, "no ITD true positive in the accuracy details"
    for r in tps:
        notes = dict(x.split("=", 1) for x in r["note"].split(";") if "=" in x)
        assert "ar_err_vs_reads" in notes, f"harness did not measure the reads: {r['note']}"
        assert abs(float(notes["ar_err_vs_reads"])) <= 0.05, (r["sample"], r["note"])


def germline_sites(ci_data: Path, patient: str) -> set:
    with pysam.VariantFile(ci_data / "truth" / f"{patient}.germline.vcf") as vcf:
        return {(r.chrom, r.pos, r.ref, r.alts[0]) for r in vcf}


def test_tumor_normal_mode_does_not_report_germline(ci_batch, ci_data):
    for sample, mode in sample_types(ci_data).items():
        if mode != "paired":
            continue
        germline = germline_sites(ci_data, sample.split("-")[0])
        vcf = pysam.VariantFile(ci_batch / f"results/small_variants/{sample}.somatic.vcf.gz")
        leaks = [
            (r.chrom, r.pos)
            for r in vcf
            if "PASS" in r.filter.keys() and (r.chrom, r.pos, r.ref, r.alts[0]) in germline
        ]
        assert len(leaks) <= 1, f"{sample}: germline reported as somatic at {leaks}"


def test_tumor_only_flags_not_drops_germline_in_leukemia_genes(ci_batch, ci_data):
    flagged = defaultdict(int)
    for sample, mode in sample_types(ci_data).items():
        if mode != "tumor_only":
            continue
        germline = germline_sites(ci_data, sample.split("-")[0])
        vcf = pysam.VariantFile(ci_batch / f"results/small_variants/{sample}.somatic.vcf.gz")
        for r in vcf:
            if "PANEL" not in r.info or (r.chrom, r.pos, r.ref, r.alts[0]) not in germline:
                continue
            filters = set(r.filter.keys())
            assert not filters & {"PopulationAF", "GermlineVAF"}, (sample, r.pos, filters)
            flagged[sample] += "GermlineSuspect" in filters
    assert all(flagged[s] > 0 for s, m in sample_types(ci_data).items() if m == "tumor_only")


def test_every_filter_is_declared_with_its_description(ci_batch):
    vcf = pysam.VariantFile(ci_batch / "results/small_variants/P01-T.somatic.vcf.gz")
    declared = {k: v.description for k, v in vcf.header.filters.items()}
    used = {f for r in vcf for f in r.filter.keys()}
    assert used <= set(declared)
    assert "matched normal" in declared["NormalSupport"].lower()


def test_germline_calls_of_the_normal_find_the_ddx41_frameshift(ci_batch, ci_data):
    clinvar = pysam.VariantFile(ci_data / "reference/clinvar.vcf.gz")
    ddx41 = [
        (r.chrom, r.pos, r.ref, r.alts[0])
        for r in clinvar
        if r.info["GENEINFO"] == "DDX41" and len(r.alts[0]) > len(r.ref)
    ]
    assert len(ddx41) == 1, ddx41
    germline = germline_sites(ci_data, "P06")
    assert ddx41[0] in germline  # the truth says P06 carries it
    vcf = pysam.VariantFile(ci_batch / "results/small_variants/P06-N.germline.vcf.gz")
    assert ddx41[0] in {(r.chrom, r.pos, r.ref, r.alts[0]) for r in vcf}
