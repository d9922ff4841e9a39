"""The summary section: the diagnosis, the findings in tier order with their guideline roles,
the ELN 2022 risk group and the WHO 2022 / ICC 2022 entities (and why those two differ)."""

from __future__ import annotations

from alwgs.report.labels import NOT_ASSESSED, NOT_AVAILABLE, TIER_ORDER, pct


def _lesion_roles(lesion: dict) -> list[str]:
    return [
        f"{_guideline(c.get('guideline', ''), c.get('year'))}: {c.get('role', '')}".strip()
        for c in lesion.get("classification", [])
    ]


def _guideline(name: str, year) -> str:
    """'ELN' + 2022 -> 'ELN 2022'; a name that already carries its year is kept."""
    name = name or ""
    return name if not year or str(year) in name else f"{name} {year}".strip()


def _difference(interp: dict, named) -> str | None:
    """Why WHO 2022 and ICC 2022 differ, in the report's lesion names (None when concordant)."""
    if interp.get("who_icc_concordant") is not False:
        return None
    parts = []
    for key, name in (("who2022", "WHO 2022"), ("icc2022", "ICC 2022")):
        c = interp.get(key) or {}
        lesions = ", ".join(named(c.get("lesions", []))) or "no defining lesion"
        parts.append(f"{name} ({c.get('entity') or 'no entity'}) rests on {lesions}")
    return "; ".join(parts)


def summary_section(
    interp: dict, labels: dict[str, str], not_assessed: list[str] | None = None
) -> dict:
    """`labels`: lesion id -> the lesion's name in the report; `not_assessed`: the analyses
    that could not run (with sample and reason), printed beside the findings so that "no
    reportable lesion" is never read as covering them."""
    eln = interp.get("eln2022") or {}

    def named(ids):
        return [labels.get(i, i) for i in ids]

    decided = [
        {
            "rule_id": d.get("rule_id"),
            "marker": d.get("marker") or d.get("rule_id"),
            "lesions": named(d.get("lesions", [])),
        }
        for d in eln.get("decided_by", [])
    ]
    group = eln.get("group")
    eln_out = {
        "group": group,
        "group_text": group.capitalize() if group else "no ELN 2022 risk group",
        "rule_id": eln.get("rule_id"),
        "decided_by": decided,
        "reason": eln.get("reason"),
        "exceptions": [
            {
                "rule_id": e.get("rule_id"),
                "text": e.get("description", ""),
                "lesions": named(e.get("triggered_by", []) or []),
            }
            for e in eln.get("exceptions", [])
        ],
        "notes": [
            {"rule_id": n.get("rule_id"), "text": n.get("text", "")} for n in eln.get("notes", [])
        ],
        "guideline": _guideline(eln.get("guideline", "ELN"), eln.get("year")),
        "version": eln.get("version"),
    }

    def classification(key: str) -> dict:
        c = interp.get(key) or {}
        return {
            "entity": c.get("entity")
            or ("No entity assigned (see notes)" if c.get("notes") else "No entity assigned"),
            "has_entity": bool(c.get("entity")),
            "rule_id": c.get("rule_id"),
            "lesions": named(c.get("lesions", [])),
            "notes": list(c.get("notes", [])),
            "qualifiers": list(c.get("qualifiers", [])),
        }

    findings = []
    # Tier first; within a tier the interpretation's order (fusions, mutations, ITDs, copy
    # number, karyotype).
    for le in sorted(interp.get("lesions", []), key=lambda x: TIER_ORDER.get(x.get("tier"), 9)):
        findings.append(
            {
                "id": le["id"],
                "label": labels[le["id"]],
                "kind": le.get("kind"),
                "tier": le.get("tier"),
                "level": le.get("level"),
                "vaf": le.get("vaf"),
                "vaf_text": pct(le["vaf"]) if le.get("vaf") is not None else "",
                "description": le.get("description", ""),
                "roles": _lesion_roles(le),
                "rule_id": le.get("rule_id"),
            }
        )
    return {
        "diagnosis": interp.get("diagnosis") or NOT_AVAILABLE,
        "findings": findings,
        "eln2022": eln_out,
        "who2022": classification("who2022"),
        "icc2022": classification("icc2022"),
        "who_icc_concordant": interp.get("who_icc_concordant"),
        "who_icc_difference": _difference(interp, named),
        "karyotype": interp.get("karyotype") or NOT_ASSESSED,
        "germline_findings": [g.get("gene") for g in interp.get("germline", [])],
        "germline_confirmation": [g.get("gene") for g in interp.get("germline_confirmation", [])],
        "not_assessed": list(not_assessed or []),
    }
