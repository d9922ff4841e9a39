"""B-allele fractions of the tumor at germline heterozygous SNPs, and runs of allelic
imbalance without a copy-number change (copy-neutral LOH).

Heterozygous sites come from the matched normal when there is one (GT 0/1 and an alt
fraction near one half), otherwise from the tumor itself; tumor-only sites cannot show a
full LOH (a site that lost an allele looks homozygous and is not picked), which is why
cnLOH is by default only called with a matched normal (``cnv.cnloh.require_normal``).

At a heterozygous site the tumor's alt fraction is 0.5 in balanced regions; with a
fraction p of cells carrying cnLOH it moves to 0.5 +- p/2. The mirrored shift |BAF - 0.5|
is compared with ``min_shift``; single outlying sites (sequencing noise, a miscalled
normal genotype) are smoothed away by a running median before runs are formed.
"""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Snp:
    chrom: str
    pos: int  # 1-based
    baf: float  # tumor alt fraction
    depth: int

    @property
    def shift(self) -> float:
        return abs(self.baf - 0.5)


def read_het_snps(
    vcf_path: str,
    tumor: str,
    normal: str | None = None,
    min_depth: int = 15,
    normal_af: tuple[float, float] = (0.25, 0.75),
) -> list[Snp]:
    """Tumor BAFs at biallelic SNPs heterozygous in the normal (or in the tumor when
    ``normal`` is None), from FORMAT/AD; both samples need ``min_depth`` reads."""
    import pysam  # only the rule scripts need it; the logic below is tested without it

    out = []
    with pysam.VariantFile(vcf_path) as vcf:
        samples = set(vcf.header.samples)
        if tumor not in samples or (normal and normal not in samples):
            return []
        for rec in vcf:
            if not is_biallelic_snv(rec):
                continue
            het_sample = rec.samples[normal or tumor]
            gt = het_sample.get("GT")
            if gt is None or None in gt or sorted(gt) != [0, 1]:
                continue
            t_ad = allele_depths(rec.samples[tumor])
            if t_ad is None or sum(t_ad) < min_depth:
                continue
            if normal:
                n_ad = allele_depths(het_sample)
                if n_ad is None or sum(n_ad) < min_depth:
                    continue
                if not normal_af[0] <= n_ad[1] / sum(n_ad) <= normal_af[1]:
                    continue
            out.append(Snp(rec.chrom, rec.pos, t_ad[1] / sum(t_ad), sum(t_ad)))
    return out


def is_biallelic_snv(rec) -> bool:
    """A pysam record with one ref and one alt base (the SNPs whose allele counts say BAF)."""
    return len(rec.alleles) == 2 and len(rec.ref) == 1 and len(rec.alts[0]) == 1


def allele_depths(sample) -> tuple[int, int] | None:
    """(ref, alt) reads of a pysam record's sample from FORMAT/AD; None without both."""
    try:
        ad = sample.get("AD")
    except KeyError:
        return None
    if not ad or len(ad) < 2 or ad[0] is None or ad[1] is None:
        return None
    return int(ad[0]), int(ad[1])


class SnpIndex:
    """SNPs by chromosome, sorted, for fast interval look-ups (a human batch has millions)."""

    def __init__(self, snps: Iterable[Snp]):
        self.by_chrom: dict[str, list[Snp]] = {}
        for snp in snps:
            self.by_chrom.setdefault(snp.chrom, []).append(snp)
        for chrom_snps in self.by_chrom.values():
            chrom_snps.sort(key=lambda s: s.pos)
        self._pos = {c: [s.pos for s in v] for c, v in self.by_chrom.items()}

    def inside(self, chrom: str, start: int, end: int) -> list[Snp]:
        """SNPs inside a 0-based half-open interval, in position order."""
        pos = self._pos.get(chrom)
        if not pos:
            return []
        # 1-based pos inside [start, end) when start < pos <= end
        return self.by_chrom[chrom][bisect_right(pos, start) : bisect_right(pos, end)]


def mirrored_baf(snps: list[Snp]) -> float | None:
    """Median major-allele fraction (0.5 = balanced, 1.0 = one allele only)."""
    if not snps:
        return None
    return 0.5 + statistics.median(s.shift for s in snps)


def running_median(values: list[float], width: int) -> list[float]:
    half = width // 2
    return [statistics.median(values[max(0, i - half) : i + half + 1]) for i in range(len(values))]


def imbalanced_runs(
    snps: list[Snp], min_shift: float, min_snps: int, width: int = 5
) -> list[list[Snp]]:
    """Maximal runs of consecutive SNPs (one chromosome, sorted) whose running-median shift
    reaches ``min_shift``, with at least ``min_snps`` SNPs."""
    if not snps:
        return []
    smooth = running_median([s.shift for s in snps], width)
    runs, current = [], []
    for snp, value in zip(snps, smooth, strict=True):
        if value >= min_shift:
            current.append(snp)
        else:
            if len(current) >= min_snps:
                runs.append(current)
            current = []
    if len(current) >= min_snps:
        runs.append(current)
    return runs
