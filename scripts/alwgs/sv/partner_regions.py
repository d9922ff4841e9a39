"""The partner region of a targeted read-pair count (alwgs.sv.targeted_counts): where a mate
of a fragment of the partner can be placed on this reference.

A row of config/knowledge/targeted_rearrangements.tsv names the partner's copies by a pattern
over the annotation's gene names; the annotation names few of them (GRCh38: DUX4 in the 4q35
D4Z4 array, DUX4L<n> here and there), but a MAPQ-0 mate lands on any unit of the array a copy
sits in or of a homologous array (10q26). So the region is, for each row: every annotated copy,
the tandem array around it and every homologous stretch of the reference (found from the
sequence, alwgs.sv.homology), each widened by margin_bp, overlapping ones merged. Rule
sv_partner_regions finds them once per batch (results/sv/targeted_partner_regions.tsv, one
pass over the reference a row); each tumor's count reads them, so the count, the normal's count
and the random background all use the same region.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pysam

from .genes import Gene, GeneIndex
from .homology import Block, Unit, find_blocks, unit_seeds
from .known_fusions import TargetedRearrangement

ARRAY, HOMOLOGOUS, COPY = "array", "homologous", "copy"
COLUMNS = ["name", "chrom", "start", "end", "kind", "copies", "period_bp", "units", "kmer_fraction"]


@dataclass(frozen=True)
class Region:
    chrom: str
    start: int  # 0-based, half-open
    end: int
    label: str = ""

    @property
    def size(self) -> int:
        return self.end - self.start

    def holds(self, chrom: str, pos: int) -> bool:
        """pos 0-based."""
        return chrom == self.chrom and self.start <= pos < self.end


def merge(regions: Iterable[Region]) -> list[Region]:
    """Overlapping regions as one, their labels joined by commas (each once)."""
    out: list[Region] = []
    for r in sorted(regions, key=lambda r: (r.chrom, r.start, r.end)):
        if out and out[-1].chrom == r.chrom and r.start <= out[-1].end:
            last = out[-1]
            labels = last.label.split(",")
            label = last.label if r.label in labels else f"{last.label},{r.label}"
            out[-1] = Region(last.chrom, last.start, max(last.end, r.end), label)
        else:
            out.append(r)
    return out


def partner_genes(
    row: TargetedRearrangement, genes: GeneIndex, contig_lengths: dict[str, int]
) -> list[Gene]:
    """The annotated copies of the partner: genes (not loci) on the reference's contigs whose
    name matches the row's partner_pattern, in reference order."""
    rx = re.compile(row.partner_pattern)
    found = [
        g
        for name, gs in genes.by_name.items()
        if rx.search(name)
        for g in gs
        if g.biotype != "locus" and g.chrom in contig_lengths
    ]
    return sorted(found, key=lambda g: (g.chrom, g.start, g.name))


def widen(start: int, end: int, margin: int, length: int) -> tuple[int, int]:
    """start-end (0-based half-open) widened by the margin, clipped to the contig."""
    return max(0, start - margin), min(length, end + margin)


@dataclass(frozen=True)
class PartnerRegion:
    """One merged stretch of a row's partner region."""

    name: str  # the row's fusion
    chrom: str
    start: int  # 0-based half-open, margin included
    end: int
    kind: str  # ARRAY (an annotated copy in a tandem array), HOMOLOGOUS, COPY (no array)
    copies: tuple[str, ...]  # annotated copies inside
    period: int | None = None  # bp of the tandem unit
    units: float | None = None  # the homologous stretches' bp / period (margin excluded)
    kmer_fraction: float | None = None

    @property
    def size(self) -> int:
        return self.end - self.start

    def text(self) -> str:
        """e.g. 'DUX4 array chr4:141695-183494 (11.4 units of 3,300 bp)'."""
        where = f"{self.chrom}:{self.start + 1}-{self.end}"
        units = f" ({self.units:.1f} units of {self.period:,} bp)" if self.period else ""
        if self.kind == HOMOLOGOUS:
            return f"homologous {where}{units}"
        return f"{','.join(self.copies)} {self.kind} {where}{units}"

    def region(self) -> Region:
        return Region(self.chrom, self.start, self.end, self.text())


def assemble(
    name: str, copies: list[Gene], blocks: list[Block], margin: int, lengths: dict[str, int]
) -> list[PartnerRegion]:
    """Copies and homologous blocks, each widened by the margin, overlapping ones merged."""
    items: list[tuple[str, int, int, object]] = [
        (b.chrom, *widen(b.start, b.end, margin, lengths[b.chrom]), b) for b in blocks
    ]
    items += [(g.chrom, *widen(g.start - 1, g.end, margin, lengths[g.chrom]), g) for g in copies]
    order = {c: i for i, c in enumerate(lengths)}  # the reference's contig order
    groups: list[list] = []
    for item in sorted(items, key=lambda x: (order[x[0]], x[1], x[2])):
        if groups and groups[-1][0] == item[0] and item[1] <= groups[-1][2]:
            groups[-1][2] = max(groups[-1][2], item[2])
            groups[-1][3].append(item[3])
        else:
            groups.append([item[0], item[1], item[2], [item[3]]])
    out = []
    for chrom, start, end, members in groups:
        bl = [m for m in members if isinstance(m, Block)]
        names = tuple(dict.fromkeys(m.name for m in members if isinstance(m, Gene)))
        period = max(bl, key=lambda b: b.size).period if bl else None
        bp = sum(b.size for b in bl)
        kind = HOMOLOGOUS if not names else (ARRAY if period else COPY)
        out.append(
            PartnerRegion(
                name,
                chrom,
                start,
                end,
                kind,
                names,
                period,
                round(bp / period, 2) if period else None,
                round(sum(b.kmer_fraction * b.size for b in bl) / bp, 3) if bl else None,
            )
        )
    return out


def find(
    row: TargetedRearrangement,
    copies: list[Gene],
    fasta: pysam.FastaFile,
    chunk_bp: int | None = None,
) -> tuple[list[PartnerRegion], list[Unit], list[Block]]:
    """The partner region of one row (module docstring) with the units and blocks it rests on
    (for the log). No copies: nothing."""
    if not copies:
        return [], [], []
    units = [unit_seeds(fasta, g.chrom, g.start - 1, g.end) for g in copies]
    seeds = np.unique(np.concatenate([u.seeds for u in units]))
    blocks = find_blocks(fasta, seeds, **({"chunk_bp": chunk_bp} if chunk_bp else {}))
    lengths = dict(zip(fasta.references, fasta.lengths, strict=True))
    return assemble(row.name, copies, blocks, row.margin_bp, lengths), units, blocks


def describe(regions: Iterable[PartnerRegion]) -> str:
    """The whole region in one line: 'DUX4 array chr4:... (11.4 units of 3,300 bp) + ...'."""
    return " + ".join(r.text() for r in regions)


def _num(x) -> str:
    return "." if x is None else str(x)


def write_table(regions: Iterable[PartnerRegion], path) -> None:
    with open(path, "w") as fh:
        fh.write("\t".join(COLUMNS) + "\n")
        for r in regions:
            fields = [r.name, r.chrom, str(r.start + 1), str(r.end), r.kind]
            fields += [",".join(r.copies) or ".", _num(r.period), _num(r.units)]
            fields.append(_num(r.kmer_fraction))
            fh.write("\t".join(fields) + "\n")


def read_table(path) -> dict[str, list[PartnerRegion]]:
    """The regions by row name; a malformed line raises ValueError naming file, line, field."""
    out: dict[str, list[PartnerRegion]] = {}
    with open(path) as fh:
        header = fh.readline().rstrip("\n").split("\t")
        if header != COLUMNS:
            raise ValueError(
                f"{path}: header is not the partner-region table's ({' '.join(COLUMNS)})"
            )
        for n, line in enumerate(fh, start=2):
            if not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != len(COLUMNS):
                raise ValueError(f"{path}: line {n}: {len(fields)} fields, not {len(COLUMNS)}")
            f = dict(zip(COLUMNS, fields, strict=True))
            num: dict[str, float | int | None] = {}
            for key, conv in _NUMBERS.items():
                try:
                    num[key] = None if f[key] == "." and key in _OPTIONAL else conv(f[key])
                except ValueError:
                    raise ValueError(
                        f"{path}: line {n}: {key} {f[key]!r} is not a number"
                    ) from None
            if f["kind"] not in (ARRAY, HOMOLOGOUS, COPY):
                raise ValueError(f"{path}: line {n}: kind {f['kind']!r} is not a region kind")
            if not 1 <= num["start"] <= num["end"]:
                raise ValueError(
                    f"{path}: line {n}: start {num['start']}, end {num['end']}: not an interval"
                )
            copies = () if f["copies"] == "." else tuple(f["copies"].split(","))
            region = PartnerRegion(
                f["name"],
                f["chrom"],
                num["start"] - 1,
                num["end"],
                f["kind"],
                copies,
                num["period_bp"],
                num["units"],
                num["kmer_fraction"],
            )
            out.setdefault(f["name"], []).append(region)
    return out


_NUMBERS = {"start": int, "end": int, "period_bp": int, "units": float, "kmer_fraction": float}
_OPTIONAL = {"period_bp", "units", "kmer_fraction"}
