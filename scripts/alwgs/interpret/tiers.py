"""AMP/ASCO/CAP 2017 tiers of small variants: the first rule of amp_tiers.yaml whose conditions
hold gives the tier (a 'hotspot' rule takes tier and level from the hotspots.tsv row)."""

from __future__ import annotations

from dataclasses import dataclass

from alwgs.annotate.hotspots import Hotspots
from alwgs.interpret.conditions import variant_holds
from alwgs.interpret.model import Call

ORDER = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass
class Tier:
    tier: str
    level: str | None
    rule_id: str
    description: str


def facts_for(tiers: dict, call: Call, hotspot: bool, mechanism: dict | None = None) -> dict:
    return {
        "gene_sets": {k: set(v) for k, v in (tiers.get("gene_sets") or {}).items()},
        "classes": {k: set(v) for k, v in tiers["consequence_classes"].items()},
        "clinvar": tiers["clinvar"],
        "hotspot": hotspot,
        "mechanism": mechanism or {},
    }


def tier_of(call: Call, tiers: dict, hotspots: Hotspots) -> Tier:
    spot = hotspots.by_id(call.hotspot) if call.hotspot else None
    facts = facts_for(tiers, call, spot is not None)
    for rule in tiers["rules"]:
        if not variant_holds(rule.get("when") or {}, call, facts):
            continue
        if rule["tier"] == "hotspot":
            return Tier(spot.tier, spot.level, rule["id"], f"{spot.label}: {spot.source}")
        return Tier(
            rule["tier"], rule.get("level"), rule["id"], " ".join(rule["description"].split())
        )
    raise AssertionError("amp_tiers.yaml ends with a rule without conditions")  # pragma: no cover


def reportable(call: Call, tier: Tier, tiers: dict, panels: dict[str, set[str]]) -> bool:
    """A tier I/II call of an interpreted FILTER in a panel gene is a lesion."""
    rep = tiers["reportable"]
    if ORDER[tier.tier] > ORDER[rep["max_tier"]]:
        return False
    if rep.get("panel_required", True) and call.gene not in panels:
        return False
    allowed = set(rep["filters"])
    return set(call.filters or ["PASS"]) <= allowed
