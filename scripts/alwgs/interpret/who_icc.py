"""WHO 2022 and ICC 2022 entities defined by genetic lesions, side by side: one engine over
config/knowledge/who_icc2022.yaml (how it reads the file is described at the top of that file)."""

from __future__ import annotations

from alwgs.interpret.conditions import evaluate
from alwgs.interpret.model import Context, Lesion

NAMES = {"who2022": ("WHO", 2022), "icc2022": ("ICC", 2022)}


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
    """Ploidy groups and iAMP21 for the diagnoses each derivation applies to. A ploidy lesion
    carries the karyotype's masked-hypodiploidy check (alwgs.cnv.ploidy) as evidence; a rule
    with ``check_masked_hypodiploidy: true`` (high hyperdiploidy) notes when the check could
    not be made, since a doubled hypodiploid clone then looks the same."""
    out = []
    masked = ctx.karyotype.get("masked_hypodiploidy") or {}
    for rule in kb.get("derived_lesions") or []:
        if ctx.diagnosis not in rule.get("applies_to", []):
            continue
        ok, _ = evaluate(rule["when"], ctx)
        if not ok:
            continue
        ploidy = _reads_ploidy(rule["when"])
        evidence = {
            "source": "karyotype",
            "chromosome_count": ctx.karyotype.get("chromosome_count"),
            "karyotype": ctx.karyotype.get("karyotype"),
        }
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
                kind="ploidy" if ploidy else "cna",
                tier=tier_entry["tier"],
                level=tier_entry.get("level"),
                rule_id=rule["id"],
                guideline="WHO 2022 / ICC 2022",
                year=kb["year"],
                description=" ".join(rule["description"].split()),
                evidence=[evidence],
                notes=notes,
            )
        )
    return out


def _classify_one(entities: list[dict], system: str, ctx: Context) -> dict:
    guideline, year = NAMES[system]
    notes: list[str] = []
    for e in entities:
        ok, used = evaluate(e.get("when") or {}, ctx)
        if not ok:
            continue
        entity, rule_id = e["entity"], e["id"]
        floor = e.get("min_blasts")
        if floor is not None:
            if ctx.blasts is None:
                notes.append(
                    f"{rule_id}: blast fraction not given; the threshold of"
                    f" {floor:.0%} was not checked"
                )
            elif ctx.blasts < floor:
                below, low = e.get("below_min_blasts"), e.get("below_floor")
                if below and (low is None or ctx.blasts >= low):
                    entity = below
                    notes.append(f"{rule_id}: blasts {ctx.blasts:.0%} below {floor:.0%}")
                else:
                    notes.append(
                        f"{rule_id} ({e['entity']}) not assigned: blasts"
                        f" {ctx.blasts:.0%} below {floor:.0%}"
                    )
                    continue
        if e.get("note"):
            notes.append(" ".join(e["note"].split()))
        return {
            "entity": entity,
            "rule_id": rule_id,
            "guideline": guideline,
            "year": year,
            "lesions": used,
            "notes": notes,
        }
    return {
        "entity": None,
        "rule_id": None,
        "guideline": guideline,
        "year": year,
        "lesions": [],
        "notes": notes + ["no entity of this classification fits"],
    }


def classify(kb: dict, ctx: Context, germline: list[dict] | None = None) -> dict:
    """{'who2022': {...}, 'icc2022': {...}, 'concordant': bool}; entity None when the diagnosis
    has no table (unknown)."""
    out: dict = {}
    tables = (kb.get("classifications") or {}).get(ctx.diagnosis)
    for system in ("who2022", "icc2022"):
        if tables is None:
            guideline, year = NAMES[system]
            out[system] = {
                "entity": None,
                "rule_id": None,
                "guideline": guideline,
                "year": year,
                "lesions": [],
                "notes": [f"no classification table for diagnosis '{ctx.diagnosis}'"],
            }
        else:
            out[system] = _classify_one(tables[system], system, ctx)
        qualifiers = [
            f"with germline {g['gene']} variant (germline predisposition {g['category']})"
            for g in germline or []
        ]
        out[system]["qualifiers"] = qualifiers
    same_lesions = set(out["who2022"]["lesions"]) == set(out["icc2022"]["lesions"])
    out["concordant"] = same_lesions and bool(out["who2022"]["entity"]) == bool(
        out["icc2022"]["entity"]
    )
    if not same_lesions:
        who, icc = (", ".join(out[s]["lesions"]) or "no defining lesion" for s in NAMES)
        out["difference"] = (
            f"WHO 2022 ({out['who2022']['entity']}) rests on {who};"
            f" ICC 2022 ({out['icc2022']['entity']}) on {icc}"
        )
    return out
