"""Tumor/normal identity from genotypes at common SNP sites.

Input is a multi-sample VCF/BCF made with
    bcftools mpileup -f REF -R sites.vcf.gz -a AD,DP BAM1 BAM2 ... | bcftools call -m
where sites.vcf.gz holds the population VCF's SNPs with 0.05 <= AF <= 0.95.

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
    min_sites: int = 20,
) -> dict:
    """Does ``normal`` belong to the same person as ``tumor``?

    status: FAIL when discordance[(tumor, normal)] > max_discordance, PASS otherwise, and NA
    when the pair has fewer than min_sites informative sites (too little data to judge either
    way; a handful of sites can give 0 or 1 by chance). best_match: the sample with the lowest
    discordance[(tumor, s)] among those with min_sites sites; on a swap it names the sample
    that probably is the tumor's normal (or another sample of the same patient).
    """
    if (tumor, normal) not in discordances:
        raise ValueError(f"identity: no discordance for tumor {tumor!r} vs normal {normal!r}")
    entry = discordances[(tumor, normal)]
    sites, disc = entry["sites"], entry["discordance"]
    if sites < min_sites or disc is None:
        status = "NA"
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
        "discordance": disc,
        "sites": sites,
        "normal": normal,
        "max_discordance": max_discordance,
        "best_match": best[2] if best else None,
        "best_match_discordance": best[0] if best else None,
    }
