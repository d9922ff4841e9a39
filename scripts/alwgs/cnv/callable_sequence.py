"""Callable sequence of each chromosome and arm: what a chromosome- or arm-level copy-number
event is measured against, and whether there is enough of it to name such an event at all.

Callable sequence is the bins of the tumor's .cnr: what ``cnvkit.py access`` leaves of the
reference (N runs of at least cnv.access_min_gap cut out), split into bins, less the bins
``cnvkit.py fix`` drops because its reference covers them too thinly to measure. Raw length
would count N padding and the unsequenced short arms of 13, 14, 15, 21 and 22; a count of
bins would weigh a 300-bp bin squeezed between two gaps like a full one. So fractions are
callable bp over callable bp.

A chromosome or arm is assessable when it holds at least ``min_callable_bp`` callable bp and
``min_bins`` bins (the fewest bins that make an event at all). Below that a change covering
it is ``not_assessable``: 9 bins over the 6.5 kb of sequence of an N-padded chromosome are
not a trisomy. An arm the cytoband file does not show (no band named p..., or q...) is not
assessable either.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .cytobands import Cytobands, chrom_name, chrom_rank

CALLABLE_COLUMNS = [
    "chrom",
    "region",
    "level",
    "start",
    "end",
    "callable_bp",
    "bins",
    "assessable",
    "reason",
]


@dataclass(frozen=True)
class Unit:
    """A whole chromosome (arm '') or one arm ('p', 'q') and its callable sequence."""

    chrom: str
    arm: str
    start: int
    end: int
    callable_bp: int
    bins: int
    reason: str = ""  # why it is not assessable; '' when it is

    @property
    def assessable(self) -> bool:
        return not self.reason

    @property
    def region(self) -> str:
        """ISCN name: 13, 13p, Xq."""
        return f"{chrom_name(self.chrom)}{self.arm}"

    @property
    def level(self) -> str:
        return "arm" if self.arm else "chromosome"

    def row(self) -> list[str]:
        return [
            self.chrom,
            self.region,
            self.level,
            str(self.start),
            str(self.end),
            str(self.callable_bp),
            str(self.bins),
            "yes" if self.assessable else "no",
            self.reason or ".",
        ]


@dataclass(frozen=True)
class Minimum:
    """What a chromosome or arm needs to be assessable (cnv.min_callable_bp, cnv.min_bins)."""

    callable_bp: int
    bins: int

    def shortfall(self, callable_bp: int, bins: int) -> str:
        """'' when both are met, else what is missing, in words for the events table."""
        short = []
        if callable_bp < self.callable_bp:
            short.append(
                f"{callable_bp:,} callable bp, below cnv.min_callable_bp ({self.callable_bp:,})"
            )
        if bins < self.bins:
            short.append(f"{bins} bins, below cnv.min_bins ({self.bins})")
        return "; ".join(short)


class ChromCallable:
    """Bins (0-based half-open, sorted) of one chromosome, split into arms at the
    centromere of the cytoband file."""

    def __init__(
        self,
        chrom: str,
        bins: list[tuple[int, int]],
        bands: Cytobands,
        minimum: Minimum,
    ):
        self.chrom = chrom
        self.bins = sorted(bins)
        self.centromere = bands.centromere(chrom)
        self.length = bands.length(chrom)
        self.minimum = minimum
        names = [b.name for b in bands.by_chrom[chrom]]
        self.arms_shown = {a for a in "pq" if any(n.startswith(a) for n in names)}

    def _arm_span(self, arm: str | None) -> tuple[int, int]:
        if arm == "p":
            return 0, self.centromere
        if arm == "q":
            return self.centromere, 1 << 62
        return 0, 1 << 62

    def bp(self, start: int = 0, end: int = 1 << 62, arm: str | None = None) -> int:
        """Callable bp inside [start, end) (and inside ``arm`` when given)."""
        lo, hi = self._arm_span(arm)
        start, end = max(start, lo), min(end, hi)
        return sum(max(0, min(e, end) - max(s, start)) for s, e in self.bins)

    def count(self, start: int = 0, end: int = 1 << 62, arm: str | None = None) -> int:
        """Bins whose midpoint lies inside [start, end) (and inside ``arm``)."""
        lo, hi = self._arm_span(arm)
        return sum(1 for s, e in self.bins if max(start, lo) <= (s + e) // 2 < min(end, hi))

    def unit(self, arm: str = "") -> Unit:
        lo, hi = self._arm_span(arm or None)
        bp, n = self.bp(arm=arm or None), self.count(arm=arm or None)
        reason = self.minimum.shortfall(bp, n)
        if arm and arm not in self.arms_shown:
            reason = f"no {arm} band in the cytoband file"
        return Unit(self.chrom, arm, lo, min(hi, self.length), bp, n, reason)

    def first_start(self) -> int:
        return self.bins[0][0] if self.bins else 0

    def last_end(self) -> int:
        return self.bins[-1][1] if self.bins else 0

    def median_width(self) -> int:
        widths = sorted(e - s for s, e in self.bins)
        return widths[len(widths) // 2] if widths else 0


def callable_units(
    bins: dict[str, list[tuple[int, int]]], bands: Cytobands, minimum: Minimum
) -> list[Unit]:
    """Each chromosome of the cytoband file, then its p and q arm, in karyotype order."""
    out = []
    for chrom in bands.chromosomes():
        cc = ChromCallable(chrom, bins.get(chrom, []), bands, minimum)
        out += [cc.unit(""), cc.unit("p"), cc.unit("q")]
    return out


def write_units(units: list[Unit], path: str | Path) -> None:
    with open(path, "w") as out:
        out.write("\t".join(CALLABLE_COLUMNS) + "\n")
        for u in units:
            out.write("\t".join(u.row()) + "\n")


def read_units(path: str | Path) -> list[Unit]:
    out = []
    with open(path) as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            if not line.strip():
                continue
            r = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
            arm = r["region"][len(chrom_name(r["chrom"])) :]
            out.append(
                Unit(
                    r["chrom"],
                    arm,
                    int(r["start"]),
                    int(r["end"]),
                    int(r["callable_bp"]),
                    int(r["bins"]),
                    "" if r["assessable"] == "yes" else r["reason"],
                )
            )
    return sorted(out, key=lambda u: (chrom_rank(u.chrom), u.arm))
