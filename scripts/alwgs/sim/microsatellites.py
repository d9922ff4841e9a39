"""Homopolymer and short-tandem-repeat (STR) tracts of the mini genome, at a human-like density.

Why: germline indel calling fails mostly in long homopolymers and STRs (the polymerase slips
there, see alwgs.sim.slippage). A random background at 42% GC has a homopolymer of >= 10 bp
only every ~100 kb; the human reference has one every few kb, most of them poly(A/T) left by
Alu tails. Without these tracts the demo cannot show what a caller does in them.

Figures (recalled, not read from a source here; orders of magnitude, not fitted values):
  * homopolymers >= 8 bp: about one per 1-2 kb of human sequence, about one >= 10 bp per
    3 kb, a heavy tail to 20-40 bp; > 85% are poly(A/T) (Alu poly(A) tails; Piazza & Lio,
    Physica A 2005, describe the power-law-like length tail of poly(X) tracts).
  * STRs with a 2-6 bp unit: about 3% of the genome, one per ~2 kb (Lander et al., Nature
    2001, "simple sequence repeats"); dinucleotide units the most common, then tetra- and
    trinucleotide.
The generator already writes a few low-complexity stretches (genome._features, one per 4 kb);
these tracts come on top of them with their own random stream, so the rest of the genome,
and the coding sequence of every gene, stays as it was.
"""

from dataclasses import dataclass

import numpy as np

HOMOPOLYMER_PER_KB = 1 / 2.0  # added tracts >= 8 bp (the background and _features add more)
HOMOPOLYMER_MIN, HOMOPOLYMER_MAX = 8, 40
HOMOPOLYMER_TAIL = 3.1  # P(L >= x) = (x / 8) ** -3.1: half >= 10 bp, ~14% >= 15 bp
HOMOPOLYMER_AT = 0.88
STR_PER_KB = 1 / 3.0  # added STR tracts (with _features' di/tri repeats: ~1 per 2 kb)
STR_UNITS = {2: 0.55, 3: 0.15, 4: 0.30}  # unit length -> share
STR_BP = (12, 40)  # total tract length
_OTHER = {"A": "C", "C": "A", "G": "T", "T": "G"}
EXON_MARGIN = 50  # tracts stay this far from exons: coding sequence and splice sites unchanged


@dataclass(frozen=True)
class Tract:
    chrom: str
    pos: int  # 0-based first base of the tract
    unit: str
    length: int  # bases

    @property
    def end(self) -> int:
        return self.pos + self.length


def homopolymer_length(rng: np.random.Generator) -> int:
    """A length from the discrete power-law tail, 8..40 bp."""
    u = rng.random()
    x = HOMOPOLYMER_MIN * u ** (-1 / HOMOPOLYMER_TAIL)
    return int(min(HOMOPOLYMER_MAX, np.floor(x)))


def draw_tract(rng: np.random.Generator) -> tuple[str, int]:
    """(unit, total length) of one tract: a homopolymer or an STR, in their shares."""
    share_hp = HOMOPOLYMER_PER_KB / (HOMOPOLYMER_PER_KB + STR_PER_KB)
    if rng.random() < share_hp:
        base = (
            "AT"[rng.integers(0, 2)] if rng.random() < HOMOPOLYMER_AT else "CG"[rng.integers(0, 2)]
        )
        return base, homopolymer_length(rng)
    k = int(rng.choice(list(STR_UNITS), p=list(STR_UNITS.values())))
    while True:
        unit = "".join("ACGT"[i] for i in rng.integers(0, 4, k))
        if len(set(unit)) > 1 and (k != 4 or unit[:2] != unit[2:]):
            break
    return unit, int(rng.integers(STR_BP[0], STR_BP[1] + 1)) // k * k


def place_tracts(
    rng: np.random.Generator, chrom: str, arr: np.ndarray, free: np.ndarray
) -> list[Tract]:
    """Writes tracts into `arr` (the contig's bytes) where `free` allows; returns them.

    `free` is False at centromere, gaps, existing repeats and exons (+ margin); it is updated
    so tracts never touch each other (>= 20 bp apart, so each tract is one repeat context)."""
    n_kb = len(arr) // 1000
    n = int(round(n_kb * (HOMOPOLYMER_PER_KB + STR_PER_KB)))
    out = []
    for _ in range(n):
        unit, length = draw_tract(rng)
        pos = int(rng.integers(0, len(arr) - length - 40)) + 20
        if not free[pos - 20 : pos + length + 20].all():
            continue  # a busy spot: skipped, not retried (keeps the random stream simple)
        seq = (unit * (length // len(unit) + 1))[:length]
        # The flanks must not extend the repeat (a longer tract than drawn, or a shifted
        # one): a flanking base equal to the tract's next base is changed.
        if chr(arr[pos - 1]) == seq[-1]:
            arr[pos - 1] = ord(_OTHER[seq[-1]])
        if chr(arr[pos + length]) == seq[0]:
            arr[pos + length] = ord(_OTHER[seq[0]])
        arr[pos : pos + length] = np.frombuffer(seq.encode(), dtype=np.uint8)
        free[pos - 20 : pos + length + 20] = False
        out.append(Tract(chrom, pos, unit, length))
    return out
