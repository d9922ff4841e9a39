"""Coverage of the panel genes: the coding exons (plus canonical splice sites) of each gene's
preferred transcript as a BED for `mosdepth --by --thresholds`, and the per-exon and per-gene
fraction of bases at or above a depth floor (ChromoSeq: an exon fails when < 90% of its bases
reach 20x)."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

GENE_COLUMNS = [
    "sample",
    "gene",
    "panels",
    "transcript",
    "chrom",
    "bases",
    "mean_depth",
    "min_depth",
    "pct_at_min_depth",
    "status",
    "failed_exons",
]


def _segments(text: str) -> list[tuple[int, int]]:
    """'1-10,20-30' (1-based inclusive) -> [(1, 10), (20, 30)]."""
    out = []
    for part in (text or "").split(","):
        part = part.strip()
        if part and part != ".":
            a, b = part.split("-")
            out.append((int(a), int(b)))
    return sorted(out)


def exon_regions(row: dict, pad: int) -> list[tuple[str, int, int, str]]:
    """BED rows (0-based half-open) of one preferred_transcripts.tsv row: the coding part of each
    exon, widened by `pad` bp on a side that is an exon-intron boundary (the canonical splice
    site); a gene without CDS (non-coding) keeps its whole exons. Exons are numbered in
    transcript order (from the 3' end of the chromosome for minus-strand genes)."""
    exons = _segments(row["exons"])
    cds = _segments(row.get("cds", ""))
    numbered = list(enumerate(exons if row["strand"] == "+" else exons[::-1], start=1))
    first, last = exons[0][0], exons[-1][1]
    out = []
    for number, (start, end) in sorted(numbered, key=lambda item: item[1]):
        parts = [(max(start, a), min(end, b)) for a, b in cds if a <= end and b >= start]
        if not cds:
            parts = [(start, end)]
        for a, b in parts:
            lo = a - pad if a == start and start != first else a
            hi = b + pad if b == end and end != last else b
            out.append((row["chrom"], lo - 1, hi, f"{row['gene']}|{row['transcript']}|{number}"))
    return out


def panel_bed(transcripts: list[dict], panel: dict[str, str], pad: int) -> list[tuple]:
    """BED rows of every panel gene that has a preferred transcript, sorted by position."""
    rows = [r for t in transcripts if t["gene"] in panel for r in exon_regions(t, pad)]
    return sorted(rows, key=lambda r: (r[0], r[1], r[2]))


def _read_bed_gz(path: str | Path) -> tuple[list[str], list[list[str]]]:
    with gzip.open(path, "rt") as fh:
        lines = [line.rstrip("\n").split("\t") for line in fh if line.strip()]
    header = lines[0] if lines and lines[0][0].startswith("#") else []
    return header, [row for row in lines if not row[0].startswith("#")]


@dataclass
class ExonCoverage:
    gene: str
    transcript: str
    exon: int
    chrom: str
    bases: int
    covered: int  # bases at or above the floor
    depth_sum: float  # mean depth x bases

    @property
    def fraction(self) -> float:
        return self.covered / self.bases if self.bases else 0.0


def read_exon_coverage(thresholds: str | Path, regions: str | Path, min_depth: int) -> list:
    """Per-exon coverage from mosdepth's <prefix>.thresholds.bed.gz (bases >= each threshold per
    region) and <prefix>.regions.bed.gz (mean depth per region); BED parts of one exon (CDS
    split by the pad) are summed."""
    header, rows = _read_bed_gz(thresholds)
    column = f"{min_depth}X"
    if column not in header:
        raise ValueError(f"{thresholds}: no {column} column (mosdepth --thresholds)")
    idx = header.index(column)
    _, means = _read_bed_gz(regions)
    mean_of = {(r[0], r[1], r[2], r[3]): float(r[4]) for r in means}
    exons: dict[tuple, ExonCoverage] = {}
    for row in rows:
        chrom, start, end, name = row[0], int(row[1]), int(row[2]), row[3]
        gene, transcript, number = name.split("|")
        key = (gene, int(number))
        length = end - start
        ex = exons.setdefault(key, ExonCoverage(gene, transcript, int(number), chrom, 0, 0, 0.0))
        ex.bases += length
        ex.covered += int(row[idx])
        ex.depth_sum += mean_of.get((row[0], row[1], row[2], row[3]), 0.0) * length
    return sorted(exons.values(), key=lambda e: (e.gene, e.exon))


def gene_table(
    sample: str,
    exons: list[ExonCoverage],
    panel: dict[str, str],
    min_depth: int,
    min_fraction: float,
) -> list[dict]:
    """One row per panel gene: bases, mean depth, % of bases >= min_depth, status (PASS,
    INSUFFICIENT when that fraction is below min_fraction, NOT_ASSESSED for a panel gene without
    a transcript in the annotation) and the exons below min_fraction. Genes absent from the
    panel are ignored."""
    by_gene: dict[str, list[ExonCoverage]] = {}
    for ex in exons:
        if ex.gene in panel:
            by_gene.setdefault(ex.gene, []).append(ex)
    out = []
    for gene in sorted(set(panel) - set(by_gene)):
        # A panel gene the reference annotation lacks (no preferred transcript): not assessed.
        out.append(
            {
                "sample": sample,
                "gene": gene,
                "panels": panel[gene],
                "transcript": ".",
                "chrom": ".",
                "bases": 0,
                "mean_depth": ".",
                "min_depth": min_depth,
                "pct_at_min_depth": ".",
                "status": "NOT_ASSESSED",
                "failed_exons": "no transcript in the reference annotation",
            }
        )
    for gene in sorted(by_gene):
        parts = by_gene[gene]
        bases = sum(e.bases for e in parts)
        covered = sum(e.covered for e in parts)
        fraction = covered / bases if bases else 0.0
        failed = [
            f"exon {e.exon} ({100 * e.fraction:.1f}%)" for e in parts if e.fraction < min_fraction
        ]
        out.append(
            {
                "sample": sample,
                "gene": gene,
                "panels": panel.get(gene, ""),
                "transcript": parts[0].transcript,
                "chrom": parts[0].chrom,
                "bases": bases,
                "mean_depth": round(sum(e.depth_sum for e in parts) / bases, 1) if bases else 0.0,
                "min_depth": min_depth,
                "pct_at_min_depth": round(100 * fraction, 1),
                "status": "PASS" if fraction >= min_fraction else "INSUFFICIENT",
                "failed_exons": ", ".join(failed),
            }
        )
    return sorted(out, key=lambda r: r["gene"])


def write_gene_table(rows: list[dict], path: str | Path) -> None:
    with open(path, "w") as out:
        out.write("\t".join(GENE_COLUMNS) + "\n")
        for row in rows:
            out.write("\t".join(str(row[c]) for c in GENE_COLUMNS) + "\n")
