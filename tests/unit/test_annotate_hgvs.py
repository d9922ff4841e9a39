"""HGVS c./p. on a hand-built two-exon transcript, on both strands, and on the demo reference's
real codons (NPM1, DDX41, DNMT3A keep their human numbering there)."""

import pysam
import pytest
from alwgs.annotate.hgvs import Sequence, describe, revcomp, translate
from alwgs.annotate.transcripts import Transcript, choose_transcripts, read_models

# Positions 1-10 upstream, 11-20 5' UTR, 21-40 CDS (c.1-20), 41-60 intron, 61-85 CDS (c.21-45,
# stop TAA at c.43-45), 86-100 3' UTR (an in-frame TAG two codons after the stop), then A's.
# Protein: M A K R W Q E E L L G S T P *
CDS = "ATGGCTAAACGTTGGCAGGAAGAACTGCTGGGTTCTACTCCTTAA"
PLUS = (
    "TTTTTTTTTT"
    + "CCGCCGCCGC"
    + CDS[:20]
    + "GTAAGTCCCCCCCCCCCCAG"
    + CDS[20:]
    + "CCCTAGCCCTGAACC"
    + "A" * 50
)
L = len(PLUS)
MINUS = revcomp(PLUS)


class FakeFasta:
    def __init__(self, seqs):
        self.seqs = seqs

    def get_reference_length(self, chrom):
        return len(self.seqs[chrom])

    def fetch(self, chrom, start, end):
        return self.seqs[chrom][start:end]


FASTA = FakeFasta({"chrP": PLUS, "chrM": MINUS})
TX_PLUS = Transcript(
    "GENE", "GENE-201", "chrP", "+", "MANE_Select", [(11, 40), (61, 100)], [(21, 40), (61, 85)]
)
TX_MINUS = Transcript(
    "GENE",
    "GENE-201",
    "chrM",
    "-",
    "MANE_Select",
    [(L - 100 + 1, L - 61 + 1), (L - 40 + 1, L - 11 + 1)],
    [(L - 85 + 1, L - 61 + 1), (L - 40 + 1, L - 21 + 1)],
)


def test_construct_translates_to_the_designed_protein():
    assert translate(CDS) == "MAKRWQEELLGSTP*"
    assert PLUS[20:23] == "ATG" and PLUS[82:85] == "TAA"


def comp(base):
    return revcomp(base)


# (case, plus-strand VCF allele, c., p.) — positions 1-based on chrP.
PLUS_CASES = [
    ("missense", (24, "G", "A"), "c.4G>A", "p.(Ala2Thr)"),
    ("nonsense", (34, "G", "A"), "c.14G>A", "p.(Trp5Ter)"),
    ("synonymous", (32, "T", "C"), "c.12T>C", "p.(Arg4=)"),
    ("start loss", (22, "T", "C"), "c.2T>C", "p.(Met1?)"),
    ("stop loss runs to the next in-frame stop", (84, "A", "C"), "c.44A>C", "p.(Ter15SerextTer3)"),
    ("in-frame codon deletion", (26, "TAAA", "T"), "c.7_9del", "p.(Lys3del)"),
    ("in-frame duplication shifted 3'", (64, "A", "ACTG"), "c.28_30dup", "p.(Leu10dup)"),
    ("frameshift insertion with new stop", (23, "G", "GT"), "c.3_4insT", "p.(Ala2CysfsTer2)"),
    ("frameshift duplication without stop", (26, "T", "TA"), "c.9dup", "p.(Arg4ThrfsTer?)"),
    # in-frame insertion of a residue and a stop between codons 2 and 3 (once an IndexError)
    (
        "in-frame insertion ending in a stop",
        (26, "T", "TCTGTAA"),
        "c.6_7insCTGTAA",
        "p.(Ala2_Lys3insLeuTer)",
    ),
    ("delins in one codon", (24, "GC", "TT"), "c.4_5delinsTT", "p.(Ala2Phe)"),
    ("deletion across the exon end", (39, "GAGT", "G"), "c.20+1_20+3del", "p.?"),
    ("intron, donor side", (47, "C", "T"), "c.20+7C>T", ""),
    ("intron, acceptor side", (55, "C", "G"), "c.21-6C>G", ""),
    ("intron middle, upstream half", (50, "C", "A"), "c.20+10C>A", ""),
    ("intron middle, downstream half", (51, "C", "A"), "c.21-10C>A", ""),
    ("5' UTR", (12, "C", "A"), "c.-9C>A", ""),
    ("3' UTR", (90, "A", "G"), "c.*5A>G", ""),
    ("upstream of the transcript", (5, "T", "C"), "c.-16T>C", ""),
]


@pytest.mark.parametrize("case,allele,c,p", PLUS_CASES, ids=[c[0] for c in PLUS_CASES])
def test_plus_strand(case, allele, c, p):
    pos, ref, alt = allele
    assert PLUS[pos - 1 : pos - 1 + len(ref)] == ref, "test allele must match the reference"
    h = describe(TX_PLUS, Sequence(FASTA, "chrP"), pos, ref, alt)
    assert (h.c, h.p) == (c, p)


SNV_CASES = [c for c in PLUS_CASES if len(c[1][1]) == 1 and len(c[1][2]) == 1]


@pytest.mark.parametrize("case,allele,c,p", SNV_CASES, ids=[c[0] for c in SNV_CASES])
def test_minus_strand_mirror_of_snvs(case, allele, c, p):
    pos, ref, alt = allele
    h = describe(TX_MINUS, Sequence(FASTA, "chrM"), L - pos + 1, comp(ref), comp(alt))
    assert (h.c, h.p) == (c, p)


def test_minus_strand_insertions():
    seq = Sequence(FASTA, "chrM")
    # The codon duplication of the plus case, left-aligned on the minus contig.
    assert MINUS[80 - 1 : 80 + 6] == "CCAGCAG"
    h = describe(TX_MINUS, seq, 80, "C", "CCAG")
    assert (h.c, h.p, h.protein_start, h.protein_end) == ("c.28_30dup", "p.(Leu10dup)", 10, 10)
    h = describe(TX_MINUS, seq, L - 24 + 1, "C", "CA")  # T inserted between c.3 and c.4
    assert (h.c, h.p) == ("c.3_4insT", "p.(Ala2CysfsTer2)")


def test_protein_positions_for_hotspot_matching():
    h = describe(TX_PLUS, Sequence(FASTA, "chrP"), 24, "G", "A")
    assert (h.protein_start, h.protein_end) == (2, 2)
    h = describe(TX_PLUS, Sequence(FASTA, "chrP"), 47, "C", "T")
    assert h.protein_start is None


def test_symbolic_alleles_get_no_hgvs():
    h = describe(TX_PLUS, Sequence(FASTA, "chrP"), 24, "G", "<DEL>")
    assert (h.c, h.p) == ("", "")


# --------------------------------------------------------------- real codons of the demo
@pytest.fixture(scope="module")
def demo(ci_data):
    gff3 = ci_data / "reference" / "genes.gff3"
    chosen, _ = choose_transcripts(gff3, {})
    return read_models(gff3, chosen), pysam.FastaFile(str(ci_data / "reference" / "genome.fa"))


@pytest.mark.parametrize(
    "gene,chrom,pos,ref,alt,c,p",
    [
        ("NPM1", "chr5", 38186, "C", "CTCTG", "c.860_863dup", "p.(Trp288CysfsTer12)"),
        ("DDX41", "chr5", 55822, "T", "TCATC", "c.415_418dup", "p.(Asp140GlyfsTer2)"),
        ("DNMT3A", "chr2", 13192, "C", "T", "c.2645G>A", "p.(Arg882His)"),
        ("FLT3", "chr13", 31175, "C", "A", "c.2503G>T", "p.(Asp835Tyr)"),
    ],
)
def test_published_descriptions_on_the_demo_reference(demo, gene, chrom, pos, ref, alt, c, p):
    """NPM1 type A (c.860_863dup, p.W288Cfs*12), the DDX41 founder c.415_418dup
    (p.D140Gfs*2), DNMT3A R882H (c.2645G>A) and FLT3 D835Y as published."""
    models, fasta = demo
    h = describe(models[(gene, chrom)], Sequence(fasta, chrom), pos, ref, alt)
    assert (h.c, h.p) == (c, p)
