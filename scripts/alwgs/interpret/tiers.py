"""Link 3 of the interpretation chain: AMP/ASCO/CAP 2017 tiers of small variants. The first rule
of amp_tiers.yaml whose conditions hold gives the tier; the rules read the call's oncogenicity
class from link 2 (a 'hotspot' rule takes tier and level from the hotspots.tsv row); a tier I/II
call of an interpreted FILTER in a panel gene is a lesion; panel genes, tier I/II calls and coding
consequences are listed in the JSON."""

from __future__ import annotations

from dataclasses import dataclass

from alwgs.annotate.hotspots import Hotspots
from alwgs.interpret.conditions import VariantFacts, variant_holds
from alwgs.interpret.model import Call
from alwgs.interpret.oncogenicity import Assessed, Oncogenicity

ORDER = {"I": 1, "II": 2, "III": 3, "IV": 4}
CODING_CLASSES = ("truncating", "protein_altering", "splice_region")


@dataclass
class Tier:
    tier: str
    level: str | None
    rule_id: str
    description: str


@dataclass(frozen=True)
class TierRules:
    """The part of the knowledge this link reads: amp_tiers.yaml, hotspots.tsv, the panel."""

    tiers: dict
    hotspots: Hotspots
    panels: dict[str, set[str]]


@dataclass
class TieredCall:
    call: Call
    tier: Tier
    lesion: bool  # reportable: the call becomes (part of) a lesion
    listed: bool  # listed in the JSON's variants
    oncogenicity: Oncogenicity | None = None


@dataclass
class Tiered:
    """The link's output: every interpreted call with its tier, in VCF order."""

    calls: list[TieredCall]

    def pairs(self, lesions_only: bool = False) -> list[tuple[Call, Tier]]:
        return [(t.call, t.tier) for t in self.calls if t.lesion or not lesions_only]

    def lesion_calls(self) -> list[TieredCall]:
        return [t for t in self.calls if t.lesion]


def tier_variants(assessed: Assessed, rules: TierRules, diagnosis: str) -> Tiered:
    """diagnosis: the sample's (samples.tsv); a hotspot row's tier holds in the diagnoses it
    names."""
    facts = VariantFacts.of(rules.tiers)
    classes = rules.tiers["consequence_classes"]
    coding = set().union(*(set(classes[c]) for c in CODING_CLASSES))
    out = []
    for item in assessed.calls:
        call = item.call
        tier = tier_of(
            call,
            rules.tiers,
            rules.hotspots,
            facts,
            item.oncogenicity.cls,
            diagnosis=diagnosis,
        )
        out.append(
            TieredCall(
                call=call,
                tier=tier,
                lesion=reportable(call, tier, rules.tiers, rules.panels),
                listed=call.gene in rules.panels
                or ORDER[tier.tier] <= 2
                or bool(call.terms & coding),
                oncogenicity=item.oncogenicity,
            )
        )
    return Tiered(out)


def tier_of(
    call: Call,
    tiers: dict,
    hotspots: Hotspots,
    facts: VariantFacts | None = None,
    oncogenicity: str = "",
    *,
    diagnosis: str,
) -> Tier:
    """facts: VariantFacts.of(tiers), when the caller tiers many calls; oncogenicity: the
    call's class from the oncogenicity link; diagnosis: the sample's (AML, B-ALL, T-ALL or
    unknown), which decides whether a hotspot row's tier applies."""
    spot = hotspots.by_id(call.hotspot) if call.hotspot else None
    if facts is None:
        facts = VariantFacts.of(tiers)
    for rule in tiers["rules"]:
        if not variant_holds(rule.get("when") or {}, call, facts, spot is not None, oncogenicity):
            continue
        if rule["tier"] == "hotspot":
            return _hotspot_tier(spot, rule, diagnosis)
        return Tier(
            rule["tier"], rule.get("level"), rule["id"], " ".join(rule["description"].split())
        )
    raise AssertionError("amp_tiers.yaml ends with a rule without conditions")  # pragma: no cover


def _hotspot_tier(spot, rule: dict, diagnosis: str) -> Tier:
    """The row's tier and level in a diagnosis it names; in another, the rule's
    other_diagnosis tier (Li 2017: therapy or guideline of a different tumour type, level C),
    unless the row's own tier is already lower."""
    text = f"{spot.label}: {spot.source}"
    other = rule["other_diagnosis"]
    if spot.holds_in(diagnosis) or ORDER[spot.tier] >= ORDER[other["tier"]]:
        return Tier(spot.tier, spot.level, rule["id"], text)
    scope = ", ".join(sorted(spot.diseases))
    why = " ".join(other["description"].split())
    return Tier(
        other["tier"],
        other["level"],
        rule["id"],
        f"{text}. Tier {spot.tier} level {spot.level} in {scope}; diagnosis"
        f" {diagnosis or 'unknown'}: {why}",
    )


def reportable(call: Call, tier: Tier, tiers: dict, panels: dict[str, set[str]]) -> bool:
    """A tier I/II call of an interpreted FILTER in a panel gene is a lesion."""
    rep = tiers["reportable"]
    if ORDER[tier.tier] > ORDER[rep["max_tier"]]:
        return False
    if rep.get("panel_required", True) and call.gene not in panels:
        return False
    allowed = set(rep["filters"])
    return set(call.filters or ["PASS"]) <= allowed
