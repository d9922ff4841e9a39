"""The guideline case table (tests/guideline/cases/*.yaml) run through the interpretation chain:
each case is a findings document (docs/FINDINGS.md) with `case`, `source` and `expected`; its
findings are converted and interpreted exactly as ./alwgs interpret does (alwgs.findings), and
every expected key present is compared with the output, with the rules that decided it.

Shared by the pytest runner (test_guideline_cases.py) and the summary (summary.py)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO / "scripts") not in sys.path:  # summary.py runs outside pytest
    sys.path.insert(0, str(REPO / "scripts"))

from alwgs.findings.convert import convert  # noqa: E402
from alwgs.findings.document import Document, read_documents  # noqa: E402
from alwgs.findings.protein import ProteinError, parse_protein  # noqa: E402
from alwgs.findings.reader import interpret_findings  # noqa: E402
from alwgs.findings.resources import Resources, load_resources  # noqa: E402
from alwgs.intake.errors import IntakeError  # noqa: E402

CASES = Path(__file__).resolve().parent / "cases"
KEYS = (
    "eln2022",
    "eln2024",
    "who2022",
    "icc2022",
    "complex_karyotype",
    "abnormality_count",
    "oncogenicity",
    "tiers",
)
NOT_YET = "not yet supported"


@dataclass
class Case:
    """One case of the table, or a file that could not be read (error)."""

    area: str  # the file stem: eln2022, icc2022_ball, smoke, ...
    id: str
    doc: Document | None = None
    error: str = ""


@dataclass
class Check:
    key: str  # eln2022, tiers[FLT3 ITD], ...
    expected: object
    got: object
    why: str  # the rules (or the missing output) behind `got`

    @property
    def ok(self) -> bool:
        if self.key in NAME_KEYS:
            return same_entity(self.expected, self.got)
        return norm(self.expected) == norm(self.got)


@dataclass
class Outcome:
    case: Case
    checks: list[Check] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and all(c.ok for c in self.checks)

    def report(self) -> str:
        """Expected vs got for every key checked, failures first, with the deciding rules."""
        doc = self.case.doc
        head = f"case {self.case.id} ({self.case.area})"
        if doc is not None and doc.data.get("source"):
            head += f"\n  source: {' '.join(str(doc.data['source']).split())}"
        if self.error:
            return f"{head}\n  ERROR: {self.error}"
        lines = [head]
        for c in sorted(self.checks, key=lambda c: c.ok):
            mark = "ok  " if c.ok else "FAIL"
            lines.append(f"  {mark} {c.key}: expected {c.expected!r}, got {c.got!r}  [{c.why}]")
        return "\n".join(lines)


def norm(value) -> object:
    """Values compare after normalising case and whitespace only."""
    if isinstance(value, str):
        return " ".join(value.split()).lower()
    return value


# Entity names: the case table writes the names printed in the WHO 2022 and ICC 2022 tables
# ("Acute myeloid leukaemia with NPM1 mutation"), the engine the abbreviations the same
# publications define (Khoury 2022, Alaggio 2022, Arber 2022, Duffield 2023: AML, APL, B-ALL,
# T-ALL) and American spelling. Only these are equated; any other difference of wording, e.g.
# "(provisional)" or "NOS" for "not otherwise specified", still fails (the engine carries ICC's
# provisional status as a field, the name stays the published one).
NAME_KEYS = ("who2022", "icc2022")
ABBREVIATIONS = (
    ("b-all", "b-lymphoblastic leukemia/lymphoma"),
    ("t-all", "t-lymphoblastic leukemia/lymphoma"),
    ("aml", "acute myeloid leukemia"),
    ("apl", "acute promyelocytic leukemia"),
)


def norm_name(value) -> object:
    """An entity name with case and whitespace normalised, leukaemia spelled leukemia and the
    official abbreviations written out (as whole words only)."""
    text = norm(value)
    if not isinstance(text, str):
        return text
    text = text.replace("leukaemia", "leukemia")
    for short, full in ABBREVIATIONS:
        text = re.sub(rf"(?<![\w-]){re.escape(short)}(?![\w-])", full, text)
    return text


REQUIRES_RNA = "requires rna:"


def same_entity(expected, got) -> bool:
    """Entity names equal by norm_name. An expectation "requires RNA: X[; Y]" (an entity only
    an expression profile can show) holds when the engine's answer is a "requires RNA: ...
    (otherwise <NOS>)" list naming X (and Y): the engine lists every expression-defined
    candidate the DNA did not exclude, the case names the one it is about."""
    e, g = norm_name(expected), norm_name(got)
    if not (isinstance(e, str) and e.startswith(REQUIRES_RNA)):
        return e == g
    if not (isinstance(g, str) and g.startswith(REQUIRES_RNA)):
        return False
    listed = g[len(REQUIRES_RNA) :].rsplit(" (otherwise ", 1)[0]
    names = {n.strip() for n in listed.split(";")}
    return all(n.strip() in names for n in e[len(REQUIRES_RNA) :].split(";"))


def load_cases(folder: Path = CASES) -> list[Case]:
    out = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            docs = read_documents(path)
        except IntakeError as err:
            out.append(Case(path.stem, f"{path.stem}:unreadable", error=str(err)))
            continue
        for doc in docs:
            out.append(Case(path.stem, doc.case, doc))
    return out


_resources: Resources | None = None


def resources() -> Resources:
    global _resources
    if _resources is None:
        _resources = load_resources()
    return _resources


def run_case(case: Case, res: Resources | None = None) -> Outcome:
    res = res or resources()
    if case.error:
        return Outcome(case, error=case.error)
    doc = case.doc
    missing = [k for k in ("source", "expected") if not doc.data.get(k)]
    if missing:
        return Outcome(case, error=f"a case of the table needs {' and '.join(missing)}")
    try:
        findings = convert(doc, res)
    except IntakeError as err:
        return Outcome(case, error=str(err))
    interp = interpret_findings(findings, res)
    return Outcome(case, compare(doc.data["expected"], interp))


# ------------------------------------------------------------------------------ comparing
def _eln(interp: dict, key: str) -> tuple[object, str]:
    if key not in interp:
        label = {"eln2024": "ELN 2024"}.get(key, key)
        return (
            f"{NOT_YET}: no {key} output",
            f"{label} {NOT_YET}: the interpretation has no {key} key",
        )
    result = interp[key] or {}
    group = result.get("group") or "not_applicable"
    decided = ", ".join(d["rule_id"] for d in result.get("decided_by", [])) or "-"
    return group, f"rule {result.get('rule_id')}; decided by {decided}"


def _entity(interp: dict, key: str) -> tuple[object, str]:
    result = interp.get(key) or {}
    entity = result.get("entity") or "none"
    lesions = ", ".join(result.get("lesions", [])) or "-"
    notes = "; ".join(result.get("notes", []))
    return entity, f"rule {result.get('rule_id')}; lesions {lesions}" + (
        f"; {notes}" if notes else ""
    )


def _complex(interp: dict) -> tuple[object, str]:
    """AML: the ELN complex_karyotype lesion (its exclusions applied); other diagnoses: the
    karyotype's own flag."""
    detail = interp.get("karyotype_detail") or {}
    if interp.get("diagnosis") == "AML":
        hit = next(
            (le for le in interp.get("lesions", []) if le["id"] == "complex_karyotype"), None
        )
        if hit:
            return True, f"{hit['rule_id']}: {hit['evidence'][0].get('detail', '')}"
        return False, f"no complex_karyotype lesion; karyotype {interp.get('karyotype')}"
    return detail.get("complex"), f"karyotype_detail.complex of {interp.get('karyotype')}"


def _variant_key(key: str) -> tuple[str, str]:
    gene, _, change = key.strip().partition(" ")
    return gene, change.strip()


def _same_change(variant: dict, change: str) -> bool:
    if change.upper() in ("ITD", "TD") or change.upper().endswith("-ITD"):
        return bool(variant.get("itd_target"))
    if change.startswith("c."):
        return variant.get("hgvsc") == change
    try:
        want = parse_protein(change).text
    except ProteinError:
        return False
    got = variant.get("hgvsp") or ""
    try:
        return parse_protein(got).text == want
    except ProteinError:
        return False


def find_variant(interp: dict, key: str) -> dict | None:
    gene, change = _variant_key(key)
    if not change and "-" in gene:  # FLT3-ITD
        gene, change = gene.split("-", 1)
    for v in interp.get("variants", []):
        if v.get("gene") == gene and _same_change(v, change):
            return v
    return None


def _lesion_of(interp: dict, variant: dict) -> dict | None:
    return next(
        (
            le
            for le in interp.get("lesions", [])
            if any(e.get("variant") == variant.get("variant") for e in le.get("evidence", []))
        ),
        None,
    )


def _tier(interp: dict, key: str) -> tuple[object, str]:
    v = find_variant(interp, key)
    if v is None:
        return "no such variant", "not among the interpretation's variants"
    lesion = _lesion_of(interp, v)
    if lesion is not None:  # a guideline marker's lesion is promoted to tier I
        return lesion[
            "tier"
        ], f"lesion {lesion['id']} ({lesion['rule_id']}); variant {v['tier_rule']}"
    return v["tier"], f"{v['tier_rule']} (not a lesion)"


def _oncogenicity(interp: dict, key: str) -> tuple[object, str]:
    v = find_variant(interp, key)
    if v is None:
        return "no such variant", "not among the interpretation's variants"
    if "oncogenicity" not in v:
        return f"{NOT_YET}: no oncogenicity output", f"oncogenicity {NOT_YET}"
    value = v["oncogenicity"]
    if isinstance(value, dict):
        codes = value.get("codes") or value.get("evidence") or []
        text = ", ".join(c if isinstance(c, str) else str(c.get("code", c)) for c in codes)
        return value.get("class"), f"codes {text or '-'}; points {value.get('points')}"
    return value, "oncogenicity"


def compare(expected: dict, interp: dict) -> list[Check]:
    out = []
    for key in KEYS:
        if key not in expected:
            continue
        want = expected[key]
        if key in ("eln2022", "eln2024"):
            out.append(Check(key, want, *_eln(interp, key)))
        elif key in ("who2022", "icc2022"):
            out.append(Check(key, want, *_entity(interp, key)))
        elif key == "complex_karyotype":
            out.append(Check(key, want, *_complex(interp)))
        elif key == "abnormality_count":
            detail = interp.get("karyotype_detail") or {}
            out.append(
                Check(
                    key,
                    want,
                    detail.get("abnormality_count"),
                    f"karyotype {interp.get('karyotype')}",
                )
            )
        elif key == "tiers":
            for variant, tier in want.items():
                out.append(Check(f"tiers[{variant}]", tier, *_tier(interp, variant)))
        elif key == "oncogenicity":
            for variant, cls in want.items():
                out.append(Check(f"oncogenicity[{variant}]", cls, *_oncogenicity(interp, variant)))
    return out


def area_of(check_key: str) -> str:
    return re.sub(r"\[.*\]$", "", check_key)
