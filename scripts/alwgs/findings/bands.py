"""Chromosome bands as genomic intervals of one build's cytoband file, for bands and segments
given in a findings file: where a band lies, the segment distal to a breakpoint, the
centromere; and the sequence a copy-number level is judged on when there are no bins."""

from __future__ import annotations

from alwgs.cnv.callable_sequence import ChromCallable
from alwgs.cnv.cytobands import Cytobands
from alwgs.cnv.events import Settings, band_callable


class BandError(ValueError):
    """A chromosome or band the cytoband file does not have."""


class BandMap:
    def __init__(self, bands: Cytobands):
        self.bands = bands
        self._contig = {}
        for contig in bands.by_chrom:
            name = contig[3:] if contig.lower().startswith("chr") else contig
            self._contig[name] = contig

    def contig(self, chrom: str) -> str:
        """The cytoband file's contig of an ISCN chromosome name or a contig name."""
        if chrom in self.bands.by_chrom:
            return chrom
        name = chrom[3:] if chrom.lower().startswith("chr") else chrom
        if name not in self._contig:
            raise BandError(f"chromosome {chrom} is not in the cytoband file")
        return self._contig[name]

    def length(self, chrom: str) -> int:
        return self.bands.length(self.contig(chrom))

    def centromere(self, chrom: str) -> int:
        return self.bands.centromere(self.contig(chrom))

    def arm(self, chrom: str, arm: str) -> tuple[int, int]:
        return self.bands.arms(self.contig(chrom))[arm]

    def span(self, chrom: str, band: str) -> tuple[int, int]:
        """0-based half-open interval of a band name: a band (q13), its sub-bands (q13.1), a
        region (q1), an arm (q), the centromere (q10, p10, cen), pter and qter."""
        contig = self.contig(chrom)
        cen = self.centromere(chrom)
        if band in ("p10", "q10", "cen"):
            return cen, cen
        if band in ("p", "q"):
            return self.arm(chrom, band)
        if band == "pter":
            return 0, 0
        if band == "qter":
            end = self.length(chrom)
            return end, end
        hits = [b for b in self.bands.by_chrom[contig] if _within(b.name, band)]
        if not hits:
            raise BandError(f"band {chrom}{band} is not a band of {contig} in the cytoband file")
        return min(b.start for b in hits), max(b.end for b in hits)

    def distal(self, chrom: str, band: str) -> tuple[int, int]:
        """The segment from a breakpoint in `band` to the end of its arm (what a terminal
        deletion loses, what a translocation moves)."""
        start, end = self.span(chrom, band)
        if band in ("p10", "p"):
            return 0, self.centromere(chrom)
        if band in ("q10", "q", "cen"):
            return self.centromere(chrom), self.length(chrom)
        if band.startswith("p") or band == "pter":
            return 0, end
        return start, self.length(chrom)

    def between(self, chrom: str, first: str, second: str) -> tuple[int, int]:
        """The segment from one band to another, whichever is written first."""
        a, b = self.span(chrom, first), self.span(chrom, second)
        return min(a[0], b[0]), max(a[1], b[1])

    def callable(self, chrom: str, settings: Settings) -> ChromCallable:
        """The copy-number stage's callable sequence of a chromosome without read-depth bins
        (alwgs.cnv.events.band_callable: stand-in bins over the bands with unique sequence),
        so that its level rules judge a given segment on the same callable bp as a segment
        called from any other source of bins."""
        return band_callable(self.contig(chrom), self.bands, settings)


def _within(name: str, band: str) -> bool:
    """Whether the file's band `name` lies in the written `band`: itself, a sub-band of it
    (q11.2 holds q11.21 and q11.22; q13 holds q13.1) or a band of a region (q1 holds q13)."""
    if name == band:
        return True
    if not name.startswith(band):
        return False
    after = name[len(band)]
    if "." in band or len(band) == 2:
        return after.isdigit()
    return after == "."
