"""Genes (and gene-like loci) only the cohort scale's genome holds: the partners of the
cohort's entities that the ci and demo genomes do not need. GRCh38 positions, strands and
bands as in catalog.py."""

from .catalog import GeneSpec

# Genes of ordinary unique sequence (fusion partners, mutated genes), for the patients of
# cohort_plain.py. Position = GRCh38 gene start (lowest coordinate) in Mb, as in catalog.py;
# protein lengths are the canonical isoform's, capped at 600 like catalog.py unless a named
# codon lies further. Values marked "read" were checked in this session against a public page
# (NCBI Gene, OMIM, ClinGen dosage, Atlas of Genetics in Oncology); all others are recalled,
# not read (Ensembl/NCBI values from memory) and to be checked before they are relied on
# beyond the mini genome.
PLAIN_GENES: list[GeneSpec] = [
    # ZEB2 2q22.3 (GRCh38 ~2:144.36 Mb, minus strand, 1214 aa; recalled, not read), kept to
    # codon 1050 so that H1038 (c.3113A>G p.H1038R, ICC 2022 B-ALL with mutated ZEB2) exists.
    # Histidine fixes CA; the third base C is recalled, not read.
    GeneSpec("ZEB2", "chr2", 144.36, "-", "q22.3", 1050, 10, {1038: "CAC"}),
    # 1p33: TAL1 (47.22) lies ~18 kb below STIL (47.25), both on the minus strand, so STIL's
    # promoter and exon 1 (its highest coordinates) sit ~90 kb upstream of TAL1 across STIL's
    # body. STIL's introns are scaled up: the STIL::TAL1 deletion (Aplan 1990: ~90 kb in real
    # genomes) spans its body plus the intergenic gap, several kilobases in the mini genome.
    GeneSpec("TAL1", "chr1", 47.22, "-", "p33", 331, 5),
    GeneSpec("STIL", "chr1", 47.25, "-", "p33", 600, 8, intron_scale=4.0),  # 1287 aa
    # BCL9 GRCh38 1:147,541,501-147,626,216 (read: OMIM 602597), 1q21.2; 1426 aa (recalled).
    GeneSpec("BCL9", "chr1", 147.54, "+", "q21.2", 600, 6),
    GeneSpec("MEF2D", "chr1", 156.46, "-", "q22", 521, 8),
    GeneSpec("PBX1", "chr1", 164.56, "+", "q23.3", 430, 6),
    GeneSpec("AFF1", "chr4", 86.94, "+", "q21.3", 600, 8),  # 1210 aa
    # FBXW7 R465 and R505: WD40 arginines hit in T-ALL (hotspots.tsv HS-FBXW7-WD40). R465C
    # (c.1393C>T) and R465H (c.1394G>A) fix CG(T/C); R505C (c.1513C>T) and R505S (C>A) need a
    # third base T or C (a CGG codon would turn C>T into Trp, not Cys). The third bases (T, C)
    # are recalled, not read. 707 aa (FBXW7 alpha; recalled).
    GeneSpec("FBXW7", "chr4", 152.32, "-", "q31.3", 707, 8, {465: "CGT", 505: "CGC"}),
    # TLX3 (5q35.1) lies ~80 kb below NPM1 (171.39): real order kept on 5q.
    GeneSpec("TLX3", "chr5", 171.31, "+", "q35.1", 291, 3),
    # NSD1 GRCh38 chr5:177,131,798-177,300,213 (read: ClinGen dosage page), 5q35.3; 2696 aa.
    GeneSpec("NSD1", "chr5", 177.13, "+", "q35.3", 600, 8),
    # AUTS2 GRCh38 7:69,598,475-70,793,506, plus strand (read: NCBI Gene 26053), 7q11.22;
    # 1259 aa (read: Atlas of Genetics in Oncology); a PAX5 partner in PAX5alt (Gu 2019).
    GeneSpec("AUTS2", "chr7", 69.60, "+", "q11.22", 600, 6),
    # PAX5 replaces the catalog's spec at cohort scale (same name: cohort_genes wins) with
    # codon 80 kept: P80R (c.239C>G) is a defining lesion. Proline fixes CC; the third base G
    # is recalled, not read. Region 9:36,833,269-37,034,268 (read: genebe, hg38); the other
    # fields are the catalog's.
    GeneSpec("PAX5", "chr9", 36.83, "-", "p13.2", 391, 6, {80: "CCG"}),
    GeneSpec("SET", "chr9", 128.68, "+", "q34.11", 290, 6),
    # NOTCH1 L1601P (c.4802T>C), a heterodimerization-domain (HD-N) mutation of T-ALL (Weng
    # 2004); the protein is kept to codon 1650 so that the HD codon exists. Leucine fixes CT;
    # the third base G is recalled, not read. 2555 aa.
    GeneSpec("NOTCH1", "chr9", 136.49, "-", "q34.3", 1650, 12, {1601: "CTG"}),
    GeneSpec("NUP98", "chr11", 3.67, "-", "p15.4", 600, 10),  # 1817 aa precursor
    GeneSpec("ZNF384", "chr12", 6.67, "-", "p13.31", 577, 6),
    # CEBPE 14q11.2 (GRCh38 ~14:23.12 Mb, minus strand, 281 aa, 2 exons; recalled, not read):
    # IGH::CEBPE (with ZEB2 H1038R) is an ICC 2022 B-ALL entity; without the gene every
    # B-ALL's classification reads "not assessable" for it.
    GeneSpec("CEBPE", "chr14", 23.12, "-", "q11.2", 281, 2),
    GeneSpec("BCL11B", "chr14", 99.17, "-", "q32.2", 600, 4),  # 894 aa
    GeneSpec("TCF3", "chr19", 1.61, "-", "p13.3", 654, 8),
    GeneSpec("EP300", "chr22", 41.09, "+", "q13.2", 600, 8),  # 2414 aa
]

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
