"""Everything one sample's report shows, as one JSON-ready dict (the LIMS JSON is this dict; the
HTML and PDF render it). Every value comes from a pipeline output or the config; a missing
input or value becomes "not assessed" / "not available", never a blank or a guess."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from alwgs.report import inputs as rd
from alwgs.report.labels import (
    METRIC_NAMES,
    NOT_ASSESSED,
    NOT_AVAILABLE,
    TIER_ORDER,
    TIER_TITLES,
    lesion_label,
    metric_name,
    pct,
)

FORMAT_VERSION = 1
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


@dataclass
class ReportInputs:
    """Paths of the files one report reads (None or a missing file: not assessed)."""

    interpretation: str | None
    qc_tumor: str | None
    qc_normal: str | None = None
    itd: str | None = None
    itd_targets: str | None = None  # the targets the ITD stage could place (BED, name column)
    fusions: str | None = None
    sv_table: str | None = None
    sv_vcfs: list[str] = field(default_factory=list)
    events: str | None = None
    karyotype: str | None = None
    cnv_plot: str | None = None
    coverage_tumor: str | None = None
    coverage_normal: str | None = None
    versions: str | None = None
    reference_fai: str | None = None
    reference_dict: str | None = None
    germline_rules: str | None = None
    knowledge: dict[str, str] = field(default_factory=dict)  # label -> path


def _num(value):
    """A TSV cell as a number (int when whole), None when empty or '.'."""
    if value is None or value in ("", ".", "NA", "nan"):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() and "." not in str(value) else number


def _qc_block(qc: dict | None, sample: str | None, role: str) -> dict:
    if qc is None:
        return {
            "sample": sample or NOT_AVAILABLE,
            "role": role,
            "status": NOT_ASSESSED,
            "checks": [],
            "failing": [],
            "warning": [],
            "reasons": [],
        }
    checks = []
    for c in qc.get("checks", []):
        checks.append(
            {
                "id": c.get("id"),
                "key": c.get("metric", c.get("id", "")),
                "metric": metric_name(c.get("metric", c.get("id", ""))),
                "value": c.get("value"),
                "warn": c.get("warn"),
                "fail": c.get("fail"),
                # the gate writes NA for a check it could not make (identity without a normal)
                "status": NOT_ASSESSED if c.get("status") in (None, "NA") else c["status"],
                "source": c.get("source", ""),
            }
        )
    return {
        "sample": qc.get("sample", sample),
        "role": role,
        "status": qc.get("status", NOT_ASSESSED),
        "checks": checks,
        "failing": [c for c in checks if c["status"] == "FAIL"],
        "warning": [c for c in checks if c["status"] == "WARN"],
        "reasons": [_reason_text(r) for r in qc.get("reasons", [])],
    }


def _qc_rows(blocks: list[dict]) -> list[dict]:
    """The checks of the tumor and its normal side by side: one row per metric (in the gate's
    order), one cell per sample (None when the gate has no such check for it)."""
    keys: list[str] = []
    for b in blocks:
        keys += [c["key"] for c in b["checks"] if c["key"] not in keys]
    rows = []
    for key in keys:
        cells = [next((c for c in b["checks"] if c["key"] == key), None) for b in blocks]
        rows.append({"key": key, "metric": metric_name(key), "cells": cells})
    return rows


def _reason_text(reason: str) -> str:
    """'mean_depth 24.35 < 25 (warn)' -> 'Mean depth 24.35 < 25 (warn)'."""
    head, _, rest = reason.partition(" ")
    return f"{metric_name(head)} {rest}".strip() if head in METRIC_NAMES else reason


def _banners(interp: dict | None, qc_t: dict, qc_n: dict | None) -> list[dict]:
    """Messages shown above everything else: QC FAIL (red), QC WARN or missing input (amber)."""
    out = []
    if interp is None:
        out.append(
            {
                "level": "fail",
                "text": "The interpretation of this sample is missing: no finding can be "
                "reported. The report lists the QC only.",
            }
        )
    if qc_t["status"] == "FAIL":
        reasons = "; ".join(qc_t["reasons"]) or "see the QC section"
        out.append(
            {
                "level": "fail",
                "text": f"QC FAIL for {qc_t['sample']}: {reasons}. All results below are "
                "provisional and must not be used for clinical decisions without review "
                "and repeat testing.",
            }
        )
    elif qc_t["status"] == NOT_ASSESSED:
        out.append({"level": "warn", "text": "The QC gate of the tumor was not assessed."})
    elif qc_t["status"] == "WARN":
        reasons = "; ".join(qc_t["reasons"])
        out.append({"level": "warn", "text": f"QC WARN for {qc_t['sample']}: {reasons}."})
    if qc_n is not None and qc_n["status"] == "FAIL":
        reasons = "; ".join(qc_n["reasons"]) or "see the QC section"
        out.append(
            {
                "level": "fail",
                "text": f"The matched normal {qc_n['sample']} FAILED QC: {reasons}. Somatic "
                "filtering and germline findings rest on it and are provisional.",
            }
        )
    elif qc_n is not None and qc_n["status"] == "WARN":
        reasons = "; ".join(qc_n["reasons"])
        out.append(
            {
                "level": "warn",
                "text": f"QC WARN for the matched normal {qc_n['sample']}: {reasons}.",
            }
        )
    return out


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


def _summary(interp: dict, labels: dict[str, str]) -> dict:
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
    }


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


def _variant_row(v: dict, sources: dict) -> dict:
    clinvar_used = (sources.get("clinvar") or {}).get("used") == "yes"
    pop_used = (sources.get("population_af") or {}).get("used") == "yes"
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
        "reads_text": (
            f"{v['alt_reads']}/{v['depth']}"
            if v.get("alt_reads") is not None and v.get("depth") is not None
            else NOT_AVAILABLE
        ),
        "normal_vaf_text": pct(v["normal_vaf"]) if v.get("normal_vaf") is not None else "",
        "population_af": v.get("population_af"),
        "population_af_text": _pop_af(v.get("population_af"), pop_used),
        "clinvar": _clinvar(v.get("clinvar", ""), clinvar_used),
        "tier": v.get("tier"),
        "level": v.get("level"),
        "tier_rule": v.get("tier_rule"),
        "hotspot": v.get("hotspot") or "",
        "filter": v.get("filter") or NOT_AVAILABLE,
        "lesion": bool(v.get("lesion")),
    }


def _small_variants(interp: dict, list_noncoding_tier3: bool) -> dict:
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


def _lesion_by_position(interp: dict, kind: str) -> dict[tuple, dict]:
    out = {}
    for le in interp.get("lesions", []):
        if le.get("kind") != kind:
            continue
        for e in le.get("evidence", []):
            out[(e.get("chrom"), str(e.get("pos")))] = le
    return out


NOT_SEARCHED = "not searched (gene not in the reference annotation)"


def _searched_targets(path: str | None) -> set[str] | None:
    """Names of the ITD targets placed on the reference (results/small_variants/itd/
    targets.bed); None when the file is absent."""
    p = rd.present(path)
    if p is None:
        return None
    return {f[3] for f in (line.split("\t") for line in p.read_text().splitlines()) if len(f) > 3}


def _tandem_duplications(
    interp: dict,
    itd_rows: list[dict] | None,
    fusion_rows: list[dict] | None,
    targets: list[str],
    searched: set[str] | None = None,
) -> dict:
    itd_lesions = _lesion_by_position(interp, "itd")
    itd_variants = {
        (v.get("chrom"), str(v.get("pos"))): v
        for v in interp.get("variants", [])
        if v.get("itd_target")
    }
    rows = []
    for r in itd_rows or []:
        key = (r["chrom"], str(r["pos"]))
        variant = itd_variants.get(key, {})
        lesion = itd_lesions.get(key)
        rows.append(
            {
                "target": r["target"],
                "position": f"{r['chrom']}:{r['pos']}",
                "length": _num(r["length"]),
                "hgvsc": variant.get("hgvsc") or NOT_AVAILABLE,
                "hgvsp": variant.get("hgvsp") or NOT_AVAILABLE,
                "vaf": _num(r["vaf"]),
                "vaf_text": pct(_num(r["vaf"])),
                "allelic_ratio": _num(r["allelic_ratio"]),
                "allelic_ratio_text": (
                    f"{_num(r['allelic_ratio']):.2f}"
                    if _num(r["allelic_ratio"]) is not None
                    else NOT_AVAILABLE
                ),
                "itd_reads": _num(r["itd_reads"]),
                "junction_reads": _num(r["junction_reads"]),
                "detected_by": r.get("detected_by", ""),
                "tier": (lesion or variant).get("tier") or NOT_AVAILABLE,
                "lesion": lesion["id"] if lesion else "",
            }
        )
    ptd_lesions = {le["id"]: le for le in interp.get("lesions", []) if le.get("kind") == "ptd"}
    ptds = []
    for r in fusion_rows or []:
        if r.get("event") != "PTD":
            continue
        lesion = ptd_lesions.get(r["fusion"].replace("-PTD", "_PTD"))
        ptds.append(
            {
                "name": r["fusion"],
                "breakpoints": f"{r['chrom1']}:{r['pos1']}-{r['pos2']}",
                "span": _num(r["pos2"]) - _num(r["pos1"]) + 1,
                "callers": r.get("callers", ""),
                "split_reads": _num(r.get("split_reads")),
                "paired_reads": _num(r.get("paired_reads")),
                "tier": lesion.get("tier") if lesion else "III",
                "lesion": lesion["id"] if lesion else "",
            }
        )
    found = {r["target"] for r in rows}

    def result(target: str) -> str:
        if itd_rows is None:
            return NOT_ASSESSED
        if target in found:
            return "detected"
        return "not detected" if searched is None or target in searched else NOT_SEARCHED

    return {
        "assessed": itd_rows is not None,
        "targets": [{"name": t, "result": result(t)} for t in targets],
        "rows": rows,
        "ptd_assessed": fusion_rows is not None,
        "ptds": ptds,
    }


_SV_MODE = {"paired": "with the matched normal", "tumor_only": "tumor alone"}


def _sv_callers(vcfs: list[str], interp: dict) -> tuple[list[dict], list[str]]:
    """Each SV caller's mode, number of calls and notes (##alwgs_sv_mode/_note of its VCF), and
    the limitations they imply: a caller without calls, or one that called a paired tumor alone."""
    callers, limits = [], []
    for vcf in vcfs:
        caller = Path(vcf).name.split(".")[-3]
        modes = rd.vcf_header_lines(vcf, "alwgs_sv_mode")
        mode = re.search(r"mode=([^,>]+)", modes[0]).group(1) if modes else None
        notes = [n.strip('"') for n in rd.vcf_header_lines(vcf, "alwgs_sv_note")]
        records = rd.vcf_record_count(vcf)
        callers.append(
            {
                "caller": caller,
                "mode": _SV_MODE.get(mode, mode or NOT_AVAILABLE),
                "records": records if records is not None else NOT_AVAILABLE,
                "notes": notes,
            }
        )
        why = f" ({'; '.join(notes)})" if notes else ""
        if records == 0:
            limits.append(f"Structural variants: {caller} reported no call{why}.")
        if mode == "tumor_only" and interp.get("mode") == "paired":
            limits.append(
                f"Structural variants: {caller} called the tumor without its matched normal{why}; "
                "germline SVs may be listed."
            )
    return callers, limits


def _fusions(
    interp: dict, fusion_rows: list[dict] | None, sv_rows: list[dict] | None, callers: list[dict]
) -> dict:
    lesions = {le["id"]: le for le in interp.get("lesions", []) if le.get("kind") == "fusion"}
    rows = []
    for r in fusion_rows or []:
        if r.get("event") == "PTD":
            continue
        lesion = lesions.get(r["fusion"])
        rows.append(
            {
                "fusion": r["fusion"],
                "event": r.get("event", ""),
                "breakpoint5": f"{r['chrom1']}:{r['pos1']} ({r['gene5']})",
                "breakpoint3": f"{r['chrom2']}:{r['pos2']} ({r['gene3']})",
                "known": r.get("known", ""),
                "orientation_ok": r.get("orientation_ok", ""),
                "callers": r.get("callers", ""),
                "split_reads": _num(r.get("split_reads")),
                "paired_reads": _num(r.get("paired_reads")),
                "tier": lesion.get("tier") if lesion else "III",
                "lesion": lesion["id"] if lesion else "",
            }
        )
    rows.sort(key=lambda r: (TIER_ORDER.get(r["tier"], 9), r["fusion"]))
    passing = [r for r in (sv_rows or []) if r.get("filter") == "PASS"]
    in_fusions = {
        sid for r in (fusion_rows or []) for sid in (r.get("sv_ids") or "").split(",") if sid
    }
    return {
        "assessed": fusion_rows is not None,
        "rows": rows,
        "sv_assessed": sv_rows is not None,
        "sv_pass": len(passing),
        "sv_other": sum(1 for r in passing if r["id"] not in in_fusions),
        "callers": callers,
    }


def _copy_number(
    interp: dict, events: list[dict] | None, karyo: dict | None, plot, ref_note, fusions
):
    # An event whose edges were snapped to an SV that makes a fusion or PTD is that event's
    # copy-number footprint (a KMT2A-PTD reads as a focal gain): name it.
    fusion_of_sv = {
        sid: r["fusion"] for r in fusions or [] for sid in (r.get("sv_ids") or "").split(",") if sid
    }
    lesion_of = {}
    for le in interp.get("lesions", []):
        if le.get("kind") in ("cna", "focal_deletion"):
            for e in le.get("evidence", []):
                lesion_of[(e.get("chrom"), str(e.get("start")), str(e.get("end")))] = le
    rows = []
    for r in events or []:
        lesion = lesion_of.get((r["chrom"], str(r["start"]), str(r["end"])))
        start, end = _num(r["start"]), _num(r["end"])
        rows.append(
            {
                "event": r["event"],
                "level": r.get("level", ""),
                "type": r.get("type", ""),
                "region": f"{r['chrom']}:{start + 1}-{end}",
                "size": end - start,
                "copy_number": _num(r.get("copy_number")),
                "log2": _num(r.get("log2")),
                "baf": _num(r.get("baf")),
                "baf_text": r.get("baf") if r.get("baf") not in (None, "", ".") else NOT_AVAILABLE,
                "bins": _num(r.get("bins")),
                "genes": (r.get("genes") or "").replace(",", ", ") or "none",
                "sv_support": r.get("sv_support") if r.get("sv_support") not in ("", ".") else "",
                "tier": lesion.get("tier") if lesion else "",
                "lesion": lesion["id"] if lesion else "",
                "same_event_as": fusion_of_sv.get(r.get("sv_support") or "", ""),
            }
        )
    karyotype = (karyo or {}).get("karyotype") or interp.get("karyotype")
    detail = karyo or interp.get("karyotype_detail") or {}
    notes = []
    if interp.get("mode") == "tumor_only":
        notes.append("Copy-neutral LOH is not called without a matched normal.")
    if interp.get("blast_fraction") is None:
        notes.append("Blast fraction not given: copy numbers are not purity-adjusted.")
    return {
        "assessed": events is not None,
        "karyotype": karyotype or NOT_ASSESSED,
        "chromosome_count": detail.get("chromosome_count"),
        "abnormality_count": detail.get("abnormality_count"),
        "complex": detail.get("complex"),
        "monosomal": detail.get("monosomal"),
        "ploidy_group": detail.get("ploidy_group") or NOT_AVAILABLE,
        "rows": rows,
        "plot": Path(plot).name if plot else None,
        "reference_note": ref_note or NOT_AVAILABLE,
        "notes": notes,
    }


def _germline(interp: dict, genes: list[str], normal_coverage: list[dict] | None) -> dict:
    """Findings of the matched normal (or tumor-only confirmation requests). A predisposition
    gene without a row in the normal's coverage table, or marked NOT_ASSESSED there (no
    transcript in the reference annotation, not in the panel), was not screened."""
    paired = interp.get("mode") == "paired"
    if normal_coverage is not None:
        covered = {r["gene"] for r in normal_coverage if r["status"] != "NOT_ASSESSED"}
        screened = [g for g in genes if g in covered]
        not_screened = [g for g in genes if g not in covered]
    else:
        screened, not_screened = list(genes), []
    findings = []
    for g in interp.get("germline", []):
        ev = (g.get("evidence") or [{}])[0]
        findings.append(
            {
                "gene": g.get("gene"),
                "sample": g.get("sample"),
                "variant": ev.get("variant", ""),
                "hgvsc": ev.get("hgvsc") or NOT_AVAILABLE,
                "hgvsp": ev.get("hgvsp") or "no protein change",
                "genotype": ev.get("genotype") or NOT_AVAILABLE,
                "vaf_text": pct(ev.get("vaf")),
                "reads_text": (
                    f"{ev['alt_reads']}/{ev['depth']}"
                    if ev.get("alt_reads") is not None and ev.get("depth") is not None
                    else NOT_AVAILABLE
                ),
                "clinvar": (ev.get("clinvar") or "not in ClinVar").replace("_", " "),
                "classification": g.get("classification", ""),
                "category": g.get("category", ""),
                "rule_id": g.get("rule_id"),
                "recommendation": g.get("recommendation", ""),
            }
        )
    confirm = []
    for g in interp.get("germline_confirmation", []):
        ev = (g.get("evidence") or [{}])[0]
        confirm.append(
            {
                "gene": g.get("gene"),
                "variant": ev.get("variant", ""),
                "hgvsc": ev.get("hgvsc") or NOT_AVAILABLE,
                "hgvsp": ev.get("hgvsp") or "no protein change",
                "vaf_text": pct(ev.get("vaf")),
                "reason": g.get("reason", ""),
            }
        )
    return {
        "assessed": paired,
        "normal": interp.get("matched_normal"),
        "genes": screened,
        "genes_not_screened": not_screened,
        "findings": findings,
        "confirmation": confirm,
    }


def _coverage(
    rows: list[dict] | None, panels: tuple[str, ...] | None, role: str, sample: str | None
) -> dict:
    if rows is None:
        return {
            "role": role,
            "assessed": False,
            "sample": sample,
            "genes": 0,
            "min_depth": None,
            "insufficient": [],
            "genes_insufficient": 0,
            "not_assessable": [],
        }
    if panels:
        rows = [r for r in rows if set(r["panels"].split(",")) & set(panels)]
    missing = [r["gene"] for r in rows if r["status"] == "NOT_ASSESSED"]
    rows = [r for r in rows if r["status"] != "NOT_ASSESSED"]
    flagged = [r for r in rows if r["status"] != "PASS" or r["failed_exons"]]
    return {
        "role": role,
        "assessed": True,
        "sample": sample,
        "genes": len(rows),
        "min_depth": _num(rows[0]["min_depth"]) if rows else None,
        "insufficient": [
            {
                "gene": r["gene"],
                "transcript": r["transcript"],
                "bases": _num(r["bases"]),
                "mean_depth": _num(r["mean_depth"]),
                "pct": _num(r["pct_at_min_depth"]),
                "status": r["status"],
                "failed_exons": r["failed_exons"] or "none",
                "explained_by": "",
            }
            for r in flagged
        ],
        "genes_insufficient": sum(1 for r in rows if r["status"] != "PASS"),
        "not_assessable": missing,
    }


def _explain_by_deletions(block: dict, events: list[dict] | None) -> None:
    """A tumor gene below the floor that lies in a called loss is expected to be: say so."""
    for row in block["insufficient"]:
        losses = [
            e
            for e in events or []
            if e.get("type") == "loss" and row["gene"] in (e.get("genes") or "").split(",")
        ]
        row["explained_by"] = "; ".join(
            f"in the called loss {e['event']} ({e['copy_number']} copies, section 7)"
            for e in losses
        )


def _germline_genes(path: str | None) -> list[str]:
    p = rd.present(path)
    if p is None:
        return []
    data = yaml.safe_load(p.read_text()) or {}
    return [g["gene"] for g in data.get("genes", []) if "gene" in g]


KNOWLEDGE_LABELS = {
    "tiers": "AMP/ASCO/CAP 2017 tiers",
    "eln": "ELN 2022 genetic risk",
    "who_icc": "WHO 2022 / ICC 2022 entities",
    "germline": "germline predisposition",
    "focal_genes": "focal deletion genes",
    "hotspots": "hotspots",
    "panel": "gene panel",
}
NOT_STATED = "not stated in the file"


def _version_text(value) -> str:
    text = str(value or "").strip()
    return re.sub(r"^version:\s*", "", text) or NOT_STATED


def _methods(interp: dict, inp: ReportInputs, meta: dict) -> dict:
    versions = rd.read_versions(inp.versions)
    ref = rd.reference_summary(inp.reference_fai, inp.reference_dict)
    knowledge: dict[str, dict] = {}  # file name -> entry (one row per file)
    for key, k in (interp.get("knowledge") or {}).items():
        name = k.get("file") or key
        knowledge[name] = {
            "name": KNOWLEDGE_LABELS.get(key, key.replace("_", " ")),
            "file": name,
            "version": _version_text(k.get("version")),
        }
    for label, path in inp.knowledge.items():
        name = Path(path).name
        stated = rd.knowledge_version(path)
        if name not in knowledge or (stated and knowledge[name]["version"] == NOT_STATED):
            knowledge[name] = {"name": label, "file": name, "version": stated or NOT_STATED}
    databases = []
    for key, s in sorted((interp.get("annotation_sources") or {}).items()):
        databases.append(
            {
                "name": key,
                "used": s.get("used", NOT_AVAILABLE),
                "file": s.get("file", NOT_AVAILABLE),
                "version": _version_text(s.get("version")),
            }
        )
    reference = {"build": NOT_AVAILABLE, "fasta": NOT_AVAILABLE, "gff3": NOT_AVAILABLE}
    reference.update(meta.get("reference") or {})
    reference.update(
        {
            "sequences": ref["sequences"] if ref["sequences"] is not None else NOT_AVAILABLE,
            "bases": ref["bases"] if ref["bases"] is not None else NOT_AVAILABLE,
            "digest": ref["digest"] or NOT_AVAILABLE,
        }
    )
    return {
        "tools": versions if versions is not None else [],
        "tools_assessed": versions is not None,
        "reference": reference,
        "databases": databases,
        "knowledge": sorted(knowledge.values(), key=lambda k: k["name"].lower()),
        "steps": list(meta.get("method_steps", [])),
    }


def _limitations(interp, settings, qc_t, qc_n, coverage, sv_notes) -> list[str]:
    out = []
    if interp.get("mode") == "tumor_only":
        out.append(
            "Tumor-only analysis (no matched normal): somatic and germline variants cannot be "
            "told apart with certainty, germline predisposition is not assessed, and copy-"
            "neutral LOH is not called."
        )
    if interp.get("blast_fraction") is None:
        out.append(
            "Blast fraction not given in the sample sheet: blast thresholds of WHO/ICC entities "
            "were not checked and copy numbers are not purity-adjusted."
        )
    if interp.get("diagnosis") not in (None, "AML"):
        out.append(
            f"The ELN 2022 genetic risk classification applies to AML only (diagnosis: "
            f"{interp.get('diagnosis')})."
        )
    for block in (qc_t, qc_n):
        if block and block["status"] in ("WARN", "FAIL"):
            out.append(
                f"QC {block['status']} for {block['sample']}: {'; '.join(block['reasons'])}."
            )
    for cov in coverage:
        if cov["assessed"] and cov["genes_insufficient"]:
            out.append(
                f"{cov['genes_insufficient']} of {cov['genes']} genes assessed in {cov['sample']} "
                "have insufficient coverage (section 9): a variant there may be missed."
            )
        if cov["not_assessable"]:
            out.append(
                f"Not assessable in {cov['sample']} (no transcript in the reference annotation): "
                f"{', '.join(cov['not_assessable'])}."
            )
    if not coverage[0]["assessed"]:
        out.append("Coverage of the panel genes was not assessed (the coverage table is missing).")
    out.extend(sv_notes)
    out.extend(settings.get("limitations", []))
    return out


def build_context(inp: ReportInputs, settings: dict, meta: dict) -> dict:
    """The report of one tumor. `settings` is the config's report section; `meta` holds what
    the rule knows (batch, created, pipeline_version, reference, itd_targets,
    cnv_reference_note, method_steps, igv_page)."""
    interp = rd.read_json(inp.interpretation)
    qc_t = _qc_block(rd.read_json(inp.qc_tumor), meta.get("sample"), "tumor")
    normal_name = (interp or {}).get("matched_normal")
    qc_n = (
        _qc_block(rd.read_json(inp.qc_normal), normal_name, "matched normal")
        if normal_name
        else None
    )
    banners = _banners(interp, qc_t, qc_n)
    interp = interp or {"sample": meta.get("sample"), "lesions": [], "variants": []}
    labels = {le["id"]: lesion_label(le) for le in interp.get("lesions", [])}
    fusion_rows = rd.read_tsv(inp.fusions)
    sv_callers, sv_notes = _sv_callers(inp.sv_vcfs, interp)
    cov_settings = settings.get("coverage", {})
    sample = interp.get("sample") or meta.get("sample")
    tandem = _tandem_duplications(
        interp,
        rd.read_tsv(inp.itd),
        fusion_rows,
        meta.get("itd_targets", []),
        _searched_targets(inp.itd_targets),
    )
    coverage = [_coverage(rd.read_tsv(inp.coverage_tumor), None, "tumor", sample)]
    events = rd.read_tsv(inp.events)
    _explain_by_deletions(coverage[0], events)
    normal_coverage = rd.read_tsv(inp.coverage_normal) if normal_name else None
    if normal_name:
        coverage.append(_coverage(normal_coverage, ("germline",), "normal", normal_name))
    blast = interp.get("blast_fraction")
    qc_status = qc_t["status"]
    return {
        "alwgs_report": FORMAT_VERSION,
        "header": {
            "lab": settings.get("lab", ""),
            "assay": settings.get("assay", ""),
            "disclaimer": settings.get("disclaimer", ""),
        },
        "status": {
            "report": "provisional (QC FAIL)" if qc_status == "FAIL" else "complete",
            "qc": qc_status,
            "interpretation": interp.get("status", NOT_AVAILABLE),
            "banners": banners,
            "signoff": "awaiting review",
        },
        "identifiers": {
            "sample": sample,
            "patient": interp.get("patient") or NOT_AVAILABLE,
            "diagnosis": interp.get("diagnosis") or NOT_AVAILABLE,
            "sex": interp.get("sex") or NOT_AVAILABLE,
            "blast_fraction": pct(blast, 0) if blast is not None else "not given",
            "mode": {"paired": "tumor/normal", "tumor_only": "tumor only"}.get(
                interp.get("mode"), NOT_AVAILABLE
            ),
            "matched_normal": normal_name or "none",
            "batch": meta.get("batch", NOT_AVAILABLE),
            "report_created": meta.get("created", NOT_AVAILABLE),
            "sample_dates": "not recorded in the sample sheet",
            "pipeline_version": meta.get("pipeline_version", NOT_AVAILABLE),
            "reference": (meta.get("reference") or {}).get("build", NOT_AVAILABLE),
        },
        "qc": {
            "tumor": qc_t,
            "normal": qc_n,
            "rows": _qc_rows([qc_t] + ([qc_n] if qc_n else [])),
        },
        "summary": _summary(interp, labels),
        "small_variants": _small_variants(interp, settings.get("list_noncoding_tier3", False)),
        "tandem_duplications": tandem,
        "fusions": _fusions(interp, fusion_rows, rd.read_tsv(inp.sv_table), sv_callers),
        "copy_number": _copy_number(
            interp,
            events,
            rd.read_json(inp.karyotype),
            rd.present(inp.cnv_plot),
            meta.get("cnv_reference_note"),
            fusion_rows,
        ),
        "germline": _germline(interp, _germline_genes(inp.germline_rules), normal_coverage),
        "coverage": {
            "blocks": coverage,
            "min_fraction": cov_settings.get("min_fraction"),
            "definition": "coding exons of the preferred transcript of each panel gene, with "
            f"{cov_settings.get('splice_pad', 0)} bp of each exon-intron boundary",
        },
        "methods": _methods(interp, inp, meta),
        "limitations": _limitations(interp, settings, qc_t, qc_n, coverage, sv_notes)
        + [
            f"{t['name']} was not searched: its gene is not in the reference annotation."
            for t in tandem["targets"]
            if t["result"] == NOT_SEARCHED
        ],
        "igv": {"page": meta.get("igv_page"), "sites": meta.get("igv_sites")},
        "signoff": {
            "reviewed_by": None,
            "reviewed_on": None,
            "authorised_by": None,
            "authorised_on": None,
            "comments": None,
        },
    }
