"""Genes of the reference GFF3 (Ensembl style: ``ID=gene:...;Name=...;biotype=...``) for
breakpoint annotation: which genes a position falls in, and each gene's strand and span.

Read with plain Python: one pass over the gene lines. A gene "locus" (e.g. IGH) is not one
gene of Ensembl's annotation but a cluster of segments (IGHV.., IGHD.., IGHJ.., IGHM, ...):
``add_locus`` makes one span of them so a known-fusion partner can name it.
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

GENE_TYPES = {"gene", "ncRNA_gene", "pseudogene"}


@dataclass(frozen=True)
class Gene:
    name: str
    chrom: str
    start: int  # 1-based, inclusive
    end: int  # inclusive
    strand: str  # + or -
    biotype: str = ""

    def contains(self, chrom: str, pos: int, flank: int = 0) -> bool:
        return chrom == self.chrom and self.start - flank <= pos <= self.end + flank

    def distance(self, chrom: str, pos: int) -> float:
        """bp from the span (0 inside it); infinite on another chromosome."""
        if chrom != self.chrom:
            return float("inf")
        return max(0, self.start - pos, pos - self.end)


def _attributes(field: str) -> dict[str, str]:
    out = {}
    for item in field.strip().split(";"):
        key, sep, value = item.partition("=")
        if sep:
            out[key] = unquote(value)
    return out


def read_genes(gff3: str | Path) -> list[Gene]:
    genes = []
    with open(gff3) as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            f = line.rstrip("\n").split("\t")
            if len(f) < 9:
                continue
            attrs = _attributes(f[8])
            gene_id = attrs.get("ID", "")
            if f[2] not in GENE_TYPES and not gene_id.startswith("gene:"):
                continue
            name = attrs.get("Name") or attrs.get("gene_id") or gene_id.split(":", 1)[-1]
            if not name or f[6] not in "+-":
                continue
            biotype = attrs.get("biotype") or attrs.get("gene_biotype", "")
            genes.append(Gene(name, f[0], int(f[3]), int(f[4]), f[6], biotype))
    return genes


class GeneIndex:
    def __init__(self, genes: Iterable[Gene]):
        self.by_chrom: dict[str, list[Gene]] = {}
        self.by_name: dict[str, list[Gene]] = {}
        for g in genes:
            self.by_chrom.setdefault(g.chrom, []).append(g)
            self.by_name.setdefault(g.name, []).append(g)
        for genes_of_chrom in self.by_chrom.values():
            genes_of_chrom.sort(key=lambda g: (g.start, g.end, g.name))

    @classmethod
    def from_gff3(cls, gff3: str | Path) -> "GeneIndex":
        return cls(read_genes(gff3))

    def at(self, chrom: str, pos: int, biotypes: Iterable[str] | None = None) -> list[Gene]:
        """Genes whose span holds the position (optionally only some biotypes). Loci made
        by add_locus are left out: they are only partners of the known-fusion list."""
        wanted = set(biotypes) if biotypes else None
        return [
            g
            for g in self.by_chrom.get(chrom, ())
            if g.start <= pos <= g.end
            and g.biotype != "locus"
            and (wanted is None or g.biotype in wanted)
        ]

    def names_at(self, chrom: str, pos: int) -> list[str]:
        out: list[str] = []
        for g in self.at(chrom, pos):
            if g.name not in out:
                out.append(g.name)
        return out

    def named(self, name: str) -> list[Gene]:
        return self.by_name.get(name, [])

    def add_locus(self, name: str, member_pattern: str) -> Gene | None:
        """One span over the genes whose name matches the pattern (whole name), on the
        chromosome holding most of them (orphon copies elsewhere are left out). None when
        no gene matches; an existing gene of that name is kept as it is."""
        if self.by_name.get(name):
            return self.by_name[name][0]
        rx = re.compile(member_pattern)
        members = [g for gs in self.by_name.values() for g in gs if rx.fullmatch(g.name)]
        if not members:
            return None
        chrom = Counter(g.chrom for g in members).most_common(1)[0][0]
        on_chrom = [g for g in members if g.chrom == chrom]
        strand = Counter(g.strand for g in on_chrom).most_common(1)[0][0]
        locus = Gene(
            name,
            chrom,
            min(g.start for g in on_chrom),
            max(g.end for g in on_chrom),
            strand,
            "locus",
        )
        self.by_name[name] = [locus]
        self.by_chrom.setdefault(chrom, []).append(locus)
        return locus
