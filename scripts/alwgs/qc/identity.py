"""Tumor/normal identity: does the matched normal come from the tumor's patient?

Sites, in order of preference (rules/alignment_qc.smk):
1. a site list (databases.identity_sites: common biallelic SNPs, e.g. from gnomAD), or the
   population_af database's SNPs with 0.05 <= AF <= 0.95; every sample is genotyped there with
       bcftools mpileup -f REF -T sites.vcf.gz -a AD,DP BAM1 BAM2 ... | bcftools call -m
   and genotype_discordance() compares every ordered pair of samples;
2. without either, the pair's own joint calls (freebayes, tumor with its normal, FORMAT/AD):
   pair_site_discordance() below, for each tumor with its normal.
With fewer than min_sites informative sites the check is not assessed (never a pass).

Measure. A tumor is the normal's genome plus somatic change. Copy loss and copy-neutral LOH
turn heterozygous sites homozygous (near-haploid and low-hypodiploid ALL do so on most of the
genome), but no copy change gives the tumor an allele the patient does not carry.
So the measure is directional:

    discordance[(a, b)] = fraction of informative sites where a carries an allele absent
                          from b's genotype

and the identity check uses discordance[(tumor, normal)]. LOH does not raise it at all, while
an unrelated normal gives p^2(1-p^2) + q^2(1-q^2) at a site of allele frequency p (0.17 at
p = 0.05, 0.375 at p = 0.5), and a parent used as the "normal" of a child still gives pq (up
to 0.25). Counting only opposite homozygotes would be LOH-proof too, but is zero between
parent and child. The plain genotype-class mismatch (0/0, 0/1, 1/1) is also returned, as
full_discordance, for reference: it is ~0.45-0.6 between unrelated people but also grows by
~0.4 x the LOH fraction of the tumor.

A site is informative for a pair when both samples have a called genotype and depth
(FORMAT/DP, else the sum of FORMAT/AD) >= min_depth; a call with neither field is not used
unless min_depth is 0.
"""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import pysam


def _depth(call) -> int | None:
    keys = call.keys()
    if "DP" in keys and call["DP"] is not None:
        return int(call["DP"])
    if "AD" in keys and call["AD"] is not None:
        ad = [x for x in call["AD"] if x is not None]
        return sum(ad) if ad else None
    return None


def _genotype(call, min_depth: int) -> tuple[int, ...] | None:
    """Sorted allele indices of a called genotype with enough depth, else None."""
    gt = call.get("GT")
    if not gt or any(a is None for a in gt):
        return None
    if min_depth > 0:  # min_depth 0 also admits calls that carry no depth at all
        depth = _depth(call)
        if depth is None or depth < min_depth:
            return None
    return tuple(sorted(gt))


def genotype_discordance(vcf_path: str | Path, min_depth: int = 10) -> dict:
    """Discordance for every ordered pair of samples in the VCF.

    Returns {(a, b): {"sites", "discordance", "full_discordance", "opposite_hom"}}:
    sites = informative sites of the pair; discordance = fraction where a has an allele that b
    lacks (the LOH-tolerant measure, directional); full_discordance = fraction with a different
    genotype; opposite_hom = fraction where both are homozygous for different alleles. The
    fractions are None when the pair has no informative site.
    """
    # htslib complains about the missing index and bcftools' MQ header type on open; neither
    # matters for one sequential pass, and the noise would end up in every rule's log.
    previous = pysam.set_verbosity(0)
    try:
        vcf = pysam.VariantFile(str(vcf_path))
    finally:
        pysam.set_verbosity(previous)
    with vcf:
        samples = list(vcf.header.samples)
        pairs = list(permutations(samples, 2))
        counts = {p: [0, 0, 0, 0] for p in pairs}  # sites, a-not-in-b, class mismatch, opp. hom
        for rec in vcf:
            gts = {s: _genotype(rec.samples[s], min_depth) for s in samples}
            for a, b in pairs:
                ga, gb = gts[a], gts[b]
                if ga is None or gb is None:
                    continue
                c = counts[(a, b)]
                c[0] += 1
                c[1] += not set(ga) <= set(gb)
                c[2] += ga != gb
                c[3] += len(set(ga)) == 1 and len(set(gb)) == 1 and ga[0] != gb[0]
    result = {}
    for pair, (n, not_in, mismatch, opposite) in counts.items():
        result[pair] = {
            "sites": n,
            "discordance": not_in / n if n else None,
            "full_discordance": mismatch / n if n else None,
            "opposite_hom": opposite / n if n else None,
        }
    return result


def pair_check(
    discordances: dict,
    tumor: str,
    normal: str,
    max_discordance: float,
    min_sites: int = 50,
) -> dict:
    """Does ``normal`` belong to the same person as ``tumor``?

    status: FAIL when discordance[(tumor, normal)] > max_discordance, PASS otherwise, and
    NOT_ASSESSED (with `reason`) when the pair has fewer than min_sites informative sites: too
    little data to judge either way (a handful of sites can give 0 by chance; see
    MIN_SITES_WHY). best_match: the sample with the lowest discordance[(tumor, s)] among those
    with min_sites sites; on a swap it names the sample that probably is the tumor's normal
    (or another sample of the same patient).
    """
    if (tumor, normal) not in discordances:
        raise ValueError(f"identity: no discordance for tumor {tumor!r} vs normal {normal!r}")
    entry = discordances[(tumor, normal)]
    sites, disc = entry["sites"], entry["discordance"]
    reason = None
    if sites < min_sites or disc is None:
        status = NOT_ASSESSED
        reason = too_few_sites(sites, min_sites)
    else:
        status = "FAIL" if disc > max_discordance else "PASS"
    candidates = [
        (d["discordance"], s != normal, s)  # ties go to the declared normal, then by name
        for (a, s), d in discordances.items()
        if a == tumor and d["sites"] >= min_sites and d["discordance"] is not None
    ]
    best = min(candidates) if candidates else None
    return {
        "status": status,
        **({"reason": reason} if reason else {}),
        "discordance": disc,
        "sites": sites,
        "min_sites": min_sites,
        "normal": normal,
        "max_discordance": max_discordance,
        "best_match": best[2] if best else None,
        "best_match_discordance": best[0] if best else None,
    }


NOT_ASSESSED = "NOT_ASSESSED"
# Why 50 sites: an unrelated normal lacks a tumor allele at >= ~0.25 of common-SNP sites (more
# at the pair's own sites, which include rare alleles). With n sites the chance that such a
# pair still reads at most the fail level 0.05 is P(Binomial(n, 0.25) <= 0.05 n): 2.4 % at
# n = 20, 1e-3 at n = 40, 9e-5 at n = 50. 50 keeps a swap from passing by chance below 1 in
# 10,000 (qc.yaml identity.min_sites).
MIN_SITES_WHY = "an unrelated pair reads <= 0.05 by chance with p < 1e-4 at 50 sites"


def too_few_sites(sites: int, min_sites: int) -> str:
    return f"only {sites} informative site{'' if sites == 1 else 's'} (minimum {min_sites})"


def _allele_depths(call) -> list[int] | None:
    ad = call.get("AD") if "AD" in call.keys() else None
    if ad is None or any(x is None for x in ad):
        return None
    return [int(x) for x in ad]


def pair_site_discordance(
    vcf_path: str | Path,
    tumor: str,
    normal: str,
    min_depth: int = 10,
    germline_min_fraction: float = 0.3,
) -> dict:
    """Directional discordance of a tumor and its normal at sites taken from the pair's own
    joint calls (a VCF with FORMAT/AD of both samples, e.g. freebayes on tumor + normal), for
    a batch without a site list.

    Informative site: a biallelic SNP where both samples have at least min_depth reads (sum of
    AD) and one of the two people carries the ALT at a germline-like fraction (>=
    germline_min_fraction: a heterozygous or homozygous allele, not an error or a small clone).
    Discordant site: the tumor carries an allele (REF or ALT) at >= germline_min_fraction that
    has no read at all in the normal.

    Why these: a person's germline allele sits at ~0.5 or 1.0 in both samples; copy loss and
    LOH in the tumor only remove alleles, so they never make a site discordant. What the tumor
    alone carries at a high fraction is somatic: ~10^3 SNVs in a leukemia genome against ~4x10^6
    heterozygous germline SNPs, so the same person reads ~0.0003 (0.003 even at 10
    mutations/Mb). In a normal of another person, a tumor allele is absent with probability
    (1-p)^2 (p its population frequency): ~0.3-0.5 of the pair's variant sites, rare alleles
    counting fully. An allele the normal carries is missed with probability 0.5^depth (<= 0.001
    at depth 10), and a germline allele in the tumor falls below 0.3 at depth 10 only 5 % of
    the time (then the site is merely less used). The same directional measure and thresholds
    as at common SNPs therefore apply (config/qc.yaml rule identity).

    Returns {"sites", "discordant", "discordance" (None without sites)}.
    """
    previous = pysam.set_verbosity(0)
    try:
        vcf = pysam.VariantFile(str(vcf_path))
    finally:
        pysam.set_verbosity(previous)
    sites = discordant = 0
    with vcf:
        names = set(vcf.header.samples)
        for who in (tumor, normal):
            if who not in names:
                raise ValueError(f"identity: sample {who!r} is not in {vcf_path}")
        for rec in vcf:
            if not rec.alts or len(rec.alts) != 1 or len(rec.ref) != 1 or len(rec.alts[0]) != 1:
                continue
            t, n = _allele_depths(rec.samples[tumor]), _allele_depths(rec.samples[normal])
            if t is None or n is None or len(t) != 2 or len(n) != 2:
                continue
            t_depth, n_depth = sum(t), sum(n)
            if t_depth < min_depth or n_depth < min_depth:
                continue
            if max(t[1] / t_depth, n[1] / n_depth) < germline_min_fraction:
                continue
            sites += 1
            carried = [i for i in (0, 1) if t[i] / t_depth >= germline_min_fraction]
            discordant += any(n[i] == 0 for i in carried)
    return {
        "sites": sites,
        "discordant": discordant,
        "discordance": discordant / sites if sites else None,
    }
