"""Loading and checking the knowledge of the oncogenicity link: oncogenicity.yaml (the codes,
points, class cut-offs and curated functional evidence of the ClinGen/CGC/VICC SOP),
gene_roles.tsv (OVS1, OM2), functional_domains.tsv (OM1) and hotspot_counts.tsv (OS3, OM3, OP3).
Every loader raises ValueError naming the file and the line or field at fault."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from alwgs.annotate.bcsq import SEVERITY
from alwgs.annotate.tables import read_table
from alwgs.interpret.yamlfile import read_mapping

CLASSES = ("oncogenic", "likely_oncogenic", "uncertain_significance", "likely_benign", "benign")
ONCOGENIC = frozenset({"oncogenic", "likely_oncogenic"})
BENIGN = frozenset({"benign", "likely_benign"})
CODES = (
    "OVS1",
    "OS1",
    "OS2",
    "OS3",
    "OM1",
    "OM2",
    "OM3",
    "OM4",
    "OP1",
    "OP2",
    "OP3",
    "OP4",
    "SBVS1",
    "SBS1",
    "SBS2",
    "SBP1",
    "SBP2",
)
# Codes the engine (alwgs.interpret.oncogenicity) can apply; the others need evaluated: false.
IMPLEMENTED = frozenset(CODES) - {"OM4", "OP1", "SBP1"}
ROLES = ("tumor_suppressor", "oncogene", "both")
EFFECTS = ("oncogenic", "no_effect")
ROLE_COLUMNS = ["gene", "role", "cgc_role", "source"]
DOMAIN_COLUMNS = ["gene", "domain", "first", "last", "consequences", "source"]
COUNT_COLUMNS = [
    "gene",
    "residue",
    "residue_count",
    "changes",
    "myeloid",
    "lymphoid",
    "source",
    "note",
]
_RESIDUE = re.compile(r"^([ACDEFGHIKLMNPQRSTVWY])(\d+)$")
_SUBST = re.compile(r"^([ACDEFGHIKLMNPQRSTVWY])(\d+)([ACDEFGHIKLMNPQRSTVWY*])$")
_CHANGE = re.compile(r"^([ACDEFGHIKLMNPQRSTVWY*]):(\d+)$")
PARAMETERS = {
    "null_consequences": list,
    "inframe_consequences": list,
    "stop_loss_consequences": list,
    "missense_consequences": list,
    "hotspot_consequences": list,
    "synonymous_consequences": list,
    "hotspot": dict,
    "population": dict,
    "clinvar": dict,
    "single_gene_etiology": list,
}
NUMBERS = {
    "hotspot": ("strong_min_residue", "min_same_change"),
    "population": ("very_strong_above", "strong_above", "absent_at_most"),
    "clinvar": ("os1_min_stars", "sbs2_min_stars"),
}


@dataclass(frozen=True)
class Domain:
    gene: str
    name: str
    first: int
    last: int
    consequences: frozenset[str]
    source: str


@dataclass(frozen=True)
class ResidueCount:
    """One residue of hotspot_counts.tsv; count None when no number could be taken; changes
    None when the per-change breakdown was not transcribed."""

    gene: str
    residue: str  # 'R248'
    position: int
    count: int | None
    changes: dict[str, int] | None
    source: str
    note: str


@dataclass
class OncogenicityKnowledge:
    """What the oncogenicity link reads; clinvar: amp_tiers.yaml's ClinVar lists and stars."""

    rules: dict
    roles: dict[str, dict]
    domains: list[Domain]
    counts: dict[tuple[str, int], ResidueCount]
    clinvar: dict
    meta: dict[str, dict] = field(default_factory=dict)  # file -> version, sources

    def role(self, gene: str) -> str:
        return (self.roles.get(gene) or {}).get("role", "")

    def domain_of(self, gene: str, position: int | None, terms: set[str]) -> Domain | None:
        if position is None:
            return None
        for d in self.domains:
            if d.gene == gene and d.first <= position <= d.last and d.consequences & terms:
                return d
        return None


# ------------------------------------------------------------------------------ the YAML
def _fail(path, where: str, text: str) -> ValueError:
    return ValueError(f"{path}: {where}: {text}")


def load_rules(path: str | Path) -> dict:
    doc = read_mapping(path)
    for key in ("version", "guideline", "year", "source"):
        if doc.get(key) in (None, ""):
            raise ValueError(f"{path}: top-level field '{key}' is missing")
    _check_classes(doc.get("classes"), path)
    _check_codes(doc.get("codes"), path)
    _check_parameters(doc.get("parameters"), path)
    _check_functional(doc.get("functional_evidence") or [], path)
    return doc


def _check_classes(classes, path) -> None:
    if not isinstance(classes, list) or [c.get("class") for c in classes] != list(CLASSES):
        raise _fail(path, "classes", f"must list {', '.join(CLASSES)} in this order")
    last = None
    for i, row in enumerate(classes):
        low = row.get("min")
        if i == len(classes) - 1:
            if low is not None:
                raise _fail(path, f"classes[{i}]", "the last class takes no 'min'")
            continue
        if not isinstance(low, int) or (last is not None and low >= last):
            raise _fail(path, f"classes[{i}]", "'min' must be an integer below the one above")
        last = low


def _check_codes(codes, path) -> None:
    if not isinstance(codes, dict) or list(codes) != list(CODES):
        raise _fail(path, "codes", f"must define {', '.join(CODES)} in this order")
    for code, spec in codes.items():
        where = f"codes.{code}"
        if not isinstance(spec, dict):
            raise _fail(path, where, "must be a mapping")
        if not isinstance(spec.get("points"), int) or isinstance(spec.get("points"), bool):
            raise _fail(path, where, "'points' must be an integer")
        if (spec["points"] > 0) == code.startswith("SB"):
            raise _fail(path, where, "oncogenic codes take positive, benign codes negative points")
        for key in ("strength", "criterion"):
            if not spec.get(key):
                raise _fail(path, where, f"field '{key}' is missing")
        if spec.get("evaluated", True) is False:
            if not spec.get("reason"):
                raise _fail(path, where, "a code with evaluated: false needs a 'reason'")
        elif code not in IMPLEMENTED:
            raise _fail(path, where, "this version cannot apply it: set evaluated: false")
        elif not spec.get("how"):
            raise _fail(path, where, "field 'how' is missing (how the engine applies the code)")
        others = spec.get("not_with", [])
        if not isinstance(others, list) or set(others) - set(CODES) or code in others:
            raise _fail(path, where, "'not_with' must list other codes of this file")
    _acyclic(codes, path)


def _acyclic(codes: dict, path) -> None:
    state: dict[str, int] = {}

    def visit(code: str, trail: tuple[str, ...]) -> None:
        if state.get(code) == 2:
            return
        if state.get(code) == 1:
            raise _fail(path, "codes", f"not_with forms a cycle: {' -> '.join(trail + (code,))}")
        state[code] = 1
        for other in codes[code].get("not_with", []):
            visit(other, trail + (code,))
        state[code] = 2

    for code in codes:
        visit(code, ())


def _check_terms(terms, path, where: str) -> None:
    if not isinstance(terms, list) or not terms:
        raise _fail(path, where, "must be a non-empty list of bcftools csq terms")
    bad = sorted(set(terms) - set(SEVERITY))
    if bad:
        raise _fail(path, where, f"unknown term '{bad[0]}' (bcftools csq terms)")


def _check_parameters(params, path) -> None:
    if not isinstance(params, dict):
        raise _fail(path, "parameters", "must be a mapping")
    for key, kind in PARAMETERS.items():
        if not isinstance(params.get(key), kind):
            raise _fail(path, f"parameters.{key}", f"must be a {kind.__name__}")
    for key in PARAMETERS:
        if key.endswith("_consequences"):
            _check_terms(params[key], path, f"parameters.{key}")
    for group, names in NUMBERS.items():
        for name in names:
            value = params[group].get(name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                raise _fail(path, f"parameters.{group}.{name}", "must be a number >= 0")
    for i, pair in enumerate(params["single_gene_etiology"]):
        if not isinstance(pair, dict) or set(pair) != {"gene", "diagnosis"}:
            raise _fail(path, f"parameters.single_gene_etiology[{i}]", "needs gene and diagnosis")


def _check_functional(entries, path) -> None:
    if not isinstance(entries, list):
        raise _fail(path, "functional_evidence", "must be a list")
    seen = set()
    for i, e in enumerate(entries):
        where = f"functional_evidence[{i}]"
        if not isinstance(e, dict) or not e.get("id"):
            raise _fail(path, where, "needs an id")
        where = f"functional_evidence {e['id']}"
        if e["id"] in seen:
            raise _fail(path, where, "the id is used twice")
        seen.add(e["id"])
        for key in ("gene", "source", "checked"):
            if not e.get(key):
                raise _fail(path, where, f"field '{key}' is missing")
        if e.get("effect") not in EFFECTS:
            raise _fail(path, where, f"effect must be one of {', '.join(EFFECTS)}")
        ways = [k for k in ("changes", "residues", "first") if k in e]
        if len(ways) != 1:
            raise _fail(path, where, "needs exactly one of changes, residues or first/last")
        if "changes" in e and not _all_match(e["changes"], _SUBST):
            raise _fail(path, where, "changes must be a list like [R248Q, R175H]")
        if "residues" in e and not _all_match(e["residues"], _RESIDUE):
            raise _fail(path, where, "residues must be a list like [G12, Q61]")
        if "first" in e:
            first, last = e.get("first"), e.get("last")
            if not (isinstance(first, int) and isinstance(last, int) and 1 <= first <= last):
                raise _fail(path, where, "first and last must be integers, 1 <= first <= last")
            _check_terms(e.get("consequences"), path, f"{where}.consequences")


def _all_match(items, pattern: re.Pattern) -> bool:
    return isinstance(items, list) and bool(items) and all(pattern.match(str(x)) for x in items)


# ------------------------------------------------------------------------------ the tables
def load_roles(path: str | Path) -> tuple[dict[str, dict], dict]:
    table = read_table(path, ROLE_COLUMNS)
    out: dict[str, dict] = {}
    for n, row in table.rows:
        if row["gene"] in out:
            raise ValueError(f"{path}: line {n}, column 'gene': {row['gene']} is listed twice")
        if row["role"] not in ROLES:
            raise ValueError(f"{path}: line {n}, column 'role': must be one of {', '.join(ROLES)}")
        out[row["gene"]] = dict(row)
    return out, {"version": table.version, "sources": table.sources}


def load_domains(path: str | Path) -> tuple[list[Domain], dict]:
    table = read_table(path, DOMAIN_COLUMNS)
    out = []
    for n, row in table.rows:
        try:
            first, last = int(row["first"]), int(row["last"])
        except ValueError:
            raise ValueError(f"{path}: line {n}: first and last must be integers") from None
        if not 1 <= first <= last:
            raise ValueError(f"{path}: line {n}: range {first}-{last} is not 1 <= first <= last")
        terms = [t.strip() for t in row["consequences"].split(",") if t.strip()]
        bad = sorted(set(terms) - set(SEVERITY))
        if bad:
            raise ValueError(
                f"{path}: line {n}, column 'consequences': unknown term '{bad[0]}' (bcftools csq)"
            )
        out.append(Domain(row["gene"], row["domain"], first, last, frozenset(terms), row["source"]))
    return out, {"version": table.version, "sources": table.sources}


def _count(value: str, path, n: int, column: str) -> int | None:
    if value == "NA":
        return None
    if not value.isdigit():
        raise ValueError(f"{path}: line {n}, column '{column}': must be a count or NA")
    return int(value)


def load_counts(path: str | Path) -> tuple[dict[tuple[str, int], ResidueCount], dict]:
    table = read_table(path, COUNT_COLUMNS, required=["gene", "residue", "residue_count", "source"])
    ids = {s.split("=", 1)[0].strip() for s in table.sources if "=" in s}
    out: dict[tuple[str, int], ResidueCount] = {}
    for n, row in table.rows:
        m = _RESIDUE.match(row["residue"])
        if not m:
            raise ValueError(f"{path}: line {n}, column 'residue': must be like R248")
        key = (row["gene"], int(m.group(2)))
        if key in out:
            raise ValueError(f"{path}: line {n}: {row['gene']} {row['residue']} is listed twice")
        count = _count(row["residue_count"], path, n, "residue_count")
        for column in ("myeloid", "lymphoid"):
            _count(row[column] or "NA", path, n, column)
        changes = None
        if row["changes"]:
            changes = {}
            for item in row["changes"].split(","):
                cm = _CHANGE.match(item.strip())
                if not cm:
                    raise ValueError(
                        f"{path}: line {n}, column 'changes': '{item}' is not like H:979"
                    )
                changes[cm.group(1)] = int(cm.group(2))
            if count is None or sum(changes.values()) > count:
                raise ValueError(
                    f"{path}: line {n}, column 'changes': the changes add up to more than"
                    " residue_count"
                )
        if count is None and not row["note"]:
            raise ValueError(f"{path}: line {n}, column 'note': say why there is no count")
        if row["source"] not in ids:
            raise ValueError(
                f"{path}: line {n}, column 'source': '{row['source']}' is not the id of a"
                " '# source: ID = ...' line"
            )
        out[key] = ResidueCount(
            row["gene"], row["residue"], key[1], count, changes, row["source"], row["note"]
        )
    return out, {"version": table.version, "sources": table.sources}


def load_oncogenicity(paths: dict[str, str], clinvar: dict) -> OncogenicityKnowledge:
    """paths: oncogenicity, gene_roles, functional_domains, hotspot_counts; clinvar: the
    clinvar block of amp_tiers.yaml (lists and review stars)."""
    rules = load_rules(paths["oncogenicity"])
    roles, roles_meta = load_roles(paths["gene_roles"])
    domains, domains_meta = load_domains(paths["functional_domains"])
    counts, counts_meta = load_counts(paths["hotspot_counts"])
    return OncogenicityKnowledge(
        rules=rules,
        roles=roles,
        domains=domains,
        counts=counts,
        clinvar=clinvar,
        meta={
            "oncogenicity": {"version": rules["version"], "sources": [rules["source"]]},
            "gene_roles": roles_meta,
            "functional_domains": domains_meta,
            "hotspot_counts": counts_meta,
        },
    )
