"""Where a gene's repeat unit lies on the reference: the tandem array around an annotated copy
and the homologous arrays elsewhere, found from the sequence itself (alwgs.sv.partner_regions).

The model is DUX4: each 3.3-kb D4Z4 unit of the 4q35 array carries a DUX4-like ORF, the
annotation names one copy (the telomeric unit), and a read from any unit of that array or of
the ~98.5%-identical 10q26 array fits all of them (MAPQ 0). So the region a mate of a moved
DUX4 piece can be placed in is every such unit, not the annotated copy.

1. The unit (unit_seeds): the copy's k-mers are looked up within local_bp around it. In a
   tandem array each k-mer recurs at the unit's length: the period is the most frequent
   distance between consecutive occurrences of one k-mer (at least MIN_PERIOD_BP, and at least
   min_support() k-mers recurring at it, +-1%). The seeds are the k-mers that recur at the
   period (both strands): the unit's sequence, without the copy's unique flanks (which would
   find nothing else) or stretches that occur once in it. No period: the copy's own k-mers.
2. The homologous stretches (find_blocks): one pass over every contig (alwgs.sv.kmer_scan)
   keeps the positions of seed k-mers; a window of WINDOW_BP is homologous when at least
   MIN_KMER_FRACTION of its positions start a *distinct* seed k-mer (distinct: a
   microsatellite repeating one seed k-mer is no homolog). 40% of exact 24-mers is about 96%
   identity (0.96^24 = 0.38; 98.5% gives 0.70): the 10q26 array passes, a diverged relative
   that bwa would not confuse with the unit does not. A window is 1 kb, so an interspersed
   element the unit shares (a few hundred bp) makes no homolog either. Windows overlapping or
   closer than a window merge; each stretch is trimmed to its first and last hit and gets its
   own period (step 1 on its hits) and its number of units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pysam

from .kmer_scan import CHUNK_BP, K, SeedSet, revcomp_values, scan, scan_region, sequence_kmers

WINDOW_BP = 1000
STEP_BP = 250  # windows start every STEP_BP
MIN_KMER_FRACTION = 0.4
LOCAL_BP = 100_000  # around an annotated copy, where its unit's period is looked for
MIN_PERIOD_BP = 500  # a repeat unit, not a satellite monomer or microsatellite
PERIOD_TOLERANCE = 0.01  # units of one array may differ by small indels


def min_support() -> int:
    """k-mers that must recur at a period (and hits that make a window homologous)."""
    return int(MIN_KMER_FRACTION * WINDOW_BP)


def tandem_period(positions: np.ndarray, values: np.ndarray) -> tuple[int | None, np.ndarray]:
    """(period, the k-mer values recurring at it) of hits (module docstring step 1); (None,
    empty) when no distance of at least MIN_PERIOD_BP is shared by min_support() k-mers."""
    none = (None, np.zeros(0, dtype=np.uint64))
    if len(values) < 2:
        return none
    order = np.lexsort((positions, values))
    v, p = values[order], positions[order]
    same = v[1:] == v[:-1]
    dist, dval = (p[1:] - p[:-1])[same], v[1:][same]
    keep = dist >= MIN_PERIOD_BP
    dist, dval = dist[keep], dval[keep]
    if not len(dist):
        return none
    lengths, counts = np.unique(dist, return_counts=True)
    period = int(lengths[np.argmax(counts)])
    tol = max(1, int(period * PERIOD_TOLERANCE))
    recurring = np.unique(dval[np.abs(dist - period) <= tol])
    if len(recurring) < min_support():
        return none
    return period, recurring


@dataclass(frozen=True)
class Unit:
    """The seeds of one annotated copy (step 1)."""

    chrom: str
    start: int  # the copy, 0-based half-open
    end: int
    period: int | None  # None: no tandem repeat around the copy
    seeds: np.ndarray  # packed k-mers, both strands


def unit_seeds(fasta: pysam.FastaFile, chrom: str, start: int, end: int, k: int = K) -> Unit:
    """The repeat unit of the copy chrom:start-end (0-based half-open) as seeds (step 1)."""
    own = sequence_kmers(fasta.fetch(chrom, start, end), k)
    own = np.unique(np.concatenate([own, revcomp_values(own, k)]))
    lo = max(0, start - LOCAL_BP)
    hi = min(fasta.get_reference_length(chrom), end + LOCAL_BP)
    pos, val = scan_region(fasta, SeedSet(own, k), chrom, lo, hi, CHUNK_BP)
    period, recurring = tandem_period(pos, val)
    if period is None:
        return Unit(chrom, start, end, None, own)
    seeds = np.unique(np.concatenate([recurring, revcomp_values(recurring, k)]))
    return Unit(chrom, start, end, period, seeds)


@dataclass(frozen=True)
class Block:
    """A stretch homologous to the seeds (step 2)."""

    chrom: str
    start: int  # 0-based half-open
    end: int
    kmer_fraction: float  # its k-mer positions starting a seed k-mer (~identity^k)
    period: int | None

    @property
    def size(self) -> int:
        return self.end - self.start

    @property
    def units(self) -> float | None:
        return self.size / self.period if self.period else None


def dense_blocks(chrom: str, positions: np.ndarray, values: np.ndarray, k: int = K) -> list[Block]:
    """The homologous stretches of one contig's seed hits (positions ascending)."""
    if not len(positions):
        return []
    per_window = WINDOW_BP // STEP_BP
    bins, counts = np.unique(positions // STEP_BP, return_counts=True)
    total = np.concatenate(([0], np.cumsum(counts)))
    ends = np.searchsorted(bins, bins + per_window)
    spans: list[list[int]] = []
    for i in np.flatnonzero(total[ends] - total[np.arange(len(bins))] >= min_support()):
        w0 = int(bins[i]) * STEP_BP
        lo, hi = np.searchsorted(positions, [w0, w0 + WINDOW_BP])
        if len(np.unique(values[lo:hi])) < min_support():
            continue
        if spans and w0 <= spans[-1][1] + WINDOW_BP:
            spans[-1][1] = w0 + WINDOW_BP
        else:
            spans.append([w0, w0 + WINDOW_BP])
    out = []
    for w0, w1 in spans:
        lo, hi = np.searchsorted(positions, [w0, w1])
        p, v = positions[lo:hi], values[lo:hi]
        start, end = int(p[0]), int(p[-1]) + k
        period, _ = tandem_period(p, v)
        fraction = len(p) / max(1, end - start - k + 1)
        out.append(Block(chrom, start, end, round(fraction, 3), period))
    return out


def find_blocks(
    fasta: pysam.FastaFile, seeds: np.ndarray, k: int = K, chunk_bp: int = CHUNK_BP
) -> list[Block]:
    """Every stretch of the reference homologous to the seeds (step 2), contig by contig."""
    table = SeedSet(seeds, k)
    out: list[Block] = []
    for chrom, pos, val in scan(fasta, table, chunk_bp):
        out.extend(dense_blocks(chrom, pos, val, table.k))
    return out
