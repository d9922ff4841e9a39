"""Check that the guideline case table (tests/guideline/cases/*.yaml) is well formed.

Every file holds a YAML list of findings documents (docs/FINDINGS.md, format version 1). Each
case has an id, a source citation and an expected block; expected values use the vocabularies
of FINDINGS.md and tests/guideline/entities.yaml; per-variant expectations name a variant of the
case. This checks the table only; running the cases through the engine is
tests/guideline/test_guideline_cases.py.

Run: python tests/guideline/check_cases.py [--keys]  (prints the count by area, and with --keys
the number of cases checking each expected key; exits 1 on a problem).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"
ENTITIES = HERE / "entities.yaml"

TOP_KEYS = {
    "alwgs_findings", "case", "source", "build", "sample", "assessed", "variants",
    "fusions", "copy_number", "karyotype", "germline", "expected", "note",
}  # fmt: skip
EXPECTED_KEYS = {
    "eln2022", "eln2024", "who2022", "icc2022", "complex_karyotype", "abnormality_count",
    "oncogenicity", "tiers",
}  # fmt: skip
ELN_VALUES = {"favorable", "intermediate", "adverse", "not_applicable", "not_assessable"}
ONCOGENICITY = {
    "oncogenic", "likely_oncogenic", "uncertain_significance", "likely_benign", "benign",
}  # fmt: skip
TIERS = {"I", "II", "III", "IV"}
DIAGNOSES = {"AML", "B-ALL", "T-ALL", "unknown"}
QC = {"PASS", "WARN", "FAIL"}
THERAPY = {"intensive", "less_intensive", "prior_hma", "unknown"}
CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
REQUIRES_RNA = "requires RNA: "


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def load_vocabulary(path: Path = ENTITIES) -> dict[str, set[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {key: {_norm(n) for n in data[key]["names"]} for key in ("who2022", "icc2022")}


def _entity_ok(value: object, names: set[str]) -> bool:
    if not isinstance(value, str):
        return False
    if value == "not_assessable":
        return True
    if value.startswith(REQUIRES_RNA):
        value = value[len(REQUIRES_RNA) :]
    return _norm(value) in names


def _variant_keys(doc: dict) -> set[str]:
    keys = set()
    for v in (doc.get("variants") or []) + (doc.get("germline") or []):
        if isinstance(v, dict) and v.get("gene") and v.get("hgvsp"):
            keys.add(f"{v['gene']} {v['hgvsp']}")
        if isinstance(v, dict) and v.get("gene") and v.get("type") == "ITD":
            # the runner finds an ITD by "FLT3 ITD" or "FLT3-ITD" (cases_runner.find_variant)
            keys |= {f"{v['gene']} ITD", f"{v['gene']}-ITD"}
    return keys


def check_case(doc: object, where: str, vocab: dict[str, set[str]]) -> list[str]:
    """Problems of one case document, each prefixed with `where` (file and case)."""
    if not isinstance(doc, dict):
        return [f"{where}: a case must be a mapping"]
    errs = [f"{where}: unknown key '{k}'" for k in sorted(set(doc) - TOP_KEYS)]
    if doc.get("alwgs_findings") != 1:
        errs.append(f"{where}: alwgs_findings must be 1")
    if not isinstance(doc.get("case"), str) or not CASE_ID.match(doc["case"]):
        errs.append(f"{where}: case id missing or not of safe characters")
    if not isinstance(doc.get("source"), str) or len(doc["source"].strip()) < 10:
        errs.append(f"{where}: source (publication, table, row) missing")
    sample = doc.get("sample") or {}
    if sample.get("diagnosis") not in DIAGNOSES:
        errs.append(f"{where}: sample.diagnosis must be one of {sorted(DIAGNOSES)}")
    if sample.get("qc", "PASS") not in QC:
        errs.append(f"{where}: sample.qc must be one of {sorted(QC)}")
    if sample.get("therapy_context", "unknown") not in THERAPY:
        errs.append(f"{where}: sample.therapy_context must be one of {sorted(THERAPY)}")
    blasts = sample.get("blasts")
    if blasts is not None and not (isinstance(blasts, int | float) and 0 <= blasts <= 1):
        errs.append(f"{where}: sample.blasts must be a fraction 0-1 or null")
    expected = doc.get("expected")
    if not isinstance(expected, dict) or not expected:
        return errs + [f"{where}: expected block missing or empty"]
    errs += [f"{where}: unknown expected key '{k}'" for k in sorted(set(expected) - EXPECTED_KEYS)]
    for key in ("eln2022", "eln2024"):
        if key in expected and expected[key] not in ELN_VALUES:
            errs.append(f"{where}: expected.{key} '{expected[key]}' not in {sorted(ELN_VALUES)}")
    for key in ("who2022", "icc2022"):
        if key in expected and not _entity_ok(expected[key], vocab[key]):
            errs.append(f"{where}: expected.{key} '{expected[key]}' is not in entities.yaml")
    if "complex_karyotype" in expected and not isinstance(expected["complex_karyotype"], bool):
        errs.append(f"{where}: expected.complex_karyotype must be true or false")
    count = expected.get("abnormality_count", 0)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        errs.append(f"{where}: expected.abnormality_count must be a whole number >= 0")
    variants = _variant_keys(doc)
    for key, allowed in (("oncogenicity", ONCOGENICITY), ("tiers", TIERS)):
        for name, value in (expected.get(key) or {}).items():
            if name not in variants:
                errs.append(f"{where}: expected.{key} names '{name}', no variant of the case")
            if value not in allowed:
                errs.append(f"{where}: expected.{key}['{name}'] '{value}' not in {sorted(allowed)}")
    return errs


def check_all(cases_dir: Path = CASES_DIR) -> tuple[list[str], Counter]:
    """All problems of the table and the number of cases per area file."""
    vocab = load_vocabulary()
    errs: list[str] = []
    counts: Counter = Counter()
    seen: dict[str, str] = {}
    files = sorted(cases_dir.glob("*.yaml"))
    if not files:
        return [f"{cases_dir}: no case files"], counts
    for path in files:
        docs = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(docs, list) or not docs:
            errs.append(f"{path.name}: must hold a non-empty YAML list of cases")
            continue
        for i, doc in enumerate(docs, 1):
            case = doc.get("case") if isinstance(doc, dict) else None
            where = f"{path.name} case {i} ({case})"
            errs += check_case(doc, where, vocab)
            if case in seen:
                errs.append(f"{where}: case id already used in {seen[case]}")
            seen[case] = path.name
            counts[path.stem] += 1
    return errs, counts


def count_keys(cases_dir: Path = CASES_DIR) -> Counter:
    """How many cases check each expected key (a case can check several)."""
    keys: Counter = Counter()
    for path in sorted(cases_dir.glob("*.yaml")):
        for doc in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            keys.update((doc.get("expected") or {}).keys())
    return keys


def main(argv: list[str]) -> int:
    errs, counts = check_all()
    for area, n in sorted(counts.items()):
        print(f"{area:16s} {n:4d}")
    print(f"{'total':16s} {sum(counts.values()):4d}")
    if "--keys" in argv:
        for key, n in sorted(count_keys().items()):
            print(f"expected.{key:18s} {n:4d}")
    for e in errs:
        print(e, file=sys.stderr)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
