"""ELN 2022 genetic risk of AML: one engine over config/knowledge/eln2022.yaml (how it reads the
file is described at the top of that file). Also derives the complex and monosomal karyotype
lesions from karyotype.json with the ELN definitions."""

from __future__ import annotations

from alwgs.interpret.conditions import evaluate
from alwgs.interpret.model import Context, Lesion, norm_chrom

RESOLUTION = ("adverse", "intermediate", "favorable")


def _abnormalities(karyotype: dict) -> list[dict] | None:
    items = karyotype.get("abnormalities")
    return items if isinstance(items, list) else None


def _count(item: dict) -> int:
    """What one abnormality adds to the count: its ``count`` as karyotype.json records it
    (alwgs.cnv.counting: an unbalanced derivative is one abnormality, not one per arm it
    changes), 1 when not given."""
    try:
        return int(item.get("count", 1))
    except (TypeError, ValueError):
        return 1


def _listed(items: list[dict]) -> str:
    return ", ".join(
        f"{a.get('id')} [counted {a['counted_as']}]" if a.get("counted_as") else str(a.get("id"))
        for a in items
    )


def karyotype_lesions(eln: dict, ctx: Context, tier_entry: dict) -> list[Lesion]:
    """complex_karyotype / monosomal_karyotype for the diagnoses ELN applies to. Computed from the
    abnormalities of karyotype.json with the ELN definitions, each counted as the file records
    it (``count``, ISCN: an unbalanced derivative once); the file's own complex/monosomal
    flags are used only when it lists no abnormalities."""
    if ctx.diagnosis not in eln["applies_to"] or not ctx.karyotype:
        return []
    defs = eln["definitions"]
    items = _abnormalities(ctx.karyotype)
    out = []
    class_defining, cd_used = evaluate(defs["class_defining"]["when"], ctx)

    ck = defs["complex_karyotype"]
    if items is None:
        is_ck, why = bool(ctx.karyotype.get("complex")), "karyotype.json flag 'complex'"
    else:
        trisomies_only = bool(items) and all(
            a.get("kind") == "numerical" and str(a.get("id", "")).startswith("+") for a in items
        )
        n = sum(_count(a) for a in items)
        is_ck = n >= ck["min_abnormalities"] and not class_defining and not trisomies_only
        why = f"{n} abnormalities: {_listed(items)}"
        if class_defining and n >= ck["min_abnormalities"]:
            why += f"; not complex: class-defining lesion {', '.join(cd_used)}"
        if trisomies_only and n >= ck["min_abnormalities"]:
            why += "; not complex: hyperdiploid with trisomies only"
    if is_ck:
        out.append(_karyotype_lesion(ck, eln, tier_entry, why, ctx))

    mk = defs["monosomal_karyotype"]
    if items is None:
        is_mk, why = bool(ctx.karyotype.get("monosomal")), "karyotype.json flag 'monosomal'"
    else:
        excluded = {str(c) for c in mk.get("excluded_chromosomes", [])}
        monosomies = [
            a
            for a in items
            if a.get("kind") == "numerical"
            and str(a.get("id", "")).startswith("-")
            and norm_chrom(a.get("chrom")) not in excluded
        ]
        structural = [a for a in items if a.get("kind") == "structural"]
        is_mk = len(monosomies) >= mk["min_monosomies"] or (bool(monosomies) and bool(structural))
        why = (
            f"autosomal monosomies: {', '.join(str(a['id']) for a in monosomies) or 'none'};"
            f" structural: {', '.join(str(a['id']) for a in structural) or 'none'}"
        )
    if is_mk and mk.get("exclude_when"):
        excluded_by, used = evaluate(mk["exclude_when"], ctx)
        if excluded_by:
            is_mk = False
    if is_mk:
        out.append(_karyotype_lesion(mk, eln, tier_entry, why, ctx))
    return out


def _karyotype_lesion(definition: dict, eln: dict, tier_entry: dict, why: str, ctx) -> Lesion:
    return Lesion(
        id=definition["lesion"],
        kind="karyotype",
        tier=tier_entry["tier"],
        level=tier_entry.get("level"),
        rule_id=definition["id"],
        guideline=eln["guideline"],
        year=eln["year"],
        description=" ".join(definition["description"].split()),
        evidence=[
            {"source": "karyotype", "karyotype": ctx.karyotype.get("karyotype"), "detail": why}
        ],
    )


def _selector_hits(sel: dict, hits: list[dict]) -> list[dict]:
    return [
        h
        for h in hits
        if h["rule_id"] in sel.get("ids", ())
        or h["category"] in sel.get("categories", ())
        or h["group"] in sel.get("groups", ())
    ]


def classify(eln: dict, ctx: Context) -> dict:
    """The ELN 2022 group with the rule and the lesions that decided it."""
    base = {"guideline": eln["guideline"], "year": eln["year"], "version": eln["version"]}
    if ctx.diagnosis not in eln["applies_to"]:
        return base | {
            "group": None,
            "rule_id": eln["scope"]["id"],
            "reason": f"{eln['scope']['description']} Diagnosis: {ctx.diagnosis}.",
            "decided_by": [],
            "markers": [],
            "exceptions": [],
            "notes": [],
        }
    for rule in eln.get("outside") or []:
        ok, used = evaluate(rule["when"], ctx)
        if ok:
            return base | {
                "group": None,
                "rule_id": rule["id"],
                "reason": " ".join(rule["description"].split()),
                "decided_by": [{"rule_id": rule["id"], "lesions": used}],
                "markers": [],
                "exceptions": [],
                "notes": [],
            }
    hits = []
    for m in eln["markers"]:
        ok, used = evaluate(m["when"], ctx)
        if ok:
            hits.append(
                {
                    "rule_id": m["id"],
                    "group": m["group"],
                    "category": m["category"],
                    "marker": m["marker"],
                    "lesions": used,
                }
            )
    exceptions, forced = [], None
    for mod in eln.get("modifiers") or []:
        matched = [_selector_hits(sel, hits) for sel in mod["if_markers"]]
        if not all(matched):
            continue
        trigger = [h["rule_id"] for group in matched for h in group]
        then = mod["then"]
        if "ignore_categories" in then:
            ignored = [h for h in hits if h["category"] in then["ignore_categories"]]
            if not ignored:
                continue
            hits = [h for h in hits if h not in ignored]
            exceptions.append(
                {
                    "rule_id": mod["id"],
                    "description": " ".join(mod["description"].split()),
                    "triggered_by": trigger,
                    "ignored": [
                        {"rule_id": h["rule_id"], "lesions": h["lesions"]} for h in ignored
                    ],
                }
            )
        else:
            forced = (then["group"], mod, [h for group in matched for h in group])
            exceptions.append(
                {
                    "rule_id": mod["id"],
                    "description": " ".join(mod["description"].split()),
                    "triggered_by": trigger,
                    "group": then["group"],
                }
            )
    notes = []
    for note in eln.get("notes") or []:
        ok, used = evaluate(note["when"], ctx)
        if ok:
            notes.append(
                {"rule_id": note["id"], "text": " ".join(note["text"].split()), "lesions": used}
            )

    def decided(items: list[dict]) -> list[dict]:
        return [
            {
                "rule_id": h["rule_id"],
                "marker": h["marker"],
                "group": h["group"],
                "lesions": h["lesions"],
            }
            for h in items
        ]

    if forced:
        group, mod, involved = forced
        result = {"group": group, "rule_id": mod["id"], "decided_by": decided(involved)}
    else:
        result = None
        for group in RESOLUTION:
            chosen = [h for h in hits if h["group"] == group]
            if chosen:
                result = {
                    "group": group,
                    "rule_id": chosen[0]["rule_id"],
                    "decided_by": decided(chosen),
                }
                break
        if result is None:
            d = eln["default"]
            result = {
                "group": d["group"],
                "rule_id": d["id"],
                "decided_by": [],
                "reason": d["marker"],
            }
    return base | result | {"markers": decided(hits), "exceptions": exceptions, "notes": notes}
