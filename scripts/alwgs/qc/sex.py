"""Sex inference from X and Y depth relative to the autosomes (mosdepth per-contig means).

Which contigs are the autosomes, X and Y is configuration (alwgs.contig_roles), never guessed
from names. Without declared autosomes or without an X contig the check is "not assessed",
with the reason, and the QC gate shows it as a warning.

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
- Pseudoautosomal regions (config reference.par) are left out of both ratios: they have two
  copies in either sex. mosdepth gives one mean per contig, so X's mean is taken without
  its PARs assuming they read the autosomes' depth, and Y's over its length without its
  PARs, which an analysis set masks (N: no reads). On GRCh38 this moves a male's X ratio
  by ~0.01 and his Y ratio by ~0.05 x 5.4/57; on a small genome whose PAR is a large share
  of X and Y it decides the call.
- Both must agree. Loss of Y (or of one X) is common in leukemia, notably in t(8;21) AML:
  a male tumor with -Y gives X 0.5 / Y ~0, like a female tumor with -X. Such a sample is
  "ambiguous", so the gate warns instead of failing it for a sex mismatch.
"""

from __future__ import annotations

from alwgs.contig_roles import ContigRoles
from alwgs.par import length_on

# Cut-offs explained in the module docstring.
FEMALE_X = (0.8, 1.2)
MALE_X = (0.35, 0.65)
MALE_MIN_Y = 0.1
FEMALE_MAX_Y = 0.05


def autosome_mean(
    per_chrom_mean: dict[str, float],
    roles: ContigRoles,
    lengths: dict[str, int] | None = None,
) -> float:
    """Mean depth over the declared autosomes that have a depth entry.

    Weighted by length when ``lengths`` covers them all, since a short autosome must not
    count as much as chr1. Other contigs (unplaced, decoys, EBV, X, Y, M) are left out: their
    depth says nothing about the diploid baseline. Raises ValueError when no declared
    autosome has a depth entry.
    """
    autosomes = roles.autosomes_among(per_chrom_mean)
    if not autosomes:
        raise ValueError("no declared autosome (reference.autosomes) has a depth entry")
    if lengths and all(c in lengths for c in autosomes):
        total = sum(lengths[c] for c in autosomes)
        return sum(per_chrom_mean[c] * lengths[c] for c in autosomes) / total
    return sum(per_chrom_mean[c] for c in autosomes) / len(autosomes)


def not_assessed(reason: str) -> dict:
    """The result of a sex check that could not be made, with the reason."""
    return {"inferred": None, "x_ratio": None, "y_ratio": None, "not_assessed": reason}


def infer_sex(
    per_chrom_mean: dict[str, float],
    roles: ContigRoles,
    autosomes_mean: float | None = None,
    lengths: dict[str, int] | None = None,
) -> dict:
    """Infer sex from X/autosome and Y/autosome depth ratios.

    per_chrom_mean: contig -> mean depth (parse_mosdepth_summary()["per_chrom"]). roles: the
    reference's autosomes, X and Y. autosomes_mean: computed with autosome_mean() when None.
    lengths: contig -> length; a sex chromosome that is in the reference (in lengths) but has
    no depth entry had no reads at all (mosdepth omits such contigs) and counts as 0x.

    Returns {"inferred": "male"|"female"|"ambiguous", "x_ratio", "y_ratio"}; y_ratio is None
    when the reference has no Y (then a male cannot be confirmed). When the roles do not
    allow the check (no autosomes or no X declared, X not in the reference, no depth on the
    autosomes) "inferred" is None and "not_assessed" gives the reason.
    """
    gap = roles.sex_check_gap()
    if gap:
        return not_assessed(gap)
    known = set(per_chrom_mean) | set(lengths or {})
    if roles.x not in known:
        return not_assessed(f"the declared X chromosome '{roles.x}' is not in the reference")
    if autosomes_mean is None:
        try:
            autosomes_mean = autosome_mean(per_chrom_mean, roles, lengths)
        except ValueError as err:
            return not_assessed(str(err))
    if not autosomes_mean:
        return not_assessed("the declared autosomes have no depth")

    def ratio(name: str) -> float | None:
        if not name or name not in known:
            return None
        mean = per_chrom_mean.get(name, 0.0)
        length, par = (lengths or {}).get(name), length_on(roles.par, name)
        if par and length and length > par:
            # PAR left out: on X read at the autosomes' depth, on Y masked (no reads)
            par_depth = autosomes_mean if name == roles.x else 0.0
            mean = (mean * length - par_depth * par) / (length - par)
        return mean / autosomes_mean

    x_ratio, y_ratio = ratio(roles.x), ratio(roles.y)
    inferred = "ambiguous"
    x_female = FEMALE_X[0] <= x_ratio <= FEMALE_X[1]
    x_male = MALE_X[0] <= x_ratio <= MALE_X[1]
    if x_male and y_ratio is not None and y_ratio >= MALE_MIN_Y:
        inferred = "male"
    elif x_female and (y_ratio is None or y_ratio <= FEMALE_MAX_Y):
        inferred = "female"
    return {"inferred": inferred, "x_ratio": x_ratio, "y_ratio": y_ratio}
