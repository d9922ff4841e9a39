"""The cohort's AML patients (A01..): one per AML entity whose genes the catalog holds
(catalog.GENES). Entities, ELN 2022 groups and lesion ids follow the guidelines
(config/knowledge/who_icc2022.yaml, eln2022.yaml; ELN 2022 Table 6), not what the engine
prints. Breakpoints lie in introns (chimeric fusions) or in unique intergenic sequence
(GATA2::MECOM, whose enhancer moves next to MECOM)."""

from .genome import Genome
from .patients import Patient, _intron_mid, _translocation
from .variants import cds_duplication, codon_change


def clinical(
    entity: str,
    group: str,
    eln: str | None,
    lesions: list[str],
    who: str,
    icc: str,
    hard: str,
    karyotype: str | None = None,
    needs_rna: str | None = None,
    absent: list[str] | None = None,
) -> dict:
    """The truth's expected clinical reading (COHORT.md: Patient.clinical). `absent`: lesions
    the guideline says must not be reported although the reads hold their parts (e.g.
    IKZF1plus with BCR::ABL1), scored as found when the pipeline leaves them out."""
    doc = {
        "entity": entity,
        "group": group,
        "eln2022": eln,
        "defining_lesions": lesions,
        "germline_findings": [],
        "who2022": who,
        "icc2022": icc,
        "needs_rna": needs_rna,
        "hard": hard,
    }
    if karyotype:
        doc["karyotype"] = karyotype
    if absent:
        doc["absent_lesions"] = absent
    return doc


def unique_near(genome: Genome, chrom: str, pos: int, flank: int = 400, ahead=False) -> int:
    """The position nearest `pos` (at or after it with `ahead`) whose +-flank window is
    unmasked unique sequence (the callers need mappable sequence on both sides of a junction)."""
    masked = genome.contigs[chrom].masked
    for d in range(0, 20000, 25):
        for q in (pos + d,) if ahead else (pos - d, pos + d):
            if flank <= q < len(masked) - flank and not masked[q - flank : q + flank].any():
                return q
    raise ValueError(f"no unique sequence near {chrom}:{pos}")


def translocation(
    genome: Genome,
    gene_a: str,
    intron_a: int,
    gene_b: str,
    intron_b: int,
    fusion: str,
    name: str,
    inverted: bool = False,
    clone: str = "founder",
):
    """A reciprocal translocation between introns of two genes (haplotype 0; the demo's
    patients._translocation with each gene's own chromosome); `inverted` when a p arm is
    exchanged with a q arm (cells.CellGenome.translocate)."""
    chrom_a, chrom_b = genome.gene(gene_a).spec.chrom, genome.gene(gene_b).spec.chrom
    ev = _translocation(genome, chrom_a, gene_a, intron_a, chrom_b, gene_b, intron_b, fusion, name)
    return ev | {"clone": clone, "inverted": inverted}


def whole(kind: str, chrom: str, hap: int, event: str | None, cn: int, clone="founder") -> dict:
    """A whole-chromosome event: lose, gain or uniparental (copy-neutral LOH)."""
    return {"kind": kind, "clone": clone, "chrom": chrom, "hap": hap, "event": event, "cn": cn}


def define_aml(genome: Genome) -> list[Patient]:
    g = genome
    c = g.contigs
    fractions = {"founder": 1.0, "sub1": 0.6, "sub2": 0.2}

    a01 = Patient(
        "A01",
        "female",
        "AML",
        0.80,
        True,
        dict(fractions),
        clinical(
            "AML, NPM1 mutated without FLT3-ITD",
            "AML",
            "favorable",
            ["NPM1_mut", "DNMT3A_mut", "NRAS_mut"],
            "AML with NPM1 mutation",
            "AML with mutated NPM1",
            "NPM1 type A frameshift without FLT3-ITD: favorable only if no ITD is called; "
            "subclonal NRAS",
            karyotype="46,XX",
        ),
    )
    a01.somatic = [
        cds_duplication(
            g,
            "NPM1",
            860,
            863,
            "INDEL",
            hap=1,
            clone="founder",
            label="NPM1 c.860_863dup p.W288Cfs*12",
        ),
        codon_change(g, "DNMT3A", 882, "TGC", hap=0, clone="founder", label="DNMT3A p.R882C"),
        codon_change(g, "NRAS", 12, "GAT", hap=1, clone="sub1", label="NRAS p.G12D"),
    ]

    # inv(16)(p13.1q22): CBFB exon 5 joined to MYH11 (type A); the inverted segment runs from
    # the MYH11 intron (16p) to the CBFB intron (16q) across the centromere.
    myh11, cbfb = _intron_mid(g, "MYH11", 5), _intron_mid(g, "CBFB", 3)
    a02 = Patient(
        "A02",
        "male",
        "AML",
        0.55,
        True,
        {"founder": 1.0, "sub1": 0.45, "sub2": 0.15},
        clinical(
            "AML, CBFB::MYH11 inv(16)",
            "AML",
            "favorable",
            ["CBFB::MYH11", "KIT_mut", "+22"],
            "AML with CBFB::MYH11 fusion",
            "AML with inv(16)(p13.1q22) or t(16;16)(p13.1;q22)/CBFB::MYH11",
            "a balanced pericentric inversion: no copy-number change, both junctions on one "
            "chromosome; KIT D816V subclonal (ELN 2022: KIT does not change the group)",
            karyotype="47,XY,inv(16)(p13.11q22.1),+22",
        ),
    )
    a02.structural = [
        {
            "kind": "invert",
            "clone": "founder",
            "chrom": "chr16",
            "hap": 0,
            "start": myh11,
            "end": cbfb,
            "genes": ("MYH11", "CBFB"),
            "fusion": "CBFB::MYH11",
            "name": "inv(16)(p13.11q22.1)",
            "event": None,
        },
        whole("gain", "chr22", 1, "+22", 3),
    ]
    a02.somatic = [codon_change(g, "KIT", 816, "GTC", hap=0, clone="sub1", label="KIT p.D816V")]

    # inv(3)(q21.3q26.2): both breakpoints outside the genes, 5' of GATA2 (between GATA2
    # and its distal enhancer, which the inversion moves) and 3' of MECOM, so the enhancer
    # lands next to MECOM (Groschel et al., Cell 2014); known_fusions.tsv allows the flank.
    gata2, mecom = g.gene("GATA2"), g.gene("MECOM")
    gap = mecom.start - gata2.end
    inv3 = (
        unique_near(g, "chr3", gata2.end + gap // 4),
        unique_near(g, "chr3", mecom.start - gap // 4),
    )
    assert gata2.end < inv3[0] < inv3[1] < mecom.start
    a03 = Patient(
        "A03",
        "female",
        "AML",
        0.45,
        True,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.2},
        clinical(
            "AML, GATA2::MECOM inv(3)",
            "AML",
            "adverse",
            ["GATA2::MECOM", "-7", "monosomal_karyotype", "NRAS_mut"],
            "AML with MECOM rearrangement",
            "AML with inv(3)(q21.3q26.2) or t(3;3)(q21.3;q26.2)/GATA2; MECOM(EVI1)",
            "enhancer hijack: both breakpoints intergenic, outside GATA2 and MECOM; -7 with "
            "the inversion is a monosomal karyotype (one monosomy plus a structural change)",
            karyotype="45,XX,inv(3)(q21.3q26.2),-7",
        ),
    )
    a03.structural = [
        {
            "kind": "invert",
            "clone": "founder",
            "chrom": "chr3",
            "hap": 0,
            "start": inv3[0],
            "end": inv3[1],
            "genes": ("GATA2", "MECOM"),
            "fusion": "GATA2::MECOM",
            "name": "inv(3)(q21.3q26.2)",
            "event": None,
        },
        whole("lose", "chr7", 1, "-7", 1),
    ]
    a03.somatic = [codon_change(g, "NRAS", 12, "GAT", hap=0, clone="sub1", label="NRAS p.G12D")]

    # t(9;11)(p21.3;q23.3): 9p with 11q, der(11) = 11pter->11q23::9p21->9pter.
    a04 = Patient(
        "A04",
        "male",
        "AML",
        0.85,
        False,
        {"founder": 1.0, "sub1": 0.4, "sub2": 0.15},
        clinical(
            "AML, KMT2A::MLLT3 t(9;11)",
            "AML",
            "intermediate",
            ["KMT2A::MLLT3", "KRAS_mut"],
            "AML with KMT2A rearrangement",
            "AML with t(9;11)(p21.3;q23.3)/MLLT3::KMT2A",
            "tumor-only; a p-arm/q-arm exchange (inverted junction orientation); t(9;11) is "
            "intermediate, not the adverse KMT2A-r of other partners",
            karyotype="46,XY,t(9;11)(p21.3;q23.3)",
        ),
    )
    a04.structural = [
        translocation(
            g, "KMT2A", 8, "MLLT3", 2, "KMT2A::MLLT3", "t(9;11)(p21.3;q23.3)", inverted=True
        )
    ]
    a04.somatic = [codon_change(g, "KRAS", 13, "GAC", hap=1, clone="sub1", label="KRAS p.G13D")]

    # t(6;9)(p22.3;q34.1): der(6) = 6qter->6p22::9q34->9qter carries DEK::NUP214.
    a05 = Patient(
        "A05",
        "female",
        "AML",
        0.60,
        True,
        {"founder": 1.0, "sub1": 0.55, "sub2": 0.2},
        clinical(
            "AML, DEK::NUP214 t(6;9)",
            "AML",
            "adverse",
            ["DEK::NUP214", "FLT3_ITD"],
            "AML with DEK::NUP214 fusion",
            "AML with t(6;9)(p22.3;q34.1)/DEK::NUP214",
            "p-arm/q-arm exchange; subclonal 69-bp FLT3-ITD (frequent in t(6;9)) does not "
            "change the adverse group",
            karyotype="46,XX,t(6;9)(p22.3;q34.13)",
        ),
    )
    a05.structural = [
        translocation(
            g, "NUP214", 3, "DEK", 3, "DEK::NUP214", "t(6;9)(p22.3;q34.13)", inverted=True
        )
    ]
    a05.somatic = [
        cds_duplication(g, "FLT3", 1780, 1848, "ITD", hap=0, clone="sub1", label="FLT3-ITD 69 bp")
    ]

    # Multi-hit TP53: two mutations on different homologs with a complex, monosomal karyotype.
    q5 = c["chr5"].length - c["chr5"].cen_end
    a06 = Patient(
        "A06",
        "male",
        "AML",
        0.70,
        True,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.2},
        clinical(
            "AML, TP53 multi-hit with complex karyotype",
            "AML",
            "adverse",
            [
                "TP53_mut",
                "del(5q)",
                "-7",
                "+8",
                "-18",
                "complex_karyotype",
                "complex_karyotype_who2022",
                "monosomal_karyotype",
            ],
            "AML, myelodysplasia-related",
            "AML with mutated TP53",
            "two TP53 mutations on different homologs (multi-hit without 17p loss) with four "
            "copy-number abnormalities, two of them autosomal monosomies",
            karyotype="45,XY,del(5q),-7,+8,-18",
        ),
    )
    a06.structural = [
        {
            "kind": "delete",
            "clone": "founder",
            "chrom": "chr5",
            "hap": 1,
            "start": c["chr5"].cen_end + int(0.15 * q5),
            "end": c["chr5"].cen_end + int(0.75 * q5),
            "event": "del(5q)",
            "cn": 1,
        },
        whole("lose", "chr7", 0, "-7", 1),
        whole("gain", "chr8", 1, "+8", 3),
        whole("lose", "chr18", 1, "-18", 1),
    ]
    a06.somatic = [
        codon_change(g, "TP53", 175, "CAC", hap=0, clone="founder", label="TP53 p.R175H"),
        codon_change(g, "TP53", 273, "CAT", hap=1, clone="founder", label="TP53 p.R273H"),
    ]

    # In-frame bZIP CEBPA: K313dup (c.937_939dup), the recurrent in-frame bZIP insertion.
    a07 = Patient(
        "A07",
        "female",
        "AML",
        0.35,
        False,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.2},
        clinical(
            "AML, CEBPA in-frame bZIP",
            "AML",
            "favorable",
            ["CEBPA_mut"],
            "AML with CEBPA mutation",
            "AML with in-frame bZIP mutated CEBPA",
            "tumor-only at 35% blasts: a 3-bp in-frame duplication in a GC-rich single-exon "
            "gene at VAF ~0.17",
            karyotype="46,XX",
        ),
    )
    a07.somatic = [
        cds_duplication(
            g,
            "CEBPA",
            937,
            939,
            "INDEL",
            hap=0,
            clone="founder",
            label="CEBPA c.937_939dup p.K313dup",
        )
    ]

    # Myelodysplasia-related gene mutation (SRSF2 P95H) with IDH2 R140Q, normal karyotype.
    a08 = Patient(
        "A08",
        "male",
        "AML",
        0.40,
        False,
        {"founder": 1.0, "sub1": 0.7, "sub2": 0.25},
        clinical(
            "AML, myelodysplasia-related gene mutations",
            "AML",
            "adverse",
            ["SRSF2_mut", "IDH2_mut"],
            "AML, myelodysplasia-related",
            "AML with myelodysplasia-related gene mutations",
            "tumor-only at 40% blasts, normal karyotype: the entity rests on one SRSF2 hotspot "
            "SNV at VAF ~0.2",
            karyotype="46,XY",
        ),
    )
    a08.somatic = [
        codon_change(g, "SRSF2", 95, "CAC", hap=0, clone="founder", label="SRSF2 p.P95H"),
        codon_change(g, "IDH2", 140, "CAG", hap=1, clone="sub1", label="IDH2 p.R140Q"),
    ]

    # AML with BCR::ABL1 (p210-type break in BCR), >= 20% blasts.
    a09 = Patient(
        "A09",
        "male",
        "AML",
        0.50,
        False,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.2},
        clinical(
            "AML, BCR::ABL1",
            "AML",
            "adverse",
            ["BCR::ABL1"],
            "AML with BCR::ABL1 fusion",
            "AML with t(9;22)(q34.1;q11.2)/BCR::ABL1",
            "tumor-only at 50% blasts; the entity needs >= 20% blasts (below: CML), so the "
            "blast fraction decides as much as the fusion",
            karyotype="46,XY,t(9;22)(q34.12;q11.23)",
        ),
    )
    a09.structural = [translocation(g, "BCR", 4, "ABL1", 0, "BCR::ABL1", "t(9;22)(q34.12;q11.23)")]
    return [a01, a02, a03, a04, a05, a06, a07, a08, a09]
