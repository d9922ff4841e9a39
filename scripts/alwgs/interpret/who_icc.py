"""WHO 2022 and ICC 2022 entities defined by genetic lesions, side by side: one engine over
config/knowledge/who_icc2022.yaml (how it reads the file is described at the top of that file).

Each classification is a hierarchy: the first entity whose condition holds is the answer. An
entity above it whose condition is unknown (an input it reads was not assessed) could take
precedence, so the answer is then `not_assessable` with the entities still possible and why.
An entity marked `requires_rna` cannot be shown or excluded from DNA: the answer names it as
"requires RNA: ..." instead of falling through to NOS."""

from __future__ import annotations

from dataclasses import replace

from alwgs.interpret.conditions import evaluate3
from alwgs.interpret.model import Context, Lesion

NAMES = {"who2022": ("WHO", 2022), "icc2022": ("ICC", 2022)}
NOT_ASSESSABLE = "not_assessable"
REQUIRES_RNA = "requires RNA"


def _reads_ploidy(cond) -> bool:
    """Does a condition read the chromosome number (a ploidy lesion)?"""
    if isinstance(cond, dict):
        return bool({"chromosome_count", "masked_hypodiploid"} & set(cond)) or any(
            _reads_ploidy(v) for v in cond.values()
        )
    if isinstance(cond, list):
        return any(_reads_ploidy(v) for v in cond)
    return False


def derived_lesions(kb: dict, ctx: Context, tier_entry: dict) -> list[Lesion]:
    """Ploidy groups, iAMP21 and IKZF1plus for the diagnoses each derivation applies to. Each
    rule sees the lesions derived before it; one that cannot be decided for want of an input is
    recorded in ctx.undetermined. A ploidy lesion carries the karyotype's masked-hypodiploidy
    check (alwgs.cnv.ploidy) as evidence; a rule with ``check_masked_hypodiploidy: true`` (high
    hyperdiploidy) notes when the check could not be made, since a doubled hypodiploid clone
    then looks the same."""
    out: list[Lesion] = []
    masked = ctx.karyotype.get("masked_hypodiploidy") or {}
    for rule in kb.get("derived_lesions") or []:
        if ctx.diagnosis not in rule.get("applies_to", []):
            continue
        view = replace(ctx, lesions=ctx.lesions + out)
        ok, used, why = evaluate3(rule["when"], view)
        if ok is None and rule["lesion"] not in {le.id for le in out}:
            ctx.undetermined[rule["lesion"]] = why
        if not ok:
            continue
        ctx.undetermined.pop(rule["lesion"], None)
        ploidy = _reads_ploidy(rule["when"])
        kind = rule.get("kind") or ("ploidy" if ploidy else "cna")
        evidence = {
            "source": "karyotype",
            "chromosome_count": ctx.karyotype.get("chromosome_count"),
            "karyotype": ctx.karyotype.get("karyotype"),
        }
        if used:
            evidence = {"source": "lesions", "lesions": used}
        notes = []
        if ploidy and masked:
            evidence["masked_hypodiploidy"] = masked
            if masked.get("status") == "detected":
                notes.append(f"masked (doubled) hypodiploidy: {masked.get('reason')}")
            elif rule.get("check_masked_hypodiploidy") and masked.get("status") == "not_assessed":
                notes.append(f"masked (doubled) hypodiploidy not excluded: {masked.get('reason')}")
        out.append(
            Lesion(
                id=rule["lesion"],
                kind=kind,
                tier=tier_entry["tier"],
                level=tier_entry.get("level"),
                rule_id=rule["id"],
                guideline=rule.get("guideline", "WHO 2022 / ICC 2022"),
                year=kb["year"],
                description=" ".join(rule["description"].split()),
                evidence=[evidence],
                notes=notes,
            )
        )
    return out


def _blast_gate(e: dict, ctx: Context, notes: list[str]) -> str | None:
    """The entity name the blast fraction allows for entity rule `e` (its own, the below-floor
    names), or None when the rule is not assigned at this blast fraction."""
    entity, rule_id = e["entity"], e["id"]
    floor = e.get("min_blasts")
    if floor is None:
        return entity
    if ctx.blasts is None:
        notes.append(
            f"{rule_id}: blast fraction not given; the threshold of {floor:.0%} was not checked"
        )
        return entity
    if ctx.blasts >= floor:
        return entity
    below, low = e.get("below_min_blasts"), e.get("below_floor")
    if below and (low is None or ctx.blasts >= low):
        notes.append(f"{rule_id}: blasts {ctx.blasts:.0%} below {floor:.0%}")
        return below
    if e.get("below_floor_entity") and low is not None:
        notes.append(f"{rule_id}: blasts {ctx.blasts:.0%} below {low:.0%}")
        return e["below_floor_entity"]
    notes.append(
        f"{rule_id} ({e['entity']}) not assigned: blasts {ctx.blasts:.0%} below {floor:.0%}"
    )
    return None


def _classify_one(entities: list[dict], system: str, ctx: Context) -> dict:
    guideline, year = NAMES[system]
    notes: list[str] = []
    unknown: list[dict] = []  # entities above the answer that could not be decided
    rna: list[dict] = []  # entities only RNA/expression can show, reached in the hierarchy
    base = {"guideline": guideline, "year": year}
    for e in entities:
        value, used, why = evaluate3(e.get("when") or {}, ctx)
        if value is False:
            continue
        local: list[str] = []
        entity = _blast_gate(e, ctx, local)
        notes += local
        if entity is None:
            continue
        if value is None:
            unknown.append({"rule_id": e["id"], "entity": entity, "missing": why})
            continue
        if e.get("requires_rna"):
            why_rna = " ".join(e["requires_rna"].split())
            rna.append({"rule_id": e["id"], "entity": entity, "lesions": used, "why": why_rna})
            continue
        if e.get("note"):
            notes.append(" ".join(e["note"].split()))
        if unknown and e.get("exclusive_of_above"):
            # The defining lesion found is (practically) mutually exclusive with the entities
            # above that could not be excluded: the entity stands, with what was not excluded.
            missing = [w for u in unknown for w in u["missing"]]
            notes.append(
                "not excluded, but practically mutually exclusive with the lesion found ("
                + " ".join(e["exclusive_of_above"].split())
                + "): "
                + "; ".join(dict.fromkeys(missing))
            )
        elif unknown:
            return base | _not_assessable(unknown, {"rule_id": e["id"], "entity": entity}, notes)
        if rna and not e.get("when"):
            # Nothing DNA shows defines the case: the expression-defined entities above the
            # NOS entity can be neither shown nor excluded.
            names = "; ".join(r["entity"] for r in rna)
            return base | {
                "entity": f"{REQUIRES_RNA}: {names} (otherwise {entity})",
                "rule_id": e["id"],
                "lesions": [i for r in rna for i in r["lesions"]],
                "requires_rna": [
                    {"rule_id": r["rule_id"], "entity": r["entity"], "why": r["why"]} for r in rna
                ],
                "notes": notes + [f"{r['entity']}: {r['why']}" for r in rna],
            }
        return base | {
            "entity": entity,
            "provisional": bool(e.get("provisional")),
            "rule_id": e["id"],
            "lesions": used,
            "requires_rna": [
                {"rule_id": r["rule_id"], "entity": r["entity"], "why": r["why"]} for r in rna
            ],
            "notes": notes
            + [f"{r['entity']} not excluded ({REQUIRES_RNA}): {r['why']}" for r in rna],
        }
    if unknown:
        return base | _not_assessable(unknown, None, notes)
    return base | {
        "entity": None,
        "rule_id": None,
        "lesions": [],
        "notes": notes + ["no entity of this classification fits"],
    }


def _not_assessable(unknown: list[dict], found: dict | None, notes: list[str]) -> dict:
    possible = [u["entity"] for u in unknown] + ([found["entity"]] if found else [])
    missing: list[str] = []
    for u in unknown:
        missing += [w for w in u["missing"] if w not in missing]
    return {
        "entity": NOT_ASSESSABLE,
        "rule_id": None,
        "lesions": [],
        "possible_entities": possible,
        "undetermined_entities": unknown,
        "missing_inputs": missing,
        "notes": notes
        + [
            "Not assessable: an entity that takes precedence could not be excluded ("
            + "; ".join(missing)
            + ")"
            + (f"; on the lesions found: {found['entity']}" if found else "")
        ],
    }


def classify(kb: dict, ctx: Context, germline: list[dict] | None = None) -> dict:
    """{'who2022': {...}, 'icc2022': {...}, 'concordant': bool}; `not_assessable` when the
    diagnosis (the lineage each table needs) is unknown."""
    out: dict = {}
    tables = (kb.get("classifications") or {}).get(ctx.diagnosis)
    for system in ("who2022", "icc2022"):
        if tables is None:
            guideline, year = NAMES[system]
            out[system] = {
                "entity": NOT_ASSESSABLE,
                "rule_id": None,
                "guideline": guideline,
                "year": year,
                "lesions": [],
                "missing_inputs": [f"diagnosis '{ctx.diagnosis}': the lineage is not given"],
                "notes": [
                    f"no classification table for diagnosis '{ctx.diagnosis}': WHO and ICC"
                    " entities need the lineage (AML, B-ALL or T-ALL)"
                ],
            }
        else:
            out[system] = _classify_one(tables[system], system, ctx)
        qualifiers = [
            f"with germline {g['gene']} variant (germline predisposition {g['category']})"
            for g in germline or []
        ]
        out[system]["qualifiers"] = qualifiers
    same_lesions = set(out["who2022"]["lesions"]) == set(out["icc2022"]["lesions"])
    assigned = [
        bool(out[s]["entity"]) and out[s]["entity"] != NOT_ASSESSABLE
        for s in ("who2022", "icc2022")
    ]
    out["concordant"] = same_lesions and assigned[0] == assigned[1]
    if not same_lesions:
        who, icc = (", ".join(out[s]["lesions"]) or "no defining lesion" for s in NAMES)
        out["difference"] = (
            f"WHO 2022 ({out['who2022']['entity']}) rests on {who};"
            f" ICC 2022 ({out['icc2022']['entity']}) on {icc}"
        )
    return out
