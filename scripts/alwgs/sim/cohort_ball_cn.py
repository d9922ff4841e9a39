"""The cohort's copy-number-defined B-ALL patients (B01..) and the B-ALL entities whose genes
the catalog holds: chromosome-number groups (high hyperdiploid, near-haploid, masked
hypodiploid, low hypodiploid), iAMP21, ETV6::RUNX1 and BCR::ABL1 with its deletions.
Chromosome-number ranges are those of config/knowledge/who_icc2022.yaml (Holmfeldt et al.,
Nat Genet 2013; WHO/ICC 2022); entities and lesion ids follow the guidelines."""

from .cohort_aml import clinical, translocation, unique_near, whole
from .genome import Genome
from .patients import Patient, _intron_mid
from .variants import codon_change

AUTOSOMES = [f"chr{n}" for n in range(1, 23)]

# Near-haploid: one copy of each chromosome but the disomies typical of the group (X, 14,
# 18, 21 retained as pairs; Holmfeldt 2013, Safavi & Paulsson, Blood 2017).
NEAR_HAPLOID_DISOMIC = ["chrX", "chr14", "chr18", "chr21"]
NEAR_HAPLOID_SINGLE = [c for c in AUTOSOMES if c not in NEAR_HAPLOID_DISOMIC]

# Low hypodiploid (32-39): monosomies most often of 2, 3, 4, 7, 9, 12, 13, 15, 16 and 17
# (chromosomes 1, 5, 6, 8, 10, 11, 14, 18, 19, 21, 22 usually kept as pairs; Holmfeldt 2013).
LOW_HYPODIPLOID_LOST = [
    "chr2",
    "chr3",
    "chr4",
    "chr7",
    "chr9",
    "chr12",
    "chr13",
    "chr15",
    "chr16",
    "chr17",
]

# High hyperdiploidy: the typical gains (X, 4, 6, 10, 14, 17, 18, 21 x2; Paulsson & Johansson,
# Genes Chromosomes Cancer 2009), each gained chromosome a copy of one homolog, the other
# homolog kept (both parental alleles present).
HYPERDIPLOID_GAINS = ["chrX", "chr4", "chr6", "chr10", "chr14", "chr17", "chr18", "chr21"]


def _num(chrom: str) -> str:
    return chrom.removeprefix("chr")


def chromosome_count(cells) -> int:
    """Chromosomes of a cell genome: one per derivative (each keeps one centromere)."""
    return len(cells.chromosomes)


def _deletion(chrom, hap, start, end, event, cn, clone="founder") -> dict:
    return {
        "kind": "delete",
        "clone": clone,
        "chrom": chrom,
        "hap": hap,
        "start": start,
        "end": end,
        "event": event,
        "cn": cn,
    }


def iamp21_segments(genome: Genome) -> tuple[list[tuple[int, int, bool]], list[tuple]]:
    """The abnormal chromosome 21 of iAMP21 (haplotype 0) as segments of itself, and its
    copy-number rows (start, end, copy number with the normal homolog, event).

    Several copy-number levels along 21q, highest over RUNX1, distal 21q lost (Harrison et
    al., Leukemia 2014; breakage-fusion-bridge-like): proximal 21q kept, a loss, the RUNX1
    region amplified (5 copies on this homolog, 6 in all: >= 5 as WHOICC-LES-IAMP21 reads),
    a gain, a stretch at two copies, the distal loss. Junctions: a deletion, a fold-back
    inversion and tandem joins of the amplicon (read on the minus strand)."""
    c = genome.contigs["chr21"]
    runx1, u2af1 = genome.gene("RUNX1"), genome.gene("U2AF1")
    q0 = c.cen_end + 1500
    amp_lo = unique_near(genome, "chr21", runx1.start - 2000)
    amp_hi = unique_near(genome, "chr21", runx1.end + 2000)
    lost = unique_near(genome, "chr21", q0 + (amp_lo - q0) // 4)
    gain_hi = unique_near(genome, "chr21", amp_hi + 3000, ahead=True)
    distal = unique_near(genome, "chr21", gain_hi + 3000, ahead=True)
    # every level at least 3 kb (6 copy-number bins), the genes inside their own level
    bounds = [q0 - 1500, lost, amp_lo, amp_hi, gain_hi, distal]
    assert all(b - a >= 3000 for a, b in zip(bounds, bounds[1:], strict=False)), bounds
    assert amp_lo < runx1.start and runx1.end < amp_hi and distal + 2000 < u2af1.start
    segments = [
        (0, lost, False),  # pter -> proximal 21q; [lost, amp_lo) deleted
        (amp_lo, distal, False),
        (amp_lo, gain_hi, True),  # fold-back: distal joined to gain_hi, both left-joined
        (amp_lo, amp_hi, True),  # tandem copies of the RUNX1 region
        (amp_lo, amp_hi, True),
        (amp_lo, amp_hi, True),
    ]
    rows = [
        (lost, amp_lo, 1, "iAMP21 loss"),
        (amp_lo, amp_hi, 6, "iAMP21 amplification (RUNX1)"),
        (amp_hi, gain_hi, 3, "iAMP21 gain"),
        (distal, c.length, 1, "iAMP21 distal 21q loss"),
    ]
    return segments, rows


def define_ball_cn(genome: Genome) -> list[Patient]:
    g = genome
    fractions = {"founder": 1.0, "sub1": 0.6, "sub2": 0.2}

    gains = [whole("gain", ch, i % 2, f"+{_num(ch)}", 3) for i, ch in enumerate(HYPERDIPLOID_GAINS)]
    gains[-1]["cn"] = 4  # +21,+21: both homologs gained, alleles stay balanced
    gains.append(whole("gain", "chr21", 1, None, 4))
    b01 = Patient(
        "B01",
        "female",
        "B-ALL",
        0.85,
        True,
        dict(fractions),
        clinical(
            "B-ALL, high hyperdiploid",
            "B-ALL",
            None,
            ["high_hyperdiploidy", *(f"+{_num(c)}" for c in HYPERDIPLOID_GAINS), "KRAS_mut"],
            "B-ALL with high hyperdiploidy",
            "B-ALL, hyperdiploid",
            "55 chromosomes of whole-chromosome gains with both parental alleles kept (no "
            "LOH): must not be read as a doubled hypodiploid clone",
            karyotype="55,XX,+X,+4,+6,+10,+14,+17,+18,+21,+21",
        ),
    )
    b01.structural = gains
    b01.somatic = [codon_change(g, "KRAS", 13, "GAC", hap=0, clone="sub1", label="KRAS p.G13D")]

    # Near-haploid, 27 chromosomes: 23 single + disomic X, 14, 18, 21.
    single = {ch: i % 2 for i, ch in enumerate(NEAR_HAPLOID_SINGLE)}  # homolog kept
    b02 = Patient(
        "B02",
        "female",
        "B-ALL",
        0.90,
        False,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.2},
        clinical(
            "B-ALL, near-haploid",
            "B-ALL",
            None,
            ["near_haploid", *(f"-{_num(c)}" for c in NEAR_HAPLOID_SINGLE), "NRAS_mut"],
            "B-ALL with hypodiploidy",
            "B-ALL, near haploid",
            "tumor-only; 19 of 23 chromosome pairs at one copy: the genome's main copy state "
            "is the haploid one, so copy number relative to it hides the losses unless the "
            "allele fractions (LOH) set the absolute scale",
        ),
    )
    b02.structural = [whole("lose", ch, 1 - keep, f"-{_num(ch)}", 1) for ch, keep in single.items()]
    b02.somatic = [
        codon_change(g, "NRAS", 61, "AAA", hap=single["chr1"], clone="founder", label="NRAS p.Q61K")
    ]

    # Masked hypodiploidy: the near-haploid clone doubled (27 -> 54): every single chromosome
    # now two copies of one homolog (whole-chromosome LOH), the disomic ones tetrasomic with
    # both homologs (Carroll et al., Cancer Genet 2019).
    doubled = []
    for ch, keep in single.items():
        doubled.append(whole("uniparental", ch, keep, f"cnLOH({_num(ch)})", 2))
    for ch in NEAR_HAPLOID_DISOMIC:
        doubled += [whole("gain", ch, 0, f"+{_num(ch)}", 4), whole("gain", ch, 1, None, 4)]
    b03 = Patient(
        "B03",
        "female",
        "B-ALL",
        0.80,
        True,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.2},
        clinical(
            "B-ALL, masked (doubled) hypodiploid",
            "B-ALL",
            None,
            ["near_haploid", *(f"+{_num(c)}" for c in NEAR_HAPLOID_DISOMIC)],
            "B-ALL with hypodiploidy",
            "B-ALL, near haploid",
            "54 chromosomes look hyperdiploid; only whole-chromosome LOH of 19 chromosomes "
            "against the matched normal shows the doubled near-haploid clone",
        ),
    )
    b03.structural = doubled

    # Low hypodiploid, 36 chromosomes, TP53 mutated on the one chromosome 17 left.
    b04 = Patient(
        "B04",
        "male",
        "B-ALL",
        0.75,
        True,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.2},
        clinical(
            "B-ALL, low hypodiploid",
            "B-ALL",
            None,
            ["low_hypodiploid", *(f"-{_num(c)}" for c in LOW_HYPODIPLOID_LOST), "TP53_mut"],
            "B-ALL with hypodiploidy",
            "B-ALL, low hypodiploid",
            "ten monosomies; TP53 R248Q hemizygous (VAF near the tumor fraction, as a "
            "germline variant would look in a tumor-only reading)",
            karyotype="36,XY," + ",".join(f"-{_num(c)}" for c in LOW_HYPODIPLOID_LOST),
        ),
    )
    b04.structural = [whole("lose", ch, 1, f"-{_num(ch)}", 1) for ch in LOW_HYPODIPLOID_LOST]
    b04.somatic = [
        codon_change(g, "TP53", 248, "CAG", hap=0, clone="founder", label="TP53 p.R248Q")
    ]

    segments, rows = iamp21_segments(g)
    b05 = Patient(
        "B05",
        "male",
        "B-ALL",
        0.70,
        True,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.2},
        clinical(
            "B-ALL, iAMP21",
            "B-ALL",
            None,
            ["iAMP21"],
            "B-ALL with iAMP21",
            "B-ALL with iAMP21",
            "one rearranged chromosome 21 with four copy-number levels along 21q (RUNX1 at 6 "
            "copies in the tumor cells, read as ~4.5 at 70% blasts) and fold-back junctions",
        ),
    )
    b05.structural = [
        {
            "kind": "rebuild",
            "clone": "founder",
            "chrom": "chr21",
            "hap": 0,
            "segments": segments,
            "cna_rows": rows,
            "name": "iAMP21",
            "event": None,
        }
    ]

    # ETV6::RUNX1 with the other ETV6 allele deleted (a later, subclonal hit).
    etv6 = g.gene("ETV6")
    b06 = Patient(
        "B06",
        "female",
        "B-ALL",
        0.60,
        False,
        {"founder": 1.0, "sub1": 0.7, "sub2": 0.25},
        clinical(
            "B-ALL, ETV6::RUNX1",
            "B-ALL",
            None,
            ["ETV6::RUNX1", "ETV6_del"],
            "B-ALL with ETV6::RUNX1 fusion",
            "B-ALL with t(12;21)(p13.2;q22.1)/ETV6::RUNX1",
            "tumor-only; p-arm/q-arm exchange; the deletion of the other ETV6 allele is "
            "subclonal (70% of blasts)",
            karyotype="46,XX,t(12;21)(p13.2;q22.12)",
        ),
    )
    b06.structural = [
        translocation(
            g, "ETV6", 4, "RUNX1", 0, "ETV6::RUNX1", "t(12;21)(p13.2;q22.12)", inverted=True
        ),
        _deletion(
            "chr12", 1, etv6.start - 3000, etv6.end + 3000, "del(12)(p13.2)/ETV6", 1, clone="sub1"
        ),
    ]

    # BCR::ABL1 (p190-type break in BCR) with IKZF1 (exons 4-7), biallelic CDKN2A and PAX5
    # deletions and no ERG deletion. IKZF1plus is defined in BCR::ABL1-negative B-ALL
    # (Stanulla et al., J Clin Oncol 2018; WHOICC-LES-IKZF1PLUS), so it is no lesion here.
    ikzf1 = (_intron_mid(g, "IKZF1", 2), _intron_mid(g, "IKZF1", 6))
    cdkn2a, pax5 = g.gene("CDKN2A"), g.gene("PAX5")
    b07 = Patient(
        "B07",
        "male",
        "B-ALL",
        0.65,
        True,
        {"founder": 1.0, "sub1": 0.55, "sub2": 0.2},
        clinical(
            "B-ALL, BCR::ABL1 with IKZF1 deletion",
            "B-ALL",
            None,
            ["BCR::ABL1", "IKZF1_del", "CDKN2A_del", "PAX5_del"],
            "B-ALL with BCR::ABL1 fusion",
            "B-ALL with t(9;22)(q34.1;q11.2)/BCR::ABL1",
            "the IKZF1plus deletion pattern (IKZF1 + CDKN2A + PAX5, no ERG) with BCR::ABL1: "
            "IKZF1plus is defined in BCR::ABL1-negative B-ALL and must not be reported; PAX5 "
            "deletion subclonal",
            karyotype="46,XY,t(9;22)(q34.12;q11.23)",
            absent=["IKZF1plus"],
        ),
    )
    b07.structural = [
        translocation(g, "BCR", 0, "ABL1", 0, "BCR::ABL1", "t(9;22)(q34.12;q11.23)"),
        _deletion("chr7", 0, ikzf1[0], ikzf1[1], "IKZF1_del", 1),
        _deletion("chr9", 0, cdkn2a.start - 4000, cdkn2a.end + 4000, "CDKN2A_del", 0),
        _deletion("chr9", 1, cdkn2a.start - 4000, cdkn2a.end + 4000, None, 0),
        _deletion("chr9", 1, pax5.start - 2500, pax5.end + 2500, "PAX5_del", 1, clone="sub1"),
    ]
    return [b01, b02, b03, b04, b05, b06, b07]
