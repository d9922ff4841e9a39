"""The cohort genome's hard places (scale `cohort` only): loci whose structure, not one gene,
makes reads ambiguous, built as blocks the layout places like genes.

- D4Z4-like arrays: 11 tandem units of 3.3 kb at chr4q35 (each unit carries a DUX4-like ORF;
  the telomeric unit and the pLAM-like tail beyond the array make the annotated DUX4, '+'
  strand, exon 3 in the tail as in GRCh38) and a 10-unit homologous array at chr10q26.3 whose
  units are 98.5% identical to the 4q35 ones (the real 4q35/10q26 arrays: 98-99%). Units of
  one array differ at 0.1% only, so a read inside an array fits every unit: MAPQ 0.
- IGH at chr14q32.33 ('-' strand): constant genes with switch-like regions on their 5' side
  (tandem GAGCT/GGGCT-rich pentamers, 3 kb for Smu, 1.5 kb for the others), the Emu region,
  IGHJ, IGHD and IGHV segments named as HGNC does, in the real order.
- PAR1 (placed by genome.py): the genes of catalog-like specs in PAR1_GENES sit at the start
  of chrX; the same stretch opens chrY, hard-masked to N in genome.fa as GRCh38 analysis sets
  do, so the Y copy's reads align to chrX's PAR1.
"""

from dataclasses import dataclass, field, replace

import numpy as np

from .catalog import GeneSpec
from .dna import SYNONYMS, mutate, random_dna, revcomp, seeded, translate
from .genes import GeneModel

UNIT_BP = 3300
ORF_AA = 424  # DUX4 protein length (UniProt Q9UBX2)
UNIT_5P = 1000  # unit bases before the ORF's ATG
D4Z4_UNITS = {"chr4": 11, "chr10": 10}
INTRA_ARRAY_DIVERGENCE = 0.001
ARRAY_4Q_10Q_DIVERGENCE = 0.015
TAIL_BP = 2000  # partial unit + pLAM-like unique sequence telomeric of the last full unit

# PAR1 genes, telomere first as on GRCh38 (Ensembl 110; chrX and chrY PAR1 = 10,001-2,781,479).
PAR1_GENES = ("CRLF2", "CSF2RA", "IL3RA", "P2RY8")
PAR1_MARGIN = 6000  # PAR1 ends this far past its last gene (room for an upstream breakpoint)


@dataclass(frozen=True)
class LocusSpec:
    name: str
    chrom: str
    position_mb: float
    band: str


@dataclass
class Block:
    """A fixed stretch of sequence placed by the layout like a gene: its own gene models at
    offsets, and the intervals (relative) that are repeats."""

    spec: LocusSpec
    seq: str  # plus strand
    members: list[tuple[GeneModel, int]] = field(default_factory=list)  # model, offset
    repeats: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, label
    start: int = 0

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def span(self) -> int:
        return len(self.seq)

    @property
    def end(self) -> int:
        return self.start + self.span

    def place(self) -> list[GeneModel]:
        for m, off in self.members:
            m.start = self.start + off
        return [m for m, _ in self.members]

    def repeat(self, label: str) -> tuple[int, int]:
        """Absolute interval of the named repeat (e.g. 'unit3', 'Smu')."""
        for a, b, lab in self.repeats:
            if lab == label:
                return self.start + a, self.start + b
        raise KeyError(label)


def _orf(rng, n_codons: int, gc_bias: float = 0.5) -> str:
    """Stop-free codons; with probability gc_bias the most GC-rich synonym."""
    aas = "ACDEFGHIKLMNPQRSTVWY"
    out = []
    for _ in range(n_codons):
        choices = SYNONYMS[aas[rng.integers(0, 20)]]
        if rng.random() < gc_bias:
            out.append(max(choices, key=lambda c: (c.count("G") + c.count("C"), c)))
        else:
            out.append(choices[rng.integers(0, len(choices))])
    return "".join(out)


def model_from_genomic(
    spec: GeneSpec, seq: str, a: int, b: int, exons: list[tuple[int, int]], cds: tuple[int, int]
) -> GeneModel:
    """A gene model over seq[a:b] (plus strand) with the given exons (plus-strand intervals of
    seq) and CDS (start, length) in transcript coordinates; genomic_sequence() of the model
    placed at `a` is seq[a:b] again."""
    gene = seq[a:b] if spec.strand == "+" else revcomp(seq[a:b])
    tx_iv = sorted((s - a, e - a) if spec.strand == "+" else (b - e, b - s) for s, e in exons)
    transcript, introns, exons_tx, t = "", [], [], 0
    for i, (s, e) in enumerate(tx_iv):
        transcript += gene[s:e]
        exons_tx.append((t, t + e - s))
        t += e - s
        if i + 1 < len(tx_iv):
            introns.append(gene[e : tx_iv[i + 1][0]])
    return GeneModel(spec, transcript, exons_tx, introns, cds[0], cds[1])


def _unit_consensus(rng) -> tuple[str, str]:
    """A GC-rich (~70%, as D4Z4) 3.3-kb unit: 5' region, DUX4-like ORF, 3' region whose
    start is an exon-2-like stretch between GT..AG introns."""
    orf = "ATG" + _orf(rng, ORF_AA - 1, 0.8) + "TGA"
    rest = UNIT_BP - UNIT_5P - len(orf)
    tail = random_dna(rng, 30, 0.7) + "GTGAGC" + random_dna(rng, 140, 0.7) + "CCAG"
    tail += random_dna(rng, rest - len(tail), 0.7)
    return random_dna(rng, UNIT_5P, 0.7) + orf + tail, orf


def _stop_free(unit: str, consensus: str) -> str:
    """Undo substitutions that hit the unit's ORF's start or stop codon or put a stop codon
    into it (every unit keeps the ORF)."""
    lo, hi = UNIT_5P, UNIT_5P + 3 * ORF_AA
    unit = (
        unit[:lo]
        + consensus[lo : lo + 3]
        + unit[lo + 3 : hi]
        + consensus[hi : hi + 3]
        + unit[hi + 3 :]
    )
    if "*" not in translate(unit[lo:hi]):
        return unit
    codons = [unit[i : i + 3] for i in range(lo, hi, 3)]
    ref = [consensus[i : i + 3] for i in range(lo, hi, 3)]
    fixed = "".join(r if translate(c) == "*" else c for c, r in zip(codons, ref, strict=True))
    return unit[:lo] + fixed + unit[hi:]


def d4z4_arrays(seed: int) -> dict[str, Block]:
    rng = seeded(seed, "d4z4")
    consensus, orf = _unit_consensus(rng)
    units4 = [_stop_free(mutate(rng, consensus, INTRA_ARRAY_DIVERGENCE), consensus)]
    units4 += [
        _stop_free(mutate(rng, units4[0], INTRA_ARRAY_DIVERGENCE), consensus)
        for _ in range(D4Z4_UNITS["chr4"] - 1)
    ]
    # 10q26: one founder copy of the 4q35 unit at 1.5% divergence, its units 0.1% apart.
    base10 = _stop_free(mutate(rng, consensus, ARRAY_4Q_10Q_DIVERGENCE), consensus)
    units10 = [
        _stop_free(mutate(rng, base10, INTRA_ARRAY_DIVERGENCE), consensus)
        for _ in range(D4Z4_UNITS["chr10"])
    ]
    blocks = {}
    for chrom, units, pos, band, gene in (
        ("chr4", units4, 190.17, "q35.2", "DUX4"),
        # The 10q26 copy's name is a DUX4L-style stand-in: whether and how GRCh38's
        # annotation names the 10q26.3 array's ORFs was not verified here.
        ("chr10", units10, 133.66, "q26.3", "DUX4L10"),
    ):
        lead = random_dna(rng, 1500, 0.55)  # unique sequence centromeric of the array
        # Partial unit (its first 1.2 kb) and a unique pLAM-like tail holding exon 3.
        plam = random_dna(rng, TAIL_BP - 1200 - 60, 0.5)
        plam = plam[:200] + "ATTAAA" + plam[200:]  # exon 3's polyadenylation signal
        seq = lead + "".join(units) + units[0][:1200] + plam + random_dna(rng, 60, 0.5)
        repeats = [
            (len(lead) + i * UNIT_BP, len(lead) + (i + 1) * UNIT_BP, f"unit{i + 1}")
            for i in range(len(units))
        ]
        arr_end = len(lead) + len(units) * UNIT_BP
        repeats.append((len(lead), arr_end + 1200, "array"))
        last = len(lead) + (len(units) - 1) * UNIT_BP  # the telomeric full unit
        orf_at = last + UNIT_5P
        ex1 = (orf_at - 60, orf_at + len(orf) + 30)
        x2 = orf_at + len(orf) + 30 + 150  # after the 150-bp GT...AG intron of the unit's tail
        ex2 = (x2, x2 + 120)
        ex3 = (arr_end + 1200 + 40, arr_end + 1200 + 40 + 260)
        spec = GeneSpec(gene, chrom, pos, "+", band, ORF_AA, exons=3)
        model = model_from_genomic(spec, seq, ex1[0], ex3[1], [ex1, ex2, ex3], (60, len(orf)))
        protein = model.protein()
        assert protein.endswith("*") and "*" not in protein[:-1], f"{gene}: broken ORF"
        locus = LocusSpec(f"D4Z4_{chrom}", chrom, pos, band)
        blocks[chrom] = Block(locus, seq, [(model, ex1[0])], repeats)
    return blocks


# IGH, telomere last on the plus strand: (name, kind) from centromeric to telomeric; a
# constant gene's switch region lies on its 5' side (higher coordinate), IGHD has none.
IGH_CONSTANT = ["IGHA2", "IGHE", "IGHG4", "IGHG2", "IGHA1", "IGHG1", "IGHG3", "IGHD", "IGHM"]
IGH_J = ["IGHJ6", "IGHJ5", "IGHJ4", "IGHJ3", "IGHJ2", "IGHJ1"]
IGH_D = ["IGHD7-27", "IGHD6-19", "IGHD5-12", "IGHD4-11", "IGHD3-10", "IGHD2-2", "IGHD1-1"]
IGH_V = ["IGHV6-1", "IGHV1-2", "IGHV1-3", "IGHV4-4", "IGHV2-5", "IGHV3-7"]
# Sizes (bp) of the constant genes' exons (CH1.. and hinge exons), rounded from Ensembl.
_CH_EXONS = {
    "IGHM": (309, 336, 321, 393),
    "IGHD": (303, 102, 327),
    "IGHG3": (294, 51, 330, 321),
    "IGHG1": (294, 45, 330, 321),
    "IGHA1": (306, 333, 393),
    "IGHG2": (294, 36, 330, 321),
    "IGHG4": (294, 36, 330, 321),
    "IGHE": (309, 321, 321, 324),
    "IGHA2": (306, 333, 393),
}
SWITCH_BP = {"IGHM": 3000}
_ISOTYPE = {"M": "mu", "G": "gamma", "A": "alpha", "E": "epsilon"}
SWITCH_DEFAULT_BP = 1500
IGH_POSITION_MB = 105.58  # GRCh38 IGH locus: chr14:105,586,437-106,879,844


def _switch(rng, length: int) -> str:
    """Switch-like sequence in transcript orientation: tandem copies (4% diverged) of a
    ~50-bp higher-order unit made of GAGCT/GGGCT-rich pentamers, as Smu's repeats are."""
    pentamers = ["GAGCT"] * 6 + ["GGGCT"] * 3 + ["GGGGT", "GAGCA"]
    unit = "".join(pentamers[i] for i in rng.integers(0, len(pentamers), 10))
    copies = length // len(unit) + 1
    return "".join(mutate(rng, unit, 0.04) for _ in range(copies))[:length]


def _segment(rng, name: str, exons: tuple[int, ...], introns: tuple[int, int], last_stop: bool):
    """Plus-strand-orientation pieces of one IG segment in transcript orientation."""
    parts, ex = [], []
    for i, n in enumerate(exons):
        codons = _orf(rng, n // 3, 0.4)
        if last_stop and i == len(exons) - 1:
            codons = codons[:-3] + "TGA"
        ex.append((sum(len(p) for p in parts), sum(len(p) for p in parts) + len(codons)))
        parts.append(codons)
        if i + 1 < len(exons):
            k = int(rng.integers(*introns))
            parts.append("GTAAGT" + random_dna(rng, k - 10, 0.5) + "CCAG")
    return "".join(parts), ex


def igh_locus(seed: int) -> Block:
    """The IGH block in transcript orientation (V..D..J..Emu..Smu..IGHM..IGHA2), written
    reversed onto the plus strand ('-' strand locus, telomeric end = V side)."""
    rng = seeded(seed, "igh")
    tx = ""  # transcript orientation: from the V side (telomeric) toward IGHA2
    genes: list[tuple[str, int, int, list[tuple[int, int]], bool]] = []
    repeats_tx: list[tuple[int, int, str]] = []

    def add_gene(name, exons, introns, stop):
        nonlocal tx
        seq, ex = _segment(rng, name, exons, introns, stop)
        genes.append(
            (name, len(tx), len(tx) + len(seq), [(len(tx) + a, len(tx) + b) for a, b in ex], stop)
        )
        tx += seq

    def spacer(n, gc=0.45):
        nonlocal tx
        tx += random_dna(rng, n, gc)

    spacer(1000)
    for v in reversed(IGH_V):  # IGHV3-7 farthest from J; IGHV6-1 nearest
        add_gene(v, (57, 294), (100, 180), False)  # leader exon, V exon
        spacer(int(rng.integers(1500, 2500)))
    for d in reversed(IGH_D):  # IGHD1-1 farthest from J; IGHD7-27 nearest
        add_gene(d, (int(rng.choice([18, 21, 24, 27, 30])),), (0, 1), False)
        spacer(int(rng.integers(600, 1000)))
    spacer(2000)
    for j in reversed(IGH_J):  # IGHJ1 first (5'), IGHJ6 nearest Emu
        add_gene(j, (int(rng.choice([48, 51, 54, 60, 63])),), (0, 1), False)
        spacer(int(rng.integers(200, 400)))
    emu = len(tx)
    spacer(1500, 0.5)  # the Emu enhancer region: unique sequence
    repeats_tx.append((emu, len(tx), "Emu"))
    for c in reversed(IGH_CONSTANT):  # IGHM first (nearest J), IGHA2 last
        if c != "IGHD":
            n = SWITCH_BP.get(c, SWITCH_DEFAULT_BP)
            s0 = len(tx)
            tx += _switch(rng, n)
            repeats_tx.append((s0, len(tx), "S" + _ISOTYPE[c[3]] + c[4:]))
            spacer(400)
        add_gene(c, _CH_EXONS[c], (200, 400), True)
        spacer(int(rng.integers(1200, 2000)))
    plus = revcomp(tx)
    n = len(plus)
    members = []
    for name, a, b, exons, _stop in genes:
        pa, pb = n - b, n - a  # plus-strand interval of the segment
        spec = GeneSpec(name, "chr14", IGH_POSITION_MB, "-", "q32.33", 0, exons=len(exons))
        spec = _with_biotype(spec, name)
        ex_plus = [(n - e, n - s) for s, e in exons]
        cds_len = sum(e - s for s, e in exons)
        model = model_from_genomic(spec, plus, pa, pb, ex_plus, (0, cds_len))
        members.append((model, pa))
    repeats = [(n - b, n - a, label) for a, b, label in repeats_tx]
    locus = LocusSpec("IGH", "chr14", IGH_POSITION_MB, "q32.33")
    return Block(locus, plus, sorted(members, key=lambda t: t[1]), repeats)


def _with_biotype(spec: GeneSpec, name: str) -> GeneSpec:
    """Ensembl's biotypes of IG segments: IG_V_gene, IG_D_gene, IG_J_gene, IG_C_gene."""
    kind = "C" if name[3] in "MEGA" or name == "IGHD" else name[3]
    return replace(spec, biotype=f"IG_{kind}_gene")


def blocks(seed: int) -> list[Block]:
    d = d4z4_arrays(seed)
    return [d["chr4"], d["chr10"], igh_locus(seed)]


def repeat_mask(block: Block) -> np.ndarray:
    """True over the block's repeats (arrays, switch regions; Emu is unique sequence)."""
    mask = np.zeros(block.span, dtype=bool)
    for a, b, label in block.repeats:
        if label != "Emu" and not label.startswith("unit"):
            mask[a:b] = True
    return mask
