"""bcftools csq INFO/BCSQ: parsing, and the choice of the entry reported for a gene.

Format (bcftools 1.16, --local-csq): Consequence|gene|transcript|biotype|strand|
amino_acid_change|dna_change, one entry per transcript; intronic and UTR entries carry no
transcript. Consequences may be compound ("missense&inframe_altering"); an entry starting with
'@' points to another record (haplotype-aware mode) and one starting with '*' is not on the
sample's haplotype: neither is produced with ``-s - -l``, both are skipped if present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Most severe first: the order used to pick one consequence per gene and one gene per record.
SEVERITY = [
    "start_lost",
    "stop_lost",
    "stop_gained",
    "frameshift",
    "splice_acceptor",
    "splice_donor",
    "feature_elongation",
    "inframe_altering",
    "inframe_deletion",
    "inframe_insertion",
    "missense",
    "splice_region",
    "start_retained",
    "stop_retained",
    "synonymous",
    "coding_sequence",
    "5_prime_utr",
    "3_prime_utr",
    "non_coding",
    "intron",
    "intergenic",
]
_RANK = {term: i for i, term in enumerate(SEVERITY)}
_AA_START = re.compile(r"^(\d+)")


@dataclass(frozen=True)
class Csq:
    terms: tuple[str, ...]
    gene: str
    transcript: str
    biotype: str
    strand: str
    aa_change: str
    dna_change: str

    @property
    def consequence(self) -> str:
        return "&".join(self.terms)

    @property
    def rank(self) -> int:
        return min((_RANK.get(t, len(SEVERITY)) for t in self.terms), default=len(SEVERITY))

    @property
    def aa_start(self) -> int | None:
        m = _AA_START.match(self.aa_change)
        return int(m.group(1)) if m else None


def parse(values) -> list[Csq]:
    """Entries of an INFO/BCSQ value (tuple of strings from pysam, or one string)."""
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split(",")
    out = []
    for text in values:
        if not text or text.startswith("@") or text.startswith("*"):
            continue
        f = text.split("|") + [""] * 7
        out.append(Csq(tuple(t for t in f[0].split("&") if t), *f[1:7]))
    return out


def choose(entries: list[Csq], gene: str, transcript: str | None) -> Csq | None:
    """The entry of ``gene`` on its preferred transcript, else the gene's transcript-less entry
    (intron, UTR), else its most severe entry."""
    mine = [e for e in entries if e.gene == gene]
    if not mine:
        return None
    if transcript:
        on_tx = [e for e in mine if e.transcript == transcript]
        if on_tx:
            return min(on_tx, key=lambda e: e.rank)
    bare = [e for e in mine if not e.transcript]
    return min(bare or mine, key=lambda e: e.rank)


def primary_gene(entries: list[Csq], panel: set[str]) -> str | None:
    """The gene reported for a record: a panel gene first, then the most severe consequence."""
    genes = {e.gene for e in entries if e.gene}
    if not genes:
        return None

    def key(g: str) -> tuple:
        return (g not in panel, min(e.rank for e in entries if e.gene == g), g)

    return min(genes, key=key)
