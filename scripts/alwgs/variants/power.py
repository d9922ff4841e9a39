"""Depth filters from the sample's own depth: binomial power to see a variant's reads.

A called variant fails for depth only when its site could not have shown it: the tumor power
T_POWER is the chance of at least `min_alt_reads` alt reads among the site's reads for a
variant at the sample's detection VAF, and the normal power N_POWER the chance of at least
`normal_min_alt_reads` alt reads of a germline heterozygous allele among the normal's reads.

The detection VAF is the smallest VAF that a site at `dropout_fraction` x the tumor's median
depth detects with `min_power`, never below the reporting floor `reporting_vaf`. So a site
fails in the tumor when it lies far below the sample's own depth (a coverage or mapping
dropout), whatever that depth is: a 16x sample is not held to a floor made for 90x, and a
300x sample keeps sites that still see a variant at the reporting floor.

The median depth is read from the mosdepth distribution of alignment QC, over the callable
sequence (config/filters/small_variants.yaml, section depth_power, has the parameters).
"""

import math
from dataclasses import dataclass
from pathlib import Path

# Parameters of the depth_power section: name -> (type, lower bound, upper bound).
PARAMETERS = {
    "reporting_vaf": (float, 0.0, 1.0),
    "min_alt_reads": (int, 1, 1000),
    "min_power": (float, 0.0, 1.0),
    "dropout_fraction": (float, 0.0, 1.0),
    "normal_germline_vaf": (float, 0.0, 1.0),
    "normal_min_alt_reads": (int, 1, 1000),
}
# Values a filter's expression or description may name as {placeholder}: the parameters and
# what somatic_filter computes for the sample from them.
SAMPLE_VALUES = (
    "tumor_median_depth",
    "normal_median_depth",
    "tumor_detection_vaf",
    "tumor_min_depth",
    "normal_min_depth",
)
PLACEHOLDERS = frozenset(PARAMETERS) | frozenset(SAMPLE_VALUES)

HEADER = [
    '##INFO=<ID=T_POWER,Number=1,Type=Float,Description="Binomial power of the tumor depth '
    "at this site to show the minimum alt reads of a variant at the sample detection VAF "
    '(see the LowDepth filter and ##alwgs_depth_power)">',
    '##INFO=<ID=N_POWER,Number=1,Type=Float,Description="Binomial power of the matched-normal '
    "depth at this site to show the minimum alt reads of a germline heterozygous allele "
    '(see the NormalLowDepth filter)">',
]


def power(depth: int, vaf: float, min_alt: int) -> float:
    """P(X >= min_alt) for X ~ Binomial(depth, vaf): the chance that `depth` reads show at
    least `min_alt` alt reads of a variant at allele fraction `vaf` (exact sum)."""
    if min_alt <= 0:
        return 1.0
    if depth < min_alt or vaf <= 0.0:
        return 0.0
    if vaf >= 1.0:
        return 1.0
    below = sum(math.comb(depth, k) * vaf**k * (1.0 - vaf) ** (depth - k) for k in range(min_alt))
    return min(1.0, max(0.0, 1.0 - below))


def floor4(x: float) -> float:
    """Rounded down to 4 decimals for a tag: a power just under the threshold must not be
    written as the threshold itself and pass the filter."""
    return math.floor(x * 10_000) / 10_000


def detection_vaf(depth: float, min_alt: int, target: float, floor: float) -> float:
    """Smallest VAF (not below `floor`) that `depth` reads detect with power >= `target`;
    1.0 when even a clonal homozygous variant would not reach it. Power rises with the VAF,
    so bisection finds it; the answer is rounded up to 4 decimals, the tags' precision."""
    reads = int(depth)
    if power(reads, floor, min_alt) >= target:
        return floor
    if power(reads, 1.0 - 1e-9, min_alt) < target:
        return 1.0
    lo, hi = floor, 1.0
    while hi - lo > 1e-6:
        mid = (lo + hi) / 2
        if power(reads, mid, min_alt) >= target:
            hi = mid
        else:
            lo = mid
    return min(1.0, math.ceil(hi * 10_000) / 10_000)


def min_depth(vaf: float, min_alt: int, target: float, limit: int = 100_000) -> int:
    """Smallest depth whose power at `vaf` reaches `target` (what the power filter means in
    reads, for the header text); `limit` when none does."""
    for d in range(min_alt, limit):
        if floor4(power(d, vaf, min_alt)) >= target:  # as the tag is written
            return d
    return limit


def check_parameters(section, where: str) -> dict:
    """The depth_power section of the filter file, checked; errors name the field."""
    if not isinstance(section, dict):
        raise ValueError(f"{where}: missing top-level field 'depth_power' (a mapping)")
    out = {}
    for name, (kind, lo, hi) in PARAMETERS.items():
        value = section.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{where}: depth_power: field '{name}' must be a number")
        if kind is int and value != int(value):
            raise ValueError(f"{where}: depth_power: field '{name}' must be a whole number")
        if kind is int and not lo <= value <= hi:
            raise ValueError(f"{where}: depth_power: field '{name}' must be in [{lo}, {hi}]")
        if kind is float and not lo < value <= hi:
            raise ValueError(f"{where}: depth_power: field '{name}' must be in ({lo}, {hi}]")
        out[name] = kind(value)
    unknown = set(section) - set(PARAMETERS) - {"source"}
    if unknown:
        raise ValueError(f"{where}: depth_power: unknown field '{sorted(unknown)[0]}'")
    return out


def median_depth(dist_path: str | Path, genome_bases: int, callable_bases: int) -> int:
    """Median depth over the callable sequence from a mosdepth global distribution (rows
    chrom, depth, fraction of bases at >= depth; the 'total' rows span the whole genome).
    The bases outside the callable sequence are N runs no read aligns to (depth 0), so a
    callable base count at >= d is fraction(d) x genome_bases; the median is the largest
    depth that half the callable bases reach."""
    if callable_bases <= 0 or genome_bases < callable_bases:
        raise ValueError(
            f"{dist_path}: callable bases ({callable_bases}) must be within the genome "
            f"({genome_bases})"
        )
    at_least: dict[int, float] = {}
    with open(dist_path) as fh:
        for n, line in enumerate(fh, start=1):
            f = line.rstrip("\n").split("\t")
            if len(f) != 3:
                raise ValueError(f"{dist_path}: line {n}: expected chrom, depth, fraction")
            if f[0] == "total":
                at_least[int(f[1])] = float(f[2])
    if not at_least:
        raise ValueError(f"{dist_path}: no 'total' rows (not a mosdepth global distribution)")
    half = 0.5 * callable_bases
    reached = [d for d, frac in at_least.items() if d >= 1 and frac * genome_bases >= half]
    return max(reached, default=0)


def bed_bases(path: str | Path) -> int:
    """Bases covered by a BED file of non-overlapping intervals (the callable regions)."""
    total = 0
    with open(path) as fh:
        for line in fh:
            if line.strip() and not line.startswith(("#", "track", "browser")):
                f = line.split("\t")
                total += int(f[2]) - int(f[1])
    return total


def fai_bases(path: str | Path) -> int:
    with open(path) as fh:
        return sum(int(line.split("\t")[1]) for line in fh if line.strip())


@dataclass(frozen=True)
class DepthPower:
    """The depth rule of one sample: parameters of the filter file and the median depths."""

    reporting_vaf: float
    min_alt_reads: int
    min_power: float
    dropout_fraction: float
    normal_germline_vaf: float
    normal_min_alt_reads: int
    tumor_median_depth: int
    normal_median_depth: int | None = None

    @property
    def tumor_detection_vaf(self) -> float:
        return detection_vaf(
            self.dropout_fraction * self.tumor_median_depth,
            self.min_alt_reads,
            self.min_power,
            self.reporting_vaf,
        )

    def tumor_power(self, depth: int) -> float:
        return power(depth, self.tumor_detection_vaf, self.min_alt_reads)

    def normal_power(self, depth: int) -> float:
        return power(depth, self.normal_germline_vaf, self.normal_min_alt_reads)

    def values(self) -> dict[str, float | int | str]:
        """Placeholder values for the filters' expressions and descriptions."""
        vaf = self.tumor_detection_vaf
        out: dict[str, float | int | str] = {
            "reporting_vaf": self.reporting_vaf,
            "min_alt_reads": self.min_alt_reads,
            "min_power": self.min_power,
            "dropout_fraction": self.dropout_fraction,
            "normal_germline_vaf": self.normal_germline_vaf,
            "normal_min_alt_reads": self.normal_min_alt_reads,
            "tumor_median_depth": self.tumor_median_depth,
            "tumor_detection_vaf": vaf,
            "tumor_min_depth": min_depth(vaf, self.min_alt_reads, self.min_power),
            "normal_min_depth": min_depth(
                self.normal_germline_vaf, self.normal_min_alt_reads, self.min_power
            ),
        }
        if self.normal_median_depth is not None:
            out["normal_median_depth"] = self.normal_median_depth
        return out

    def header_line(self) -> str:
        v = self.values()
        return "##alwgs_depth_power=<" + ",".join(f"{k}={v[k]}" for k in sorted(v)) + ">"
