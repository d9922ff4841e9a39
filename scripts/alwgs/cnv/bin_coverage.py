"""CNVkit's per-bin coverage (the .targetcoverage.cnn `cnvkit.py coverage` writes) from one
mosdepth pass over the bins, for rule cnv_coverage (scripts/cnv_coverage.py).

What CNVkit 0.9.14 computes (cnvlib/coverage.py, interval_coverages_pileup): `samtools bedcov
-G 0x704 -Q <min_mapq>` gives each bin the sum over its bases of the reads covering that base,
and depth = that sum / bin length; log2 = log2(depth), or NULL_LOG2_COVERAGE for a bin of depth
0 (or of length 0). bedcov builds a pileup without mate-overlap removal (it never calls
bam_mplp_init_overlaps), so two overlapping mates count twice, and without -j a deletion (D)
or reference skip (N) counts as covered: each read counts over its whole reference span,
from its first to its last aligned base. That is mosdepth's --fast-mode (start and end of each
read, no look at the CIGAR inside, no mate-overlap correction); mosdepth's default mode
removes mate overlaps and reads lower (1.8% on average per bin, up to 5.7%, measured on a ci
tumor BAM of 2 x 150-bp pairs). Reads excluded: the same flag set CNVkit passes bedcov explicitly,
unmapped, secondary, QC-fail and duplicate (0x704, also mosdepth's default; given explicitly
so a mosdepth default cannot move it), and MAPQ below the floor (bedcov -Q and mosdepth -Q
both keep MAPQ >= Q). Supplementary alignments count in both.

mosdepth prints the bin means with MOSDEPTH_PRECISION decimals; with 6 the printed mean times
the bin length is the base count to within 0.5 for bins under 1 Mb, so the base count is
rounded back to CNVkit's integer and depth = count / length is CNVkit's value, and a bin is
empty exactly when CNVkit's is (tests/unit/test_cnv_bin_coverage.py compares both tools on
one BAM)."""

from __future__ import annotations

import gzip
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# cnvlib.params.NULL_LOG2_COVERAGE of CNVkit 0.9.14: the log2 of a bin without depth (copied
# so the rule's environment needs no CNVkit; the unit test holds it equal to CNVkit's).
NULL_LOG2_COVERAGE = -20.0
# unmapped, secondary, QC-fail, duplicate: cnvlib.coverage.COVERAGE_EXCLUDE_FLAGS
EXCLUDE_FLAGS = 0x704
# decimals of mosdepth's region means (environment variable MOSDEPTH_PRECISION)
PRECISION = 6
COLUMNS = ("chromosome", "start", "end", "gene", "depth", "log2")


@dataclass(frozen=True)
class Bin:
    chrom: str
    start: int
    end: int
    gene: str  # the BED's 4th column, "-" without one (as CNVkit fills it)
    line: int  # line number in the bins BED, for errors


def mosdepth_command(
    aln: str, bins: str, prefix: str, ref: str, min_mapq: int, threads: int
) -> list[str]:
    """mosdepth over the bins as CNVkit's bedcov counts them (module docstring): -n no
    per-base file, --fast-mode whole reference span and mates counted twice, -F CNVkit's
    exclude flags, -Q the MAPQ floor, -f the reference (CRAM). Run with mosdepth_env()."""
    return [
        "mosdepth", "-n", "--fast-mode",
        "-F", str(EXCLUDE_FLAGS),
        "-Q", str(min_mapq),
        "-t", str(threads),
        "-f", ref,
        "--by", bins,
        prefix, aln,
    ]  # fmt: skip


def mosdepth_env() -> dict[str, str]:
    """The environment variables mosdepth_command needs (added to the caller's)."""
    return {"MOSDEPTH_PRECISION": str(PRECISION)}


def regions_file(prefix: str) -> str:
    """mosdepth's per-bin means of mosdepth_command(prefix=prefix)."""
    return f"{prefix}.regions.bed.gz"


def _fields_of(path: str | Path, opener) -> Iterator[tuple[int, list[str]]]:
    """(line number, tab-separated fields) of the data lines of a BED-like file."""
    with opener(path, "rt") as fh:
        for number, line in enumerate(fh, 1):
            text = line.rstrip("\r\n")
            if not text.strip() or text.startswith(("#", "track", "browser")):
                continue
            yield number, text.split("\t")


def _int(path, number, fields, index, name) -> int:
    try:
        return int(fields[index])
    except (IndexError, ValueError):
        value = fields[index] if index < len(fields) else "nothing"
        raise ValueError(
            f"{path}: line {number}: field {name} (column {index + 1}) must be an integer,"
            f" not {value!r}"
        ) from None


def read_bins(path: str | Path) -> list[Bin]:
    """The bins of a BED (cnvkit.py target's bins.bed), in file order."""
    bins = []
    for number, fields in _fields_of(path, open):
        start = _int(path, number, fields, 1, "start")
        end = _int(path, number, fields, 2, "end")
        gene = fields[3] if len(fields) > 3 and fields[3] else "-"
        bins.append(Bin(fields[0], start, end, gene, number))
    return bins


def read_region_means(path: str | Path) -> dict[tuple[str, int, int], float]:
    """mosdepth --by's regions.bed.gz: (chrom, start, end) -> mean depth (last column)."""
    opener = gzip.open if str(path).endswith(".gz") else open
    means = {}
    for number, fields in _fields_of(path, opener):
        key = (
            fields[0],
            _int(path, number, fields, 1, "start"),
            _int(path, number, fields, 2, "end"),
        )
        try:
            means[key] = float(fields[-1])
        except ValueError:
            raise ValueError(
                f"{path}: line {number}: field mean (last column) must be a number,"
                f" not {fields[-1]!r}"
            ) from None
    return means


def bin_depth(mean: float, span: int) -> float:
    """CNVkit's depth of a bin (base count / length) from mosdepth's printed mean: 0 for a
    bin of length <= 0 (CNVkit skips those); the base count rounded back to an integer when
    the printing error (< 0.5 x 10^-PRECISION per base) cannot reach half a base."""
    if span <= 0:
        return 0.0
    bases = mean * span
    if span < 10**PRECISION:
        bases = round(bases)
    return max(bases, 0) / span


def log2_of(depth: float) -> float:
    """CNVkit's log2 coverage: log2(depth), NULL_LOG2_COVERAGE for depth 0."""
    return math.log2(depth) if depth > 0 else NULL_LOG2_COVERAGE


def coverage_rows(
    bins: Iterable[Bin], means: dict[tuple[str, int, int], float], bins_path: str = "bins BED"
) -> list[tuple[str, int, int, str, float, float]]:
    """(chromosome, start, end, gene, depth, log2) per bin, in the bins' order. A bin mosdepth
    gave no mean for (its contig is not in the alignment's header: another reference) is an
    error naming the bin."""
    rows = []
    for b in bins:
        mean = means.get((b.chrom, b.start, b.end))
        if mean is None:
            raise ValueError(
                f"{bins_path}: line {b.line}: bin {b.chrom}:{b.start}-{b.end} has no depth from"
                f" mosdepth: is {b.chrom} a contig of the alignment's reference?"
            )
        depth = bin_depth(mean, b.end - b.start)
        rows.append((b.chrom, b.start, b.end, b.gene, depth, log2_of(depth)))
    return rows


def write_cnn(rows: Iterable[tuple], path: str | Path) -> None:
    """The .cnn as cnvkit.py coverage writes it: a header, floats as "%.6g" (skgenome's
    tabio.write)."""
    with open(path, "w") as out:
        out.write("\t".join(COLUMNS) + "\n")
        for chrom, start, end, gene, depth, log2 in rows:
            out.write(f"{chrom}\t{start}\t{end}\t{gene}\t{depth:.6g}\t{log2:.6g}\n")
