"""The build of a FASTA and the role of each contig, from the known chromosome lengths of
GRCh38 and GRCh37 (config/reference/assemblies.tsv, with its source): a contig of exactly the
length of GRCh38 chromosome 7 is chromosome 7 of GRCh38, whatever it is called. A FASTA none
of whose contigs has such a length (a slice, another species) has no verifiable build; its
roles must then be given (--autosomes, --chrX, --chrY)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from alwgs.bundle.errors import BundleError
from alwgs.contig_roles import ContigRoles

TABLE = Path(__file__).resolve().parents[3] / "config" / "reference" / "assemblies.tsv"
# Pseudoautosomal regions of the same builds (with their source).
PAR_TABLE = TABLE.with_name("par.tsv")
# A contig name that spells a primary chromosome (chr7, 7, chrX, X): such a contig of
# another length than the build's chromosome is a build mismatch, not an unplaced scaffold.
_CHROMOSOME_NAME = re.compile(r"^(?:chr)?([0-9]{1,2}|X|Y)$", re.IGNORECASE)
# Other names of the same builds (UCSC, 1000 Genomes).
ALIASES = {"hg38": "GRCh38", "hg19": "GRCh37", "b37": "GRCh37", "hs37d5": "GRCh37"}


def load_table(path: Path = TABLE) -> dict[str, dict[str, int]]:
    """build -> chromosome (1..22, X, Y) -> length."""
    table: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]
    for build, chromosome, length in rows[1:]:
        table.setdefault(build, {})[chromosome] = int(length)
    return table


@dataclass
class Assembly:
    """What the contig lengths say about a FASTA."""

    build: str  # the build stated or recognised, "unknown" when neither
    check: str  # how the build was established, printed in bundle.yaml and the report
    chromosomes: dict[str, str] = field(default_factory=dict)  # contig -> 1..22, X, Y

    def roles(self) -> ContigRoles:
        by_chrom = {c: contig for contig, c in self.chromosomes.items()}
        autosomes = [by_chrom[str(n)] for n in range(1, 23) if str(n) in by_chrom]
        return ContigRoles(tuple(autosomes), by_chrom.get("X", ""), by_chrom.get("Y", ""))


def recognise(lengths: dict[str, int], stated: str = "", table: dict | None = None) -> Assembly:
    """The build of a FASTA (contig -> length) from the known chromosome lengths.

    Raises BundleError when the lengths are of another build than ``stated``, mix builds,
    or when a contig named like a chromosome (chr7, 7) has another length than that
    chromosome of the recognised build.
    """
    table = load_table() if table is None else table
    matches: dict[str, dict[str, str]] = {}  # build -> contig -> chromosome
    for build, chromosomes in table.items():
        by_length = {length: chrom for chrom, length in chromosomes.items()}
        for contig, length in lengths.items():
            if length in by_length:
                matches.setdefault(build, {})[contig] = by_length[length]
    if len(matches) > 1:
        parts = "; ".join(f"{b}: {', '.join(list(m)[:3])}" for b, m in sorted(matches.items()))
        raise BundleError(
            "--fasta", f"contig lengths of more than one build ({parts}): use one assembly"
        )
    if not matches:
        note = "not verified: no contig has the length of a GRCh38 or GRCh37 chromosome"
        return Assembly(stated or "unknown", note + (" (build as stated)" if stated else ""))
    build, found = next(iter(matches.items()))
    if stated and ALIASES.get(stated.lower(), stated).lower() != build.lower():
        raise BundleError(
            "--fasta",
            f"its chromosome lengths are those of {build} ({len(found)} of 24 chromosomes),"
            f" not {stated}: give the FASTA of {stated} or --build {build}",
        )
    for contig, chromosome in found.items():
        named = _CHROMOSOME_NAME.match(contig)
        if named and named.group(1).upper() != chromosome:
            raise BundleError(
                "--fasta",
                f"contig {contig} has the length of {build} chromosome {chromosome}: the FASTA"
                " names its chromosomes in another order than the build",
            )
    for contig, length in lengths.items():
        named = _CHROMOSOME_NAME.match(contig)
        chromosome = named.group(1).upper() if named else ""
        if chromosome in table[build] and contig not in found:
            raise BundleError(
                "--fasta",
                f"contig {contig} is {length:,} bp, {build} chromosome {chromosome} is"
                f" {table[build][chromosome]:,} bp: the FASTA mixes builds or was edited",
            )
    return Assembly(
        build, f"contig lengths of {build} ({len(found)} of 24 chromosomes)", dict(found)
    )


def load_par_table(path: Path = PAR_TABLE) -> dict[str, list[dict]]:
    """build -> its PARs, [{name, x_start, x_end, y_start, y_end}] (1-based inclusive)."""
    table: dict[str, list[dict]] = {}
    with open(path, encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]
    header = rows[0]
    for row in rows[1:]:
        rec = dict(zip(header, row, strict=True))
        table.setdefault(rec["build"], []).append(
            {"name": rec["name"], **{k: int(rec[k]) for k in header[2:]}}
        )
    return table


def par_config(assembly: Assembly, roles: ContigRoles, table: dict | None = None) -> list[dict]:
    """reference.par of a recognised build: its PARs on the FASTA's X (and Y) contigs, named
    as the FASTA names them. [] when the build is not recognised or the declared X is not
    the build's X (a slice, a relabelled contig): PARs are then the user's to give."""
    table = load_par_table() if table is None else table
    if assembly.chromosomes.get(roles.x) != "X":
        return []
    y = roles.y if assembly.chromosomes.get(roles.y) == "Y" else ""
    return [
        {
            "name": p["name"],
            "x": f"{roles.x}:{p['x_start']}-{p['x_end']}",
            "y": f"{y}:{p['y_start']}-{p['y_end']}" if y else "",
        }
        for p in table.get(assembly.build, [])
    ]
