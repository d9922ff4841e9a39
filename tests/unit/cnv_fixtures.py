"""Small synthetic genome for the copy-number tests: every chromosome 100 kb, p arm
0-50 kb, centromere (acen) 45-55 kb, 1-kb bins outside the centromere."""

from alwgs.cnv.cytobands import Band, Cytobands
from alwgs.cnv.events import Segment, Settings
from alwgs.contig_roles import ContigRoles

LENGTH = 100_000
CEN = 50_000
BIN = 1_000
CHROMS = ["chr1", "chr5", "chr7", "chr8", "chr9", "chr17", "chr22", "chrX", "chrY"]
# Contig roles as a batch config declares them (reference.autosomes/chrX/chrY).
ROLES = ContigRoles(tuple(CHROMS[:-2]), "chrX", "chrY")
BANDS = [
    (0, 20_000, "p22", "gneg"),
    (20_000, 45_000, "p13", "gpos50"),
    (45_000, 50_000, "p11.1", "acen"),
    (50_000, 55_000, "q11.1", "acen"),
    (55_000, 80_000, "q21", "gneg"),
    (80_000, 100_000, "q34", "gpos50"),
]


def cytobands() -> Cytobands:
    return Cytobands([Band(c, s, e, n, st) for c in CHROMS for s, e, n, st in BANDS])


def bins() -> dict[str, list[tuple[int, int]]]:
    grid = [(s, s + BIN) for s in range(0, LENGTH, BIN) if not 45_000 <= s < 55_000]
    return {c: list(grid) for c in CHROMS}


def n_bins(start: int, end: int) -> int:
    return sum(1 for s, e in bins()["chr1"] if start <= (s + e) // 2 < end)


def seg(chrom: str, start: int, end: int, cn: int, log2: float | None = None) -> Segment:
    """A segment over the bins of [start, end); log2 defaults to what cn reads at purity 1."""
    import math

    if log2 is None:
        log2 = math.log2(max(cn, 0.05) / 2)
    return Segment(chrom, start, end, log2, cn, n_bins(start, end))


def neutral_genome(sex: str = "female", skip: tuple[str, ...] = ()) -> list[Segment]:
    """One copy-neutral segment per chromosome (male X and Y at one copy)."""
    out = []
    for c in CHROMS:
        if c in skip:
            continue
        if c == "chrY" and sex != "male":
            out.append(seg(c, 0, LENGTH, 0, -10.0))
        elif c in ("chrX", "chrY") and sex == "male":
            out.append(seg(c, 0, LENGTH, 1, -1.0 if c == "chrX" else 0.0))
        else:
            out.append(seg(c, 0, LENGTH, 2, 0.0))
    return out


# call_events settings for this genome (the tests of events and of the PARs share them)
SETTINGS = Settings(
    min_bins=8,
    min_abs_log2=0.2,
    chromosome_fraction=0.9,
    arm_fraction=0.5,
    # the fixture's arms hold 45 kb of callable sequence each
    min_callable_bp=20_000,
    snap_bins=4,
    cnloh_min_snps=8,
    cnloh_min_shift=0.15,
)
