"""Genes (and gene-like loci) only the cohort scale's genome holds: the partners of the
cohort's entities that the ci and demo genomes do not need. GRCh38 positions, strands and
bands as in catalog.py."""

from .catalog import GeneSpec

# Genes of ordinary unique sequence (fusion partners, mutated genes).
PLAIN_GENES: list[GeneSpec] = []

# Genes whose breakpoints fall in repeats (DUX4 in the D4Z4 array, IGH, PAR1 genes). DUX4
# (and its 10q26 homolog) and the IGH segments are built with their arrays and switch regions
# by repeat_loci.py; these are the plain gene models around them. PAR1 genes, GRCh38 (Ensembl
# 110): CRLF2 chrX:1,187,549-1,212,815 (-), CSF2RA 1,268,800-1,310,381 (+), IL3RA
# 1,336,616-1,382,689 (+), P2RY8 1,462,581-1,537,185 (-); P2RY8's intron 1 is long (the
# P2RY8::CRLF2 deletion starts in it), here scaled up. ERG (chr21:38,380,027-38,661,780, -):
# its intragenic deletion marks DUX4-rearranged B-ALL; long introns so a deletion of exons
# 3-9 spans the copy-number stage's bins.
REPEAT_GENES: list[GeneSpec] = [
    GeneSpec("CRLF2", "chrX", 1.19, "-", "p22.33", 371, 6),
    GeneSpec("CSF2RA", "chrX", 1.27, "+", "p22.33", 400, 8),
    GeneSpec("IL3RA", "chrX", 1.34, "+", "p22.33", 378, 8),
    GeneSpec("P2RY8", "chrX", 1.46, "-", "p22.33", 359, 2, intron_scale=6.0),
    GeneSpec("ERG", "chr21", 38.38, "-", "q22.2", 479, 10, intron_scale=3.0),
]

COHORT_GENES: list[GeneSpec] = PLAIN_GENES + REPEAT_GENES
