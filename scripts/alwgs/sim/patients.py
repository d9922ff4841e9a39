"""The demo patients: clinical scenarios resolved to planted events on the mini genome."""

from dataclasses import dataclass, field

import numpy as np

from .cells import CLONES, CellGenome, Population, SmallVariant, expected_vaf
from .genome import Genome
from .scales import Scale
from .variants import cds_duplication, codon_change, random_indel


@dataclass
class Patient:
    id: str
    sex: str
    diagnosis: str
    purity: float
    has_normal: bool
    clone_fractions: dict[str, float]  # share of tumor cells carrying each clone
    clinical: dict  # expected clinical reading (truth YAML)
    somatic: list[SmallVariant] = field(default_factory=list)
    germline_extra: list[SmallVariant] = field(default_factory=list)
    structural: list[dict] = field(default_factory=list)  # events for SV/CNA truth
    # Length of one inherited heterozygous deletion to plant (0: none), in tumor and normal,
    # placed once the patient's germline variants are known (plant_germline_deletion); a
    # germline SV the somatic-status stage must not read as somatic.
    germline_deletion_bp: int = 0
    germline_structural: list[dict] = field(default_factory=list)
    tumor_cells: dict[str, CellGenome] = field(default_factory=dict)  # per clone
    # False: samples.tsv leaves the blast fraction empty (unknown), as a lab without a
    # morphology or flow count would; the truth keeps the planted purity.
    purity_reported: bool = True

    @property
    def tumor(self) -> str:
        return f"{self.id}-T"

    @property
    def normal(self) -> str:
        return f"{self.id}-N"


def _intron_mid(genome: Genome, gene: str, index: int) -> int:
    a, b = genome.gene(gene).intron_genomic(index)
    return (a + b) // 2


def _translocation(
    genome, chrom_a, gene_a, intron_a, chrom_b, gene_b, intron_b, fusion, name
) -> dict:
    return {
        "kind": "translocation",
        "clone": "founder",
        "a": (chrom_a, 0, _intron_mid(genome, gene_a, intron_a)),
        "b": (chrom_b, 0, _intron_mid(genome, gene_b, intron_b)),
        "genes": (gene_a, gene_b),
        "fusion": fusion,
        "name": name,
    }


def define_patients(genome: Genome) -> list[Patient]:
    g = genome
    c = g.contigs
    kmt2a = (_intron_mid(g, "KMT2A", 0), _intron_mid(g, "KMT2A", 7))  # exons 2-8
    ikzf1 = (_intron_mid(g, "IKZF1", 2), _intron_mid(g, "IKZF1", 6))  # exons 4-7
    cdkn2a = g.gene("CDKN2A")
    flank = 4000
    q5 = c["chr5"].length - c["chr5"].cen_end
    p01 = Patient(
        "P01",
        "male",
        "AML",
        0.80,
        True,
        {"founder": 1.0, "sub1": 0.62, "sub2": 0.2},
        {
            "eln2022": "intermediate",
            "defining_lesions": ["NPM1_mut", "FLT3_ITD", "DNMT3A_mut"],
            "germline_findings": [],
            "karyotype": "46,XY",
            "who2022": "AML with NPM1 mutation",
            "icc2022": "AML with mutated NPM1",
        },
    )
    p01.somatic = [
        cds_duplication(
            g,
            "NPM1",
            860,
            863,
            "INDEL",
            hap=0,
            clone="founder",
            label="NPM1 c.860_863dup p.W288Cfs*12",
        ),
        codon_change(g, "DNMT3A", 882, "CAC", hap=1, clone="founder", label="DNMT3A p.R882H"),
        # 102 bp, as long as real FLT3-ITDs often are (and 2/3 of a read): bwa leaves its
        # reads soft-clipped, split and with mates inside the insertion, as on real data
        # (issue 16: a 60-bp ITD fitted inside one read and hid a read-counting bias).
        cds_duplication(g, "FLT3", 1771, 1872, "ITD", hap=1, clone="sub1", label="FLT3-ITD 102 bp"),
    ]
    p02 = Patient(
        "P02",
        "female",
        "AML",
        0.85,
        False,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.235},
        {
            "eln2022": None,
            "defining_lesions": ["PML::RARA", "FLT3_TKD"],
            "germline_findings": [],
            "karyotype": "46,XX,t(15;17)(q24.1;q21.2)",
            "who2022": "APL with PML::RARA fusion",
            "icc2022": "APL with t(15;17)(q24.1;q21.2)/PML::RARA",
        },
    )
    p02.structural = [
        _translocation(
            g, "chr15", "PML", 2, "chr17", "RARA", 1, "PML::RARA", "t(15;17)(q24.1;q21.2)"
        )
    ]
    p02.somatic = [codon_change(g, "FLT3", 835, "TAT", hap=0, clone="sub2", label="FLT3 p.D835Y")]
    p03 = Patient(
        "P03",
        "male",
        "AML",
        0.70,
        True,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.25},
        {
            "eln2022": "adverse",
            "defining_lesions": [
                "TP53_mut",
                "-7",
                "+8",
                "del(5q)",
                "del(17p)",
                "complex_karyotype",
                # WHO 2022's own complex karyotype (>= 3 abnormalities, no trisomy
                # exclusion), on which its AML-MR reading rests
                "complex_karyotype_who2022",
                "monosomal_karyotype",
            ],
            "germline_findings": [],
            "karyotype": "46,XY,del(5q),-7,+8,del(17p)",
            "who2022": "AML, myelodysplasia-related",
            "icc2022": "AML with mutated TP53",
        },
    )
    p03.structural = [
        {
            "kind": "delete",
            "clone": "founder",
            "chrom": "chr5",
            "hap": 0,
            "start": c["chr5"].cen_end + int(0.15 * q5),
            "end": c["chr5"].cen_end + int(0.75 * q5),
            "event": "del(5q)",
            "cn": 1,
        },
        {"kind": "lose", "clone": "founder", "chrom": "chr7", "hap": 1, "event": "-7", "cn": 1},
        {"kind": "gain", "clone": "founder", "chrom": "chr8", "hap": 0, "event": "+8", "cn": 3},
        {
            "kind": "delete",
            "clone": "founder",
            "chrom": "chr17",
            "hap": 0,
            "start": 0,
            "end": c["chr17"].cen_start - 2000,
            "event": "del(17p)",
            "cn": 1,
        },
    ]
    p03.somatic = [
        codon_change(g, "TP53", 248, "CAG", hap=1, clone="founder", label="TP53 p.R248Q")
    ]
    p04 = Patient(
        "P04",
        "female",
        "B-ALL",
        0.90,
        True,
        {"founder": 1.0, "sub1": 0.4, "sub2": 0.15},
        {
            "eln2022": None,
            "defining_lesions": ["BCR::ABL1", "IKZF1_del", "CDKN2A_del"],
            "germline_findings": [],
            "karyotype": "46,XX,t(9;22)(q34.12;q11.23)",
            "who2022": "B-ALL with BCR::ABL1 fusion",
            "icc2022": "B-ALL with t(9;22)(q34.1;q11.2)/BCR::ABL1",
        },
    )
    p04.structural = [
        _translocation(
            g, "chr22", "BCR", 3, "chr9", "ABL1", 0, "BCR::ABL1", "t(9;22)(q34.12;q11.23)"
        ),
        {
            "kind": "delete",
            "clone": "founder",
            "chrom": "chr7",
            "hap": 0,
            "start": ikzf1[0],
            "end": ikzf1[1],
            "event": "IKZF1_del",
            "cn": 1,
        },
        {
            "kind": "delete",
            "clone": "founder",
            "chrom": "chr9",
            "hap": 0,
            "start": cdkn2a.start - flank,
            "end": cdkn2a.end + flank,
            "event": "CDKN2A_del",
            "cn": 0,
        },
        {
            "kind": "delete",
            "clone": "founder",
            "chrom": "chr9",
            "hap": 1,
            "start": cdkn2a.start - flank,
            "end": cdkn2a.end + flank,
            "event": None,
        },
    ]
    p05 = Patient(
        "P05",
        "male",
        "AML",
        0.75,
        False,
        {"founder": 1.0, "sub1": 0.7, "sub2": 0.2},
        {
            "eln2022": "favorable",
            "defining_lesions": ["RUNX1::RUNX1T1", "KIT_mut"],
            "germline_findings": [],
            "karyotype": "46,XY,t(8;21)(q21.3;q22.12)",
            "who2022": "AML with RUNX1::RUNX1T1 fusion",
            "icc2022": "AML with t(8;21)(q22;q22.1)/RUNX1::RUNX1T1",
        },
    )
    p05.purity_reported = False
    p05.structural = [
        _translocation(
            g, "chr8", "RUNX1T1", 0, "chr21", "RUNX1", 4, "RUNX1::RUNX1T1", "t(8;21)(q21.3;q22.12)"
        )
    ]
    p05.somatic = [codon_change(g, "KIT", 816, "GTC", hap=0, clone="sub1", label="KIT p.D816V")]
    p06 = Patient(
        "P06",
        "female",
        "AML",
        0.60,
        True,
        {"founder": 1.0, "sub1": 0.333, "sub2": 0.15},
        {
            "eln2022": "intermediate",
            "defining_lesions": ["DDX41_mut", "KMT2A_PTD"],
            "germline_findings": ["DDX41_germline"],
            "karyotype": "46,XX",
            "who2022": "AML, defined by differentiation",
            "icc2022": "AML, not otherwise specified",
        },
    )
    p06.germline_extra = [
        cds_duplication(
            g, "DDX41", 415, 418, "INDEL", hap=0, clone="germline", label="DDX41 c.415_418dup"
        )
    ]
    p06.somatic = [codon_change(g, "DDX41", 525, "CAT", hap=1, clone="sub1", label="DDX41 p.R525H")]
    # An inherited 2.5-kb intergenic deletion (a common kind of germline CNV): in the tumor's
    # calls when the normal's own call set misses it; 5 bins of 500 bp, below the copy-number
    # stage's 8, so no copy-number event; no gene, so no fusion or lesion.
    p06.germline_deletion_bp = 2500
    p06.structural = [
        {
            "kind": "tandem_duplicate",
            "clone": "founder",
            "chrom": "chr11",
            "hap": 0,
            "start": kmt2a[0],
            "end": kmt2a[1],
            "event": "KMT2A-PTD",
            "cn": 3,
            "fusion": "KMT2A-PTD",
            "gene": "KMT2A",
        }
    ]
    return [p01, p02, p03, p04, p05, p06]


def build_clones(p: Patient, genome: Genome) -> None:
    """Cell genomes per clone; each clone carries its ancestors' events (linear lineage)."""
    lengths = {n: c.length for n, c in genome.contigs.items()}
    cells = CellGenome.germline(lengths, p.sex, genome.par_end)
    for clone in CLONES:
        cells = cells.copy()
        for ev in (e for e in p.structural if e["clone"] == clone):
            k = ev["kind"]
            if k == "translocation":
                cells.translocate(*ev["a"], *ev["b"], inverted=ev.get("inverted", False))
            elif k == "insert":
                cells.insert(*ev["at"], *ev["source"])
            elif k in ("lose", "gain", "uniparental"):
                getattr(cells, k)(ev["chrom"], ev["hap"])
            elif k == "rebuild":
                cells.rebuild(ev["chrom"], ev["hap"], ev["segments"])
            else:
                getattr(cells, k)(ev["chrom"], ev["hap"], ev["start"], ev["end"])
        p.tumor_cells[clone] = cells


def germline_cells(p: Patient, genome: Genome) -> CellGenome:
    """The patient's constitutional genome: the reference's, with its germline SVs."""
    lengths = {n: c.length for n, c in genome.contigs.items()}
    cells = CellGenome.germline(lengths, p.sex, genome.par_end)
    for ev in p.germline_structural:
        cells.delete(ev["chrom"], ev["hap"], ev["start"], ev["end"])
    return cells


def plant_germline_deletion(
    p: Patient, genome: Genome, germline: list[SmallVariant], gene_margin: int = 5000
) -> None:
    """Place the patient's germline deletion (germline_deletion_bp long, haplotype 0) in the
    first window, scanning autosomes in order, that is unmasked (flanks included: the callers
    need unique sequence at the breakpoints), at least gene_margin from any gene and lies on a
    chromosome without the patient's other SVs, preferring one that holds none of the
    patient's germline variants; variants inside the chosen window are dropped from the
    patient's germline (a heterozygous one there would be hemizygous: its truth genotype would
    be wrong). Then add the deletion to every tumor clone."""
    size = p.germline_deletion_bp
    if not size:
        return
    taken = {e.get("chrom") for e in p.structural} | {
        e[k][0] for e in p.structural for k in ("a", "b") if k in e
    }
    flank = 400
    candidates = []  # (germline variants inside, chrom, start) of each usable window
    for name, c in genome.contigs.items():
        if name in ("chrX", "chrY") or name in taken:
            continue
        genes = [(m.start - gene_margin, m.end + gene_margin) for m in c.genes]
        near = sorted(v.pos for v in germline if v.chrom == name)
        for start in range(5000, c.length - 5000 - size, 500):
            lo, hi = start - flank, start + size + flank
            if c.masked[lo:hi].any() or any(a < hi and lo < b for a, b in genes):
                continue
            inside = sum(start - 100 <= v < start + size + 100 for v in near)
            candidates.append((inside, len(candidates), name, start))
    if candidates:
        _, _, name, start = min(candidates)
        germline[:] = [
            v
            for v in germline
            if not (v.chrom == name and start - 100 <= v.pos < start + size + 100)
        ]
        p.germline_structural = [
            {
                "kind": "delete",
                "clone": "germline",
                "chrom": name,
                "hap": 0,
                "start": start,
                "end": start + size,
                "event": "germline_del",
                "status": "germline",
            }
        ]
        for cells in p.tumor_cells.values():
            cells.delete(name, 0, start, start + size)
        return
    raise ValueError(f"{p.id}: no window for a {size}-bp germline deletion")


def populations(p: Patient, genome: Genome, tumor: bool) -> list[Population]:
    normal = Population("normal", 1.0, germline_cells(p, genome), ())
    if not tumor:
        return [normal]
    f = p.clone_fractions
    normal.weight = 1 - p.purity
    return [
        normal,
        Population(
            "founder", p.purity * (f["founder"] - f["sub1"]), p.tumor_cells["founder"], ("founder",)
        ),
        Population(
            "sub1", p.purity * (f["sub1"] - f["sub2"]), p.tumor_cells["sub1"], ("founder", "sub1")
        ),
        Population(
            "sub2", p.purity * f["sub2"], p.tumor_cells["sub2"], ("founder", "sub1", "sub2")
        ),
    ]


def add_passengers(
    rng: np.random.Generator,
    p: Patient,
    genome: Genome,
    scale: Scale,
    busy: set,
    pops: list[Population],
) -> None:
    """Random somatic SNVs/indels in unique sequence, spread over the clones so that every
    VAF bin of the accuracy table has members. They stay off the exons and splice sites of
    the genes: a passenger there would be a real lesion (a BCOR splice-site variant is an
    AML-MR mutation) that the expected clinical reading of the truth does not list."""
    names = list(genome.contigs)
    margin = 12  # splice sites (2 bp) plus the longest passenger indel (8 bp), rounded up
    exons = [
        (m.spec.chrom, a - margin, b + margin)
        for m in genome.genes.values()
        for a, b in m.exon_genomic()
    ]
    weights = np.array([genome.contigs[n].length for n in names], dtype=float)
    clone_p = {"founder": 0.45, "sub1": 0.3, "sub2": 0.25}
    wanted = [("SNV", scale.passenger_snvs), ("INDEL", scale.passenger_indels)]
    breakpoints = [(e["a"][0], e["a"][2]) for e in p.structural if "a" in e]
    breakpoints += [(e["b"][0], e["b"][2]) for e in p.structural if "b" in e]
    for kind, n in wanted:
        made = 0
        while made < n:
            chrom = names[rng.choice(len(names), p=weights / weights.sum())]
            c = genome.contigs[chrom]
            pos = int(rng.integers(2000, c.length - 2000))
            if c.masked[pos - 30 : pos + 30].any() or (chrom, pos // 50) in busy:
                continue
            if any(ch == chrom and a <= pos < b for ch, a, b in exons):
                continue
            if any(ch == chrom and abs(pos - b) < 1500 for ch, b in breakpoints):
                continue
            clone = list(clone_p)[rng.choice(3, p=list(clone_p.values()))]
            present = [h for h in (0, 1) if p.tumor_cells["founder"].copies_at(chrom, pos, h)]
            if not present:
                continue
            hap = present[int(rng.integers(0, len(present)))]
            ref = c.seq[pos]
            if kind == "SNV":
                v = SmallVariant(
                    chrom,
                    pos,
                    ref,
                    "ACGT".replace(ref, "")[rng.integers(0, 3)],
                    hap=hap,
                    clone=clone,
                    kind="SNV",
                )
            else:
                q, r, a = random_indel(rng, c.seq, pos, 8)
                v = SmallVariant(chrom, q, r, a, hap=hap, clone=clone, kind="INDEL")
            if expected_vaf(v, pops) < 0.03:
                continue
            for k in range(-2, 3):
                busy.add((chrom, pos // 50 + k))
            p.somatic.append(v)
            made += 1
