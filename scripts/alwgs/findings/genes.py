"""The gene spans of a build, for the copy-number segments of a findings file that do not name
the genes they cover (docs/FINDINGS.md, "Copy number").

The table (config/reference/genes.GRCh38.tsv; another build's with --genes BUILD=FILE) is
tab-separated: comment lines starting with '#' (its source and version), a header line
``gene chrom start end source_id`` and one row per gene; start and end are 0-based half-open
(BED), chrom is a contig name with or without 'chr'. A segment covers a gene when the two
overlap by at least one base."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alwgs.cnv.cytobands import chrom_name

COLUMNS = ("gene", "chrom", "start", "end", "source_id")


class GeneTableError(ValueError):
    """A bad gene table: the message names file, line and field."""


@dataclass(frozen=True)
class GeneSpan:
    gene: str
    chrom: str  # ISCN name: '21', 'X'
    start: int  # 0-based
    end: int  # half-open


class GeneTable:
    def __init__(self, path: str | Path, spans: list[GeneSpan], version: str):
        self.path = str(path)
        self.version = version
        self.spans = sorted(spans, key=lambda s: (s.chrom, s.start, s.gene))

    def overlapping(self, chrom: str, start: int, end: int) -> list[str]:
        """Genes whose span overlaps [start, end) of chrom (any contig naming), by position."""
        name = chrom_name(chrom)
        return [s.gene for s in self.spans if s.chrom == name and s.start < end and start < s.end]

    def describe(self) -> str:
        """How the report and JSON name the table: its file and version line."""
        return f"{Path(self.path).name} ({self.version})" if self.version else self.path


def read_gene_table(path: str | Path) -> GeneTable:
    """Read and check a gene table (GeneTableError naming file, line and field)."""
    spans: list[GeneSpan] = []
    seen: dict[str, int] = {}
    version = ""
    header = None
    with open(path) as fh:
        for n, line in enumerate(fh, start=1):
            text = line.rstrip("\n")
            if text.startswith("#"):
                if text.startswith("# version:") and not version:
                    version = text.split(":", 1)[1].strip()
                continue
            if not text.strip():
                continue
            fields = text.split("\t")
            if header is None:
                if tuple(fields) != COLUMNS:
                    raise GeneTableError(
                        f"{path}: line {n}: header must be {' '.join(COLUMNS)} (tab-separated),"
                        f" not {' '.join(fields)}"
                    )
                header = fields
                continue
            if len(fields) != len(COLUMNS):
                raise GeneTableError(
                    f"{path}: line {n}: {len(fields)} fields, expected {len(COLUMNS)}"
                )
            row = dict(zip(COLUMNS, fields, strict=True))
            for key in ("gene", "chrom"):
                if not row[key]:
                    raise GeneTableError(f"{path}: line {n}: field {key} is empty")
            for key in ("start", "end"):
                if not row[key].isdigit():
                    raise GeneTableError(
                        f"{path}: line {n}: field {key}: '{row[key]}' is not a whole number"
                    )
            start, end = int(row["start"]), int(row["end"])
            if end <= start:
                raise GeneTableError(f"{path}: line {n}: field end: {end} is not after {start}")
            if row["gene"] in seen:
                raise GeneTableError(
                    f"{path}: line {n}: field gene: {row['gene']} is already on line"
                    f" {seen[row['gene']]}"
                )
            seen[row["gene"]] = n
            spans.append(GeneSpan(row["gene"], chrom_name(row["chrom"]), start, end))
    if header is None:
        raise GeneTableError(f"{path}: no header line ({' '.join(COLUMNS)})")
    return GeneTable(path, spans, version)
