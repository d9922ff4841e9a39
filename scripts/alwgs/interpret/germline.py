"""Germline predisposition, beside the chain's lesion link (it reads the tiered calls and its
findings qualify the WHO/ICC entities): findings in the matched normal (paired) and
germline-confirmation requests (tumor-only), over config/knowledge/germline_predisposition.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alwgs.interpret.conditions import VariantFacts, variant_holds
from alwgs.interpret.inputs import read_calls
from alwgs.interpret.model import Call, SampleInfo
from alwgs.interpret.tiers import ORDER, Tier, Tiered


@dataclass
class Germline:
    findings: list[dict]  # paired: <GENE>_germline findings in the matched normal
    confirmation: list[dict]  # tumor-only: calls to confirm on a germline sample


def read_normal_calls(germline_vcf: str | Path, normal: str, kb: dict) -> list[Call]:
    """The matched normal's calls of the predisposition genes (annotated germline VCF)."""
    genes = gene_table(kb)
    return list(read_calls(germline_vcf, normal, keep=lambda c: c.gene in genes))


def examine(
    info: SampleInfo,
    normal_calls: list[Call] | None,
    tiered: Tiered,
    kb: dict,
    tiers: dict,
    check_reads: bool = True,
) -> Germline:
    """kb: germline_predisposition.yaml; tiers: amp_tiers.yaml (gene sets, consequence classes,
    ClinVar lists the rules name). Paired when the sample has a normal whose calls were read
    (normal_calls, None otherwise). check_reads: apply the read-support floors of `evidence`
    (False for calls given in a findings file, whose read counts are the other assay's)."""
    if info.normal and normal_calls is not None:
        genes = gene_table(kb)
        calls = [c for c in normal_calls if c.gene in genes]
        return Germline(findings(calls, kb, tiers, info.normal, check_reads), [])
    return Germline([], confirmation(tiered.pairs(), kb, tiers))


def gene_table(kb: dict) -> dict[str, dict]:
    return {g["gene"]: g for g in kb["genes"]}


def _facts(kb: dict, tiers: dict) -> VariantFacts:
    """What the rules read: amp_tiers.yaml's sets and each gene's mechanism (once per sample)."""
    return VariantFacts.of(tiers, {g: spec["mechanism"] for g, spec in gene_table(kb).items()})


def judge(call: Call, kb: dict, facts: VariantFacts) -> dict | None:
    """The first germline rule that holds for the call (finding or not), or None."""
    for rule in kb["rules"]:
        if variant_holds(rule.get("when") or {}, call, facts, bool(call.hotspot)):
            return rule
    return None


def _carries_alt(genotype: str) -> bool:
    alleles = genotype.replace("|", "/").split("/")
    return any(a not in ("0", ".", "") for a in alleles)


def findings(
    calls: list[Call], kb: dict, tiers: dict, normal: str, check_reads: bool = True
) -> list[dict]:
    """<GENE>_germline findings from the matched normal's annotated germline calls."""
    genes, ev, facts = gene_table(kb), kb["evidence"], _facts(kb, tiers)
    out: dict[str, dict] = {}
    for call in calls:
        spec = genes.get(call.gene)
        if spec is None or not _carries_alt(call.genotype):
            continue
        # A call that failed a germline filter (config/filters/germline.yaml) is not reported.
        if call.filters:
            continue
        low = (call.depth or 0) < ev["min_depth"] or (call.alt_reads or 0) < ev["min_alt_reads"]
        if check_reads and low:
            continue
        # A call given without a VAF (findings file, check_reads False) is taken as called.
        if call.vaf is None and check_reads:
            continue
        if call.vaf is not None and call.vaf < ev["min_vaf"]:
            continue
        rule = judge(call, kb, facts)
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
    genes, to, facts = gene_table(kb), kb["tumor_only"], _facts(kb, tiers)
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
        rule = judge(call, kb, facts)
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
