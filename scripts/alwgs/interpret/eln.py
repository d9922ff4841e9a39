"""ELN 2022 genetic risk of AML: one engine over config/knowledge/eln2022.yaml (how it reads the
file is described at the top of that file). Also derives the complex and monosomal karyotype
lesions from karyotype.json with the ELN definitions."""

from __future__ import annotations

from alwgs.interpret.conditions import abnormality_count, evaluate, evaluate3
from alwgs.interpret.model import Context, Lesion, norm_chrom

RESOLUTION = ("adverse", "intermediate", "favorable")


def _abnormalities(karyotype: dict) -> list[dict] | None:
    items = karyotype.get("abnormalities")
    return items if isinstance(items, list) else None


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
    if ctx.diagnosis not in eln["applies_to"]:
        return []
    _undetermined(eln["definitions"], ctx)
    if not ctx.karyotype:
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
        n = abnormality_count(ctx.karyotype) or 0
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
    for le in out:
        ctx.undetermined.pop(le.id, None)
    return out


def _undetermined(defs: dict, ctx: Context) -> None:
    """Complex and monosomal karyotype cannot be excluded when copy number (the numerical and
    unbalanced abnormalities) or the structural variants (balanced ones) were not assessed;
    karyotype_lesions() removes the entry of a lesion it finds all the same."""
    reasons = [
        f"{name} not assessed ({why})"
        for name, why in (
            ("copy number", ctx.assessment.whole("copy_number")),
            ("structural variants", ctx.assessment.whole("structural_variants")),
        )
        if why
    ]
    if not reasons:
        return
    # A class-defining lesion found excludes a complex karyotype, and a CBF fusion a monosomal
    # one, whatever the missing inputs would have added.
    excluded = {
        "complex_karyotype": evaluate(defs["class_defining"]["when"], ctx)[0],
        "monosomal_karyotype": bool(defs["monosomal_karyotype"].get("exclude_when"))
        and evaluate(defs["monosomal_karyotype"]["exclude_when"], ctx)[0],
    }
    for key in ("complex_karyotype", "monosomal_karyotype"):
        if not excluded[key]:
            ctx.undetermined[defs[key]["lesion"]] = reasons


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


def _decided(items: list[dict]) -> list[dict]:
    return [
        {
            "rule_id": h["rule_id"],
            "marker": h["marker"],
            "group": h["group"],
            "lesions": h["lesions"],
        }
        for h in items
    ]


def resolve(eln: dict, hits: list[dict]) -> dict:
    """The group of a set of marker hits (steps 5 and 6 at the top of the knowledge file):
    group, rule_id, decided_by, markers (the hits left after the exceptions), exceptions."""
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
    if forced:
        group, mod, involved = forced
        result = {"group": group, "rule_id": mod["id"], "decided_by": _decided(involved)}
    else:
        result = None
        for group in RESOLUTION:
            chosen = [h for h in hits if h["group"] == group]
            if chosen:
                result = {
                    "group": group,
                    "rule_id": chosen[0]["rule_id"],
                    "decided_by": _decided(chosen),
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
    return result | {"markers": _decided(hits), "exceptions": exceptions}


def _signature(hit: dict, referenced: set[str]) -> tuple:
    """Hits of one signature are interchangeable for resolve(): same group and category, and
    not named by id in a modifier."""
    return hit["group"], hit["category"], hit["rule_id"] if hit["rule_id"] in referenced else ""


def possible_groups(eln: dict, found: list[dict], unknown: list[dict]) -> set[str]:
    """Every group the sample could have if any of the `unknown` markers (their inputs were not
    assessed) also held: resolve() over the found hits plus each subset of the unknown hits'
    signatures (treating unknown markers as independent, which can only add possibilities)."""
    referenced = {
        i for mod in eln.get("modifiers") or [] for s in mod["if_markers"] for i in s.get("ids", ())
    }
    classes: dict[tuple, dict] = {}
    for h in unknown:
        classes.setdefault(_signature(h, referenced), h)
    reps = list(classes.values())
    groups = set()
    for mask in range(1 << len(reps)):
        extra = [h for i, h in enumerate(reps) if mask >> i & 1]
        groups.add(resolve(eln, found + extra)["group"])
    return groups


def marker_hits(markers: list[dict], ctx: Context) -> tuple[list[dict], list[dict]]:
    """(hits found, hits unknown): each marker whose condition holds on the lesions found, and
    each that might hold because an input it reads was not assessed (with `missing`)."""
    found, unknown = [], []
    for m in markers:
        value, used, why = evaluate3(m["when"], ctx)
        hit = {
            "rule_id": m["id"],
            "group": m["group"],
            "category": m["category"],
            "marker": m["marker"],
            "lesions": used,
        }
        if value:
            found.append(hit)
        elif value is None:
            unknown.append(hit | {"missing": why})
    return found, unknown


def _missing(unknown: list[dict]) -> list[str]:
    out: list[str] = []
    for h in unknown:
        out += [w for w in h["missing"] if w not in out]
    return out


def not_assessable(base: dict, groups: set[str], unknown: list[dict], rule_id: str) -> dict:
    """The answer when the inputs a classification needs were not assessed: no group, the
    groups still possible, the markers that could not be assessed and why."""
    order = [g for g in ("favorable", "intermediate", "adverse", "not_applicable") if g in groups]
    return base | {
        "group": "not_assessable",
        "rule_id": rule_id,
        "decided_by": [],
        "possible_groups": order,
        "missing_inputs": _missing(unknown),
        "undetermined_markers": [
            {"rule_id": h["rule_id"], "marker": h["marker"], "missing": h["missing"]}
            for h in unknown
        ],
        "reason": (
            f"Not assessable: the group could be {' or '.join(order)}; inputs not assessed: "
            + "; ".join(_missing(unknown))
        ),
    }


# The lineages the classifications know (knowledge.DIAGNOSES); any other value (unknown, empty)
# leaves the scope of ELN undecided.
KNOWN_DIAGNOSES = ("AML", "B-ALL", "T-ALL")


def classify(eln: dict, ctx: Context) -> dict:
    """The ELN 2022 group with the rule and the lesions that decided it; `not_applicable`
    outside its scope (not AML, APL), `not_assessable` when inputs it needs were not assessed
    and they could change the group (README, "Not assessable is an answer")."""
    base = {
        "guideline": eln["guideline"],
        "year": eln["year"],
        "version": eln["version"],
        "exceptions": [],
        "notes": [],
        "markers": [],
        "missing_inputs": [],
    }
    if ctx.diagnosis not in KNOWN_DIAGNOSES:
        # Without the lineage the table's scope cannot be decided: not "not applicable".
        return base | {
            "group": "not_assessable",
            "rule_id": eln["scope"]["id"],
            "reason": (
                f"{eln['scope']['description']} The diagnosis is not known"
                f" ({ctx.diagnosis or 'not given'}), so whether it applies cannot be told."
            ),
            "missing_inputs": [f"diagnosis not known ({ctx.diagnosis or 'not given'})"],
            "possible_groups": [],
            "decided_by": [],
        }
    if ctx.diagnosis not in eln["applies_to"]:
        return base | {
            "group": "not_applicable",
            "rule_id": eln["scope"]["id"],
            "reason": f"{eln['scope']['description']} Diagnosis: {ctx.diagnosis}.",
            "decided_by": [],
        }
    outside_unknown = []
    for rule in eln.get("outside") or []:
        ok, used, why = evaluate3(rule["when"], ctx)
        if ok:
            return base | {
                "group": "not_applicable",
                "rule_id": rule["id"],
                "reason": " ".join(rule["description"].split()),
                "decided_by": [{"rule_id": rule["id"], "lesions": used}],
            }
        if ok is None:
            outside_unknown.append(
                {
                    "rule_id": rule["id"],
                    "text": " ".join(rule["description"].split()),
                    "missing": why,
                }
            )
    found, unknown = marker_hits(eln["markers"], ctx)
    notes = []
    for note in eln.get("notes") or []:
        ok, used = evaluate(note["when"], ctx)
        if ok:
            notes.append(
                {"rule_id": note["id"], "text": " ".join(note["text"].split()), "lesions": used}
            )
    for o in outside_unknown:
        notes.append(
            {
                "rule_id": o["rule_id"],
                "text": f"Could not be excluded ({'; '.join(o['missing'])}): {o['text']} The group"
                " below holds only if APL was excluded otherwise.",
                "lesions": [],
            }
        )
    result = base | resolve(eln, found) | {"notes": notes, "missing_inputs": _missing(unknown)}
    if not unknown:
        return result
    groups = possible_groups(eln, found, unknown)
    if len(groups) == 1:
        return result
    if result["group"] == "adverse":
        # A lesion found that makes the group adverse stands: inputs not assessed are named,
        # with the footnote exception that could have applied.
        others = sorted(groups - {"adverse"})
        notes.append(
            {
                "rule_id": eln["not_assessable"]["id"],
                "text": "Adverse on the lesions found; an input not assessed could only change"
                f" it through a Table 6 footnote exception (then {' or '.join(others)}): "
                + "; ".join(_missing(unknown)),
                "lesions": [],
            }
        )
        return result
    out = not_assessable(base, groups, unknown, eln["not_assessable"]["id"])
    return out | {"notes": notes, "markers": result["markers"]}
