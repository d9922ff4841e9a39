"""Regions derived from the reference: callable intervals, calling chunks, gene targets.

Everything here reads the reference's own files (FASTA, GFF3), so it works the same on the
demo's mini genome and on GRCh38.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

Interval = tuple[str, int, int]  # chrom, 0-based start, end (half-open)


def non_n_runs(fasta: str | Path, min_length: int = 1000) -> Iterator[Interval]:
    """Runs of sequence without N, streamed from a plain FASTA (no whole contig in memory)."""
    chrom, pos, start = None, 0, None
    with open(fasta) as fh:
        for line in fh:
            if line.startswith(">"):
                if chrom is not None and start is not None and pos - start >= min_length:
                    yield (chrom, start, pos)
                chrom, pos, start = line[1:].split()[0], 0, None
                continue
            seq = line.rstrip("\n").upper()
            for m in re.finditer(r"N+|[^N]+", seq):
                if m.group()[0] != "N":
                    start = pos + m.start() if start is None else start
                elif start is not None:
                    if pos + m.start() - start >= min_length:
                        yield (chrom, start, pos + m.start())
                    start = None
            pos += len(seq)
    if chrom is not None and start is not None and pos - start >= min_length:
        yield (chrom, start, pos)


def split_chunks(intervals: Iterable[Interval], n: int) -> list[list[Interval]]:
    """n chunks of about equal bases (within one base), cutting intervals where needed, order
    kept (so the gathered VCF is sorted by concatenating chunks in order)."""
    intervals = list(intervals)
    total = sum(e - s for _, s, e in intervals)
    # Chunk i ends at cumulative base round((i + 1) * total / n).
    return cut_at(intervals, [round((i + 1) * total / n) for i in range(n)])


def cut_at(intervals: Iterable[Interval], bounds: list[int]) -> list[list[Interval]]:
    """len(bounds) chunks of the intervals in order: chunk i ends at cumulative base
    bounds[i] (non-decreasing); the last chunk takes whatever is left."""
    n = len(bounds)
    chunks: list[list[Interval]] = [[] for _ in range(n)]
    index, done = 0, 0
    for chrom, s, e in intervals:
        while s < e:
            while index < n - 1 and done >= bounds[index]:
                index += 1
            take = min(e - s, bounds[index] - done) if index < n - 1 else e - s
            chunks[index].append((chrom, s, s + take))
            s, done = s + take, done + take
    return chunks


def write_bed(intervals: Iterable[Interval], path: str | Path) -> None:
    with open(path, "w") as out:
        for chrom, s, e in intervals:
            out.write(f"{chrom}\t{s}\t{e}\n")


def read_bed(path: str | Path) -> list[Interval]:
    with open(path) as fh:
        return [
            (f[0], int(f[1]), int(f[2]))
            for f in (line.split("\t") for line in fh)
            if f and not f[0].startswith(("#", "track"))
        ]


@dataclass
class Transcript:
    gene: str
    transcript: str
    chrom: str
    strand: str
    cds: list[tuple[int, int]]  # 1-based inclusive CDS segments, in transcript order
    tags: str = ""


def _attrs(field: str) -> dict[str, str]:
    return dict(kv.split("=", 1) for kv in field.strip().split(";") if "=" in kv)


def read_transcripts(gff3: str | Path) -> dict[str, Transcript]:
    """Protein-coding transcripts of an Ensembl-style GFF3, keyed by transcript ID."""
    genes: dict[str, str] = {}
    tx: dict[str, Transcript] = {}
    with open(gff3) as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            f = line.rstrip("\n").split("\t")
            if len(f) < 9:
                continue
            a = _attrs(f[8])
            if a.get("ID", "").startswith("gene:"):
                genes[a["ID"]] = a.get("Name", a["ID"][5:])
            elif a.get("ID", "").startswith("transcript:") and a.get("Parent") in genes:
                tid = a["ID"][len("transcript:") :]
                tx[tid] = Transcript(genes[a["Parent"]], tid, f[0], f[6], [], a.get("tag", ""))
            elif f[2] == "CDS":
                tid = a.get("Parent", "")[len("transcript:") :]
                if tid in tx:
                    tx[tid].cds.append((int(f[3]), int(f[4])))
    for t in tx.values():
        t.cds.sort(reverse=t.strand == "-")
    return {k: t for k, t in tx.items() if t.cds}


def preferred_transcripts(
    transcripts: dict[str, Transcript], preferred: dict[str, str] | None = None
) -> dict[str, Transcript]:
    """One transcript per gene: the configured one, else MANE Select, else the longest CDS."""
    preferred = preferred or {}
    by_gene: dict[str, list[Transcript]] = {}
    for t in transcripts.values():
        by_gene.setdefault(t.gene, []).append(t)
    out = {}
    for gene, ts in by_gene.items():
        chosen = [t for t in ts if t.transcript == preferred.get(gene)]
        chosen = chosen or [t for t in ts if "MANE_Select" in t.tags]
        chosen = chosen or sorted(ts, key=lambda t: -sum(e - s + 1 for s, e in t.cds))
        out[gene] = chosen[0]
    return out


def codon_range_region(t: Transcript, first_codon: int, last_codon: int) -> Interval:
    """Genomic interval (0-based, half-open) spanning codons first..last of a transcript."""
    wanted = (3 * (first_codon - 1) + 1, 3 * last_codon)  # CDS base numbers
    positions, done = [], 0
    for s, e in t.cds:
        length = e - s + 1
        for c in wanted:
            if done < c <= done + length:
                k = c - done - 1
                positions.append(s + k if t.strand == "+" else e - k)
        done += length
    if len(positions) != 2:
        raise ValueError(f"{t.gene}: codons {first_codon}-{last_codon} beyond the CDS")
    return (t.chrom, min(positions) - 1, max(positions))
