"""Exact k-mer hits of a small set of k-mers along a whole reference (alwgs.sv.partner_regions).

A k-mer is packed into an unsigned 64-bit integer, 2 bits a base, the first base most
significant (k <= 32). A contig is read in chunks of chunk_bp (+ k - 1 bases of overlap, so no
k-mer is lost or seen twice at a seam): the chunk's k-mer values are built with a handful of
vectorised shifts (doubling: 1, 2, 4, 8, 16 ... bases, joined along the binary digits of k),
looked up in the sorted seed set (a bit table on the top bits first, so only ~0.2% of the
positions reach the binary search) and only the hits are kept. Memory is a few arrays of a
chunk (8 bytes a base) plus the hits; time grows with the reference's size and not with the
seed set's. Soft-masked (lowercase) bases count as bases; a k-mer holding any other letter
(N) is no k-mer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import pysam

K = 24  # 4^24 = 2.8e14 k-mers against 3e9 positions: a chance exact hit is rare
CHUNK_BP = 4_000_000
TABLE_BITS = 22  # bit table of the seeds' top bits: 4 MiB

_CODES = np.full(256, 4, dtype=np.uint8)
for _i, _b in enumerate(b"ACGT"):
    _CODES[_b] = _i
    _CODES[ord(chr(_b).lower())] = _i


def encode(seq: str | bytes) -> np.ndarray:
    """Base codes 0-3 (A C G T, either case), 4 for any other letter."""
    raw = seq.encode("ascii") if isinstance(seq, str) else seq
    return _CODES[np.frombuffer(raw, dtype=np.uint8)]


def kmer_values(codes: np.ndarray, k: int = K) -> tuple[np.ndarray, np.ndarray]:
    """(values, valid) of the k-mer starting at each position (len(codes) - k + 1 of them);
    valid is False where the k-mer holds a non-ACGT letter."""
    if not 1 <= k <= 32:
        raise ValueError(f"k-mer size {k}: must be 1-32 (64-bit packing)")
    n = len(codes) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=bool)
    cur = codes.astype(np.uint64) & np.uint64(3)  # cur[i]: codes[i : i + span] packed
    span, acc, acc_len, rest = 1, None, 0, k
    while rest:
        if rest & 1:  # append cur behind what acc holds: acc[i] covers codes[i : i + acc_len]
            if acc is None:
                acc, acc_len = cur, span
            else:
                m = len(cur) - acc_len
                acc = (acc[:m] << np.uint64(2 * span)) | cur[acc_len : acc_len + m]
                acc_len += span
        rest >>= 1
        if rest:
            m = len(cur) - span
            cur = (cur[:m] << np.uint64(2 * span)) | cur[span : span + m]
            span *= 2
    values = acc[:n]
    bad = codes > 3
    if not bad.any():
        return values, np.ones(n, dtype=bool)
    run = np.concatenate(([0], np.cumsum(bad, dtype=np.int64)))
    return values, (run[k:] - run[:-k]) == 0


def revcomp_values(values: np.ndarray, k: int = K) -> np.ndarray:
    """The packed reverse complements of packed k-mers."""
    v = np.asarray(values, dtype=np.uint64)
    out = np.zeros_like(v)
    for _ in range(k):
        out = (out << np.uint64(2)) | (np.uint64(3) - (v & np.uint64(3)))
        v = v >> np.uint64(2)
    return out


def sequence_kmers(seq: str, k: int = K) -> np.ndarray:
    """The distinct valid k-mers of seq (one strand), sorted."""
    values, valid = kmer_values(encode(seq), k)
    return np.unique(values[valid])


class SeedSet:
    """A sorted set of packed k-mers with a bit table of their top bits for fast lookup."""

    def __init__(self, values: Iterable[int] | np.ndarray, k: int = K):
        self.k = k
        self.values = np.unique(np.asarray(values, dtype=np.uint64))
        self.shift = np.uint64(max(0, 2 * k - TABLE_BITS))
        self.table = np.zeros(1 << min(TABLE_BITS, 2 * k), dtype=bool)
        self.table[(self.values >> self.shift).astype(np.int64)] = True

    def __len__(self) -> int:
        return len(self.values)

    def hits(self, values: np.ndarray, valid: np.ndarray) -> np.ndarray:
        """Indices i with values[i] in the set (and valid[i])."""
        if not len(self.values) or not len(values):
            return np.zeros(0, dtype=np.int64)
        cand = np.flatnonzero(self.table[(values >> self.shift).astype(np.int64)] & valid)
        at = np.searchsorted(self.values, values[cand])
        at[at == len(self.values)] = 0
        return cand[self.values[at] == values[cand]]


def scan_region(
    fasta: pysam.FastaFile, seeds: SeedSet, chrom: str, start: int, end: int, chunk_bp: int
) -> tuple[np.ndarray, np.ndarray]:
    """(positions, values) of every seed k-mer starting in [start, end) of chrom (0-based),
    positions ascending."""
    k = seeds.k
    pos_parts, val_parts = [], []
    for lo in range(start, end, chunk_bp):
        hi = min(lo + chunk_bp, end)
        seq = fasta.fetch(chrom, lo, min(hi + k - 1, fasta.get_reference_length(chrom)))
        values, valid = kmer_values(encode(seq), k)
        values, valid = values[: hi - lo], valid[: hi - lo]
        at = seeds.hits(values, valid)
        pos_parts.append(at + lo)
        val_parts.append(values[at])
    if not pos_parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    return np.concatenate(pos_parts), np.concatenate(val_parts)


def scan(
    fasta: pysam.FastaFile, seeds: SeedSet, chunk_bp: int = CHUNK_BP
) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """(contig, positions, values) of the seed hits, one contig after the other, every contig
    of the FASTA."""
    for chrom, length in zip(fasta.references, fasta.lengths, strict=True):
        yield (chrom, *scan_region(fasta, seeds, chrom, 0, length, chunk_bp))
