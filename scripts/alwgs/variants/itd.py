"""Internal tandem duplications (FLT3-ITD and other configured targets).

ScanITD finds the events; this module merges its duplicate records, adds an independent
detection from soft-clipped reads (a read that runs past the end of a duplicated segment
continues with the segment's start), and measures every event's allele fraction itself, from
fragments (alwgs.variants.itd_fragments: junction windows of one width, each molecule counted
once whatever its reads look like after alignment, an interval with the estimate).

ScanITD's own AF is kept beside the fragment estimate; where the two differ by more than the
configured margin the call carries a note saying so (neither is silently preferred).
"""

from collections import Counter
from dataclasses import dataclass, field, replace

import pysam

from .itd_fragments import FragmentCounts, count_fragments, vaf_to_ar, windows


@dataclass
class ItdCall:
    chrom: str
    start: int  # 0-based start of the duplicated reference segment S
    end: int  # 0-based end (exclusive) of S
    inserted: str = ""  # extra bases between the two copies (ScanITD INSSEQ)
    sources: set = field(default_factory=set)
    target: str = ""
    scanitd_af: float | None = None
    counts: FragmentCounts | None = None  # fragments over the junction windows (genotype())
    problem: str = ""  # why the fragments could not be counted ('' when they were)
    # Other records of the same event (merge()): (start, end, inserted) as each caller placed it.
    representations: list = field(default_factory=list)

    @property
    def length(self) -> int:
        return self.end - self.start + len(self.inserted)

    @property
    def vaf(self) -> float | None:
        return None if self.counts is None else self.counts.vaf

    @property
    def allelic_ratio(self) -> float | None:
        return None if self.counts is None else self.counts.allelic_ratio

    @property
    def itd_fragments(self) -> int:
        return 0 if self.counts is None else self.counts.itd

    @property
    def scanitd_ar(self) -> float | None:
        return vaf_to_ar(self.scanitd_af)

    def scanitd_note(self, max_difference: float) -> str:
        """Agreement with ScanITD's own AF on the same reads, said in words ('' if none)."""
        if self.scanitd_af is None or self.vaf is None:
            return ""
        diff = self.vaf - self.scanitd_af
        if abs(diff) <= max_difference:
            return ""
        ci = self.counts.ar_interval()
        inside = ci is not None and ci[0] <= self.scanitd_ar <= ci[1]
        return (
            f"ScanITD AF {self.scanitd_af:.3f} differs from the fragment VAF {self.vaf:.3f} "
            f"by {abs(diff):.3f} (more than {max_difference:g}); ScanITD's AR "
            f"{self.scanitd_ar:.2f} is {'inside' if inside else 'outside'} the 95% interval"
        )


def parse_scanitd(path: str) -> list[ItdCall]:
    calls = []
    with pysam.VariantFile(path) as vcf:
        for rec in vcf:
            svtype = rec.info.get("SVTYPE")
            if svtype not in ("TDUP", "DUP", "ITD", "INS"):
                continue
            end = int(rec.info.get("END", rec.stop))
            ins = rec.info.get("INSSEQ", ".")
            ins = "" if ins in (None, ".") else str(ins)
            af = rec.info.get("AF")
            af = float(af[0] if isinstance(af, tuple) else af) if af is not None else None
            calls.append(ItdCall(rec.chrom, rec.pos - 1, end - 1, ins, {"scanitd"}, scanitd_af=af))
    return calls


def same_event(a: ItdCall, b: ItdCall, slack: int = 10) -> bool:
    """Two records of one duplication: overlapping segments of about the same length (the
    same event aligned two ways shifts position along the tandem copy)."""
    return (
        a.chrom == b.chrom
        and a.start < b.end
        and b.start < a.end
        and abs(a.length - b.length) <= slack
    )


def merge(calls: list[ItdCall]) -> list[ItdCall]:
    """One call per event: the record with the most read support (or ScanITD's first) wins;
    the other records' placements are kept for genotype() to choose from."""
    merged: list[ItdCall] = []
    calls = [replace(c, sources=set(c.sources), representations=[]) for c in calls]
    for c in sorted(calls, key=lambda c: (-(c.scanitd_af or 0), c.chrom, c.start)):
        twin = next((m for m in merged if same_event(m, c)), None)
        if twin is None:
            merged.append(c)
        else:
            twin.sources |= c.sources
            here = (c.start, c.end, c.inserted)
            if here != (twin.start, twin.end, twin.inserted) and here not in twin.representations:
                twin.representations.append(here)
    return sorted(merged, key=lambda c: (c.chrom, c.start))


def _usable(read) -> bool:
    return not (
        read.is_duplicate
        or read.is_secondary
        or read.is_supplementary
        or read.is_qcfail
        or read.query_sequence is None
    )


def softclip_candidates(
    bam: pysam.AlignmentFile,
    fasta: pysam.FastaFile,
    chrom: str,
    start: int,
    end: int,
    min_clip: int = 15,
    max_len: int = 500,
    min_support: int = 4,
) -> list[ItdCall]:
    """Duplications seen as soft clips: a right clip that re-reads reference bases upstream
    of the clip point (or a left clip that re-reads bases downstream)."""
    lo = max(0, start - max_len)
    window = fasta.fetch(chrom, lo, end + max_len).upper()
    support: Counter = Counter()
    for read in bam.fetch(chrom, start, end):
        if not _usable(read) or not read.cigartuples:
            continue
        seq = read.query_sequence.upper()
        op, n = read.cigartuples[-1]
        if op == 4 and n >= min_clip:  # right clip: continues with the segment start
            clip_at = read.reference_end
            probe = seq[len(seq) - n : len(seq) - n + min_clip]
            i = window.rfind(probe, max(0, clip_at - lo - max_len), clip_at - lo)
            if i >= 0 and clip_at - (lo + i) >= min_clip:
                support[(lo + i, clip_at)] += 1
        op, n = read.cigartuples[0]
        if op == 4 and n >= min_clip:  # left clip: ends with the segment end
            seg_start = read.reference_start
            probe = seq[n - min_clip : n]
            i = window.find(probe, seg_start - lo, seg_start - lo + max_len)
            if i >= 0 and lo + i + min_clip - seg_start >= min_clip:
                support[(seg_start, lo + i + min_clip)] += 1
    return [
        ItdCall(chrom, s, e, "", {"softclip"}) for (s, e), n in support.items() if n >= min_support
    ]


def _allele(fasta: pysam.FastaFile, chrom: str, placement: tuple, lo: int, hi: int) -> str:
    """The ITD allele's sequence over reference [lo, hi) for one placement of the event."""
    start, end, inserted = placement
    seg = fasta.fetch(chrom, start, end).upper()
    return (
        fasta.fetch(chrom, lo, end).upper()
        + inserted.upper()
        + seg
        + fasta.fetch(chrom, end, hi).upper()
    )


def genotype(call: ItdCall, bam: pysam.AlignmentFile, fasta: pysam.FastaFile) -> None:
    """Count fragments over the junction windows of a call (itd_fragments). When callers
    placed the event differently (merge()), placements that spell the same ITD allele (the
    copy shifted within a microhomology) are one: the first one is counted, never the best
    of several noisy counts. Placements that spell different alleles are each counted and
    the one whose ITD-only junction the most fragments show exactly is kept: a junction one
    base off is seen by no read."""
    placements = [(call.start, call.end, call.inserted), *call.representations]
    lo = max(0, min(p[0] for p in placements) - 50)
    hi = max(p[1] for p in placements) + 50
    distinct: dict[str, tuple] = {}
    for placement in placements:
        distinct.setdefault(_allele(fasta, call.chrom, placement, lo, hi), placement)
    # Placements a few bases apart nearly share their windows; only exact matches tell which
    # one the reads spell, so the choice is made on exact counts and the chosen placement is
    # then counted with the windows' mismatch allowance.
    exact = len(distinct) > 1
    best = None
    for start, end, inserted in distinct.values():
        w = windows(fasta, call.chrom, start, end, inserted)
        if w.problem:
            if best is None:
                best = (None, w, start, end, inserted)
            continue
        counts = count_fragments(bam, call.chrom, start, end, w, 0 if exact else None)
        if best is None or best[0] is None or counts.itd > best[0].itd:
            best = (counts, w, start, end, inserted)
    counts, w, call.start, call.end, call.inserted = best
    call.problem = w.problem
    if counts is not None and exact:
        counts = count_fragments(bam, call.chrom, call.start, call.end, w)
    call.counts = counts
