"""Read support of one sample's allele, whichever stage wrote the record: ITD records (INFO
ITD_VAF/ITD_ALT), somatic evidence tags (T_VAF/T_AO/T_DP, N_VAF), or FORMAT/AD."""

from __future__ import annotations


def _info(rec, key):
    try:
        value = rec.info.get(key)
    except (KeyError, ValueError):
        return None
    if isinstance(value, tuple):
        value = value[0] if value else None
    return value


def _ad(rec, sample: str) -> tuple[int, int] | None:
    if sample not in rec.samples:
        return None
    try:
        ad = rec.samples[sample].get("AD")
    except (KeyError, ValueError):
        return None
    if not ad or len(ad) < 2 or ad[0] is None or ad[1] is None:
        return None
    return int(ad[0]), int(ad[1])


def genotype(rec, sample: str) -> str:
    if sample not in rec.samples:
        return ""
    gt = rec.samples[sample].get("GT")
    if not gt or all(a is None for a in gt):
        return ""
    sep = "|" if rec.samples[sample].phased else "/"
    return sep.join("." if a is None else str(a) for a in gt)


def allele_evidence(rec, sample: str) -> dict:
    """vaf, alt_reads, depth of the sample (None when unknown), normal_vaf when the somatic
    stage measured it, and the genotype as called."""
    out = {
        "vaf": None,
        "alt_reads": None,
        "depth": None,
        "normal_vaf": _info(rec, "N_VAF"),
        "genotype": genotype(rec, sample),
    }
    ad = _ad(rec, sample)
    if "ITD" in rec.info and _info(rec, "ITD_VAF") is not None:
        out["vaf"] = round(float(_info(rec, "ITD_VAF")), 4)
        out["alt_reads"] = _info(rec, "ITD_ALT")
        out["depth"] = sum(ad) if ad else None
    elif _info(rec, "T_VAF") is not None:
        out["vaf"] = round(float(_info(rec, "T_VAF")), 4)
        out["alt_reads"] = _info(rec, "T_AO")
        out["depth"] = _info(rec, "T_DP")
    elif ad:
        out["alt_reads"], out["depth"] = ad[1], sum(ad)
        out["vaf"] = round(ad[1] / sum(ad), 4) if sum(ad) else None
    return out
