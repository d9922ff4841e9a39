"""Chromosome arms, centromeres and band names from the reference's cytoband file.

The file is the UCSC cytoBand layout the config names as ``reference.cytobands``: chrom,
start, end, band, stain; 0-based half-open; stain ``acen`` marks the centromere. A first line
whose start column is not a number is a header (``chrom start end band stain``, as in the
copy of config/reference/cytobands.GRCh38.tsv) and is skipped. The p/q
boundary is where the last p band meets the first q band of the centromere (UCSC splits
the centromere into p11.1 and q11.1 halves), so arms come from the file alone and work
the same on GRCh38 and on the demo's mini genome.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

_CHROM_ORDER = {"X": 23, "Y": 24, "M": 25, "MT": 25}


def chrom_name(chrom: str) -> str:
    """'chr9' -> '9', 'chrX' -> 'X' (the name ISCN uses)."""
    return chrom[3:] if chrom.lower().startswith("chr") else chrom


def chrom_rank(chrom: str) -> tuple[int, str]:
    """Sort key in karyotype order: 1..22, X, Y, then anything else by name."""
    name = chrom_name(chrom)
    if name.isdigit():
        return (int(name), "")
    return (_CHROM_ORDER.get(name.upper(), 100), name)


@dataclass(frozen=True)
class Band:
    chrom: str
    start: int
    end: int
    name: str  # e.g. p21.3
    stain: str


class Cytobands:
    def __init__(self, bands: list[Band]):
        self.by_chrom: dict[str, list[Band]] = {}
        for b in sorted(bands, key=lambda b: (b.chrom, b.start)):
            self.by_chrom.setdefault(b.chrom, []).append(b)
        self._starts = {c: [b.start for b in bs] for c, bs in self.by_chrom.items()}

    @classmethod
    def from_file(cls, path: str | Path) -> Cytobands:
        bands = []
        with open(path) as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip() or line.startswith("#"):
                    continue
                f = line.rstrip("\n").split("\t")
                if len(f) < 5:
                    raise ValueError(f"{path}: line {n}: expected chrom start end band stain")
                if n == 1 and not f[1].isdigit():
                    continue  # header row
                try:
                    bands.append(Band(f[0], int(f[1]), int(f[2]), f[3], f[4]))
                except ValueError:
                    raise ValueError(
                        f"{path}: line {n}: start and end must be whole numbers"
                    ) from None
        if not bands:
            raise ValueError(f"{path}: no bands")
        return cls(bands)

    def chromosomes(self) -> list[str]:
        return sorted(self.by_chrom, key=chrom_rank)

    def length(self, chrom: str) -> int:
        return self.by_chrom[chrom][-1].end

    def centromere(self, chrom: str) -> int:
        """The p/q boundary: end of the last p band within the acen region, or the middle
        of the acen bands, or (no centromere in the file) the middle of the chromosome."""
        bands = self.by_chrom[chrom]
        acen = [b for b in bands if b.stain == "acen"]
        p_acen = [b for b in acen if b.name.startswith("p")]
        if p_acen and any(b.name.startswith("q") for b in acen):
            return p_acen[-1].end
        if acen:
            return (acen[0].start + acen[-1].end) // 2
        p_bands = [b for b in bands if b.name.startswith("p")]
        return p_bands[-1].end if p_bands else self.length(chrom) // 2

    def arms(self, chrom: str) -> dict[str, tuple[int, int]]:
        cen = self.centromere(chrom)
        return {"p": (0, cen), "q": (cen, self.length(chrom))}

    def arm_at(self, chrom: str, pos: int) -> str:
        """Arm of a 0-based position."""
        return "p" if pos < self.centromere(chrom) else "q"

    def band_at(self, chrom: str, pos: int) -> str:
        """Band name (e.g. q34.12) of a 0-based position; positions past the last band take
        the last band, so a breakpoint at the very end still gets a name."""
        bands = self.by_chrom.get(chrom)
        if not bands:
            raise KeyError(f"{chrom} is not in the cytoband file")
        i = max(0, bisect_right(self._starts[chrom], pos) - 1)
        return bands[i].name

    def band_range(self, chrom: str, start: int, end: int) -> str:
        """ISCN band(s) of a 0-based half-open interval: 'p21.3' or 'p21.3p13.2'."""
        first = self.band_at(chrom, start)
        last = self.band_at(chrom, max(start, end - 1))
        return first if first == last else f"{first}{last}"

    def iscn_breakpoints(self, chrom: str, start: int, end: int) -> str:
        """The breakpoint band(s) ISCN writes for a deleted or duplicated segment (0-based
        half-open): one band for a terminal segment, the band of its inner breakpoint (q31 for
        q31->qter, p21.3 for pter->p21.3); two for an interstitial one, even when they are the
        same band. Within one arm the band nearer the centromere comes first, as in
        del(5)(q13q33) and del(12)(p12p13); across the centromere the p band comes first."""
        first = self.band_at(chrom, start)
        last = self.band_at(chrom, max(start, end - 1))
        if start <= 0:
            return last
        if end >= self.length(chrom):
            return first
        if first[:1] == last[:1] == "p":
            return f"{last}{first}"
        return f"{first}{last}"
