"""The report of a findings file made elsewhere: the same context (and the same HTML, PDF and
JSON renderers) as the workflow's report (alwgs.report), built from the interpretation JSON and
the converted findings. The sections about reads (QC checks, coverage, read review, the copy-
number plot, SV callers, reference and tools) read "not assessed: findings given externally
(no reads)"; the methods name the findings file, its sha256 and the knowledge versions used.
The context carries `origin` (the findings file), which the template shows where a section
has no reads behind it."""

from __future__ import annotations

from alwgs.findings.convert import EXTERNAL, Findings
from alwgs.findings.resources import Resources
from alwgs.report.context import (
    CONSEQUENCE,
    FORMAT_VERSION,
    empty_signoff,
    not_assessed_banners,
)
from alwgs.report.context.copy_number import copy_number_section
from alwgs.report.context.germline import germline_section
from alwgs.report.context.methods import limitations, methods_section
from alwgs.report.context.paths import ReportInputs
from alwgs.report.context.qc import qc_block, report_banners
from alwgs.report.context.small_variants import small_variant_section
from alwgs.report.context.structural import fusion_table_rows
from alwgs.report.context.summary import summary_section
from alwgs.report.labels import NOT_ASSESSED, NOT_AVAILABLE, lesion_label, pct

NOT_ASSESSED_EXTERNAL = f"{NOT_ASSESSED}: {EXTERNAL}"
# Names of the analyses a findings file can mark as not assessed, as the report prints them.
ANALYSIS_TEXT = {
    "small_variants": "small variants (SNVs and indels)",
    "itd": "tandem duplications (ITDs)",
    "sv": "structural variants and fusions",
    "cnv": "copy number",
}
KNOWLEDGE_LABELS = {
    "known_fusions": "known fusions",
    "ptd_genes": "PTD genes",
    "karyotype_rules": "karyotype rules",
    "karyotype_rearrangements": "karyotype rearrangements",
}


def _missing_entries(interp: dict) -> list[dict]:
    out = []
    for e in interp.get("not_assessed", []):
        name = ANALYSIS_TEXT.get(e["analysis"], e["analysis"])
        consequence = CONSEQUENCE.get(e["analysis"])
        out.append(
            {
                **e,
                "whole": True,
                "text": f"{name} of {e['sample']}: {e['reason']}",
                "limitation": f"Not assessed: {name} of {e['sample']}: {e['reason']}."
                + (f" Consequence: {consequence}." if consequence else ""),
            }
        )
    return out


def _tandem(f: Findings, interp: dict, res: Resources) -> dict:
    flags = f.data.origin["assessed"]
    lesions = {le["id"]: le for le in interp.get("lesions", [])}
    rows = []
    entries = [v for v in f.doc.data.get("variants") or [] if v.get("type") == "ITD"]
    calls = [c for c in f.data.variants.calls if c.itd]
    for entry, call in zip(entries, calls, strict=True):
        lesion = lesions.get(call.itd_target.replace("-", "_"))
        ratio = entry.get("allelic_ratio")
        rows.append(
            {
                "target": call.itd_target,
                "position": "not given",
                "length": entry.get("length"),
                "hgvsc": call.hgvsc or NOT_AVAILABLE,
                "hgvsp": call.hgvsp or NOT_AVAILABLE,
                "vaf": call.vaf,
                "vaf_text": pct(call.vaf),
                "allelic_ratio": ratio,
                "allelic_ratio_text": f"{ratio:.2f}" if ratio is not None else NOT_AVAILABLE,
                "itd_fragments": None,
                "wt_fragments": None,
                "scanitd_af_text": NOT_AVAILABLE,
                "note": "",
                "detected_by": "findings file",
                "tier": lesion["tier"] if lesion else NOT_AVAILABLE,
                "lesion": lesion["id"] if lesion else "",
            }
        )
    found = {r["target"] for r in rows}
    targets = list(dict.fromkeys(list(res.itd_targets.values()) + sorted(found)))

    def result(name: str) -> str:
        if not flags["itd"]:
            return NOT_ASSESSED
        return "detected" if name in found else "not detected"

    ptds = []
    for r in f.data.fusions:
        if r.get("event") != "PTD":
            continue
        lesion = lesions.get(r["fusion"].replace("-PTD", "_PTD"))
        ptds.append(
            {
                "name": r["fusion"],
                "breakpoints": "not given",
                "span": None,
                "callers": r["callers"],
                "split_reads": None,
                "paired_reads": None,
                "tier": lesion["tier"] if lesion else "III",
                "lesion": lesion["id"] if lesion else "",
            }
        )
    sv_reason = None if flags["structural_variants"] else _flag_text("structural_variants")
    return {
        "assessed": True,
        "targets": [{"name": t, "result": result(t)} for t in targets],
        "rows": rows,
        "ptd_assessed": True,
        "ptd_not_assessed": sv_reason,
        "ptds": ptds,
        "external": "as given in the findings file (positions and read counts not given)",
    }


def _flag_text(key: str) -> str:
    return f"the findings file says assessed.{key}: false"


def _fusions(f: Findings, interp: dict) -> dict:
    flags = f.data.origin["assessed"]
    rows = fusion_table_rows(
        f.data.fusions,
        interp,
        lambda r: {
            "breakpoint5": f"not given ({r['gene5']})",
            "breakpoint3": f"not given ({r['gene3']})",
            "callers": r.get("callers", "") + (f" ({r['note']})" if r.get("note") else ""),
            "split_reads": None,
            "paired_reads": None,
        },
    )
    whole = None if flags["structural_variants"] else _flag_text("structural_variants")
    return {
        "assessed": True,
        "not_assessed": whole if not rows else None,
        "callers_not_assessed": [],
        "rows": rows,
        "sv_assessed": False,
        "sv_pass": 0,
        "sv_other": 0,
        "callers": [],
        "external": f"as given in the findings file or read from its karyotype; SV callers: "
        f"{NOT_ASSESSED_EXTERNAL}",
    }


def _copy_number(f: Findings, interp: dict) -> dict:
    flags = f.data.origin["assessed"]
    events = f.data.events
    reason = None
    if not flags["copy_number"] and not events:
        reason = _flag_text("copy_number")
    section = copy_number_section(
        interp,
        events,
        f.data.karyotype or None,
        None,
        NOT_ASSESSED_EXTERNAL,
        f.data.fusions,
        reason,
    )
    # The section's notes about reads (cnLOH without a normal, purity adjustment) do not apply.
    section["notes"] = list((f.data.karyotype or {}).get("notes", []))
    if not f.data.karyotype:
        section["notes"].append(
            "Karyotype not assessed: no karyotype given and copy number not assessed."
        )
    section["external"] = f"Copy-number plot: {NOT_ASSESSED_EXTERNAL}."
    return section


def _coverage(f: Findings) -> dict:
    genes = f.data.origin["genes_not_covered"]
    return {
        "blocks": [
            {
                "role": "tumor",
                "assessed": False,
                "sample": f.info.sample,
                "genes": 0,
                "min_depth": None,
                "insufficient": [],
                "genes_insufficient": 0,
                "not_assessable": genes,
            }
        ],
        "min_fraction": None,
        "definition": "the panel genes of the assay that made the findings",
        "external": NOT_ASSESSED_EXTERNAL,
        "not_assessable_reason": "assessed.genes_not_covered of the findings file",
    }


def _methods(f: Findings, interp: dict, res: Resources, meta: dict) -> dict:
    origin = f.data.origin
    knowledge = {KNOWLEDGE_LABELS[k]: res.paths[k] for k in KNOWLEDGE_LABELS}
    cytobands = res.cytobands.get(f.build)
    if cytobands is not None:
        knowledge[f"cytobands ({f.build})"] = str(cytobands)
    inputs = ReportInputs(interpretation=None, qc_tumor=None, knowledge=knowledge)
    steps = [
        f"Findings given externally: {origin['file']} (sha256 {origin['sha256']}), alwgs findings"
        f" format {origin['format']}, case {origin['case']}"
        + (f"; source: {origin['source']}" if origin.get("source") else "")
        + ". No reads were analysed by alwgs: the variants, fusions, copy-number events,"
        " karyotype and germline variants, their allele fractions and the QC status are the"
        " other assay's.",
        "Reading: HGVS protein changes placed on protein positions and matched to the hotspot"
        " list; copy-number segments and bands placed on the cytobands of build"
        f" {f.build}; the ISCN karyotype read into its abnormalities, their copy-number changes"
        " and the fusions of its recurrent rearrangements (docs/FINDINGS.md).",
        "Interpretation: the workflow's chain, unchanged: AMP/ASCO/CAP 2017 tiers, ELN 2022"
        " genetic risk, WHO 2022 and ICC 2022 entities, germline predisposition (ICC 2022),"
        " each from the versioned knowledge file listed below.",
    ]
    meta = dict(meta, method_steps=steps)
    section = methods_section(interp, inputs, meta)
    section["reference"].update(
        build=f.build,
        fasta=NOT_ASSESSED_EXTERNAL,
        gff3=NOT_ASSESSED_EXTERNAL,
        bundle_id=NOT_ASSESSED_EXTERNAL,
        sequences=NOT_ASSESSED_EXTERNAL,
        bases=NOT_ASSESSED_EXTERNAL,
        digest=NOT_ASSESSED_EXTERNAL,
    )
    section["tools_note"] = f"Tool versions: {NOT_ASSESSED_EXTERNAL}."
    return section


def build_findings_context(
    interp: dict, f: Findings, res: Resources, settings: dict, meta: dict
) -> dict:
    """The report context of one interpreted findings document. settings: the config's report
    section; meta: created, pipeline_version."""
    origin = f.data.origin
    qc_given = f.data.qc or None
    qc_t = qc_block(qc_given, f.info.sample, "tumor")
    if qc_given is None:
        qc_t["status"] = "not given"
    banners = [
        b
        for b in report_banners(interp, qc_t, None)
        if "QC gate of the tumor was not assessed" not in b["text"]
    ]
    banners.insert(
        0,
        {
            "level": "warn",
            "text": f"Findings given externally ({origin['file']}, sha256"
            f" {origin['sha256'][:12]}…): alwgs analysed no reads; read-level sections read"
            f" '{NOT_ASSESSED_EXTERNAL}'.",
        },
    )
    missing = _missing_entries(interp)
    banners += not_assessed_banners(missing)
    labels = {le["id"]: lesion_label(le) for le in interp.get("lesions", [])}
    summary = summary_section(interp, labels, [m["text"] for m in missing])
    summary["karyotype_origin"] = (
        "given in the findings file"
        if f.doc.data.get("karyotype")
        else "from the copy-number events of the findings file"
    )
    qc_status = origin["qc"]
    coverage = _coverage(f)
    limits = [
        f"Findings given externally ({origin['file']}): alwgs analysed no reads. Calls, allele"
        " fractions and the QC status are the other assay's; what it did not report reads as"
        " not found unless its `assessed` block says otherwise."
    ]
    limits += [m["limitation"] for m in missing]
    limits += [
        text.replace("in the sample sheet", "in the findings file")
        for text in limitations(interp, {}, qc_t, None, coverage["blocks"], [])
        if "coverage table is missing" not in text
    ]
    if coverage["blocks"][0]["not_assessable"]:
        limits.append(
            "Not assessable (coverage insufficient in the other assay):"
            f" {', '.join(coverage['blocks'][0]['not_assessable'])}."
        )
    return {
        "alwgs_report": FORMAT_VERSION,
        "origin": {
            "kind": "findings",
            "file": origin["file"],
            "sha256": origin["sha256"],
            "case": origin["case"],
            "source": origin.get("source"),
            "text": NOT_ASSESSED_EXTERNAL,
        },
        "header": {
            "lab": settings.get("lab") or "laboratory not stated (report.lab)",
            "assay": "Interpretation of findings made elsewhere",
            "disclaimer": settings.get("disclaimer", ""),
        },
        "status": {
            "report": "provisional (QC FAIL)" if qc_status == "FAIL" else "complete",
            "qc": qc_t["status"],
            "interpretation": interp.get("status", NOT_AVAILABLE),
            "banners": banners,
            "signoff": "awaiting review",
        },
        "identifiers": {
            "sample": f.info.sample,
            "patient": interp.get("patient") or NOT_AVAILABLE,
            "diagnosis": interp.get("diagnosis") or NOT_AVAILABLE,
            "sex": interp.get("sex") or NOT_AVAILABLE,
            "blast_fraction": pct(f.info.purity, 0) if f.info.purity is not None else "not given",
            "mode": {"paired": "tumor/normal", "tumor_only": "tumor only"}.get(
                interp.get("mode"), NOT_AVAILABLE
            ),
            "matched_normal": interp.get("matched_normal") or "none",
            "batch": f"findings file {origin['file']}",
            "report_created": meta.get("created", NOT_AVAILABLE),
            "sample_dates": "not given in the findings file",
            "pipeline_version": meta.get("pipeline_version", NOT_AVAILABLE),
            "reference": f.build,
        },
        "qc": {"tumor": qc_t, "normal": None, "rows": [], "external": NOT_ASSESSED_EXTERNAL},
        "summary": summary,
        "small_variants": small_variant_section(interp, False),
        "tandem_duplications": _tandem(f, interp, res),
        "fusions": _fusions(f, interp),
        "copy_number": _copy_number(f, interp),
        "not_assessed": missing,
        "germline": dict(
            germline_section(interp, [], None),
            external="germline variants of the matched normal as given in the findings file"
            " (the genes the other assay screened are not stated)",
        ),
        "coverage": coverage,
        "methods": _methods(f, interp, res, meta),
        "limitations": limits,
        "igv": {"page": None, "sites": None},
        "signoff": empty_signoff(),
    }
