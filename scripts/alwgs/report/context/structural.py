"""The structural sections: tandem duplications (ITDs per searched target, KMT2A-type PTDs),
the SV callers that ran (mode, calls, and the limitations they imply), and the fusions with
the count of other passing SVs."""

from __future__ import annotations

import re
from pathlib import Path

from alwgs import not_assessed
from alwgs.report import inputs as rd
from alwgs.report.context.values import number
from alwgs.report.labels import NOT_ASSESSED, NOT_AVAILABLE, TIER_ORDER, pct
from alwgs.sv.targeted_counts import CALLER as TARGETED


def ar_text(r: dict) -> str:
    """'0.25 (95% CI 0.18–0.33; 40 ITD / 160 wild-type fragments)' from an itd.tsv row."""
    ar = number(r.get("allelic_ratio"))
    if ar is None:
        return NOT_AVAILABLE
    lo, hi = number(r.get("ar_ci_low")), number(r.get("ar_ci_high"))
    itd, wt = number(r.get("itd_fragments")), number(r.get("wt_fragments"))
    parts = []
    if lo is not None and hi is not None:
        parts.append(f"95% CI {lo:.2f}–{hi:.2f}")
    if itd is not None and wt is not None:
        parts.append(f"{itd:.0f} ITD / {wt:.0f} wild-type fragments")
    return f"{ar:.2f}" + (f" ({'; '.join(parts)})" if parts else "")


def _lesion_by_position(interp: dict, kind: str) -> dict[tuple, dict]:
    out = {}
    for le in interp.get("lesions", []):
        if le.get("kind") != kind:
            continue
        for e in le.get("evidence", []):
            out[(e.get("chrom"), str(e.get("pos")))] = le
    return out


NOT_SEARCHED = "not searched (gene not in the reference annotation)"


def searched_targets(path: str | None) -> set[str] | None:
    """Names of the ITD targets placed on the reference (results/small_variants/itd/
    targets.bed); None when the file is absent."""
    p = rd.present(path)
    if p is None:
        return None
    return {f[3] for f in (line.split("\t") for line in p.read_text().splitlines()) if len(f) > 3}


def tandem_duplication_section(
    interp: dict,
    itd_rows: list[dict] | None,
    fusion_rows: list[dict] | None,
    targets: list[str],
    searched: set[str] | None = None,
    sv_not_assessed_reason: str | None = None,
) -> dict:
    """The ITDs found per target (`targets`: those the pipeline looks for; `searched`: those
    placed on the reference, None when unknown) and the PTDs among the fusion calls."""
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
                "length": number(r["length"]),
                "hgvsc": variant.get("hgvsc") or NOT_AVAILABLE,
                "hgvsp": variant.get("hgvsp") or NOT_AVAILABLE,
                "vaf": number(r["vaf"]),
                "vaf_text": pct(number(r["vaf"])),
                "allelic_ratio": number(r["allelic_ratio"]),
                "allelic_ratio_text": ar_text(r),
                "itd_fragments": number(r.get("itd_fragments")),
                "wt_fragments": number(r.get("wt_fragments")),
                "scanitd_af_text": (
                    f"{number(r['scanitd_af']):.3f}"
                    if number(r.get("scanitd_af")) is not None
                    else NOT_AVAILABLE
                ),
                "note": "" if r.get("note") in (None, "", ".") else r["note"],
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
                "span": number(r["pos2"]) - number(r["pos1"]) + 1,
                "callers": r.get("callers", ""),
                "split_reads": number(r.get("split_reads")),
                "paired_reads": number(r.get("paired_reads")),
                "somatic_status": r.get("somatic_status", ""),
                "somatic_status_text": somatic_status_text(r),
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
        "ptd_not_assessed": sv_not_assessed_reason,
        "ptds": ptds,
    }


def unsearched_target_limitations(tandem: dict) -> list[str]:
    """One limitation per ITD target that was not searched (its gene is not in the reference
    annotation), from the tandem duplication section."""
    return [
        f"{t['name']} was not searched: its gene is not in the reference annotation."
        for t in tandem["targets"]
        if t["result"] == NOT_SEARCHED
    ]


def targeted_limitations(fusion_rows: list[dict] | None) -> list[str]:
    """One limitation per fusion that rests on a targeted read count (alwgs.sv.targeted_counts):
    its junction was not resolved."""
    return [
        f"{r['fusion']} rests on a targeted read-pair count ({r.get('paired_reads')} fragments"
        f" between {r['gene5']} and {r['gene3']} copies), not on a junction: its partner lies in"
        " a repeat whose reads have no unique place, so the breakpoints, orientation and the"
        " copy moved were not resolved; confirm by RNA or a junction assay."
        for r in fusion_rows or []
        if r.get("callers") == TARGETED
    ]


_SV_MODE = {
    "paired": "with the matched normal",
    "tumor_only": "tumor alone",
    "tumor_only_fallback": "tumor alone (the matched normal could not be used)",
    "not_assessed": NOT_ASSESSED,
}
# Analyses of the SV stage as the report names them (alwgs.not_assessed entries).
ANALYSIS_NAMES = {
    "sv": "structural variants and fusions",
    "sv_germline_filter": (
        "the SV callers' own germline filter with the matched normal (each SV's somatic"
        " status is read from the normal's reads instead)"
    ),
    "cnv": "copy number and karyotype",
}


def sv_callers(vcfs: list[str], interp: dict) -> tuple[list[dict], list[str]]:
    """Each SV caller's mode, number of calls and notes (##alwgs_sv_mode/_note of its VCF), and
    the limitations they imply: a caller that could not run (not assessed, with the reason and
    the sample), one without calls, or one that called a paired tumor alone."""
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
                "assessed": mode != "not_assessed" and records is not None,
            }
        )
        why = f" ({'; '.join(notes)})" if notes else ""
        missing = [e for e in not_assessed.read(vcf) if e.analysis == "sv"]
        if mode == "not_assessed" or missing:
            reasons = "; ".join(e.text() for e in missing) or "; ".join(notes)
            limits.append(f"Structural variants: {caller} not assessed ({reasons}).")
        elif records == 0:
            limits.append(f"Structural variants: {caller} reported no call{why}.")
        if mode in ("tumor_only", "tumor_only_fallback") and interp.get("mode") == "paired":
            limits.append(
                f"Structural variants: {caller} called the tumor without its matched normal{why};"
                " the somatic status of each SV was read from the normal's reads at its"
                " breakpoints instead (fusion table)."
            )
    return callers, limits


def sv_not_assessed(inp_fusions: str | None, inp_sv_table: str | None) -> dict:
    """What the SV stage could not assess for this tumor, from the header of fusions.tsv (or
    of the SV table): `whole` (the reason text when no SV caller could run, else None),
    `entries` (every not-assessed line, as JSON)."""
    entries = not_assessed.read(inp_fusions) or not_assessed.read(inp_sv_table)
    whole = next((e for e in entries if e.analysis == "sv" and e.whole), None)
    return {"whole": whole.reason if whole else None, "entries": [e.to_json() for e in entries]}


def somatic_status_text(row: dict) -> str:
    """What the matched normal's reads say about an SV or fusion row (fusions.tsv
    somatic_status and its numbers, alwgs.sv.normal_support); rows without a status (made
    from a findings file) say it is not available."""
    status = row.get("somatic_status") or ""
    if status == "somatic":
        return (
            f"somatic ({row.get('normal_fragments')} of {row.get('expected_normal_fragments')}"
            f" expected supporting fragments in the normal, power {row.get('power')})"
        )
    if status == "germline":
        return (
            f"germline ({row.get('normal_fragments')} supporting fragments in the normal at"
            f" depth {row.get('normal_depth')}; not a somatic lesion)"
        )
    if status == "not_assessable":
        return f"somatic status not assessable: {row.get('status_reason') or NOT_AVAILABLE}"
    return NOT_AVAILABLE


def fusion_table_rows(fusion_rows: list[dict], interp: dict, where) -> list[dict]:
    """The fusion table of the report in tier order (PTDs are tandem duplications, not listed
    here), each row with its lesion and tier; `where(row)` gives what depends on how the call
    was made: breakpoints, callers and read counts."""
    lesions = {le["id"]: le for le in interp.get("lesions", []) if le.get("kind") == "fusion"}
    rows = []
    for r in fusion_rows:
        if r.get("event") == "PTD":
            continue
        lesion = lesions.get(r["fusion"])
        rows.append(
            {
                "fusion": r["fusion"],
                "event": r.get("event", ""),
                "known": r.get("known", ""),
                "orientation_ok": r.get("orientation_ok", ""),
                "somatic_status": r.get("somatic_status", ""),
                "somatic_status_text": somatic_status_text(r),
                **where(r),
                "tier": lesion.get("tier") if lesion else "III",
                "lesion": lesion["id"] if lesion else "",
            }
        )
    return sorted(rows, key=lambda r: (TIER_ORDER.get(r["tier"], 9), r["fusion"]))


def fusion_section(
    interp: dict,
    fusion_rows: list[dict] | None,
    sv_rows: list[dict] | None,
    callers: list[dict],
    missing: dict | None = None,
) -> dict:
    """The fusion calls in tier order (PTDs are tandem duplications, not listed here) and how
    many passing SVs make no fusion. `missing` (sv_not_assessed): when no SV caller could run,
    `not_assessed` holds the reason and the section must not read as "no fusion"."""
    rows = fusion_table_rows(
        fusion_rows or [],
        interp,
        lambda r: {
            "breakpoint5": f"{r['chrom1']}:{r['pos1']} ({r['gene5']})",
            "breakpoint3": f"{r['chrom2']}:{r['pos2']} ({r['gene3']})",
            # a row from a targeted read count says so with its numbers (fusions.tsv note)
            "callers": r.get("callers", "")
            + (f" ({r['note']})" if r.get("note") not in (None, "", ".") else ""),
            "split_reads": number(r.get("split_reads")),
            "paired_reads": number(r.get("paired_reads")),
        },
    )
    passing = [r for r in (sv_rows or []) if r.get("filter") == "PASS"]
    in_fusions = {
        sid for r in (fusion_rows or []) for sid in (r.get("sv_ids") or "").split(",") if sid
    }
    whole = (missing or {}).get("whole")
    return {
        "assessed": fusion_rows is not None,
        "not_assessed": whole,
        "callers_not_assessed": [c["caller"] for c in callers if not c.get("assessed", True)],
        "rows": rows,
        "sv_assessed": sv_rows is not None,
        "sv_pass": len(passing),
        "sv_other": sum(1 for r in passing if r["id"] not in in_fusions),
        # the passing junctions by somatic status (sv.tsv somatic_status; none in an older table)
        "sv_status_counts": {
            st: sum(1 for r in passing if r.get("somatic_status") == st)
            for st in ("somatic", "germline", "not_assessable")
            if any(r.get("somatic_status") == st for r in passing)
        },
        "callers": callers,
    }
