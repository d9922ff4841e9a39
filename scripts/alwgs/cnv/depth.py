"""Enough reads to measure copy number? A tumor too thin for its bins reads as losses
everywhere: empty bins get CNVkit's log2 floor (-20, copy number 0), so a thin sample turned
every chromosome into a whole-chromosome loss and an adverse karyotype (measured on a ci tumor
cut to 0.2x: median 1.2 reads per 500-bp bin, 40 chromosome losses). Below the minimum, the
copy-number analysis of the sample is not assessed.

Why a minimum of reads per bin: counts are Poisson. With lambda reads expected in a bin the
log2 ratio of one bin scatters by about 1 / (ln 2 * sqrt(lambda)) (0.32 at lambda = 20, 0.65 at
5), and a bin is empty with probability exp(-lambda) (2e-9 at 20; 0.7 % at 5, i.e. dozens of
fake homozygous deletions in a few thousand bins). At 20 a one-copy loss (log2 -1) stands 3 SD
out in a single bin, and no bin is empty by chance (config cnv.min_reads_per_bin)."""

from __future__ import annotations

import csv
import statistics
from pathlib import Path


def average_read_length(samtools_stats: str | Path) -> float:
    """`SN average length` of samtools stats (mapped and unmapped primary reads)."""
    with open(samtools_stats) as fh:
        for line in fh:
            if line.startswith("SN\taverage length:"):
                return float(line.split("\t")[2])
    raise ValueError(f"{samtools_stats}: no 'average length' line")


def median_reads_per_bin(coverage: str | Path, read_length: float) -> float:
    """Median over all bins of the sample's CNVkit coverage (the .targetcoverage.cnn of rule
    cnv_coverage, as `cnvkit.py coverage` writes it; before any bin is dropped) of the reads a
    bin holds: its mean read depth (column depth) times its length, over the read length. 0
    for a file without bins."""
    with open(coverage) as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    reads = [
        float(r["depth"]) * (int(r["end"]) - int(r["start"])) / read_length
        for r in rows
        if r.get("depth") not in (None, "")
    ]
    return statistics.median(reads) if reads else 0.0


def too_thin(sample: str, reads_per_bin: float, minimum: int) -> str | None:
    """The not-assessed reason when the bins hold too few reads, else None."""
    if reads_per_bin >= minimum:
        return None
    return (
        f"{sample} has a median of {reads_per_bin:.1f} reads per copy-number bin (minimum"
        f" {minimum}): too few to measure copy number; empty bins would read as losses"
    )
