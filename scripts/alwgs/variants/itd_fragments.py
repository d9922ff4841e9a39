"""ITD allele fraction from fragments: each sequenced molecule counted once per junction.

Alleles. With S the duplicated reference segment, X the bases before it, Y the bases after
it and I the extra bases some ITDs carry between the copies, the wild-type allele reads
X S Y and the ITD allele X S I S Y. Three junction windows of the same width 2M are used:

  left   X|S   last M bases of X + first M bases of S        (once on each allele)
  right  S|Y   last M bases of S + first M bases of Y        (once on each allele)
  itd    S|IS  last M bases of the first copy + the next M   (ITD allele only)

A fragment (read pair, one query name) covers a window when the sequence of one of its reads
- aligned, soft-clipped, split into a supplementary record, or unmapped beside its mapped
mate - holds the window's 2M bases, on either strand, with up to MAX_MISMATCHES differences
where the sequence around the event keeps that unambiguous. It is counted once per window whatever
number of records show it (overlapping mates, a primary and its supplementary). Duplicates,
secondary and QC-failed records are left out, and so are copies of one molecule that
markdup left unflagged: markdup compares alignment positions, and the copies of an ITD read
need not align alike (one split, one soft-clipped; a mate unmapped in one copy only), so
among the fragments over a window those whose mates read the same sequence up to
sequencing errors count once. Seen on the demo (P01-T of the issue-15 ci batch, exact
matching): 2 of 24 ITD fragments were such copies, 2 and 1 of 69 at the shared junctions.

Why this geometry is unbiased. A fragment of insert length L starting uniformly along an
allele covers a window of width 2M when its first or second read (length r) holds it; the
set of start positions that do so depends on L, r and M only, not on where the window lies
nor on what surrounds it. So every window, on either allele, is covered by a fragment of
that allele with the same probability c: E[itd] = c·N_itd, E[left] = E[right] =
c·(N_itd + N_wt). The ITD length D never enters: the ITD-only window is 2M wide however long
the insertion (extra bases I widen nothing, the window is centred on the end of the first
copy). The fraction is therefore
    VAF = itd / mean(left, right),   AR = VAF / (1 - VAF) = itd / (mean - itd).
Counting 'ITD evidence anywhere in the fragment' instead (a mate inside the inserted copy,
any soft clip near the event, any read with a split alignment) would give the ITD allele a
window that grows with D while the wild-type window stays 2M + r: the longer the ITD, the
more its fraction is inflated. A mate lying wholly inside the insertion is for that reason
no evidence here; its fragment counts when one of its reads crosses the ITD-only junction.
Nor can wild-type fragments be counted directly: a read tells the alleles apart only if it
spans X S Y (D + 2M bases, impossible once D approaches the read length), and a fragment of
the ITD allele over X|S whose reads do not reach the S|S junction looks exactly like a
wild-type one, so 'fragments over X|S without ITD evidence' would count part of the ITD
allele as wild type, more so the longer the ITD. Wild-type fragments are mean - itd.

95% interval. itd and left + right are (nearly independent) Poisson counts with means
c·N_itd and 2c·N; given their sum, itd is binomial with p = VAF / (VAF + 2). A Wilson
interval for p, mapped through VAF = 2p / (1 - p) and AR = VAF / (1 - VAF), is the interval
reported. Fragments counted at two windows at once (short ITDs) make the counts positively
correlated, which only makes the interval conservative.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

import pysam

M = 15  # window half-width: 30 bases are unique within a target and fit most reads twice
FETCH_FLANK = 1000  # unmapped mates sit at their mate's position, up to an insert away
Z95 = 1.959963984540054
# PCR copies of a molecule differ by sequencing errors only (~1% of bases); another molecule
# (other start) differs at ~3/4 of them, even one shifted by the ITD length along the copies.
DUP_MISMATCH_FRACTION = 0.1
# A germline SNP or a sequencing error inside one window would hide a fragment from that
# window only (a SNP on one haplotype: from one allele only); up to 2 mismatches are allowed
# when the windows stay apart from every other stretch of both alleles (windows()).
MAX_MISMATCHES = 2

_COMPLEMENT = str.maketrans("ACGTN", "TGCAN")


def revcomp(seq: str) -> str:
    return seq.translate(_COMPLEMENT)[::-1]


@dataclass(frozen=True)
class Windows:
    itd: str
    left: str
    right: str
    problem: str = ""  # why the windows cannot tell the alleles apart ('' when they can)
    mismatches: int = 0  # bases a read may differ from a window by and still hold it


def windows(fasta: pysam.FastaFile, chrom: str, start: int, end: int, inserted: str) -> Windows:
    """The three windows of a duplication of reference [start, end) with extra bases."""
    seg = fasta.fetch(chrom, start, end).upper()
    lo = max(0, start - FETCH_FLANK)
    before = fasta.fetch(chrom, lo, start).upper()
    after = fasta.fetch(chrom, end, end + FETCH_FLANK).upper()
    inserted = inserted.upper()
    left = before[-M:] + (seg + after)[:M]
    right = (before + seg)[-M:] + after[:M]
    itd = (before + seg)[-M:] + (inserted + seg + after)[:M]
    ref_allele = before + seg + after
    itd_allele = before + seg + inserted + seg + after
    if min(len(left), len(right), len(itd)) < 2 * M:
        return Windows(itd, left, right, "the duplication lies at a contig end")
    if _near(ref_allele, itd, 0):
        return Windows(itd, left, right, "the ITD junction also occurs in the reference (repeat)")
    if any(_near(a, w, 0) != 1 for a in (ref_allele, itd_allele) for w in (left, right)):
        return Windows(itd, left, right, "a shared junction is not unique near the event (repeat)")
    # The most mismatches for which no window is within 2m of another stretch of either allele:
    # a read that differs from its own stretch by <= m then never holds a window it is not from.
    for mm in range(MAX_MISMATCHES, 0, -1):
        if not _near(ref_allele, itd, 2 * mm) and all(
            _near(a, w, 2 * mm) == 1 for a in (ref_allele, itd_allele) for w in (left, right)
        ):
            return Windows(itd, left, right, "", mm)
    return Windows(itd, left, right, "", 0)


def _near(text: str, word: str, limit: int) -> int:
    """Stretches of text (either strand) within ``limit`` mismatches of word."""
    n = 0
    for w in (word, revcomp(word)):
        if limit == 0:
            i = text.find(w)
            while i >= 0:
                n += 1
                i = text.find(w, i + 1)
        else:
            n += sum(_close(text[i : i + len(w)], w, limit) for i in range(len(text) - len(w) + 1))
    return n


def _holds(seq: str, word: str, mm: int) -> bool:
    """seq holds word with at most mm mismatches (seeds: one of mm + 1 parts is exact)."""
    if word in seq:
        return True
    if mm == 0:
        return False
    n, size = len(word), len(word) // (mm + 1)
    for part in range(mm + 1):
        a = part * size
        i = seq.find(word[a : a + size])
        while i >= 0:
            start = i - a
            if 0 <= start <= len(seq) - n and _close(seq[start : start + n], word, mm):
                return True
            i = seq.find(word[a : a + size], i + 1)
    return False


def _evidence_kind(read: pysam.AlignedSegment) -> str:
    """How the aligner left a read that crosses the ITD-only junction."""
    if read.is_unmapped:
        return "unmapped"
    if read.is_supplementary or read.has_tag("SA"):
        return "split"
    ops = {op for op, _ in read.cigartuples or []}
    if 4 in ops or 5 in ops:
        return "softclip"
    if 1 in ops:
        return "insertion"
    return "aligned"


@dataclass
class FragmentCounts:
    itd: int = 0  # fragments over the ITD-only window
    left: int = 0  # fragments over X|S
    right: int = 0  # fragments over S|Y
    itd_records: int = 0  # alignment records over the ITD-only window (what a read count sees)
    evidence: Counter = field(default_factory=Counter)  # ITD fragments by kind of record
    sequence_duplicates: int = 0  # unflagged copies of a counted molecule, left out

    @property
    def spanning(self) -> float:
        """Fragments of both alleles at one junction (mean of the two shared windows)."""
        return (self.left + self.right) / 2

    @property
    def wild_type(self) -> float:
        return max(0.0, self.spanning - self.itd)

    @property
    def vaf(self) -> float | None:
        if self.spanning <= 0:
            return None
        return min(1.0, self.itd / self.spanning)

    @property
    def allelic_ratio(self) -> float | None:
        return vaf_to_ar(self.vaf)

    def vaf_interval(self) -> tuple[float, float] | None:
        """95% interval of the VAF (module doc: Wilson for p = VAF / (VAF + 2))."""
        n = self.itd + self.left + self.right
        if self.left + self.right == 0:
            return None
        lo, hi = wilson(self.itd, n)
        return _p_to_vaf(lo), _p_to_vaf(hi)

    def ar_interval(self) -> tuple[float, float] | None:
        ci = self.vaf_interval()
        return None if ci is None else (vaf_to_ar(ci[0]), vaf_to_ar(ci[1]))

    def evidence_text(self) -> str:
        return ",".join(f"{k}:{self.evidence[k]}" for k in sorted(self.evidence)) or "."


def _p_to_vaf(p: float) -> float:
    """VAF from p = VAF / (VAF + 2) (module doc), at most 1."""
    return 1.0 if p >= 1 / 3 else 2 * p / (1 - p)


def vaf_to_ar(vaf: float | None) -> float | None:
    if vaf is None:
        return None
    return math.inf if vaf >= 1 else vaf / (1 - vaf)


def wilson(x: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion x/n."""
    if n <= 0:
        return 0.0, 1.0
    p = x / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def _as_sequenced(read: pysam.AlignedSegment) -> str:
    seq = read.query_sequence.upper()
    return revcomp(seq) if read.is_reverse else seq


def _close(a: str, b: str, limit: int) -> bool:
    if len(a) != len(b):
        return False
    diff = 0
    for x, y in zip(a, b, strict=True):
        if x != y:
            diff += 1
            if diff > limit:
                return False
    return True


def _same_molecule(a: dict[int, str], b: dict[int, str]) -> bool:
    """Two read pairs from one molecule: every mate both have is the same sequence up to
    sequencing errors (another molecule starts elsewhere and differs at most bases)."""
    shared = a.keys() & b.keys()
    return bool(shared) and all(
        _close(a[m], b[m], int(len(a[m]) * DUP_MISMATCH_FRACTION)) for m in shared
    )


def _distinct(names: set[str], mates: dict[str, dict[int, str]]) -> set[str]:
    """One name per molecule among fragments markdup left unflagged."""
    kept: list[str] = []
    for name in sorted(names):
        if not any(_same_molecule(mates[name], mates[k]) for k in kept):
            kept.append(name)
    return set(kept)


def count_fragments(
    bam: pysam.AlignmentFile,
    chrom: str,
    start: int,
    end: int,
    w: Windows,
    mismatches: int | None = None,
) -> FragmentCounts:
    """Fragments over each window (module doc), read from every record near the event;
    ``mismatches`` overrides the windows' own allowance (0: exact matches only)."""
    mm = w.mismatches if mismatches is None else mismatches
    probes = {k: (s, revcomp(s)) for k, s in (("itd", w.itd), ("left", w.left), ("right", w.right))}
    names: dict[str, set[str]] = {k: set() for k in probes}
    kinds: dict[str, set[str]] = {}
    mates: dict[str, dict[int, str]] = {}  # name -> mate number -> sequence as sequenced
    records: dict[str, int] = {}
    for read in bam.fetch(chrom, max(0, start - FETCH_FLANK), end + FETCH_FLANK):
        if read.is_duplicate or read.is_secondary or read.is_qcfail:
            continue
        if not read.query_sequence:
            continue
        mate = 2 if read.is_read2 else 1
        if not read.is_supplementary or mate not in mates.get(read.query_name, {}):
            mates.setdefault(read.query_name, {})[mate] = _as_sequenced(read)
        seq = read.query_sequence.upper()
        for kind, (fwd, rev) in probes.items():
            if _holds(seq, fwd, mm) or _holds(seq, rev, mm):
                names[kind].add(read.query_name)
                if kind == "itd":
                    records[read.query_name] = records.get(read.query_name, 0) + 1
                    kinds.setdefault(read.query_name, set()).add(_evidence_kind(read))
    distinct = {k: _distinct(v, mates) for k, v in names.items()}
    dropped = set().union(*(names[k] - distinct[k] for k in names))
    evidence: Counter = Counter()
    for name in distinct["itd"]:
        evidence.update(kinds[name])
    return FragmentCounts(
        itd=len(distinct["itd"]),
        left=len(distinct["left"]),
        right=len(distinct["right"]),
        itd_records=sum(records[n] for n in distinct["itd"]),
        evidence=evidence,
        sequence_duplicates=len(dropped),
    )
