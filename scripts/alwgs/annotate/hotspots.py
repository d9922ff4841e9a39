"""Hotspots (config/knowledge/hotspots.tsv): gene + protein codon range + consequences, matched
by protein position so the same list works on any reference build. Each row names the lesion
it reports, its AMP/ASCO/CAP tier and evidence level, the diagnoses that tier and level are
for (the tumour type of the guideline or approved therapy), and its source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from alwgs.annotate.bcsq import SEVERITY
from alwgs.annotate.tables import read_table

COLUMNS = [
    "id",
    "gene",
    "first_codon",
    "last_codon",
    "consequences",
    "lesion",
    "tier",
    "level",
    "diseases",
    "label",
    "source",
]
TIERS = ("I", "II")
# samples.tsv diagnoses a row's tier and level can be for; "any" = every diagnosis.
DISEASES = ("AML", "B-ALL", "T-ALL")
ANY_DISEASE = "any"
LEVELS = ("A", "B", "C", "D")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
ANY = "*"  # any protein-altering consequence


@dataclass(frozen=True)
class Hotspot:
    id: str
    gene: str
    first_codon: int
    last_codon: int
    consequences: frozenset[str]
    lesion: str
    tier: str
    level: str
    label: str
    source: str
    diseases: frozenset[str] = frozenset({ANY_DISEASE})

    def holds_in(self, diagnosis: str) -> bool:
        """The row's tier and level are for this diagnosis (the tumour type its guideline or
        approved therapy names)."""
        return ANY_DISEASE in self.diseases or diagnosis in self.diseases

    def matches(self, gene: str, terms, start: int | None, end: int | None) -> bool:
        if gene != self.gene or start is None:
            return False
        end = start if end is None else end
        if end < self.first_codon or start > self.last_codon:
            return False
        return ANY in self.consequences or bool(self.consequences & set(terms))


@dataclass
class Hotspots:
    path: str
    version: str
    sources: list[str]
    rows: list[Hotspot]

    def match(self, gene: str, terms, start: int | None, end: int | None) -> Hotspot | None:
        for h in self.rows:
            if h.matches(gene, terms, start, end):
                return h
        return None

    def by_id(self, ident: str) -> Hotspot | None:
        return next((h for h in self.rows if h.id == ident), None)


def load_hotspots(path: str | Path) -> Hotspots:
    """Read and check hotspots.tsv; a bad row raises ValueError naming file, line and column."""
    table = read_table(path, COLUMNS, required=[c for c in COLUMNS if c != "lesion"])
    rows, seen = [], set()
    for n, r in table.rows:
        where = f"{path}: line {n} ({r['id']})"
        if not _ID.match(r["id"]) or r["id"] in seen:
            raise ValueError(f"{where}, column 'id': must be a unique name")
        seen.add(r["id"])
        try:
            first, last = int(r["first_codon"]), int(r["last_codon"])
        except ValueError:
            raise ValueError(f"{where}: first_codon and last_codon must be integers") from None
        if not 1 <= first <= last:
            raise ValueError(f"{where}: codon range {first}-{last} is not 1 <= first <= last")
        terms = frozenset(t.strip() for t in r["consequences"].split(",") if t.strip())
        unknown = sorted(t for t in terms if t != ANY and t not in SEVERITY)
        if unknown:
            raise ValueError(
                f"{where}, column 'consequences': unknown term(s) {', '.join(unknown)}"
                f" (bcftools csq terms, or '*')"
            )
        if r["tier"] not in TIERS:
            raise ValueError(f"{where}, column 'tier': must be one of {', '.join(TIERS)}")
        if r["level"] not in LEVELS:
            raise ValueError(f"{where}, column 'level': must be one of {', '.join(LEVELS)}")
        diseases = frozenset(d.strip() for d in r["diseases"].split(",") if d.strip())
        if not diseases or not diseases <= set(DISEASES) | {ANY_DISEASE}:
            raise ValueError(
                f"{where}, column 'diseases': use '{ANY_DISEASE}' or diagnoses of"
                f" {', '.join(DISEASES)} (comma-separated)"
            )
        rows.append(
            Hotspot(
                r["id"],
                r["gene"],
                first,
                last,
                terms,
                r["lesion"] or f"{r['gene']}_mut",
                r["tier"],
                r["level"],
                r["label"],
                r["source"],
                diseases,
            )
        )
    return Hotspots(table.path, table.version, table.sources, rows)
