"""Loading and checking the interpretation knowledge files of config/knowledge/.

Every loader raises ValueError whose message names the file and the rule (its id, or its
position when the id itself is missing), so intake can stop the batch before any job runs.
``load_knowledge`` loads the whole set and checks the references between files (hotspot ids in
ELN/WHO/ICC conditions, consequence classes in germline rules). The oncogenicity files are
loaded by alwgs.interpret.oncogenicity_kb.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alwgs.annotate.bcsq import SEVERITY
from alwgs.annotate.hotspots import Hotspots, load_hotspots
from alwgs.annotate.panels import read_panels
from alwgs.annotate.tables import read_table
from alwgs.interpret.conditions import (
    ConditionError,
    check_lesion_condition,
    check_variant_condition,
)
from alwgs.interpret.oncogenicity_kb import OncogenicityKnowledge, load_oncogenicity
from alwgs.interpret.yamlfile import read_mapping

TIERS = ("I", "II", "III", "IV")
LEVELS = ("A", "B", "C", "D")
GROUPS = ("favorable", "intermediate", "adverse")
DIAGNOSES = ("AML", "B-ALL", "T-ALL")
SYSTEMS = ("who2022", "icc2022")
EXTRA_TERMS = {"upstream", "downstream", "cds"}  # regions named when csq saw another transcript
MECHANISMS = ("loss_of_function", "other")
FOCAL_COLUMNS = ["gene", "lesion", "diseases", "source"]
# The files load_knowledge reads, by key (config.yaml interpretation.* plus the annotation's
# hotspots and the small-variant panel): every caller passes all of them.
KNOWLEDGE_KEYS = (
    "tiers",
    "eln",
    "eln2024",
    "who_icc",
    "germline",
    "focal_genes",
    "oncogenicity",
    "gene_roles",
    "functional_domains",
    "hotspot_counts",
    "hotspots",
    "panel",
    "karyotype_rules",
)
ONCOGENICITY_KEYS = ("oncogenicity", "gene_roles", "functional_domains", "hotspot_counts")


def _head(doc: dict, path, keys=("version", "source", "year")) -> None:
    for key in keys:
        if doc.get(key) in (None, ""):
            raise ValueError(f"{path}: top-level field '{key}' is missing")


def _rules(doc: dict, key: str, path) -> list[dict]:
    rules = doc.get(key)
    if not isinstance(rules, list) or not rules:
        raise ValueError(f"{path}: '{key}' must be a non-empty list")
    seen = set()
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict):
            raise ValueError(f"{path}: {key}[{i}]: must be a mapping")
        rid = rule.get("id")
        if not isinstance(rid, str) or not rid:
            raise ValueError(f"{path}: {key}[{i}]: field 'id' is missing")
        if rid in seen:
            raise ValueError(f"{path}: rule {rid}: the id is used twice")
        seen.add(rid)
    return rules


def _cond(check, rule: dict, path, *args, field: str = "when") -> None:
    try:
        check(rule.get(field, {}), *args, where=field)
    except ConditionError as err:
        raise ValueError(f"{path}: rule {rule['id']}: {err}") from None


# ------------------------------------------------------------------------------ AMP tiers
def load_tiers(path: str | Path) -> dict:
    doc = read_mapping(path)
    _head(doc, path, ("version", "source", "year", "guideline"))
    terms = set(SEVERITY) | EXTRA_TERMS
    classes = doc.get("consequence_classes")
    if not isinstance(classes, dict) or not classes:
        raise ValueError(f"{path}: 'consequence_classes' must be a mapping of lists")
    for name, items in classes.items():
        bad = sorted(set(items or []) - terms) if isinstance(items, list) else ["(not a list)"]
        if bad:
            raise ValueError(f"{path}: consequence_classes.{name}: unknown term '{bad[0]}'")
    sets = doc.get("gene_sets") or {}
    if not isinstance(sets, dict) or not all(isinstance(v, list) for v in sets.values()):
        raise ValueError(f"{path}: 'gene_sets' must be a mapping of gene lists")
    clinvar = doc.get("clinvar") or {}
    for key in ("pathogenic", "benign", "review_stars"):
        if not clinvar.get(key):
            raise ValueError(f"{path}: clinvar.{key} is missing")
    rep = doc.get("reportable") or {}
    if rep.get("max_tier") not in TIERS or not isinstance(rep.get("filters"), list):
        raise ValueError(f"{path}: reportable needs max_tier (I-IV) and a filters list")
    known = {"gene_sets": set(sets), "consequence_classes": set(classes)}
    for rule in _rules(doc, "rules", path):
        if rule.get("tier") not in (*TIERS, "hotspot"):
            raise ValueError(f"{path}: rule {rule['id']}: tier must be I, II, III, IV or hotspot")
        if rule["tier"] in ("I", "II") and rule.get("level") not in LEVELS:
            raise ValueError(f"{path}: rule {rule['id']}: a tier I/II rule needs a level A-D")
        if not rule.get("description"):
            raise ValueError(f"{path}: rule {rule['id']}: field 'description' is missing")
        if rule["tier"] == "hotspot":
            other = rule.get("other_diagnosis")
            if (
                not isinstance(other, dict)
                or other.get("tier") not in TIERS
                or other.get("level") not in LEVELS
                or not other.get("description")
            ):
                raise ValueError(
                    f"{path}: rule {rule['id']}: a hotspot rule needs other_diagnosis with tier,"
                    " level and description (the tier of a hotspot in a diagnosis its row does"
                    " not name)"
                )
        _cond(check_variant_condition, rule, path, known)
    if rule.get("when"):
        raise ValueError(f"{path}: rule {rule['id']}: the last rule must have no conditions")
    structural = doc.get("structural") or {}
    needed = (
        "guideline",
        "known_fusion",
        "ptd",
        "rearranged_gene",
        "arm_cna",
        "focal_deletion",
        "karyotype",
    )
    for key in needed:
        entry = structural.get(key)
        if not isinstance(entry, dict) or not entry.get("id") or entry.get("tier") not in TIERS:
            raise ValueError(f"{path}: structural.{key} needs an id and a tier")
    if not isinstance(structural["rearranged_gene"].get("genes"), list):
        raise ValueError(f"{path}: structural.rearranged_gene.genes must be a list")
    return doc


# ------------------------------------------------------------------------------ ELN
def _risk_rules(doc: dict, path, hotspot_ids: set[str] | None) -> None:
    """What the ELN engine (eln.classify) reads, shared by ELN 2022 and ELN 2024: scope,
    outside, not_assessable, markers, modifiers, notes, default."""
    _head(doc, path, ("version", "source", "year", "guideline"))
    if not set(doc.get("applies_to") or []) <= set(DIAGNOSES) or not doc.get("applies_to"):
        raise ValueError(f"{path}: applies_to must list diagnoses of {', '.join(DIAGNOSES)}")
    for key in ("scope", "default", "not_assessable"):
        if not isinstance(doc.get(key), dict) or not doc[key].get("id"):
            raise ValueError(f"{path}: '{key}' needs an id")
    if doc["default"].get("group") not in GROUPS:
        raise ValueError(f"{path}: rule {doc['default']['id']}: group must be one of {GROUPS}")
    for rule in doc.get("outside") or []:
        _cond(check_lesion_condition, rule, path, hotspot_ids)
    markers = _rules(doc, "markers", path)
    categories = set()
    for rule in markers:
        if rule.get("group") not in GROUPS:
            raise ValueError(f"{path}: rule {rule['id']}: group must be one of {', '.join(GROUPS)}")
        if not rule.get("category") or not rule.get("marker"):
            raise ValueError(f"{path}: rule {rule['id']}: fields 'category' and 'marker' needed")
        categories.add(rule["category"])
        _cond(check_lesion_condition, rule, path, hotspot_ids)
    ids = {r["id"] for r in markers}
    for rule in _rules(doc, "modifiers", path):
        sels = rule.get("if_markers")
        if not isinstance(sels, list) or not sels:
            raise ValueError(f"{path}: rule {rule['id']}: if_markers must be a non-empty list")
        for sel in sels:
            if not isinstance(sel, dict) or not sel or set(sel) - {"ids", "categories", "groups"}:
                raise ValueError(
                    f"{path}: rule {rule['id']}: each if_markers entry takes ids, categories or"
                    " groups"
                )
            for bad in set(sel.get("ids", [])) - ids:
                raise ValueError(f"{path}: rule {rule['id']}: unknown marker id '{bad}'")
            for bad in set(sel.get("categories", [])) - categories:
                raise ValueError(f"{path}: rule {rule['id']}: unknown category '{bad}'")
        then = rule.get("then") or {}
        if set(then) not in ({"ignore_categories"}, {"group"}):
            raise ValueError(f"{path}: rule {rule['id']}: 'then' takes ignore_categories or group")
        if "group" in then and then["group"] not in GROUPS:
            raise ValueError(f"{path}: rule {rule['id']}: group must be one of {GROUPS}")
        for bad in set(then.get("ignore_categories", [])) - categories:
            raise ValueError(f"{path}: rule {rule['id']}: unknown category '{bad}'")
    for rule in doc.get("notes") or []:
        if not rule.get("id") or not rule.get("text"):
            raise ValueError(f"{path}: notes: every note needs an id and a text")
        _cond(check_lesion_condition, rule, path, hotspot_ids)


def load_eln(path: str | Path, hotspot_ids: set[str] | None = None) -> dict:
    """ELN 2022 (eln2022.yaml): the risk rules and the karyotype definitions."""
    doc = read_mapping(path)
    _risk_rules(doc, path, hotspot_ids)
    defs = doc.get("definitions") or {}
    for key in ("class_defining", "complex_karyotype", "monosomal_karyotype"):
        if not isinstance(defs.get(key), dict):
            raise ValueError(f"{path}: definitions.{key} is missing")
    try:
        check_lesion_condition(
            defs["class_defining"].get("when"), hotspot_ids, "definitions.class_defining.when"
        )
        check_lesion_condition(
            defs["monosomal_karyotype"].get("exclude_when", {}),
            hotspot_ids,
            "definitions.monosomal_karyotype.exclude_when",
        )
    except ConditionError as err:
        raise ValueError(f"{path}: {err}") from None
    for key, number in (
        ("complex_karyotype", "min_abnormalities"),
        ("monosomal_karyotype", "min_monosomies"),
    ):
        d = defs[key]
        if not d.get("id") or not d.get("lesion") or not isinstance(d.get(number), int):
            raise ValueError(f"{path}: definitions.{key} needs id, lesion and {number}")
    return doc


THERAPY_CONTEXTS = ("intensive", "less_intensive", "prior_hma", "unknown")


def load_eln2024(path: str | Path, hotspot_ids: set[str] | None = None) -> dict:
    """ELN 2024 less-intensive (eln2024.yaml): the risk rules and their applicability by
    therapy context."""
    doc = read_mapping(path)
    _risk_rules(doc, path, hotspot_ids)
    for key in ("not_applicable_when", "made_for"):
        entry = doc.get(key)
        values = entry.get("therapy_context") if isinstance(entry, dict) else None
        if not isinstance(values, list) or set(values) - set(THERAPY_CONTEXTS):
            raise ValueError(
                f"{path}: {key}.therapy_context must list values of {', '.join(THERAPY_CONTEXTS)}"
            )
    if not doc["not_applicable_when"].get("description") or not doc["made_for"].get("note"):
        raise ValueError(f"{path}: not_applicable_when.description and made_for.note are needed")
    return doc


# ------------------------------------------------------------------------------ WHO / ICC
def load_who_icc(path: str | Path, hotspot_ids: set[str] | None = None) -> dict:
    doc = read_mapping(path)
    _head(doc, path)
    for rule in doc.get("derived_lesions") or []:
        if not rule.get("id") or not rule.get("lesion"):
            raise ValueError(f"{path}: derived_lesions: every entry needs an id and a lesion")
        if not set(rule.get("applies_to") or []) <= set(DIAGNOSES):
            raise ValueError(f"{path}: rule {rule['id']}: applies_to must list known diagnoses")
        _cond(check_lesion_condition, rule, path, hotspot_ids)
    classes = doc.get("classifications")
    if not isinstance(classes, dict) or not classes:
        raise ValueError(f"{path}: 'classifications' must map diagnoses to entity lists")
    seen: set[str] = set()
    for diagnosis, systems in classes.items():
        if diagnosis not in DIAGNOSES:
            raise ValueError(f"{path}: classifications.{diagnosis}: unknown diagnosis")
        if not isinstance(systems, dict) or set(systems) != set(SYSTEMS):
            raise ValueError(f"{path}: classifications.{diagnosis} needs who2022 and icc2022")
        for system in SYSTEMS:
            entities = _rules(systems, system, f"{path}: classifications.{diagnosis}")
            for rule in entities:
                if rule["id"] in seen:
                    raise ValueError(f"{path}: rule {rule['id']}: the id is used twice")
                seen.add(rule["id"])
                if not rule.get("entity"):
                    raise ValueError(f"{path}: rule {rule['id']}: field 'entity' is missing")
                for key in ("min_blasts", "below_floor"):
                    v = rule.get(key)
                    if v is not None and not (isinstance(v, int | float) and 0 <= v <= 1):
                        raise ValueError(f"{path}: rule {rule['id']}: {key} must be in [0, 1]")
                _cond(check_lesion_condition, rule, path, hotspot_ids)
            if entities[-1].get("when"):
                raise ValueError(
                    f"{path}: rule {entities[-1]['id']}: the last entity of"
                    f" {diagnosis}/{system} must have no condition (the NOS entity)"
                )
    return doc


# ------------------------------------------------------------------------------ germline
def load_germline(path: str | Path, known: dict | None = None) -> dict:
    doc = read_mapping(path)
    _head(doc, path, ("version", "source", "year", "guideline"))
    genes = doc.get("genes")
    if not isinstance(genes, list) or not genes:
        raise ValueError(f"{path}: 'genes' must be a non-empty list")
    for i, g in enumerate(genes):
        if not isinstance(g, dict) or not g.get("gene") or not g.get("category"):
            raise ValueError(f"{path}: genes[{i}]: needs gene and category")
        if g.get("mechanism") not in MECHANISMS:
            raise ValueError(
                f"{path}: genes[{i}] ({g['gene']}): mechanism must be one of"
                f" {', '.join(MECHANISMS)}"
            )
    ev = doc.get("evidence") or {}
    for key in ("min_depth", "min_alt_reads", "min_vaf"):
        if not isinstance(ev.get(key), int | float):
            raise ValueError(f"{path}: evidence.{key} must be a number")
    facts = dict(known or {})
    facts["mechanisms"] = set(MECHANISMS)
    for rule in _rules(doc, "rules", path):
        if not isinstance(rule.get("finding"), bool):
            raise ValueError(f"{path}: rule {rule['id']}: 'finding' must be true or false")
        if rule["finding"] and not rule.get("classification"):
            raise ValueError(f"{path}: rule {rule['id']}: a finding rule needs a classification")
        if known is None:
            facts.setdefault("consequence_classes", set())
            facts.setdefault("gene_sets", set())
            cond = dict(rule.get("when") or {})
            if "consequence_class" in cond:  # checked against amp_tiers.yaml by load_knowledge
                cond.pop("consequence_class")
            try:
                check_variant_condition(cond, facts, where="when")
            except ConditionError as err:
                raise ValueError(f"{path}: rule {rule['id']}: {err}") from None
        else:
            _cond(check_variant_condition, rule, path, facts)
    to = doc.get("tumor_only") or {}
    bands = to.get("vaf_bands")
    if (
        not to.get("id")
        or not isinstance(bands, list)
        or not all(isinstance(b, list) and len(b) == 2 and 0 <= b[0] <= b[1] <= 1 for b in bands)
    ):
        raise ValueError(f"{path}: tumor_only needs an id and vaf_bands [[low, high], ...]")
    return doc


# ------------------------------------------------------------------------------ focal genes
def load_focal(path: str | Path) -> dict[str, dict]:
    table = read_table(path, FOCAL_COLUMNS)
    out: dict[str, dict] = {}
    for n, row in table.rows:
        if row["gene"] in out:
            raise ValueError(f"{path}: line {n}, column 'gene': {row['gene']} is listed twice")
        diseases = {d.strip() for d in row["diseases"].split(",") if d.strip()}
        if not diseases <= set(DIAGNOSES) | {"any"}:
            raise ValueError(
                f"{path}: line {n}, column 'diseases': use 'any' or diagnoses of"
                f" {', '.join(DIAGNOSES)}"
            )
        out[row["gene"]] = {
            "lesion": row["lesion"],
            "diseases": diseases,
            "source": row["source"],
            "line": n,
        }
    out["_meta"] = {"version": table.version, "sources": table.sources}
    return out


# ------------------------------------------------------------------------------ the set
@dataclass
class Knowledge:
    tiers: dict
    eln: dict
    eln2024: dict
    who_icc: dict
    germline: dict
    focal: dict
    hotspots: Hotspots
    panels: dict[str, set[str]]
    paths: dict[str, str]
    oncogenicity: OncogenicityKnowledge
    karyotype: dict  # karyotype.yaml (cnv.karyotype_rules): arm_lesions for the lesion link

    def versions(self) -> dict[str, dict]:
        def entry(name: str, version, source) -> dict:
            return {
                "file": Path(self.paths[name]).name,
                "version": str(version),
                "source": " ".join(str(source).split()),
            }

        return {
            "tiers": entry("tiers", self.tiers["version"], self.tiers["source"]),
            "eln": entry("eln", self.eln["version"], self.eln["source"]),
            "eln2024": entry("eln2024", self.eln2024["version"], self.eln2024["source"]),
            "who_icc": entry("who_icc", self.who_icc["version"], self.who_icc["source"]),
            "germline": entry("germline", self.germline["version"], self.germline["source"]),
            "focal_genes": entry(
                "focal_genes",
                self.focal["_meta"]["version"],
                "; ".join(self.focal["_meta"]["sources"]),
            ),
            "hotspots": entry("hotspots", self.hotspots.version, "; ".join(self.hotspots.sources)),
            **{
                key: entry(
                    key,
                    self.oncogenicity.meta[key]["version"],
                    "; ".join(self.oncogenicity.meta[key]["sources"]),
                )
                for key in ONCOGENICITY_KEYS
            },
            "karyotype_rules": entry(
                "karyotype_rules", self.karyotype["version"], self.karyotype["source"]
            ),
            "panel": {"file": Path(self.paths["panel"]).name},
        }


def load_knowledge(paths: dict[str, str]) -> Knowledge:
    """paths: every key of KNOWLEDGE_KEYS (eln2024 defaults to eln2024.yaml beside the ELN 2022
    file: a batch config written before ELN 2024 names the ELN 2022 file only); karyotype_rules
    is config cnv.karyotype_rules (which deletions named by their bands count as an arm's)."""
    paths = dict(paths)
    if paths.get("eln"):
        paths.setdefault("eln2024", str(Path(paths["eln"]).with_name("eln2024.yaml")))
    missing = [k for k in KNOWLEDGE_KEYS if not paths.get(k)]
    if missing:
        raise ValueError(f"interpretation knowledge: no file given for {', '.join(missing)}")
    from alwgs.cnv.karyotype import load_rules as load_karyotype_rules

    hotspots = load_hotspots(paths["hotspots"])
    ids = {h.id for h in hotspots.rows}
    tiers = load_tiers(paths["tiers"])
    known = {
        "consequence_classes": set(tiers["consequence_classes"]),
        "gene_sets": set(tiers.get("gene_sets") or {}),
    }
    return Knowledge(
        tiers=tiers,
        eln=load_eln(paths["eln"], ids),
        eln2024=load_eln2024(paths["eln2024"], ids),
        who_icc=load_who_icc(paths["who_icc"], ids),
        germline=load_germline(paths["germline"], known),
        focal=load_focal(paths["focal_genes"]),
        hotspots=hotspots,
        panels=read_panels(paths["panel"]),
        paths=dict(paths),
        oncogenicity=load_oncogenicity({k: paths[k] for k in ONCOGENICITY_KEYS}, tiers["clinvar"]),
        karyotype=load_karyotype_rules(paths["karyotype_rules"]),
    )
