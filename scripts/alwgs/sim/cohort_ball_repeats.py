"""B-ALL patients of the cohort whose defining breakpoints lie in the genome's hard places
(repeat_loci.py): DUX4 inside the D4Z4-like array, CRLF2 in PAR1 shared by X and Y, IGH."""

from .cohort_aml import clinical
from .cohort_ball_cn import _deletion
from .genome import Genome
from .patients import Patient, _intron_mid
from .repeat_loci import UNIT_5P, UNIT_BP

# Patient ids of this module (B-ALL range; the lead may renumber the cohort's ids).
IDS = {"IGH::DUX4": "B20", "P2RY8::CRLF2": "B27"}


def _igh_dux4(g: Genome) -> Patient:
    """IGH::DUX4: a copy of the telomeric D4Z4 units inserted near Emu (Zhang et al., Nat
    Genet 2016; the insertion places DUX4 under the IGH enhancer), the DUX4 ORF cut in its
    3' part (the C-terminal region patients lose); ERG intragenic deletion in a subclone."""
    arr = g.block("D4Z4_chr4")
    n_units = sum(1 for *_, lab in arr.repeats if lab.startswith("unit"))
    unit_lo, _ = arr.repeat(f"unit{n_units - 1}")
    last_lo, _ = arr.repeat(f"unit{n_units}")
    # From 400 bp into the second-last unit to 85% of the last unit's ORF (DUX4's exon 1):
    # 1.6 units, the ORF of the second-last unit whole, the annotated DUX4's truncated.
    src = (unit_lo + 400, last_lo + UNIT_5P + int(0.85 * 1275))
    assert src[1] - src[0] < 2 * UNIT_BP
    emu_lo, emu_hi = g.block("IGH").repeat("Emu")
    at = (emu_lo + emu_hi) // 2
    erg = g.gene("ERG")
    e1, e2 = sorted((_intron_mid(g, "ERG", 1), _intron_mid(g, "ERG", 8)))  # exons 3-9
    p = Patient(
        IDS["IGH::DUX4"],
        "female",
        "B-ALL",
        0.80,
        True,
        {"founder": 1.0, "sub1": 0.6, "sub2": 0.2},
        clinical(
            "B-ALL, DUX4-rearranged",
            "B-ALL",
            None,
            ["IGH::DUX4", "ERG_del"],
            "B-ALL with other defined genetic abnormalities",
            "B-ALL with DUX4 rearrangement",
            (
                "DUX4 inserted from an 11-unit D4Z4-like array (10q26 homolog 98.5% identical):"
                " the inserted copy's reads and the IGH junction reads' mates map with MAPQ 0;"
                " the ERG deletion is subclonal (60% of blasts)"
            ),
        ),
    )
    assert erg.start < e1 < e2 < erg.end
    p.structural = [
        {
            "kind": "insert",
            "clone": "founder",
            "at": ("chr14", 0, at),
            "source": ("chr4", 0, *src),
            "genes": ("IGH", "DUX4"),
            "fusion": "IGH::DUX4",
            "name": "ins(14;4)(q32.33;q35.2q35.2)",
            "event": None,
        },
        {
            "kind": "delete",
            "clone": "sub1",
            "chrom": "chr21",
            "hap": 1,
            "start": e1,
            "end": e2,
            "event": "ERG_del",
            "cn": 1,
        },
    ]
    return p


def _p2ry8_crlf2(g: Genome) -> Patient:
    """P2RY8::CRLF2: the PAR1 deletion from P2RY8 intron 1 to upstream of CRLF2 (Mullighan et
    al., Nat Genet 2009), here on the patient's Y: a male's Y PAR1 is chrX haplotype 1 of the
    cell genome (hard-masked chrY PAR1 in the reference), so the deletion shows on chrX, over
    a baseline of 2 copies, as 1 copy. With it an IKZF1 deletion (exons 4-7, the IK6
    dominant-negative form): IKZF1 with a PAR1 deletion and no ERG deletion in
    BCR::ABL1-negative B-ALL is IKZF1plus (Stanulla et al., J Clin Oncol 2018), the cohort's
    positive IKZF1plus case (B07's pattern comes with BCR::ABL1, where it is not defined)."""
    crlf2, p2ry8 = g.gene("CRLF2"), g.gene("P2RY8")
    ikzf1 = (_intron_mid(g, "IKZF1", 2), _intron_mid(g, "IKZF1", 6))
    start = crlf2.end + 1500  # upstream of CRLF2 ('-' strand: its 5' end is its highest base)
    end = _intron_mid(g, "P2RY8", 0)
    assert crlf2.end < start < end < p2ry8.end <= g.par_end
    p = Patient(
        IDS["P2RY8::CRLF2"],
        "male",
        "B-ALL",
        0.65,
        True,
        {"founder": 1.0, "sub1": 0.5, "sub2": 0.2},
        clinical(
            "B-ALL, BCR::ABL1-like (P2RY8::CRLF2)",
            "B-ALL",
            None,
            ["P2RY8::CRLF2", "PAR1_deletion", "CSF2RA_del", "IL3RA_del", "IKZF1_del", "IKZF1plus"],
            "B-ALL with BCR::ABL1-like features",
            "B-ALL, BCR::ABL1-like, JAK-STAT activated",
            (
                "PAR1 deletion carried by the Y in a male: chrY's PAR1 is N in the reference,"
                " its reads align to chrX's PAR1 (2 copies there), the deletion leaves 1;"
                " IKZF1plus from an IKZF1 deletion with the PAR1 deletion"
            ),
        ),
    )
    p.structural = [
        {
            "kind": "delete",
            "clone": "founder",
            "chrom": "chrX",
            "hap": 1,  # the Y's PAR1 (cells.CellGenome.germline)
            "start": start,
            "end": end,
            "event": "PAR1_deletion",
            "cn": 1,
            "genes": ("CRLF2", "P2RY8"),
            "fusion": "P2RY8::CRLF2",
            "name": "del(Y)(p11.32p11.32)",
        },
        _deletion("chr7", 0, ikzf1[0], ikzf1[1], "IKZF1_del", 1),
    ]
    return p


def define_ball_repeats(genome: Genome) -> list[Patient]:
    return [_igh_dux4(genome), _p2ry8_crlf2(genome)]
