"""Internal tandem duplications (FLT3-ITD and other configured targets).

ScanITD finds the events; this module merges its duplicate records, adds an independent
detection from soft-clipped reads (a read that runs past the end of a duplicated segment
continues with the segment's start), and measures every event's read support itself.

With S the duplicated segment, X the bases before and Y the bases after it, the ITD allele
reads X S (ins) S Y and the reference reads X S Y. Both alleles carry exactly one X|S and one
S|Y junction; only the ITD carries S|S. The three junction windows have the same width (2k,
plus the insertion), so reads covering them are equally likely on either allele and
  VAF = reads with S|S / mean(reads with X|S, reads with S|Y),   AR = VAF / (1 - VAF),
whatever the ITD length. On the demo's 60-bp FLT3-ITD ScanITD's own AF (0.143) was far below
the truth (0.248); a reference-window count (X S Y) had only 1/3 of the reads to work with.
"""

from collections import Counter
from dataclasses import dataclass, field, replace

import pysam

K = 15  # junction half-width: unique within a target window, short enough for many reads


@dataclass
class ItdCall:
    chrom: str
    start: int  # 0-based start of the duplicated reference segment S
    end: int  # 0-based end (exclusive) of S
    inserted: str = ""  # extra bases between the two copies (ScanITD INSSEQ)
    sources: set = field(default_factory=set)
    target: str = ""
    alt_reads: int = 0  # reads across the ITD-only junction S|S
    junction_reads: float = 0.0  # mean reads across X|S and S|Y (both alleles)
    scanitd_af: float | None = None
    note: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start + len(self.inserted)

    @property
    def vaf(self) -> float | None:
        if self.junction_reads <= 0:
            return None
        return min(1.0, self.alt_reads / self.junction_reads)

    @property
    def allelic_ratio(self) -> float | None:
        vaf = self.vaf
        if vaf is None:
            return None
        return float("inf") if vaf >= 1 else vaf / (1 - vaf)

    @property
    def ref_reads(self) -> int:
        return max(0, round(self.junction_reads - self.alt_reads))


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
    """One call per event: the record with the most read support (or ScanITD's first) wins."""
    merged: list[ItdCall] = []
    calls = [replace(c, sources=set(c.sources)) for c in calls]  # callers keep their objects
    for c in sorted(calls, key=lambda c: (-(c.scanitd_af or 0), c.chrom, c.start)):
        twin = next((m for m in merged if same_event(m, c)), None)
        if twin is None:
            merged.append(c)
        else:
            twin.sources |= c.sources
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


def genotype(call: ItdCall, bam: pysam.AlignmentFile, fasta: pysam.FastaFile) -> None:
    """Count reads across the three junctions of a call (see module doc)."""
    s, e = call.start, call.end
    seg = fasta.fetch(call.chrom, s, e).upper()
    left = fasta.fetch(call.chrom, max(0, s - K), s).upper()
    right = fasta.fetch(call.chrom, e, e + K).upper()
    k = min(K, len(seg))
    itd_only = seg[-k:] + call.inserted + seg[:k]
    x_s, s_y = left[-k:] + seg[:k], seg[-k:] + right[:k]
    # Counted per fragment (read name): overlapping mates of one molecule count once.
    alt: set[str] = set()
    x_s_frags: set[str] = set()
    s_y_frags: set[str] = set()
    for read in bam.fetch(call.chrom, max(0, s - 300), e + 300):
        if not _usable(read):
            continue
        seq = read.query_sequence.upper()
        for junction, found in ((itd_only, alt), (x_s, x_s_frags), (s_y, s_y_frags)):
            if junction in seq:
                found.add(read.query_name)
    call.alt_reads = len(alt)
    call.junction_reads = (len(x_s_frags) + len(s_y_frags)) / 2
