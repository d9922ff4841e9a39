"""Contig names of a downloaded file mapped to the FASTA's own: Ensembl and NCBI files call
chromosome 1 '1' and the mitochondrion 'MT', UCSC files 'chr1' and 'chrM', and unplaced
scaffolds 'KI270706.1' (accession) or 'chr1_KI270706v1_random'. Either way round, a name
maps to a FASTA contig only when exactly that contig exists; nothing is guessed beyond these
spellings of the same sequence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# UCSC spelling of a scaffold: chr1_KI270706v1_random, chrUn_GL000220v1, chr6_GL000251v2_alt
_UCSC_SCAFFOLD = re.compile(r"^chr[0-9A-Za-z]+_([A-Z]{2}\d+)v(\d+)(?:_random|_alt|_fix)?$")
_ACCESSION = re.compile(r"^([A-Z]{2}\d+)\.(\d+)$")


def _spellings(name: str) -> list[str]:
    """Other spellings of one contig name (without the UCSC prefix of a scaffold, which only
    the FASTA side can supply)."""
    out = []
    if name in ("MT", "M"):
        out.append("chrM")
    elif name == "chrM":
        out.append("MT")
    elif name.lower().startswith("chr"):
        out.append(name[3:])
    else:
        out.append("chr" + name)
    if found := _UCSC_SCAFFOLD.match(name):
        out.append(f"{found.group(1)}.{found.group(2)}")
    return out


def to_fasta(fasta_contigs: Iterable[str]) -> Callable[[str], str | None]:
    """A function giving, for a contig name of another file, the FASTA contig it is: itself
    when the FASTA has it, else one of its other spellings the FASTA has, else None (a
    contig the FASTA lacks: its records are dropped)."""
    fasta = set(fasta_contigs)
    # accession -> UCSC-named FASTA scaffold (KI270706.1 -> chr1_KI270706v1_random)
    by_accession = {}
    for contig in fasta:
        if found := _UCSC_SCAFFOLD.match(contig):
            by_accession[f"{found.group(1)}.{found.group(2)}"] = contig
    known: dict[str, str | None] = {}

    def target(name: str) -> str | None:
        if name not in known:
            if name in fasta:
                known[name] = name
            else:
                found = next((o for o in _spellings(name) if o in fasta), None)
                if found is None and _ACCESSION.match(name):
                    found = by_accession.get(name)
                known[name] = found
        return known[name]

    return target
