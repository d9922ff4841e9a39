"""Cohort patients whose defining lesions join genes of ordinary unique sequence (genes in
cohort_genes.PLAIN_GENES): B-ALL TCF3::PBX1, KMT2A::AFF1, EP300::ZNF384, MEF2D::BCL9, PAX5
P80R and PAX5alt; AML NUP98::NSD1; T-ALL STIL::TAL1, BCL11B::TLX3 and SET::NUP214.

What makes each hard is the geometry real genomes give it: a p arm exchanged with a q arm
joins the broken ends head to head (an inverted translocation: junctions + + and - -, not the
+ - of two q arms), a fusion of two genes on one arm needs an inversion (MEF2D::BCL9) or a
deletion (STIL::TAL1, SET::NUP214), and an enhancer hijack (BCL11B::TLX3) breaks outside
both genes. Entity names are those of config/knowledge/who_icc2022.yaml; lesion ids are the
interpretation's (fusions GENE5::GENE3, <GENE>_mut without a named hotspot lesion,
<GENE>_del for focal_deletions.tsv genes, FLT3_ITD)."""

from .cohort_aml import clinical
from .genome import Genome
from .patients import Patient, _translocation
from .variants import cds_duplication, codon_change

CLEAR_BP = 150  # unmasked sequence wanted on each side of a breakpoint (a read's length)


def _clear(genome: Genome, chrom: str, pos: int, lo: int, hi: int) -> int:
    """The position nearest `pos` within [lo, hi) with no repeat, tract or gap base within
    CLEAR_BP (exons count as clear: they are unique sequence): a breakpoint the SV callers
    can anchor reads on (introns and intergenic sequence hold homopolymer/STR tracts and
    interspersed repeats)."""
    masked = genome.contigs[chrom].masked
    for d in range(0, max(pos - lo, hi - pos)):
        for q in (pos - d, pos + d):
            if lo <= q < hi and not masked[q - CLEAR_BP : q + CLEAR_BP].any():
                return q
    raise ValueError(f"{chrom}: no unmasked breakpoint in {lo}-{hi}")


def _in_intron(genome: Genome, gene: str, index: int) -> int:
    """A clean breakpoint in intron `index` (transcript order) of `gene`."""
    a, b = genome.gene(gene).intron_genomic(index)
    return _clear(genome, genome.gene(gene).spec.chrom, (a + b) // 2, a + 20, b - 20)


def _fusion_translocation(genome, chrom_a, gene_a, intron_a, chrom_b, gene_b, intron_b, **kw):
    """A reciprocal translocation event (patients._translocation) at clean intron breakpoints;
    inverted=True for a p-arm/q-arm exchange (ends joined head to head)."""
    ev = _translocation(genome, chrom_a, gene_a, intron_a, chrom_b, gene_b, intron_b, **kw)
    ev["a"] = (chrom_a, 0, _in_intron(genome, gene_a, intron_a))
    ev["b"] = (chrom_b, 0, _in_intron(genome, gene_b, intron_b))
    return ev


def _clinical(entity, group, lesions, who, icc, hard, karyotype=None, needs_rna=None, eln=None):
    """cohort_aml.clinical with this module's argument order (ELN last: mostly B/T-ALL)."""
    return clinical(entity, group, eln, lesions, who, icc, hard, karyotype, needs_rna)


B_OTHER = "B-ALL with other defined genetic abnormalities"


def define_plain(genome: Genome) -> list[Patient]:
    g = genome
    out = []

    # B-ALL TCF3::PBX1, balanced t(1;19)(q23.3;p13.3): TCF3 (19p, minus strand) exon 16 to
    # PBX1 (1q, plus strand) exon 3; a p arm with a q arm, so the ends join head to head.
    p = Patient(
        "B21",
        "female",
        "B-ALL",
        0.85,
        True,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.2},
        _clinical(
            "B-ALL, TCF3::PBX1",
            "B-ALL",
            ["TCF3::PBX1"],
            "B-ALL with TCF3::PBX1 fusion",
            "B-ALL with t(1;19)(q23.3;p13.3)/TCF3::PBX1",
            "balanced p-arm/q-arm exchange: the fusion junction is - - (head to head), not + -",
            karyotype="46,XX,t(1;19)(q23.3;p13.3)",
        ),
    )
    ev = _fusion_translocation(
        g, "chr19", "TCF3", 5, "chr1", "PBX1", 1, fusion="TCF3::PBX1", name="t(1;19)(q23.3;p13.3)"
    )
    p.structural = [ev | {"inverted": True}]
    out.append(p)

    # B-ALL KMT2A::AFF1, t(4;11)(q21.3;q23.3) of an infant: high blast count, tumor only, no
    # other lesion (infant KMT2A-r ALL carries few mutations).
    p = Patient(
        "B22",
        "male",
        "B-ALL",
        0.92,
        False,
        {"founder": 1.0, "sub1": 0.3, "sub2": 0.1},
        _clinical(
            "B-ALL, KMT2A rearranged",
            "B-ALL",
            ["KMT2A::AFF1"],
            "B-ALL with KMT2A rearrangement",
            "B-ALL with t(v;11q23.3)/KMT2A rearranged",
            "infant, tumor-only, the translocation is the only lesion (no matched normal to"
            " tell its junction from an inherited one)",
            karyotype="46,XY,t(4;11)(q21.3;q23.3)",
        ),
    )
    p.structural = [
        _fusion_translocation(
            g,
            "chr11",
            "KMT2A",
            8,
            "chr4",
            "AFF1",
            2,
            fusion="KMT2A::AFF1",
            name="t(4;11)(q21.3;q23.3)",
        )
    ]
    out.append(p)

    # B-ALL EP300::ZNF384, t(12;22)(p13.31;q13.2): EP300 (22q, plus) exon 6 to ZNF384 (12p,
    # minus) exon 3; a q arm with a p arm: head to head (+ +), at 55% blasts.
    p = Patient(
        "B23",
        "female",
        "B-ALL",
        0.55,
        True,
        {"founder": 1.0, "sub1": 0.45, "sub2": 0.15},
        _clinical(
            "B-ALL, ZNF384 rearranged",
            "B-ALL",
            ["EP300::ZNF384"],
            B_OTHER,
            "B-ALL with ZNF384(362) rearrangement",
            "head-to-head (+ +) junction, 55% blasts; ZNF384 lies 5 Mb from ETV6 on 12p",
            karyotype="46,XX,t(12;22)(p13.31;q13.2)",
        ),
    )
    ev = _fusion_translocation(
        g,
        "chr22",
        "EP300",
        2,
        "chr12",
        "ZNF384",
        1,
        fusion="EP300::ZNF384",
        name="t(12;22)(p13.31;q13.2)",
    )
    p.structural = [ev | {"inverted": True}]
    out.append(p)

    # B-ALL MEF2D::BCL9: MEF2D (1q22, minus) and BCL9 (1q21.2, plus) face opposite ways on
    # one arm, so only an inversion of the ~9 Mb between them joins MEF2D's 5' part to BCL9's
    # 3' part (junction - -; the reciprocal BCL9::MEF2D junction is + +). No copy change.
    start = _in_intron(g, "BCL9", 3)
    end = _in_intron(g, "MEF2D", 5)
    p = Patient(
        "B24",
        "male",
        "B-ALL",
        0.7,
        False,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.25},
        _clinical(
            "B-ALL, MEF2D rearranged",
            "B-ALL",
            ["MEF2D::BCL9"],
            B_OTHER,
            "B-ALL with MEF2D rearrangement",
            "copy-neutral inversion inside 1q (two INV junctions, no copy change), tumor-only",
            karyotype="46,XY,inv(1)(q21.2q22)",
        ),
    )
    p.structural = [
        {
            "kind": "invert",
            "clone": "founder",
            "chrom": "chr1",
            "hap": 0,
            "start": start,
            "end": end,
            "event": None,
            "genes": ("BCL9", "MEF2D"),
            "fusion": "MEF2D::BCL9",
            "name": "inv(1)(q21.2q22)",
        }
    ]
    out.append(p)

    # B-ALL with PAX5 P80R: the mutation on one allele and the other allele deleted, the
    # biallelic pattern of this subtype (Gu Z et al., Nat Genet 2019;51:296-307: P80R with a
    # second PAX5 hit, often its deletion); the mutation is hemizygous, VAF ~ blasts / (2 -
    # blasts).
    pax5 = g.gene("PAX5")
    flank = 4000
    p = Patient(
        "B25",
        "female",
        "B-ALL",
        0.8,
        True,
        {"founder": 1.0, "sub1": 0.6, "sub2": 0.2},
        _clinical(
            "B-ALL, PAX5 P80R",
            "B-ALL",
            ["PAX5_mut", "PAX5_del"],
            B_OTHER,
            "B-ALL with mutated PAX5 P80R",
            "hemizygous missense (other allele deleted): VAF ~0.67 at 80% blasts, above the"
            " heterozygous 0.4 a germline filter may expect",
        ),
    )
    p.somatic = [codon_change(g, "PAX5", 80, "CGG", hap=0, clone="founder", label="PAX5 p.P80R")]
    p.structural = [
        {
            "kind": "delete",
            "clone": "founder",
            "chrom": "chr9",
            "hap": 1,
            "start": _clear(g, "chr9", pax5.start - flank, pax5.start - 2 * flank, pax5.start),
            "end": _clear(g, "chr9", pax5.end + flank, pax5.end, pax5.end + 2 * flank),
            "event": "PAX5_del",
            "cn": 1,
        }
    ]
    out.append(p)

    # B-ALL PAX5alt: PAX5::AUTS2 from t(7;9)(q11.22;p13.2) (Gu 2019; known_fusions.tsv), PAX5
    # (9p, minus) exons 1-3 of the mini gene to AUTS2 (7q, plus): head to head. PAX5alt is a
    # gene-expression class: DNA shows the fusion, only RNA assigns the class.
    p = Patient(
        "B26",
        "male",
        "B-ALL",
        0.65,
        True,
        {"founder": 1.0, "sub1": 0.4, "sub2": 0.15},
        _clinical(
            "B-ALL, PAX5alt",
            "B-ALL",
            ["PAX5::AUTS2"],
            B_OTHER,
            "B-ALL with PAX5 alteration",
            "PAX5alt is an expression class: the PAX5::AUTS2 junction makes it the candidate,"
            " the classification itself needs RNA",
            karyotype="46,XY,t(7;9)(q11.22;p13.2)",
            needs_rna="PAX5alt is defined by its gene expression profile (Gu 2019; ICC 2022,"
            " provisional); DNA shows a PAX5 rearrangement (PAX5::AUTS2, t(7;9)(q11.22;p13.2))"
            " that makes it the candidate, RNA must confirm the class",
        ),
    )
    ev = _fusion_translocation(
        g, "chr9", "PAX5", 2, "chr7", "AUTS2", 2, fusion="PAX5::AUTS2", name="t(7;9)(q11.22;p13.2)"
    )
    p.structural = [ev | {"inverted": True}]
    out.append(p)

    # AML NUP98::NSD1, cryptic t(5;11)(q35.3;p15.4): both genes lie a few Mb from their
    # telomeres, NUP98 (11p, minus) exon 12 to NSD1 (5q, plus) exon 6, head to head; most
    # cases carry a FLT3-ITD (here subclonal, 81 bp). ELN 2022 does not list NUP98 fusions:
    # intermediate (FLT3-ITD without NPM1 mutation or an adverse lesion).
    p = Patient(
        "A21",
        "female",
        "AML",
        0.6,
        True,
        {"founder": 1.0, "sub1": 0.6, "sub2": 0.2},
        _clinical(
            "AML, NUP98 rearranged",
            "AML",
            ["NUP98::NSD1", "FLT3_ITD"],
            "AML with NUP98 rearrangement",
            "AML with other rare recurring translocations",
            "cryptic t(5;11) between two subtelomeric segments, head-to-head junction; no copy"
            " change; FLT3-ITD subclonal",
            eln="intermediate",
        ),
    )
    ev = _fusion_translocation(
        g, "chr11", "NUP98", 3, "chr5", "NSD1", 2, fusion="NUP98::NSD1", name="t(5;11)(q35.3;p15.4)"
    )
    p.structural = [ev | {"inverted": True}]
    p.somatic = [
        cds_duplication(g, "FLT3", 1774, 1854, "ITD", hap=0, clone="sub1", label="FLT3-ITD 81 bp")
    ]
    out.append(p)

    # T-ALL STIL::TAL1: the interstitial deletion from STIL intron 1 to just upstream of TAL1
    # (both minus strand; Aplan 1990) puts TAL1 under STIL's promoter and exon 1, with a
    # NOTCH1 heterodimerization-domain mutation and a subclonal FBXW7 R465C, the NOTCH-pathway
    # pair of T-ALL.
    tal1, stil = g.gene("TAL1"), g.gene("STIL")
    a, b = stil.intron_genomic(0)  # STIL intron 1, next to exon 1 (its highest coordinates)
    del_end = _clear(g, "chr1", (a + b) // 2, a + 20, b - 20)
    del_start = _clear(g, "chr1", tal1.end + 1500, tal1.end + 200, tal1.end + 4500)
    p = Patient(
        "T01",
        "male",
        "T-ALL",
        0.75,
        True,
        {"founder": 1.0, "sub1": 0.45, "sub2": 0.2},
        _clinical(
            "T-ALL, TAL1 rearranged",
            "T-ALL",
            ["STIL::TAL1", "NOTCH1_mut", "FBXW7_mut"],
            "T-ALL, NOS",
            "T-ALL with TAL1/2 rearrangement",
            "the STIL::TAL1 deletion's TAL1-side breakpoint lies 1.5 kb upstream of TAL1,"
            " outside the gene; FBXW7 subclonal",
        ),
    )
    p.structural = [
        {
            "kind": "delete",
            "clone": "founder",
            "chrom": "chr1",
            "hap": 0,
            "start": del_start,
            "end": del_end,
            "event": "del(1)(p33p33)",
            "cn": 1,
            "genes": ("TAL1", "STIL"),
            "fusion": "STIL::TAL1",
            "name": "del(1)(p33p33)",
        }
    ]
    p.somatic = [
        codon_change(g, "NOTCH1", 1601, "CCG", hap=1, clone="founder", label="NOTCH1 p.L1601P"),
        codon_change(g, "FBXW7", 465, "TGT", hap=0, clone="sub1", label="FBXW7 p.R465C"),
    ]
    out.append(p)

    # T-ALL with TLX3: t(5;14)(q35.1;q32.2) moves TLX3 next to the BCL11B enhancer; both
    # breaks are intergenic (distal of BCL11B's 3' end, centromeric of TLX3), no chimeric
    # transcript. der(14) = 14pter->q32.2::5q35.1->5qter carries the enhancer and TLX3.
    bcl11b, tlx3 = g.gene("BCL11B"), g.gene("TLX3")
    a14 = _clear(g, "chr14", bcl11b.start - 3000, bcl11b.start - 6000, bcl11b.start - 500)
    b5 = _clear(g, "chr5", tlx3.start - 3000, tlx3.start - 6000, tlx3.start - 500)
    p = Patient(
        "T02",
        "female",
        "T-ALL",
        0.5,
        False,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.2},
        _clinical(
            "T-ALL, TLX3 rearranged",
            "T-ALL",
            ["BCL11B::TLX3"],
            "T-ALL, NOS",
            "T-ALL with TLX3 rearrangement",
            "enhancer hijack: both breakpoints intergenic (3 kb outside BCL11B and TLX3), no"
            " fusion transcript; BCL11B rearranged yet not ETP-ALL with BCL11B; tumor-only at"
            " 50% blasts",
        ),
    )
    p.structural = [
        {
            "kind": "translocation",
            "clone": "founder",
            "a": ("chr14", 0, a14),
            "b": ("chr5", 0, b5),
            "genes": ("BCL11B", "TLX3"),
            "fusion": "BCL11B::TLX3",
            "name": "t(5;14)(q35.1;q32.2)",
        }
    ]
    out.append(p)

    # T-ALL with SET::NUP214: del(9)(q34.11q34.13) from SET intron 5 (of the mini gene) to
    # NUP214 intron 3, both plus strand; the deletion takes one copy of ABL1, which lies
    # between them (9q34.12).
    p = Patient(
        "T03",
        "male",
        "T-ALL",
        0.8,
        True,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.2},
        _clinical(
            "T-ALL, HOXA (SET::NUP214)",
            "T-ALL",
            ["SET::NUP214"],
            "T-ALL, NOS",
            "T-ALL with HOXA rearrangement",
            "a deletion fusion: one DEL junction whose span holds ABL1 (a heterozygous ABL1"
            " loss, no ABL1 fusion); NUP214 also partners DEK in AML",
        ),
    )
    p.structural = [
        {
            "kind": "delete",
            "clone": "founder",
            "chrom": "chr9",
            "hap": 0,
            "start": _in_intron(g, "SET", 4),
            "end": _in_intron(g, "NUP214", 2),
            "event": "del(9)(q34.11q34.13)",
            "cn": 1,
            "genes": ("SET", "NUP214"),
            "fusion": "SET::NUP214",
            "name": "del(9)(q34.11q34.13)",
        }
    ]
    out.append(p)
    return out
