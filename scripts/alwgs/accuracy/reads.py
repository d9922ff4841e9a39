"""What the sequenced reads show about a planted insertion (accuracy harness only).

An allelic ratio planted at 0.33 is an expectation; the reads of a 90x sample carry a
binomial draw of it (about 60-70 reads span an ITD junction, so the realised ratio scatters
by ~0.09 around the expectation). To judge an ITD caller's estimator, the harness also needs
the ratio the reads actually carry. It is measured here without any alignment: exact k-mer
counts in the sample's FASTQ files.

* ITD-only k-mers occur in the ITD allele (reference + insertion) but not in the reference
  allele; each read holding one comes from the ITD allele.
* Shared k-mers occur once in each allele, at both ends of the duplicated segment (half at
  X|S, half at S|Y); reads holding one come from either allele, in proportion to the alleles.
* VAF in the reads = mean count of ITD-only k-mers / mean count of shared k-mers, counted
  per distinct fragment (PCR duplicates once); allelic ratio = VAF / (1 - VAF).
Both k-mer kinds sit within a read length of each other, so coverage differences cancel.
Both are K bases wide, so a fragment of either allele holds one with the same chance however
long the ITD (a 102-bp ITD with 150-bp reads included): the reference stays fair when the
pipeline's reads are soft-clipped or split, since it never looks at an alignment.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterable
from pathlib import Path

import pysam

K = 31
PER_KIND = 4  # k-mers of each kind counted; a few smooth out sequencing errors
FLANK = 150  # reference bases kept on each side of the insertion point
DUP_MISMATCHES = 40  # read pairs (300 bases) this close are one molecule: PCR copies differ by
# sequencing errors only, another molecule (other start or end) differs at ~100+ bases

_COMPLEMENT = str.maketrans("ACGTN", "TGCAN")


def revcomp(seq: str) -> str:
    return seq.translate(_COMPLEMENT)[::-1]


def _kmers(seq: str, k: int) -> list[str]:
    return [seq[i : i + k] for i in range(len(seq) - k + 1)]


def _spread(items: list[str], n: int) -> list[str]:
    """n items evenly spaced over the list (all when there are fewer)."""
    if len(items) <= n:
        return items
    step = (len(items) - 1) / (n - 1)
    return [items[round(i * step)] for i in range(n)]


def informative_kmers(
    left: str, insertion: str, right: str, k: int = K, per_kind: int = PER_KIND
) -> tuple[list[str], list[str]]:
    """(ITD-only k-mers, shared k-mers) around an insertion of ``insertion`` after ``left``."""
    ref_allele = left + right
    alt_allele = left + insertion + right
    ref_kmers = _kmers(ref_allele, k)
    alt_kmers = _kmers(alt_allele, k)
    ref_set = set(ref_kmers) | {revcomp(x) for x in ref_kmers}
    alt_count: dict[str, int] = {}
    for x in alt_kmers:
        alt_count[x] = alt_count.get(x, 0) + 1
    ref_count: dict[str, int] = {}
    for x in ref_kmers:
        ref_count[x] = ref_count.get(x, 0) + 1
    itd_only = [x for x in alt_kmers if x not in ref_set and alt_count[x] == 1]
    # Shared k-mers nearest the two ends of the duplicated reference segment (X|S at the
    # insertion point, S|Y one insertion length further for a tandem duplication), half at
    # each: one junction's count scatters by its own Poisson noise, two average it out.
    candidates = [
        (i, x)
        for i, x in enumerate(ref_kmers)
        if ref_count[x] == 1 and alt_count.get(x) == 1 and revcomp(x) not in alt_count
    ]
    shared: list[str] = []
    half = max(1, per_kind // 2)
    for cut in (len(left), len(left) + len(insertion)):
        near = sorted((abs(i + k // 2 - cut), x) for i, x in candidates)
        shared += _spread([x for _, x in near[: half * 4] if x not in shared], half)
    return _spread(itd_only, per_kind), shared


def _sequences(path: Path):
    with gzip.open(path, "rt") as fh:
        for i, line in enumerate(fh):
            if i % 4 == 1:
                yield line.rstrip()


def _hamming_close(a: str, b: str, limit: int) -> bool:
    if len(a) != len(b):
        return False
    diff = 0
    for x, y in zip(a, b, strict=True):
        diff += x != y
        if diff > limit:
            return False
    return True


def distinct_fragments(pairs: list[str], limit: int = DUP_MISMATCHES) -> int:
    """Fragments among read pairs (R1+R2 strings), PCR duplicates counted once.

    A duplicate is a copy of the same molecule read again, so it differs only by sequencing
    errors; a different molecule starts elsewhere and differs at most bases."""
    kept: list[str] = []
    for seq in pairs:
        if not any(_hamming_close(seq, k, limit) for k in kept):
            kept.append(seq)
    return len(kept)


def count_fragments(pairs: Iterable[tuple[Path, Path]], kmers: list[str]) -> list[int]:
    """Distinct fragments (read pairs, either mate, either strand) holding each k-mer."""
    probes = [(x, revcomp(x)) for x in kmers]
    hits: list[list[str]] = [[] for _ in kmers]
    for fq1, fq2 in pairs:
        for r1, r2 in zip(_sequences(fq1), _sequences(fq2), strict=True):
            for j, (fwd, rev) in enumerate(probes):
                if fwd in r1 or rev in r1 or fwd in r2 or rev in r2:
                    hits[j].append(r1 + r2)
    return [distinct_fragments(h) for h in hits]


def reads_allelic_ratio(
    reference: Path, pairs: list[tuple[Path, Path]], chrom: str, pos: int, insertion: str
) -> tuple[float, int, int] | None:
    """(allelic ratio, ITD fragments, spanning fragments) realised in the reads, or None.

    ``pos`` is the 1-based base after which ``insertion`` is inserted (VCF anchor)."""
    if not insertion or not pairs:
        return None
    with pysam.FastaFile(str(reference)) as fa:
        left = fa.fetch(chrom, max(0, pos - FLANK), pos).upper()
        right = fa.fetch(chrom, pos, pos + len(insertion) + FLANK).upper()
    itd_only, shared = informative_kmers(left, insertion.upper(), right)
    if not itd_only or not shared:
        return None
    counts = count_fragments(pairs, itd_only + shared)
    itd = sum(counts[: len(itd_only)]) / len(itd_only)
    both = sum(counts[len(itd_only) :]) / len(shared)
    if both <= 0 or itd >= both:
        return None
    vaf = itd / both
    return vaf / (1 - vaf), round(itd), round(both)


def sample_fastqs(units_tsv: Path, sample: str) -> list[tuple[Path, Path]]:
    """(R1, R2) FASTQ pairs of a sample from units.tsv (relative to its directory); none when
    a unit of the sample is a BAM/CRAM (its reads are not all in FASTQ files: not measured)."""
    out: list[tuple[Path, Path]] = []
    with open(units_tsv, newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row.get("sample") != sample:
                continue
            if row.get("bam"):
                return []
            r1, r2 = (Path(row[col]) for col in ("fq1", "fq2"))
            out.append(
                tuple(p if p.is_absolute() else Path(units_tsv).parent / p for p in (r1, r2))
            )
    return out
