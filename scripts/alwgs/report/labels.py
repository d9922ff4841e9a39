"""Words a clinician reads for the pipeline's identifiers (lesion ids, tiers, QC metrics)."""

from __future__ import annotations

NOT_ASSESSED = "not assessed"
NOT_AVAILABLE = "not available"

TIER_TITLES = {
    "I": "Tier I: variants of strong clinical significance",
    "II": "Tier II: variants of potential clinical significance",
    "III": "Tier III: variants of unknown clinical significance",
    "IV": "Tier IV: benign or likely benign variants",
}
TIER_ORDER = {"I": 1, "II": 2, "III": 3, "IV": 4}

METRIC_NAMES = {
    "percent_mapped": "Reads mapped",
    "percent_properly_paired": "Reads properly paired",
    "duplicate_rate": "Duplicate reads",
    "percent_q30": "Bases with quality >= 30",
    "mean_depth": "Mean depth",
    "pct_genome_20x": "Genome at >= 20x",
    "mean_insert_size": "Mean insert size",
    "sex_check": "Sex check (declared vs inferred)",
    "identity": "Tumor/normal identity (discordance)",
}

KARYOTYPE_LESIONS = {
    "complex_karyotype": "Complex karyotype",
    "complex_karyotype_who2022": "Complex karyotype (WHO 2022: >= 3 abnormalities)",
    "monosomal_karyotype": "Monosomal karyotype",
    "high_hyperdiploidy": "High hyperdiploidy",
    "near_haploid": "Near-haploidy",
    "low_hypodiploid": "Low hypodiploidy",
    "high_hypodiploid": "High hypodiploidy",
    "iAMP21": "iAMP21",
}


def metric_name(metric: str) -> str:
    return METRIC_NAMES.get(metric, metric.replace("_", " "))


def _variant_text(evidence: dict) -> str:
    change = evidence.get("hgvsp") or evidence.get("hgvsc") or evidence.get("variant") or ""
    return f"{evidence.get('gene', '')} {change}".strip()


def lesion_label(lesion: dict) -> str:
    """A lesion as a report names it: gene and protein change for a mutation, the fusion name,
    the ISCN-like event, 'IKZF1 deletion', 'Complex karyotype'."""
    lid = lesion.get("id", "")
    kind = lesion.get("kind", "")
    evidence = lesion.get("evidence") or []
    if kind == "mutation":
        changes = [_variant_text(e) for e in evidence if e.get("source") == "small_variants"]
        return "; ".join(changes) if changes else lid.replace("_mut", " mutation")
    if kind == "itd":
        return lid.replace("_", "-")
    if kind == "ptd":
        return lid.replace("_PTD", "-PTD")
    if kind == "focal_deletion":
        gene = lid.removesuffix("_del")
        events = sorted({e.get("event", "") for e in evidence if e.get("event")})
        return f"{gene} deletion" + (f" ({', '.join(events)})" if events else "")
    if kind in ("karyotype", "ploidy"):
        return KARYOTYPE_LESIONS.get(lid, lid.replace("_", " ").capitalize())
    return lid


def pct(value, digits: int = 1) -> str:
    """0.3714 -> '37.1%'; None -> 'not available'."""
    if value is None or value == "":
        return NOT_AVAILABLE
    return f"{100 * float(value):.{digits}f}%"
