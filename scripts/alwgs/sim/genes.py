"""Gene models of the mini reference: exon/intron structure and a coding sequence that keeps
the real codon at each clinically named position."""

from dataclasses import dataclass

import numpy as np

from .catalog import GeneSpec
from .dna import SYNONYMS, random_dna, revcomp, translate

AMINO_ACIDS = "ACDEFGHIKLMNPQRSTVWY"
UTR5, UTR3 = 90, 210


@dataclass
class GeneModel:
    spec: GeneSpec
    transcript: str  # mRNA (exons joined), 5'->3'
    exons_tx: list[tuple[int, int]]  # exon intervals in transcript coordinates
    introns: list[str]  # intron sequences in transcript orientation
    cds_start_tx: int  # 0-based transcript offset of the A of ATG
    cds_len: int  # including the stop codon
    start: int = 0  # 0-based genomic start of the gene on its contig (set by layout)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def strand(self) -> str:
        return self.spec.strand

    @property
    def span(self) -> int:
        return len(self.transcript) + sum(len(i) for i in self.introns)

    @property
    def end(self) -> int:
        return self.start + self.span

    def genomic_sequence(self) -> str:
        """Gene sequence on the plus strand of the contig."""
        parts = []
        for i, (s, e) in enumerate(self.exons_tx):
            parts.append(self.transcript[s:e])
            if i < len(self.introns):
                parts.append(self.introns[i])
        seq = "".join(parts)
        return seq if self.strand == "+" else revcomp(seq)

    def tx_to_genome(self, t: int) -> int:
        """0-based genomic position of transcript offset t."""
        offset = 0
        for i, (s, e) in enumerate(self.exons_tx):
            if s <= t < e:
                g = offset + (t - s)
                return self.start + g if self.strand == "+" else self.end - 1 - g
            offset += (e - s) + (len(self.introns[i]) if i < len(self.introns) else 0)
        raise ValueError(f"{self.name}: transcript offset {t} outside the transcript")

    def cds_to_genome(self, c: int) -> int:
        """0-based genomic position of CDS base c (1-based, HGVS c. numbering)."""
        return self.tx_to_genome(self.cds_start_tx + c - 1)

    def exon_genomic(self) -> list[tuple[int, int]]:
        """Exons as 0-based half-open genomic intervals, in transcript order."""
        out = []
        for s, e in self.exons_tx:
            a, b = self.tx_to_genome(s), self.tx_to_genome(e - 1)
            out.append((min(a, b), max(a, b) + 1))
        return out

    def intron_genomic(self, i: int) -> tuple[int, int]:
        """Intron i (0-based, transcript order) as a genomic interval."""
        ex = self.exon_genomic()
        a, b = ex[i], ex[i + 1]
        return (a[1], b[0]) if self.strand == "+" else (b[1], a[0])

    def protein(self) -> str:
        cds = self.transcript[self.cds_start_tx : self.cds_start_tx + self.cds_len]
        return translate(cds)


def _coding_sequence(rng: np.random.Generator, spec: GeneSpec) -> str:
    codons = ["ATG"]
    for pos in range(2, spec.protein_length + 1):
        if pos in spec.codons:
            codons.append(spec.codons[pos])
            continue
        aa = AMINO_ACIDS[rng.integers(0, len(AMINO_ACIDS))]
        choices = SYNONYMS[aa]
        codons.append(choices[rng.integers(0, len(choices))])
    codons.append(["TGA", "TAA", "TAG"][rng.integers(0, 3)])
    cds = "".join(codons)
    if spec.cds_tail:
        cds = cds[: len(cds) - len(spec.cds_tail)] + spec.cds_tail
    protein = translate(cds)
    assert "*" not in protein[:-1], f"{spec.name}: internal stop"
    for pos, codon in spec.codons.items():
        assert cds[3 * (pos - 1) : 3 * pos] == codon, f"{spec.name} codon {pos}"
    return cds


def _exon_cuts(rng: np.random.Generator, spec: GeneSpec, cds_len: int) -> list[int]:
    """Exon boundaries in transcript coordinates, never inside a protected codon range."""
    n_cuts = spec.exons - 1
    if n_cuts == 0:
        return []
    forbidden = np.zeros(UTR5 + cds_len + UTR3 + 1, dtype=bool)
    ranges = [(p - 2, p + 2) for p in spec.codons] + list(spec.protect)
    for a, b in ranges:
        forbidden[UTR5 + 3 * (a - 1) : UTR5 + 3 * b + 1] = True
    lo, hi = UTR5 + 40, UTR5 + cds_len - 40
    allowed = [t for t in range(lo, hi) if not forbidden[t]]
    for _ in range(1000):
        cuts = sorted(rng.choice(allowed, size=n_cuts, replace=False).tolist())
        gaps = np.diff([0] + cuts + [UTR5 + cds_len + UTR3])
        if gaps.min() >= 60:
            return cuts
    raise RuntimeError(f"{spec.name}: cannot place {spec.exons} exons")


def build_gene(rng: np.random.Generator, spec: GeneSpec, intron_bp: tuple[int, int]) -> GeneModel:
    cds = _coding_sequence(rng, spec)
    utr3 = spec.utr3_head + random_dna(rng, UTR3 - len(spec.utr3_head), 0.40)
    transcript = random_dna(rng, UTR5, 0.55) + cds + utr3
    cuts = _exon_cuts(rng, spec, len(cds))
    bounds = [0] + cuts + [len(transcript)]
    exons = list(zip(bounds[:-1], bounds[1:], strict=True))
    introns = []
    for _ in cuts:
        n = int(rng.integers(intron_bp[0], intron_bp[1]) * spec.intron_scale)
        introns.append("GTAAGT" + random_dna(rng, n - 10, 0.40) + "AG".rjust(4, "C"))
    return GeneModel(spec, transcript, exons, introns, UTR5, len(cds))
