"""Preferred transcripts: one protein-coding transcript per gene, chosen from the Ensembl-style
GFF3 of the reference, and its exon/CDS model for HGVS numbering.

Choice per gene (first that applies): the transcript named in the lab's list
(config/knowledge/preferred_transcripts.tsv), the one tagged MANE_Select, the one tagged
Ensembl_canonical, the longest CDS (ties: the smallest ID). Transcript IDs are compared without
their version suffix (ENST00000269305.9 == ENST00000269305).

The GFF3 is read twice, streaming: the first pass keeps one small record per transcript to make
the choice, the second keeps the exons and CDS of the chosen transcripts only, so memory stays
bounded on a full human annotation.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from alwgs.annotate.tables import read_table

TRANSCRIPT_COLUMNS = ["gene", "transcript", "reason"]
MODEL_COLUMNS = ["gene", "chrom", "strand", "transcript", "choice", "exons", "cds"]


def _open(path: str | Path):
    path = str(path)
    return gzip.open(path, "rt") if path.endswith(".gz") else open(path)


def _attrs(text: str) -> dict[str, str]:
    out = {}
    for item in text.strip().split(";"):
        if "=" in item:
            key, value = item.split("=", 1)
            out[key] = value
    return out


def _strip_prefix(value: str) -> str:
    return value.split(":", 1)[1] if ":" in value else value


def unversioned(tx: str) -> str:
    head, dot, tail = tx.rpartition(".")
    return head if dot and tail.isdigit() else tx


def _features(path: str | Path) -> Iterator[list[str]]:
    with _open(path) as fh:
        for line in fh:
            if line.startswith("#"):
                if line.startswith("##FASTA"):
                    return
                continue
            f = line.rstrip("\n").split("\t")
            if len(f) == 9:
                yield f


def read_preferred_list(path: str | Path) -> tuple[dict[str, str], str]:
    """gene -> transcript ID (unversioned) from the lab's list, and the list's version."""
    table = read_table(path, TRANSCRIPT_COLUMNS, required=["gene", "transcript"])
    chosen: dict[str, str] = {}
    for n, row in table.rows:
        if row["gene"] in chosen:
            raise ValueError(f"{path}: line {n}, column 'gene': {row['gene']} is listed twice")
        chosen[row["gene"]] = unversioned(row["transcript"])
    return chosen, table.version


@dataclass
class _Candidate:
    gene: str
    chrom: str
    strand: str
    tags: set[str]
    cds_len: int = 0


def choose_transcripts(
    gff3: str | Path, preferred: dict[str, str]
) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """First GFF3 pass: transcript ID -> (gene, choice reason) for one transcript per gene and
    chromosome (PAR genes have a copy on X and on Y), plus warnings."""
    genes: dict[str, str] = {}
    cands: dict[str, _Candidate] = {}
    for f in _features(gff3):
        a = _attrs(f[8])
        ident = a.get("ID", "")
        if ident.startswith("gene:"):
            genes[ident] = a.get("Name") or _strip_prefix(ident)
        elif ident.startswith("transcript:") and a.get("Parent", "").startswith("gene:"):
            tags = set(filter(None, a.get("tag", "").split(",")))
            cands[_strip_prefix(ident)] = _Candidate(a["Parent"], f[0], f[6], tags)
        elif f[2] == "CDS":
            for parent in a.get("Parent", "").split(","):
                cand = cands.get(_strip_prefix(parent))
                if cand is not None:
                    cand.cds_len += int(f[4]) - int(f[3]) + 1
    by_gene: dict[tuple[str, str], list[str]] = {}
    for tx, cand in cands.items():
        if cand.cds_len == 0:
            continue
        cand.gene = genes.get(cand.gene, _strip_prefix(cand.gene))
        by_gene.setdefault((cand.gene, cand.chrom), []).append(tx)

    chosen: dict[str, tuple[str, str]] = {}
    warnings: list[str] = []
    for (gene, _chrom), txs in sorted(by_gene.items()):
        wanted = unversioned(preferred[gene]) if preferred.get(gene) else None
        listed = [t for t in txs if unversioned(t) == wanted] if wanted else []
        if listed:
            chosen[listed[0]] = (gene, "listed")
            continue
        note = f" (listed {wanted} not in the annotation)" if wanted else ""
        if wanted:
            warnings.append(f"{gene}: listed transcript {wanted} is not in the GFF3; fell back")
        for tag in ("MANE_Select", "Ensembl_canonical"):
            tagged = sorted(t for t in txs if tag in cands[t].tags)
            if tagged:
                chosen[tagged[0]] = (gene, tag + note)
                break
        else:
            best = sorted(txs, key=lambda t: (-cands[t].cds_len, t))[0]
            chosen[best] = (gene, "longest_cds" + note)
    for gene in sorted(set(preferred) - {g for g, _ in by_gene}):
        warnings.append(f"{gene}: listed in the preferred transcripts but not in the GFF3")
    return chosen, warnings


@dataclass
class Transcript:
    """Exon/CDS model of one transcript; coordinates 1-based inclusive, sorted ascending."""

    gene: str
    transcript: str
    chrom: str
    strand: str
    choice: str
    exons: list[tuple[int, int]]
    cds: list[tuple[int, int]]
    _tx_exons: list[tuple[int, int]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.exons = sorted(self.exons)
        self.cds = sorted(self.cds)
        self._tx_exons = self.exons if self.strand == "+" else self.exons[::-1]
        self.cds_start = self.cds[0][0] if self.strand == "+" else self.cds[-1][1]
        self.cds_end = self.cds[-1][1] if self.strand == "+" else self.cds[0][0]
        self.cds_start_tx = self.tx_pos(self.cds_start)
        self.cds_end_tx = self.tx_pos(self.cds_end)
        self.tx_len = sum(e - s + 1 for s, e in self.exons)

    @property
    def start(self) -> int:
        return self.exons[0][0]

    @property
    def end(self) -> int:
        return self.exons[-1][1]

    # --------------------------------------------------------------- coordinate mapping
    def tx_pos(self, g: int) -> int | None:
        """1-based position in the spliced transcript (5'->3'), or None outside exons."""
        offset = 0
        for s, e in self._tx_exons:
            if s <= g <= e:
                return offset + (g - s + 1 if self.strand == "+" else e - g + 1)
            offset += e - s + 1
        return None

    def _c_of_tx(self, t: int) -> str:
        if t < self.cds_start_tx:
            return f"-{self.cds_start_tx - t}"
        if t > self.cds_end_tx:
            return f"*{t - self.cds_end_tx}"
        return str(t - self.cds_start_tx + 1)

    def c_pos(self, g: int) -> str:
        """HGVS c. position of a genomic position: exonic (123, -12, *40), intronic (123+5,
        124-7), or outside the transcript (counting on from its first/last base)."""
        t = self.tx_pos(g)
        if t is not None:
            return self._c_of_tx(t)
        before_start = g < self.start if self.strand == "+" else g > self.end
        after_end = g > self.end if self.strand == "+" else g < self.start
        if before_start:
            return self._c_of_tx(1 - abs(g - (self.start if self.strand == "+" else self.end)))
        if after_end:
            return self._c_of_tx(
                self.tx_len + abs(g - (self.end if self.strand == "+" else self.start))
            )
        # Intronic: the exon ends on either side, in transcript order.
        for (s1, e1), (s2, e2) in zip(self._tx_exons, self._tx_exons[1:], strict=False):
            if self.strand == "+" and e1 < g < s2:
                up, down = e1, s2
            elif self.strand == "-" and e2 < g < s1:
                up, down = s1, e2
            else:
                continue
            d_up, d_down = abs(g - up), abs(down - g)
            if d_up <= d_down:
                return f"{self.c_pos(up)}+{d_up}"
            return f"{self.c_pos(down)}-{d_down}"
        raise ValueError(f"{g} is not placed on {self.transcript}")  # pragma: no cover

    def region(self, g: int) -> str:
        """cds, 5_prime_utr, 3_prime_utr, intron, upstream or downstream."""
        t = self.tx_pos(g)
        if t is None:
            if self.start <= g <= self.end:
                return "intron"
            upstream = g < self.start if self.strand == "+" else g > self.end
            return "upstream" if upstream else "downstream"
        if t < self.cds_start_tx:
            return "5_prime_utr"
        if t > self.cds_end_tx:
            return "3_prime_utr"
        return "cds"

    def cds_coords(self) -> list[int]:
        """Genomic position of every CDS base, in transcript order."""
        out: list[int] = []
        segs = self.cds if self.strand == "+" else self.cds[::-1]
        for s, e in segs:
            out.extend(range(s, e + 1) if self.strand == "+" else range(e, s - 1, -1))
        return out

    def exonic_coords_after_cds(self) -> list[int]:
        """Genomic positions of the transcript after the CDS end (3' UTR), in transcript order."""
        out: list[int] = []
        for s, e in self._tx_exons:
            rng = range(s, e + 1) if self.strand == "+" else range(e, s - 1, -1)
            for g in rng:
                t = self.tx_pos(g)
                if t is not None and t > self.cds_end_tx:
                    out.append(g)
        return out


def read_models(
    gff3: str | Path, chosen: dict[str, tuple[str, str]]
) -> dict[tuple[str, str], Transcript]:
    """Second GFF3 pass: exons and CDS of the chosen transcripts, keyed by (gene, chrom)."""
    exons: dict[str, list[tuple[int, int]]] = {tx: [] for tx in chosen}
    cds: dict[str, list[tuple[int, int]]] = {tx: [] for tx in chosen}
    where: dict[str, tuple[str, str]] = {}
    for f in _features(gff3):
        a = _attrs(f[8])
        ident = a.get("ID", "")
        if ident.startswith("transcript:") and _strip_prefix(ident) in chosen:
            where[_strip_prefix(ident)] = (f[0], f[6])
        if f[2] not in ("exon", "CDS"):
            continue
        for parent in a.get("Parent", "").split(","):
            tx = _strip_prefix(parent)
            if tx in chosen:
                (exons if f[2] == "exon" else cds)[tx].append((int(f[3]), int(f[4])))
    models = {}
    for tx, (gene, reason) in chosen.items():
        if tx not in where or not exons[tx] or not cds[tx]:
            continue
        chrom, strand = where[tx]
        models[(gene, chrom)] = Transcript(gene, tx, chrom, strand, reason, exons[tx], cds[tx])
    return models


def _spans(items: list[tuple[int, int]]) -> str:
    return ",".join(f"{s}-{e}" for s, e in items)


def _parse_spans(text: str) -> list[tuple[int, int]]:
    return [(int(s), int(e)) for s, e in (p.split("-") for p in text.split(",") if p)]


def write_models(models: dict[tuple[str, str], Transcript], path: str | Path) -> None:
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(MODEL_COLUMNS)
        for key in sorted(models):
            m = models[key]
            w.writerow(
                [m.gene, m.chrom, m.strand, m.transcript, m.choice, _spans(m.exons), _spans(m.cds)]
            )


def read_models_table(path: str | Path) -> dict[tuple[str, str], Transcript]:
    models = {}
    with open(path) as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            m = Transcript(
                row["gene"],
                row["transcript"],
                row["chrom"],
                row["strand"],
                row["choice"],
                _parse_spans(row["exons"]),
                _parse_spans(row["cds"]),
            )
            models[(m.gene, m.chrom)] = m
    return models
