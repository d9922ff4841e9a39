"""Sex inference from chrX and chrY depth relative to the autosomes (mosdepth per-contig means).

Expected ratios (depth / autosome mean), and why the cut-offs are where they are:
- chrX: 1.0 in females (two copies), 0.5 in males. X is almost gap-free and mostly unique, so
  it is the main call. Female: 0.8-1.2, male: 0.35-0.65; values in between (0.65-0.8) are
  what a partial loss looks like, e.g. a female tumor sample whose blasts (~60 %) lost one X
  (0.4 * 1.0 + 0.6 * 0.5 = 0.7), and stay "ambiguous".
- chrY: mosdepth divides by the full contig length, and about half of GRCh38 chrY is N gap,
  so a male reaches only ~0.2 rather than 0.5. A female is not 0: without a MAPQ filter,
  reads from the X-transposed region and from the PARs (when not masked on Y) land on Y,
  typically giving 0.01-0.05. Hence male needs Y >= 0.1 and female Y <= 0.05; between the
  two, Y does not decide.
- Both must agree. Loss of Y (or of one X) is common in leukemia, notably in t(8;21) AML:
  a male tumor with -Y gives X 0.5 / Y ~0, like a female tumor with -X. Such a sample is
  "ambiguous", so the gate warns instead of failing it for a sex mismatch.
"""

from __future__ import annotations

import re

_AUTOSOME = re.compile(r"^(chr)?\d+$", re.IGNORECASE)
_X = {"x", "chrx"}
_Y = {"y", "chry"}

# Cut-offs explained in the module docstring.
FEMALE_X = (0.8, 1.2)
MALE_X = (0.35, 0.65)
MALE_MIN_Y = 0.1
FEMALE_MAX_Y = 0.05


def _find(names, wanted: set[str]) -> str | None:
    for name in names:
        if name.lower() in wanted:
            return name
    return None


def autosome_mean(per_chrom_mean: dict[str, float], lengths: dict[str, int] | None = None) -> float:
    """Mean depth over the autosomes (contigs named 1..22 or chr1..chr22 and so on).

    Weighted by length when ``lengths`` covers them all, since a short autosome must not
    count as much as chr1. Unplaced contigs, decoys, EBV, alts, X, Y and M are left out:
    their depth says nothing about the diploid baseline.
    """
    autosomes = [c for c in per_chrom_mean if _AUTOSOME.match(c)]
    if not autosomes:
        raise ValueError("no autosomes (1..N or chr1..chrN) among the contigs")
    if lengths and all(c in lengths for c in autosomes):
        total = sum(lengths[c] for c in autosomes)
        return sum(per_chrom_mean[c] * lengths[c] for c in autosomes) / total
    return sum(per_chrom_mean[c] for c in autosomes) / len(autosomes)


def infer_sex(
    per_chrom_mean: dict[str, float],
    autosomes_mean: float | None = None,
    lengths: dict[str, int] | None = None,
) -> dict:
    """Infer sex from chrX/autosome and chrY/autosome depth ratios.

    per_chrom_mean: contig -> mean depth (parse_mosdepth_summary()["per_chrom"]); contig
    names with or without "chr". autosomes_mean: computed with autosome_mean() when None.
    lengths: contig -> length; a sex chromosome that is in the reference (in lengths) but has
    no depth entry had no reads at all (mosdepth omits such contigs) and counts as 0x.

    Returns {"inferred": "male"|"female"|"ambiguous", "x_ratio", "y_ratio"}; a ratio is None
    when its chromosome is not in the reference. Without chrY a male cannot be confirmed.
    """
    if autosomes_mean is None:
        autosomes_mean = autosome_mean(per_chrom_mean, lengths)
    known = set(per_chrom_mean) | set(lengths or {})

    def ratio(wanted: set[str]) -> float | None:
        name = _find(known, wanted)
        if name is None or not autosomes_mean:
            return None
        return per_chrom_mean.get(name, 0.0) / autosomes_mean

    x_ratio, y_ratio = ratio(_X), ratio(_Y)
    inferred = "ambiguous"
    if x_ratio is not None:
        x_female = FEMALE_X[0] <= x_ratio <= FEMALE_X[1]
        x_male = MALE_X[0] <= x_ratio <= MALE_X[1]
        if x_male and y_ratio is not None and y_ratio >= MALE_MIN_Y:
            inferred = "male"
        elif x_female and (y_ratio is None or y_ratio <= FEMALE_MAX_Y):
            inferred = "female"
    return {"inferred": inferred, "x_ratio": x_ratio, "y_ratio": y_ratio}
