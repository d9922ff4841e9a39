"""Genes (and gene-like loci) only the cohort scale's genome holds: the partners of the
cohort's entities that the ci and demo genomes do not need. GRCh38 positions, strands and
bands as in catalog.py."""

from .catalog import GeneSpec

# Genes of ordinary unique sequence (fusion partners, mutated genes).
PLAIN_GENES: list[GeneSpec] = []

# Genes whose breakpoints fall in repeats (DUX4 in the D4Z4 array, IGH, PAR1 genes).
REPEAT_GENES: list[GeneSpec] = []

COHORT_GENES: list[GeneSpec] = PLAIN_GENES + REPEAT_GENES
