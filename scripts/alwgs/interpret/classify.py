"""Link 5 of the interpretation chain: ELN 2022 risk, ELN 2024 risk for less-intensive therapy
and WHO/ICC 2022 entities of the sample's lesions. Each lesion records the rules that used it,
and a lesion a guideline rule used (other than in a note) takes the tier of a guideline marker
(amp_tiers.yaml structural.guideline)."""

from __future__ import annotations

from dataclasses import dataclass

from alwgs.interpret import eln as eln_engine
from alwgs.interpret import eln2024 as eln2024_engine
from alwgs.interpret import who_icc as who_icc_engine
from alwgs.interpret.germline import Germline
from alwgs.interpret.lesions import Lesions
from alwgs.interpret.model import Lesion

ELN_ROLES = (("decided_by", "decided the group"), ("markers", "risk marker"), ("notes", "note"))


@dataclass(frozen=True)
class GuidelineRules:
    """The part of the knowledge this link reads."""

    eln: dict  # eln2022.yaml
    who_icc: dict  # who_icc2022.yaml
    marker_tier: dict  # amp_tiers.yaml structural.guideline: the tier of a guideline marker
    amp: tuple[str, int]  # amp_tiers.yaml guideline and year
    eln2024: dict | None = None  # eln2024.yaml (None: ELN 2024 not classified)


@dataclass
class Classified:
    eln2022: dict
    who_icc: dict  # who2022, icc2022, concordant, and difference when they differ
    lesions: list[Lesion]  # every lesion, with its classification citations and final tier
    eln2024: dict | None = None


def classify(lesions: Lesions, germline: Germline, rules: GuidelineRules) -> Classified:
    ctx = lesions.context
    eln = eln_engine.classify(rules.eln, ctx)
    eln2024 = eln2024_engine.classify(rules.eln2024, ctx) if rules.eln2024 else None
    who_icc = who_icc_engine.classify(rules.who_icc, ctx, germline.findings)
    for result, year in ((eln, 2022), (eln2024, 2024)):
        for key, role in ELN_ROLES:
            for item in (result or {}).get(key, []):
                ref = {"rule_id": item["rule_id"], "guideline": "ELN", "year": year, "role": role}
                _cite(ctx.lesions, item["lesions"], ref)
    for system in ("who2022", "icc2022"):
        entry = who_icc[system]
        if entry["rule_id"]:
            ref = {
                "rule_id": entry["rule_id"],
                "guideline": entry["guideline"],
                "year": entry["year"],
                "role": "defining lesion",
            }
            _cite(ctx.lesions, entry["lesions"], ref)
    for le in ctx.lesions:
        _promote(le, rules)
    return Classified(eln, who_icc, ctx.lesions, eln2024)


def _cite(lesions: list[Lesion], ids: list[str], ref: dict) -> None:
    """Record on each lesion the classification rule that used it (once per rule)."""
    for le in lesions:
        if le.id in ids and all(c["rule_id"] != ref["rule_id"] for c in le.classification):
            le.classification.append(ref)


def _promote(le: Lesion, rules: GuidelineRules) -> None:
    """A lesion a guideline rule used (not only in a note) takes the guideline marker's tier."""
    marker = rules.marker_tier
    cited = [c for c in le.classification if c["role"] != "note"]
    if cited and le.tier != marker["tier"]:
        le.notes.append(
            f"tier {le.tier} by {le.rule_id}; tier {marker['tier']} as a guideline marker"
        )
        le.tier, le.level, le.rule_id = marker["tier"], marker["level"], marker["id"]
        le.description = " ".join(marker["description"].split())
        le.guideline, le.year = rules.amp
