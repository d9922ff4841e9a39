"""Contig roles of a reference: which contigs are the autosomes, which is X and which is Y.

Roles are configuration (reference.autosomes, reference.chrX, reference.chrY, filled by the
reference bundle), never guessed from contig names: a reference may call its chromosomes
chr1, 1, NC_000001.11 or, like a test slice, seq1. An empty list or "" means "not known";
what needs a role then says "not assessed" instead of guessing (docs/CONTRACTS.md, "Contig
roles").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from alwgs.par import ParRegion
from alwgs.par import from_config as par_from_config


@dataclass(frozen=True)
class ContigRoles:
    autosomes: tuple[str, ...] = ()
    x: str = ""
    y: str = ""
    # Pseudoautosomal regions (reference.par, alwgs.par): two-copy in either sex.
    par: tuple[ParRegion, ...] = ()

    @classmethod
    def from_config(cls, reference: Mapping | None) -> ContigRoles:
        """From the config's reference section (keys autosomes, chrX, chrY, par; absent =
        unknown, no PAR)."""
        reference = reference or {}
        return cls(
            tuple(reference.get("autosomes") or ()),
            reference.get("chrX") or "",
            reference.get("chrY") or "",
            par_from_config(reference.get("par")),
        )

    def as_config(self) -> dict:
        out = {"autosomes": list(self.autosomes), "chrX": self.x, "chrY": self.y}
        if self.par:
            out["par"] = [
                {"name": p.name, "x": p.x.text(), "y": p.y.text() if p.y else ""} for p in self.par
            ]
        return out

    def is_x(self, chrom: str) -> bool:
        return bool(self.x) and chrom == self.x

    def is_y(self, chrom: str) -> bool:
        return bool(self.y) and chrom == self.y

    def autosomes_among(self, contigs: Iterable[str]) -> list[str]:
        """The declared autosomes that are among ``contigs`` (in the order given)."""
        declared = set(self.autosomes)
        return [c for c in contigs if c in declared]

    def sex_check_gap(self) -> str | None:
        """Why a depth-based sex check cannot be made with these roles, or None when it can."""
        if not self.autosomes:
            return "the autosomes of the reference are not known (reference.autosomes is empty)"
        if not self.x:
            return "the reference has no X chromosome declared (reference.chrX is empty)"
        return None


UNKNOWN = ContigRoles()
