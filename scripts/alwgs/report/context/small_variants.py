"""The small-variant section: SNVs and indels grouped by tier (I, II, III), one row
each with its annotation, and notes for the tier III and IV variants that are counted but not
listed. ITDs are not here (see structural.py)."""

from __future__ import annotations

from alwgs.report.context.values import reads_text
from alwgs.report.labels import NOT_ASSESSED, NOT_AVAILABLE, TIER_TITLES, pct

# bcftools csq consequences that change the protein or a splice site: a tier III variant with
# one of them is listed; other (intronic, UTR) tier III variants are counted.
CODING_TERMS = (
    "missense",
    "frameshift",
    "inframe",
    "stop_",
    "start_lost",
    "splice",
    "protein_altering",
)


def _is_coding(variant: dict) -> bool:
    consequence = (variant.get("consequence") or "").lower()
    return bool(variant.get("hgvsp")) or any(t in consequence for t in CODING_TERMS)


def _clinvar(value: str, used: bool) -> str:
    if not used:
        return NOT_ASSESSED
    return (value or "").replace("_", " ") or "not in ClinVar"


def _pop_af(value, used: bool) -> str:
    if not used:
        return NOT_ASSESSED
    if value is None:
        return "absent"
    return f"{float(value):.2g}"


def _oncogenicity(onc: dict | None) -> tuple[str, str]:
    """('likely oncogenic', 'OS2 +4, OS3 +4, OP4 +1 = 9 points') of a variant's oncogenicity
    (ClinGen/CGC/VICC SOP); the codes the engine could not evaluate are counted in a note."""
    if not onc:
        return NOT_AVAILABLE, ""
    codes = ", ".join(f"{c['code']} {c['points']:+d}" for c in onc.get("codes", []))
    text = f"{codes or 'no evidence code'} = {onc.get('points', 0)} points"
    return onc["class"].replace("_", " "), text


def _origin(v: dict) -> str:
    """Tumor-only: 'somatic (P germline 0.02)'; '' when the filter did not assess it."""
    cls, p = v.get("germline_class"), v.get("germline_p")
    if not cls or p is None:
        return ""
    shown = "< 0.01" if p < 0.01 else "> 0.99" if p > 0.99 else f"{p:.2f}"
    return f"{cls} (P germline {shown})"


def _variant_row(v: dict, sources: dict) -> dict:
    clinvar_used = (sources.get("clinvar") or {}).get("used") == "yes"
    pop_used = (sources.get("population_af") or {}).get("used") == "yes"
    onc_class, onc_codes = _oncogenicity(v.get("oncogenicity"))
    return {
        "gene": v.get("gene") or NOT_AVAILABLE,
        "transcript": v.get("transcript") or NOT_AVAILABLE,
        "variant": v.get("variant", ""),
        "chrom": v.get("chrom"),
        "pos": v.get("pos"),
        "hgvsc": v.get("hgvsc") or NOT_AVAILABLE,
        "hgvsp": v.get("hgvsp") or "no protein change",
        "consequence": (v.get("consequence") or NOT_AVAILABLE).replace("_", " "),
        "vaf": v.get("vaf"),
        "vaf_text": pct(v.get("vaf")),
        "alt_reads": v.get("alt_reads"),
        "depth": v.get("depth"),
        "reads_text": reads_text(v),
        "normal_vaf_text": pct(v["normal_vaf"]) if v.get("normal_vaf") is not None else "",
        "origin_text": _origin(v),
        "population_af": v.get("population_af"),
        "population_af_text": _pop_af(v.get("population_af"), pop_used),
        "clinvar": _clinvar(v.get("clinvar", ""), clinvar_used),
        "oncogenicity": onc_class,
        "oncogenicity_codes": onc_codes,
        "oncogenicity_not_evaluated": [
            c["code"] for c in (v.get("oncogenicity") or {}).get("not_evaluated", [])
        ],
        "tier": v.get("tier"),
        "level": v.get("level"),
        "tier_rule": v.get("tier_rule"),
        "hotspot": v.get("hotspot") or "",
        "filter": v.get("filter") or NOT_AVAILABLE,
        "lesion": bool(v.get("lesion")),
    }


def small_variant_section(interp: dict, list_noncoding_tier3: bool) -> dict:
    """Tiers I-III in order; a tier III variant outside the coding sequence and splice sites is
    listed only when the config asks for it (list_noncoding_tier3)."""
    sources = interp.get("annotation_sources") or {}
    variants = [v for v in interp.get("variants", []) if not v.get("itd_target")]
    tiers = []
    hidden: dict[str, int] = {}
    for tier in ("I", "II", "III"):
        rows = [v for v in variants if v.get("tier") == tier]
        if tier == "III" and not list_noncoding_tier3:
            hidden["III"] = sum(1 for v in rows if not _is_coding(v))
            rows = [v for v in rows if _is_coding(v)]
        rows.sort(key=lambda v: (v.get("gene") or "", v.get("chrom") or "", v.get("pos") or 0))
        empty = f"No tier {tier} variant."
        if hidden.get(tier):  # some exist but are not listed: do not say there is none
            empty = f"No tier {tier} variant in the coding sequence or splice sites."
        tiers.append(
            {
                "tier": tier,
                "title": TIER_TITLES[tier],
                "rows": [_variant_row(v, sources) for v in rows],
                "empty": empty,
            }
        )
    tier4 = sum(1 for v in variants if v.get("tier") == "IV")
    notes = []
    if hidden.get("III"):
        notes.append(
            f"{hidden['III']} tier III variant(s) outside the coding sequence and splice sites "
            "(intronic, UTR) are not listed; they are in the annotated variant table."
        )
    if tier4:
        notes.append(
            f"{tier4} tier IV (benign or likely benign) variant(s) are not listed; they are in "
            "the annotated variant table."
        )
    return {
        "tiers": tiers,
        "tier3_not_listed": hidden.get("III", 0),
        "tier4_count": tier4,
        "reportable_count": sum(len(t["rows"]) for t in tiers if t["tier"] in ("I", "II")),
        "notes": notes,
        "mode": interp.get("mode"),
    }
