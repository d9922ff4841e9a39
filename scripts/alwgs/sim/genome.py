"""The mini reference: contigs with realistic texture, centromeres, genes, GFF3, cytobands."""

from dataclasses import dataclass, field

import numpy as np

from .catalog import GENES, chromosomes
from .cohort_genes import COHORT_GENES
from .dna import BASES, mutate, random_dna, revcomp, seeded
from .genes import GeneModel, build_gene
from .microsatellites import EXON_MARGIN, Tract, place_tracts
from .repeat_loci import PAR1_GENES, PAR1_MARGIN, Block, blocks, repeat_mask
from .scales import Scale

CEN_KB = 6  # centromere: alpha-satellite-like repeat around an N gap
TELOMERE_N = 300


@dataclass
class Contig:
    name: str
    length: int
    cen_start: int
    cen_end: int
    genes: list[GeneModel] = field(default_factory=list)
    seq: str = ""
    masked: np.ndarray | None = None  # True where sequence is repeat, low complexity or N
    tracts: list[Tract] = field(default_factory=list)  # homopolymer and STR tracts
    blocks: list[Block] = field(default_factory=list)  # repeat loci (cohort scale only)

    def arm_of(self, pos: int) -> str:
        return "p" if pos < self.cen_start else "q"


@dataclass
class Genome:
    contigs: dict[str, Contig]
    genes: dict[str, GeneModel]
    contig_of_gene: dict[str, str]
    # PAR1 (cohort scale): [0, par_end) of chrX and chrY hold the same sequence; chrY's copy is
    # N in genome.fa (GRCh38 analysis sets) and a male's cells read it from chrX (cells.py).
    par_end: int = 0

    def gene(self, name: str) -> GeneModel:
        return self.genes[name]

    def block(self, name: str) -> Block:
        return next(b for c in self.contigs.values() for b in c.blocks if b.name == name)

    def par_regions(self) -> list[tuple[str, int, int]]:
        """PAR1 as 1-based inclusive intervals past the telomere's Ns, on chrX and chrY (the
        form GRCh38 states its PARs in: chrX/chrY:10,001-2,781,479); [] without a PAR."""
        if not self.par_end:
            return []
        return [(c, TELOMERE_N + 1, self.par_end) for c in ("chrX", "chrY")]


def _layout(scale: Scale, models: dict) -> dict[str, Contig]:
    """Contig lengths and gene starts: genes (and repeat blocks) keep their real arm and
    order. At cohort scale chrY's p arm is made long enough for chrX's PAR1."""
    gap = scale.gene_gap_kb * 1000
    contigs = {}
    par_end = 0
    for name, (length_mb, cen_mb) in chromosomes(scale.cohort_genes).items():
        genes = sorted(
            (m for m in models.values() if m.spec.chrom == name), key=lambda m: m.spec.position_mb
        )
        p_genes = [m for m in genes if m.spec.position_mb < cen_mb]
        q_genes = [m for m in genes if m.spec.position_mb >= cen_mb]
        cen_frac = cen_mb / length_mb
        need_p = sum(m.span + gap for m in p_genes) + gap + CEN_KB * 500
        need_q = sum(m.span + gap for m in q_genes) + gap + CEN_KB * 500
        length = max(
            scale.min_contig_kb * 1000,
            int(scale.kb_per_mb * length_mb * 1000),
            int(need_p / cen_frac) + 1,
            int(need_q / (1 - cen_frac)) + 1,
        )
        length = (length + 999) // 1000 * 1000
        cen_mid = int(length * cen_frac)
        if name == "chrY" and par_end:
            # PAR1 must fit in Yp: move the centromere past it, keep a q arm of the usual size.
            cen_mid = max(cen_mid, par_end + gap + CEN_KB * 500)
            q_min = int(scale.min_contig_kb * 1000 * (1 - cen_frac))
            length = max(length, (cen_mid + CEN_KB * 500 + q_min + 999) // 1000 * 1000)
        c = Contig(name, length, cen_mid - CEN_KB * 500, cen_mid + CEN_KB * 500, genes)
        for arm_genes, lo, hi in (
            (p_genes, gap, c.cen_start - gap),
            (q_genes, c.cen_end + gap, length - gap),
        ):
            _place(arm_genes, lo, hi, gap, cen_mb, length_mb, c)
        contigs[name] = c
        if name == "chrX" and scale.cohort_genes:
            par_end = _par_end(c)
    return contigs


def _par_end(c: Contig) -> int:
    """End of PAR1 on chrX: past its last gene by PAR1_MARGIN (0 without PAR1 genes)."""
    ends = [m.end for m in c.genes if m.name in PAR1_GENES]
    return (max(ends) + PAR1_MARGIN + 999) // 1000 * 1000 if ends else 0


def _place(genes, lo, hi, gap, cen_mb, length_mb, contig):
    """Greedy placement at the real relative position, pushed apart to keep `gap`."""
    cursor = lo
    for i, m in enumerate(genes):
        want = int(m.spec.position_mb / length_mb * contig.length)
        rest = sum(g.span + gap for g in genes[i + 1 :])
        m.start = min(max(want, cursor), hi - rest - m.span)
        assert m.start >= cursor, f"{m.name} does not fit on {contig.name}"
        cursor = m.start + m.span + gap


def _texture(rng: np.random.Generator, n: int) -> np.ndarray:
    """Background with GC varying in 1-kb blocks (an AR(1) walk between 33% and 62%)."""
    blocks = n // 1000 + 1
    gc = np.empty(blocks)
    g = 0.42
    for i in range(blocks):
        g = 0.85 * g + 0.15 * 0.42 + rng.normal(0, 0.03)
        gc[i] = min(max(g, 0.33), 0.62)
    per_base = np.repeat(gc, 1000)[:n]
    u = rng.random(n)
    at = (1 - per_base) / 2
    code = np.where(u < at, 0, np.where(u < 0.5, 1, np.where(u < 0.5 + per_base / 2, 2, 3)))
    return code.astype(np.uint8)


class _Writer:
    """Contig under construction: background codes, a mask, and writes of features."""

    def __init__(self, rng, contig: Contig):
        self.rng = rng
        self.arr = BASES[_texture(rng, contig.length)].copy()
        self.mask = np.zeros(contig.length, dtype=bool)
        self.busy = np.zeros(contig.length, dtype=bool)  # genes (+ margin) and centromere

    def put(self, pos: int, seq: str, mask: bool):
        self.arr[pos : pos + len(seq)] = np.frombuffer(seq.encode(), dtype=np.uint8)
        if mask:
            self.mask[pos : pos + len(seq)] = True

    def free_spot(self, size: int) -> int | None:
        for _ in range(50):
            pos = int(self.rng.integers(TELOMERE_N + 10, len(self.arr) - size - TELOMERE_N - 10))
            if not self.busy[pos : pos + size].any() and not self.mask[pos : pos + size].any():
                return pos
        return None


def build_genome(seed: int, scale: Scale) -> Genome:
    models = {}
    for spec in GENES + (COHORT_GENES if scale.cohort_genes else []):
        models[spec.name] = build_gene(seeded(seed, "gene", spec.name), spec, scale.intron_bp)
    loci = blocks(seed) if scale.cohort_genes else []
    contigs = _layout(scale, {**models, **{b.name: b for b in loci}})
    for c in contigs.values():
        c.blocks = [b for b in c.genes if isinstance(b, Block)]
        if c.blocks:
            members = [m for b in c.blocks for m in b.place()]
            c.genes = sorted(
                [m for m in c.genes if not isinstance(m, Block)] + members, key=lambda m: m.start
            )
            models.update({m.name: m for m in members})
    par_end = _par_end(contigs["chrX"]) if scale.cohort_genes else 0
    family = seeded(seed, "repeat-families")
    alu = random_dna(family, 290, 0.52) + "A" * 20
    line = random_dna(family, 1500, 0.38)
    satellite = random_dna(family, 171, 0.38)
    writers = {}
    for name, c in contigs.items():
        rng = seeded(seed, "contig", name)
        w = _Writer(rng, c)
        w.busy[c.cen_start - 1000 : c.cen_end + 1000] = True
        for m in c.genes + c.blocks:
            w.busy[max(0, m.start - 2000) : m.end + 2000] = True
        _centromere(rng, w, c, satellite)
        _features(rng, w, c, alu, line)
        for b in c.blocks:
            w.put(b.start, b.seq, mask=False)
            w.mask[b.start : b.end] |= repeat_mask(b)
        for m in c.genes:
            w.put(m.start, m.genomic_sequence(), mask=False)
        if name == "chrY" and par_end:
            w.put(0, "N" * par_end, True)  # hard-masked PAR1, as in GRCh38 analysis sets
        writers[name] = w
    _segmental_duplications(seeded(seed, "segdups"), writers)
    for name, c in contigs.items():
        w = writers[name]
        c.tracts = _microsatellites(seeded(seed, "microsatellites", name), w, c)
        w.put(0, "N" * TELOMERE_N, True)
        w.put(c.length - TELOMERE_N, "N" * TELOMERE_N, True)
        c.seq, c.masked = w.arr.tobytes().decode(), w.mask
    return Genome(contigs, models, {m.name: m.spec.chrom for m in models.values()}, par_end)


def _microsatellites(rng, w: _Writer, c: Contig) -> list[Tract]:
    """Homopolymer/STR tracts anywhere but in repeats, the centromere, telomeres and exons
    (introns included: genes are not exempt, their coding sequence and splice sites are)."""
    free = ~w.mask
    free[: TELOMERE_N + 50] = free[c.length - TELOMERE_N - 50 :] = False
    free[c.cen_start - 1000 : c.cen_end + 1000] = False
    for m in c.genes:
        for a, b in m.exon_genomic():
            free[max(0, a - EXON_MARGIN) : b + EXON_MARGIN] = False
    tracts = place_tracts(rng, c.name, w.arr, free)
    for t in tracts:
        w.mask[t.pos : t.end] = True
    return tracts


def _centromere(rng, w: _Writer, c: Contig, satellite: str):
    copies = (c.cen_end - c.cen_start) // len(satellite) + 1
    sat = "".join(mutate(rng, satellite, 0.04) for _ in range(copies))
    w.put(c.cen_start, sat[: c.cen_end - c.cen_start], True)
    mid = (c.cen_start + c.cen_end) // 2
    w.put(mid - 1000, "N" * 2000, True)


def _features(rng, w: _Writer, c: Contig, alu: str, line: str):
    n_kb = c.length // 1000
    # Low-complexity stretches: homopolymers, di- and tri-nucleotide repeats.
    for _ in range(n_kb // 4):
        kind = rng.integers(0, 3)
        unit = {
            0: "ACGT"[rng.integers(0, 4)],
            1: ["CA", "AT", "AG", "GT"][rng.integers(0, 4)],
            2: ["CAG", "AAT", "GGC", "TTA"][rng.integers(0, 4)],
        }[int(kind)]
        seq = (unit * 60)[: int(rng.integers(10, 50))]
        pos = w.free_spot(len(seq))
        if pos is not None:
            w.put(pos, seq, True)
    # Interspersed repeats: many diverged short copies, few long ones.
    for consensus, per_kb, div in ((alu, 1 / 8, 0.12), (line, 1 / 60, 0.05)):
        for _ in range(max(1, int(n_kb * per_kb))):
            seq = mutate(rng, consensus, div)
            seq = seq if rng.random() < 0.5 else revcomp(seq)
            pos = w.free_spot(len(seq))
            if pos is not None:
                w.put(pos, seq, True)
    # One assembly gap of Ns away from genes.
    pos = w.free_spot(400)
    if pos is not None:
        w.put(pos, "N" * int(rng.integers(200, 400)), True)


def _segmental_duplications(rng, writers: dict[str, _Writer]):
    """Three 3-kb segments copied to another contig at 1% divergence: ambiguous mapping."""
    names = sorted(writers)
    for _ in range(3):
        a, b = rng.choice(len(names), size=2, replace=False)
        src, dst = writers[names[a]], writers[names[b]]
        p = src.free_spot(3000)
        q = dst.free_spot(3000)
        if p is None or q is None:
            continue
        seq = src.arr[p : p + 3000].tobytes().decode()
        dst.put(q, mutate(rng, seq, 0.01), True)
        src.mask[p : p + 3000] = True
