"""Germline predisposition: findings in the matched normal (paired) and germline-confirmation
requests (tumor-only), over config/knowledge/germline_predisposition.yaml."""

from __future__ import annotations

from alwgs.interpret.conditions import variant_holds
from alwgs.interpret.model import Call
from alwgs.interpret.tiers import ORDER, Tier, facts_for


def gene_table(kb: dict) -> dict[str, dict]:
    return {g["gene"]: g for g in kb["genes"]}


def judge(call: Call, kb: dict, tiers: dict) -> dict | None:
    """The first germline rule that holds for the call (finding or not), or None."""
    mechanism = {g: spec["mechanism"] for g, spec in gene_table(kb).items()}
    facts = facts_for(tiers, call, bool(call.hotspot), mechanism)
    for rule in kb["rules"]:
        if variant_holds(rule.get("when") or {}, call, facts):
            return rule
    return None


def _carries_alt(genotype: str) -> bool:
    alleles = genotype.replace("|", "/").split("/")
    return any(a not in ("0", ".", "") for a in alleles)


def findings(calls: list[Call], kb: dict, tiers: dict, normal: str) -> list[dict]:
    """<GENE>_germline findings from the matched normal's annotated germline calls."""
    genes, ev = gene_table(kb), kb["evidence"]
    out: dict[str, dict] = {}
    for call in calls:
        spec = genes.get(call.gene)
        if spec is None or not _carries_alt(call.genotype):
            continue
        if (call.depth or 0) < ev["min_depth"] or (call.alt_reads or 0) < ev["min_alt_reads"]:
            continue
        if call.vaf is None or call.vaf < ev["min_vaf"]:
            continue
        rule = judge(call, kb, tiers)
        if rule is None or not rule["finding"]:
            continue
        fid = f"{call.gene}_germline"
        item = out.setdefault(
            fid,
            {
                "id": fid,
                "gene": call.gene,
                "rule_id": rule["id"],
                "guideline": kb["guideline"],
                "year": kb["year"],
                "classification": rule["classification"],
                "category": spec["category"],
                "sample": normal,
                "evidence": [],
                "recommendation": "Germline finding in the matched normal: refer for genetic"
                " counselling; confirm on a non-hematopoietic sample (e.g. skin fibroblasts) if the"
                " normal is blood or saliva.",
            },
        )
        if spec.get("note"):
            item["note"] = spec["note"]
        item["evidence"].append(
            call.evidence() | {"genotype": call.genotype, "rule_id": rule["id"]}
        )
    return list(out.values())


def _in_band(vaf: float | None, bands: list[list[float]]) -> bool:
    return vaf is not None and any(lo <= vaf <= hi for lo, hi in bands)


def confirmation(tiered: list[tuple[Call, Tier]], kb: dict, tiers: dict) -> list[dict]:
    """Tumor-only: possibly pathogenic variants of predisposition genes that look germline."""
    genes, to = gene_table(kb), kb["tumor_only"]
    out = []
    for call, tier in tiered:
        if call.gene not in genes:
            continue
        germline_like = (
            "GermlineSuspect" in call.filters
            or call.germline_vaf_flag
            or _in_band(call.vaf, to["vaf_bands"])
        )
        if not germline_like:
            continue
        rule = judge(call, kb, tiers)
        if rule is not None and not rule["finding"]:
            continue  # benign evidence
        if rule is None and ORDER[tier.tier] > ORDER["II"]:
            continue
        reason = rule["id"] if rule is not None else f"{tier.rule_id} (tier {tier.tier})"
        out.append(
            {
                "gene": call.gene,
                "rule_id": to["id"],
                "reason": reason,
                "guideline": kb["guideline"],
                "year": kb["year"],
                "category": genes[call.gene]["category"],
                "description": " ".join(to["description"].split()),
                "evidence": call.evidence(),
            }
        )
    return out
