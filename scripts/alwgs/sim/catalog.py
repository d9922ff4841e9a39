"""Static knowledge the simulator draws on: real chromosome geometry and leukemia genes.

Chromosome lengths and centromere midpoints are GRCh38 values rounded to 0.1 Mb (UCSC
cytoBand acen bands). Gene positions, strands and bands are GRCh38 (Ensembl 110) rounded;
protein lengths are the canonical isoform, capped for long proteins (the mini genome keeps the
clinically named codons, not the whole protein).
"""

from dataclasses import dataclass, field

# name: (length in Mb, centromere midpoint in Mb)
CHROMOSOMES: dict[str, tuple[float, float]] = {
    "chr1": (248.9, 123.4),
    "chr2": (242.2, 93.9),
    "chr3": (198.3, 90.9),
    "chr4": (190.2, 50.0),
    "chr5": (181.5, 48.8),
    "chr6": (170.8, 59.8),
    "chr7": (159.3, 60.1),
    "chr8": (145.1, 45.2),
    "chr9": (138.4, 43.0),
    "chr11": (135.1, 53.4),
    "chr12": (133.3, 35.5),
    "chr13": (114.4, 17.7),
    "chr15": (102.0, 19.0),
    "chr16": (90.3, 36.8),
    "chr17": (83.3, 25.1),
    "chr19": (58.6, 26.2),
    "chr20": (64.4, 28.1),
    "chr21": (46.7, 12.0),
    "chr22": (50.8, 15.0),
    "chrX": (156.0, 60.6),
    "chrY": (57.2, 10.4),
}

# Chromosomes only the cohort scale has (its patients need them: IGH and BCL11B on 14, the
# D4Z4 homolog on 10q26, chromosomes gained in high hyperdiploidy); GRCh38 as above.
COHORT_CHROMOSOMES: dict[str, tuple[float, float]] = {
    "chr10": (133.8, 40.3),
    "chr14": (107.0, 17.2),
    "chr18": (80.4, 18.5),
}


def chromosomes(cohort: bool) -> dict[str, tuple[float, float]]:
    """The scale's chromosomes in karyotype order (1-22, X, Y)."""
    if not cohort:
        return CHROMOSOMES
    merged = {**CHROMOSOMES, **COHORT_CHROMOSOMES}
    rank = {f"chr{n}": i for i, n in enumerate([*range(1, 23), "X", "Y"])}
    return dict(sorted(merged.items(), key=lambda kv: rank[kv[0]]))


@dataclass(frozen=True)
class GeneSpec:
    name: str
    chrom: str
    position_mb: float  # real gene start, GRCh38
    strand: str
    band: str  # real cytoband of the gene, e.g. q24.1
    protein_length: int  # amino acids kept in the mini gene (stop codon not counted)
    exons: int = 6
    codons: dict[int, str] = field(default_factory=dict)  # 1-based codon -> real codon
    intron_scale: float = 1.0  # larger introns where a planted deletion must span kilobases
    protect: tuple[tuple[int, int], ...] = ()  # codon ranges that must stay inside one exon
    cds_tail: str = ""  # real 3' end of the CDS (stop included) where a lesion needs it
    utr3_head: str = ""  # real start of the 3' UTR, read by frameshifts that run past the stop
    biotype: str = "protein_coding"  # Ensembl gene biotype (IG segments: IG_C_gene ...)


# NPM1 exon 12: ...D286 L287 W288 Q289 W290 R291 K292 S293 L294 stop (NM_002520); the
# type A mutation c.860_863dupTCTG shifts this frame and reads into the 3' UTR, whose first
# bases give the mutant C-terminus ...CLAVEEVSLRK* (p.W288Cfs*12).
NPM1_TAIL = "GATCTCTGGCAGTGGAGGAAGTCTCTTTAA"
NPM1_UTR3 = "GAAAATAGTTTAAACAATTTGTTAAAAAATTTTCCG"

GENES: list[GeneSpec] = [
    GeneSpec("NRAS", "chr1", 114.70, "-", "p13.2", 189, 4, {12: "GGT", 13: "GGT", 61: "CAA"}),
    GeneSpec("DNMT3A", "chr2", 25.23, "-", "p23.3", 912, 10, {882: "CGC"}),
    GeneSpec("SF3B1", "chr2", 197.39, "-", "q33.1", 760, 8, {700: "AAA"}),
    GeneSpec("IDH1", "chr2", 208.24, "-", "q34", 414, 6, {132: "CGT"}),
    GeneSpec("GATA2", "chr3", 128.48, "-", "q21.3", 480, 5),
    GeneSpec("MECOM", "chr3", 169.08, "-", "q26.2", 600, 8),
    GeneSpec("KIT", "chr4", 54.66, "+", "q12", 976, 10, {816: "GAC"}),
    GeneSpec("TET2", "chr4", 105.15, "+", "q24", 700, 8),
    GeneSpec(
        "NPM1",
        "chr5",
        171.39,
        "+",
        "q35.1",
        294,
        6,
        protect=((270, 294),),
        cds_tail=NPM1_TAIL,
        utr3_head=NPM1_UTR3,
    ),
    GeneSpec("DDX41", "chr5", 177.51, "-", "q35.3", 622, 8, {139: "GAT", 140: "GAC", 525: "CGT"}),
    GeneSpec("DEK", "chr6", 18.22, "-", "p22.3", 375, 5),
    GeneSpec("IKZF1", "chr7", 50.30, "+", "p12.2", 519, 8, intron_scale=4.0),
    GeneSpec("EZH2", "chr7", 148.81, "-", "q36.1", 751, 8),
    GeneSpec("RUNX1T1", "chr8", 92.02, "-", "q21.3", 604, 6),
    GeneSpec("MLLT3", "chr9", 20.34, "-", "p21.3", 568, 5),
    GeneSpec("CDKN2A", "chr9", 21.97, "-", "p21.3", 156, 3),
    GeneSpec("PAX5", "chr9", 36.83, "-", "p13.2", 391, 6),
    GeneSpec("ABL1", "chr9", 130.71, "+", "q34.12", 600, 8),
    GeneSpec("NUP214", "chr9", 131.13, "+", "q34.13", 600, 6),
    GeneSpec("KMT2A", "chr11", 118.44, "+", "q23.3", 900, 12, intron_scale=4.0),
    GeneSpec("ETV6", "chr12", 11.65, "+", "p13.2", 452, 6),
    GeneSpec("KRAS", "chr12", 25.21, "-", "p12.1", 189, 4, {12: "GGT", 13: "GGC", 61: "CAA"}),
    GeneSpec("FLT3", "chr13", 28.00, "-", "q12.2", 993, 12, {835: "GAT"}, protect=((560, 630),)),
    GeneSpec("PML", "chr15", 73.99, "+", "q24.1", 600, 6),
    GeneSpec("IDH2", "chr15", 90.08, "-", "q26.1", 452, 6, {140: "CGG", 172: "AGG"}),
    GeneSpec("MYH11", "chr16", 15.70, "-", "p13.11", 600, 8),
    GeneSpec("CBFB", "chr16", 67.03, "+", "q22.1", 182, 5),
    GeneSpec("TP53", "chr17", 7.66, "-", "p13.1", 393, 8, {175: "CGC", 248: "CGG", 273: "CGT"}),
    GeneSpec("RARA", "chr17", 40.31, "+", "q21.2", 462, 6),
    GeneSpec("SRSF2", "chr17", 76.73, "-", "q25.1", 221, 3, {95: "CCC"}),
    GeneSpec("CEBPA", "chr19", 33.30, "-", "q13.11", 358, 1, {313: "AAG"}),
    GeneSpec("ASXL1", "chr20", 32.36, "+", "q11.21", 700, 8),
    GeneSpec("RUNX1", "chr21", 34.79, "-", "q22.12", 480, 6),
    GeneSpec("U2AF1", "chr21", 43.09, "-", "q22.3", 240, 5, {34: "TCC"}),
    GeneSpec("BCR", "chr22", 23.18, "+", "q11.23", 600, 8),
    GeneSpec("ZRSR2", "chrX", 15.79, "+", "p22.2", 482, 6),
    GeneSpec("BCOR", "chrX", 40.05, "-", "p11.4", 600, 8),
    GeneSpec("STAG2", "chrX", 124.06, "+", "q25", 600, 8),
]

GENE_BY_NAME = {g.name: g for g in GENES}

# Known pathogenic hotspot changes written to the ClinVar-like VCF: gene, codon, alt codon,
# protein change, significance.
CLINVAR_HOTSPOTS = [
    ("NRAS", 12, "GAT", "p.G12D", "Pathogenic"),
    ("NRAS", 13, "GAT", "p.G13D", "Pathogenic"),
    ("NRAS", 61, "AAA", "p.Q61K", "Pathogenic"),
    ("KRAS", 12, "GAT", "p.G12D", "Pathogenic"),
    ("KRAS", 13, "GAC", "p.G13D", "Pathogenic"),
    ("DNMT3A", 882, "CAC", "p.R882H", "Pathogenic"),
    ("DNMT3A", 882, "TGC", "p.R882C", "Pathogenic"),
    ("SF3B1", 700, "GAA", "p.K700E", "Pathogenic"),
    ("IDH1", 132, "CAT", "p.R132H", "Pathogenic"),
    ("IDH1", 132, "TGT", "p.R132C", "Pathogenic"),
    ("KIT", 816, "GTC", "p.D816V", "Pathogenic"),
    ("DDX41", 525, "CAT", "p.R525H", "Likely_pathogenic"),
    ("FLT3", 835, "TAT", "p.D835Y", "Pathogenic"),
    ("IDH2", 140, "CAG", "p.R140Q", "Pathogenic"),
    ("IDH2", 172, "AAG", "p.R172K", "Pathogenic"),
    ("TP53", 175, "CAC", "p.R175H", "Pathogenic"),
    ("TP53", 248, "CAG", "p.R248Q", "Pathogenic"),
    ("TP53", 248, "TGG", "p.R248W", "Pathogenic"),
    ("TP53", 273, "CAT", "p.R273H", "Pathogenic"),
    ("SRSF2", 95, "CAC", "p.P95H", "Pathogenic"),
    ("U2AF1", 34, "TTC", "p.S34F", "Pathogenic"),
]
