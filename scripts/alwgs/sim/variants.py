"""Germline background, clinical lesions at named codons, and indel normalisation."""

from dataclasses import dataclass

import numpy as np

from .cells import SmallVariant
from .dna import revcomp
from .genes import GeneModel
from .genome import Genome

SNP_RATE = 1 / 700  # population sites per base (gnomAD-like pool, common and rare)
INDEL_RATE = 1 / 7000
# Share of homopolymer/STR tracts with a length polymorphism in the pool: tracts are the most
# polymorphic loci of the genome (recalled: roughly half of human indel polymorphisms sit in
# homopolymers or STRs; most STRs >= 20 bp are length-polymorphic in 1000 Genomes/HipSTR).
TRACT_POLYMORPHIC = 0.3


@dataclass(frozen=True)
class PopulationSite:
    chrom: str
    pos: int
    ref: str
    alt: str
    af: float


def left_align(seq: str, pos: int, ref: str, alt: str) -> tuple[int, str, str]:
    """Leftmost representation of an anchored insertion or deletion (VCF normal form)."""
    if len(ref) == 1 and len(alt) > 1:
        ins = alt[1:]
        while pos > 0 and seq[pos] == ins[-1]:
            ins = ins[-1] + ins[:-1]
            pos -= 1
        return pos, seq[pos], seq[pos] + ins
    if len(alt) == 1 and len(ref) > 1:
        k = len(ref) - 1
        while pos > 0 and seq[pos] == seq[pos + k]:
            pos -= 1
        return pos, seq[pos : pos + k + 1], seq[pos]
    return pos, ref, alt


def random_indel(rng: np.random.Generator, seq: str, pos: int, max_size: int):
    """A deletion or insertion of 1..max_size bases anchored at pos, left-aligned."""
    size = int(rng.integers(1, max_size + 1))
    if rng.random() < 0.5:
        return left_align(seq, pos, seq[pos : pos + size + 1], seq[pos])
    ins = "".join("ACGT"[i] for i in rng.integers(0, 4, size))
    return left_align(seq, pos, seq[pos], seq[pos] + ins)


def population_sites(rng: np.random.Generator, genome: Genome, avoid: set) -> list[PopulationSite]:
    """A gnomAD-like pool: mostly rare alleles, a long tail of common ones."""
    sites = []
    for name, c in genome.contigs.items():
        n_snp = int(c.length * SNP_RATE)
        n_indel = int(c.length * INDEL_RATE)
        positions = np.unique(rng.integers(1000, c.length - 1000, n_snp + n_indel))
        last = -10
        for pos in positions.tolist():
            if pos - last < 12 or (name, pos // 50) in avoid or "N" in c.seq[pos - 1 : pos + 12]:
                continue
            last = pos
            af = float(min(0.99, max(0.0005, rng.beta(0.35, 1.4))))
            ref = c.seq[pos]
            if rng.random() < INDEL_RATE / (SNP_RATE + INDEL_RATE):
                sites.append(PopulationSite(name, *random_indel(rng, c.seq, pos, 4), af))
            else:
                alt = "ACGT".replace(ref, "")[rng.integers(0, 3)]
                sites.append(PopulationSite(name, pos, ref, alt, af))
    return sites


def codon_change(genome: Genome, gene: str, codon: int, alt_codon: str, **kw) -> SmallVariant:
    """The SNV that turns codon `codon` of `gene` into `alt_codon` (one base must differ)."""
    m = genome.gene(gene)
    cds = m.transcript[m.cds_start_tx : m.cds_start_tx + m.cds_len]
    ref_codon = cds[3 * (codon - 1) : 3 * codon]
    diff = [k for k in range(3) if ref_codon[k] != alt_codon[k]]
    assert len(diff) == 1, f"{gene} {codon}: {ref_codon}>{alt_codon} is not one SNV"
    k = diff[0]
    pos = m.cds_to_genome(3 * (codon - 1) + k + 1)
    seq = genome.contigs[m.spec.chrom].seq
    alt = alt_codon[k] if m.strand == "+" else revcomp(alt_codon[k])
    assert seq[pos] == (ref_codon[k] if m.strand == "+" else revcomp(ref_codon[k]))
    return SmallVariant(m.spec.chrom, pos, seq[pos], alt, kind="SNV", gene=gene, **kw)


def cds_duplication(
    genome: Genome, gene: str, c_from: int, c_to: int, kind: str, **kw
) -> SmallVariant:
    """Tandem duplication of CDS bases c_from..c_to (HGVS c.FROM_TOdup), left-aligned."""
    m: GeneModel = genome.gene(gene)
    a, b = sorted((m.cds_to_genome(c_from), m.cds_to_genome(c_to)))
    seq = genome.contigs[m.spec.chrom].seq
    segment = seq[a : b + 1]
    pos, ref, alt = left_align(seq, a - 1, seq[a - 1], seq[a - 1] + segment)
    return SmallVariant(m.spec.chrom, pos, ref, alt, kind=kind, gene=gene, **kw)


def tract_population_sites(
    rng: np.random.Generator, genome: Genome, avoid: set, taken: list[PopulationSite]
) -> list[PopulationSite]:
    """Length polymorphisms of homopolymer/STR tracts: one unit more or less, left-aligned
    (anchored on the base before the tract). Tracts near a site of `taken` or an `avoid`
    bucket are skipped, so no two pool alleles overlap."""
    near = {(s.chrom, s.pos // 50 + k) for s in taken for k in (-1, 0, 1)}
    sites = []
    for name, c in genome.contigs.items():
        for t in c.tracts:
            draw = rng.random(3)
            if draw[0] >= TRACT_POLYMORPHIC:
                continue
            buckets = {(name, b) for b in range((t.pos - 12) // 50, (t.end + 12) // 50 + 1)}
            if buckets & (avoid | near):
                continue
            af = float(min(0.99, max(0.0005, 0.0005 + draw[1] ** 2.5)))
            anchor = c.seq[t.pos - 1]
            if draw[2] < 0.5:  # contraction
                ref, alt = anchor + t.unit, anchor
            else:  # expansion
                ref, alt = anchor, anchor + t.unit
            sites.append(PopulationSite(name, t.pos - 1, ref, alt, af))
    return sites
