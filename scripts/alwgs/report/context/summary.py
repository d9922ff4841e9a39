"""The summary section: the diagnosis, the findings in tier order with their guideline roles,
the ELN 2022 risk group, the ELN 2024 group for less-intensive therapy, the WHO 2022 / ICC 2022
entities (and why those two differ), and what was not assessed. "not_applicable" and
"not_assessable" are printed as answers, with their reasons."""

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


GROUP_TEXT = {"not_applicable": "Not applicable", "not_assessable": "Not assessable"}


def group_text(group: str | None, guideline: str) -> str:
    """'Favorable', 'Not assessable', ... ('no <guideline> risk group' for an old JSON's null)."""
    if not group:
        return f"no {guideline} risk group"
    return GROUP_TEXT.get(group, group.capitalize())


def _eln_block(eln: dict, named, default: str) -> dict:
    decided = [
        {
            "rule_id": d.get("rule_id"),
            "marker": d.get("marker") or d.get("rule_id"),
            "lesions": named(d.get("lesions", [])),
        }
        for d in eln.get("decided_by", [])
    ]
    guideline = _guideline(eln.get("guideline", default), eln.get("year"))
    group = eln.get("group")
    return {
        "group": group,
        "group_text": group_text(group, guideline),
        "rule_id": eln.get("rule_id"),
        "decided_by": decided,
        "reason": eln.get("reason"),
        "possible_groups": list(eln.get("possible_groups", [])),
        "missing_inputs": list(eln.get("missing_inputs", [])),
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
        "guideline": guideline,
        "version": eln.get("version"),
        "therapy_context": eln.get("therapy_context"),
    }


def _assessment_lines(interp: dict) -> list[str]:
    """What was not assessed for the classifications, in words (QC FAIL, analyses, regions of
    copy number, panel genes)."""
    a = interp.get("assessment") or {}
    lines = []
    if a.get("qc_status") == "FAIL":
        lines.append(
            "QC FAIL: nothing not found counts as absent ("
            + ("; ".join(a.get("qc_reasons", [])) or "QC gate")
            + ")"
        )
    regions = []
    for e in a.get("not_assessed", []):
        if e.get("region"):
            regions.append(f"{e['region']} ({e.get('reason', '')})")
        else:
            lines.append(f"{e['analysis'].replace('_', ' ')}: {e.get('reason', '')}")
    if regions:
        lines.append("copy number not assessable for " + ", ".join(regions))
    genes = a.get("genes_not_covered", [])
    if genes:
        why = a.get("gene_reasons", {})
        lines.append(
            "panel genes not assessable: "
            + ", ".join(f"{g} ({why[g]})" if g in why else g for g in genes)
        )
    return lines


def summary_section(
    interp: dict, labels: dict[str, str], not_assessed: list[str] | None = None
) -> dict:
    """`labels`: lesion id -> the lesion's name in the report; `not_assessed`: the analyses
    that could not run (with sample and reason), printed beside the findings so that "no
    reportable lesion" is never read as covering them."""

    def named(ids):
        return [labels.get(i, i) for i in ids]

    eln_out = _eln_block(interp.get("eln2022") or {}, named, "ELN")
    eln2024 = interp.get("eln2024")
    eln2024_out = _eln_block(eln2024, named, "ELN 2024") if eln2024 else None

    def classification(key: str) -> dict:
        c = interp.get(key) or {}
        entity = c.get("entity")
        if entity == "not_assessable":
            possible = c.get("possible_entities") or []
            entity = "Not assessable" + (f" (possible: {'; '.join(possible)})" if possible else "")
        elif entity and c.get("provisional"):
            # ICC names provisional entities apart from the established ones
            entity = f"{entity} (provisional entity)"
        return {
            "entity": entity
            or ("No entity assigned (see notes)" if c.get("notes") else "No entity assigned"),
            "has_entity": bool(c.get("entity")) and c.get("entity") != "not_assessable",
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
        "eln2024": eln2024_out,
        "who2022": classification("who2022"),
        "icc2022": classification("icc2022"),
        "who_icc_concordant": interp.get("who_icc_concordant"),
        "who_icc_difference": _difference(interp, named),
        "karyotype": interp.get("karyotype") or NOT_ASSESSED,
        "germline_findings": [g.get("gene") for g in interp.get("germline", [])],
        "germline_confirmation": [g.get("gene") for g in interp.get("germline_confirmation", [])],
        "not_assessed": list(not_assessed or []),
        "assessment": _assessment_lines(interp),
    }
