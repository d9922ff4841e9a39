"""What a call does to the protein, as the oncogenicity evidence codes need it: the residue it
starts at, the reference and new amino acid of a substitution, and the consequence in bcftools
csq terms. Read from the annotation (PROTEIN_START, HGVSp, CONSEQUENCE) or, for findings made
elsewhere, from an HGVS p. text alone ("p.(Arg248Gln)", "p.R248Q", "ENSP…:p.W288Cfs*12")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from alwgs.annotate.hgvs import THREE

ONE = {three: one for one, three in THREE.items() if one not in ("X",)} | {"Xaa": "X"}
_AA = r"(?:[A-Z][a-z]{2}|[A-Z*])"
_SUBST = re.compile(rf"^({_AA})(\d+)({_AA}|=)$")
_START = re.compile(rf"^({_AA})(\d+)")
# Sequence Ontology names (VEP, other pipelines) -> the bcftools csq terms rules are written in.
SO_TERMS = {
    "missense_variant": "missense",
    "stop_gained": "stop_gained",
    "frameshift_variant": "frameshift",
    "splice_acceptor_variant": "splice_acceptor",
    "splice_donor_variant": "splice_donor",
    "splice_region_variant": "splice_region",
    "start_lost": "start_lost",
    "stop_lost": "stop_lost",
    "inframe_insertion": "inframe_insertion",
    "inframe_deletion": "inframe_deletion",
    "protein_altering_variant": "inframe_altering",
    "synonymous_variant": "synonymous",
    "stop_retained_variant": "stop_retained",
    "start_retained_variant": "start_retained",
    "5_prime_utr_variant": "5_prime_utr",
    "3_prime_utr_variant": "3_prime_utr",
    "intron_variant": "intron",
}


def csq_terms(consequence: str) -> set[str]:
    """The csq terms of a CONSEQUENCE value ('&'-joined; SO names are translated)."""
    out = set()
    for term in re.split(r"[&,]", consequence or ""):
        term = term.strip()
        if term:
            out.add(SO_TERMS.get(term, term))
    return out


def one_letter(aa: str) -> str:
    """'Arg' or 'R' -> 'R'; 'Ter', '*' -> '*'."""
    if len(aa) == 3:
        return ONE.get(aa, "?")
    return aa


@dataclass(frozen=True)
class ProteinChange:
    """position: first residue affected (None when unknown); ref/alt: one-letter amino acids of
    a substitution ('=' alt for synonymous), empty for other changes; text: the p. text read."""

    position: int | None
    end: int | None
    ref: str = ""
    alt: str = ""
    text: str = ""

    @property
    def residue(self) -> str:
        """'R248' (reference amino acid and position), '' when either is unknown."""
        return f"{self.ref}{self.position}" if self.ref and self.position else ""

    @property
    def change(self) -> str:
        """'R248Q' or 'R213*': one amino acid replaced by another or by a stop, as
        cancerhotspots.org counts changes at a residue; '' otherwise."""
        if self.ref and self.alt and self.alt != "=" and self.position:
            return f"{self.ref}{self.position}{self.alt}"
        return ""

    @property
    def substitution(self) -> str:
        """'R248Q' for a missense change, '' otherwise."""
        if self.ref and self.alt and self.alt not in ("=", "*") and self.position:
            return f"{self.ref}{self.position}{self.alt}"
        return ""


def parse_hgvsp(text: str) -> ProteinChange:
    """The residue and amino acids of an HGVS p. description; unknown parts stay empty."""
    body = (text or "").strip()
    if ":" in body:
        body = body.split(":", 1)[1]
    body = body.removeprefix("p.").strip()
    if body.startswith("(") and body.endswith(")"):
        body = body[1:-1]
    if not body or body in ("?", "=", "0"):
        return ProteinChange(None, None, text=text or "")
    sub = _SUBST.match(body)
    if sub:
        pos = int(sub.group(2))
        alt = sub.group(3)
        return ProteinChange(
            pos, pos, one_letter(sub.group(1)), alt if alt == "=" else one_letter(alt), text
        )
    start = _START.match(body)
    if not start:
        return ProteinChange(None, None, text=text)
    first = int(start.group(2))
    ends = re.findall(r"_(?:[A-Z][a-z]{2}|[A-Z*])(\d+)", body)
    last = int(ends[0]) if ends else first
    return ProteinChange(first, last, one_letter(start.group(1)), "", text)


def protein_change(hgvsp: str, start: int | None = None, end: int | None = None) -> ProteinChange:
    """Prefer the annotation's PROTEIN_START/END; the HGVS text supplies the amino acids."""
    parsed = parse_hgvsp(hgvsp)
    if start is None:
        return parsed
    return ProteinChange(
        start, end if end is not None else start, parsed.ref, parsed.alt, parsed.text
    )
