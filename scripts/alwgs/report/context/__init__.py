"""Everything one sample's report shows, as one JSON-ready dict (the LIMS JSON is this dict; the
HTML and PDF render it). Every value comes from a pipeline output or the config; a missing
input or value becomes "not assessed" / "not available", never a blank or a guess.

build_context chains one module per report section: paths (ReportInputs, the files a report
reads), qc (QC blocks and banners), summary (ELN/WHO/ICC), small_variants, structural (tandem
duplications, SV callers, fusions), copy_number, germline, coverage, methods (methods and
limitations); values holds the small formatters they share."""

from __future__ import annotations

from alwgs import not_assessed
from alwgs.report import inputs as rd
from alwgs.report.context.copy_number import copy_number_section
from alwgs.report.context.coverage import coverage_block, coverage_section, explain_by_deletions
from alwgs.report.context.depth_guard import depth_guard_limitations
from alwgs.report.context.germline import germline_genes, germline_section
from alwgs.report.context.methods import limitations, methods_section
from alwgs.report.context.paths import ReportInputs
from alwgs.report.context.qc import qc_block, qc_rows, report_banners
from alwgs.report.context.small_variants import small_variant_section
from alwgs.report.context.structural import (
    ANALYSIS_NAMES,
    fusion_section,
    searched_targets,
    sv_callers,
    sv_not_assessed,
    tandem_duplication_section,
    targeted_limitations,
    unsearched_target_limitations,
)
from alwgs.report.context.summary import summary_section
from alwgs.report.labels import NOT_AVAILABLE, lesion_label, pct

FORMAT_VERSION = 1

# What a whole analysis that was not assessed takes away from the report (limitations).
CONSEQUENCE = {
    "sv": "a fusion or rearrangement that defines the ELN 2022 group or a WHO/ICC entity may be "
    "missed, and the karyotype lacks translocations and inversions",
    "identity": "the matched normal is not shown to come from the same person as the tumor; "
    "somatic filtering and germline findings rest on it",
    "cnv": "chromosome gains and losses, the karyotype and complex or monosomal karyotype are "
    "not known; the ELN 2022 group and WHO/ICC entities may miss adverse cytogenetics",
}


def not_assessed_entries(
    sv_missing: dict, qc_t: dict, qc_n: dict | None, cnv_missing=()
) -> list[dict]:
    """Every analysis of this report that could not run, for the JSON (`not_assessed`), the
    banners, the summary and the limitations: the SV and copy-number stages' lines
    (alwgs.not_assessed) and the QC checks the gate could not make for lack of evidence
    (identity)."""
    out = []
    for e in sv_missing["entries"] + [e.to_json() for e in cnv_missing]:
        whole = e["caller"] == "all"
        name = ANALYSIS_NAMES.get(e["analysis"], e["analysis"])
        # the tool is named where one of several could not run (SV callers)
        who = f" by {e['caller']}" if e["analysis"].startswith("sv") and not whole else ""
        out.append(
            {
                **e,
                "whole": whole or e["analysis"] != "sv",
                "text": f"{name}{who} of {e['sample']}: {e['reason']}",
            }
        )
    for block in (qc_t, qc_n):
        for c in (block or {}).get("checks", []):
            if c.get("not_assessed"):
                out.append(
                    {
                        "analysis": c["key"],
                        "caller": "qc_gate",
                        "sample": block["sample"],
                        "reason": c["not_assessed"],
                        "whole": True,
                        "text": f"{c['metric']} of {block['sample']}: {c['not_assessed']}",
                    }
                )
    for m in out:
        consequence = CONSEQUENCE.get(m["analysis"])
        m["limitation"] = f"Not assessed: {m['text']}." + (
            f" Consequence: {consequence}." if consequence else ""
        )
    return out


def not_assessed_banners(missing: list[dict]) -> list[dict]:
    """One amber banner per analysis of the report that could not run as a whole."""
    return [{"level": "warn", "text": f"Not assessed: {m['text']}."} for m in missing if m["whole"]]


def build_context(inp: ReportInputs, settings: dict, meta: dict) -> dict:
    """The report of one tumor. `settings` is the config's report section; `meta` holds what
    the rule knows (batch, created, pipeline_version, reference, itd_targets,
    cnv_reference_note, method_steps, igv_page)."""
    interp = rd.read_json(inp.interpretation)
    qc_t = qc_block(rd.read_json(inp.qc_tumor), meta.get("sample"), "tumor")
    normal_name = (interp or {}).get("matched_normal")
    qc_n = (
        qc_block(rd.read_json(inp.qc_normal), normal_name, "matched normal")
        if normal_name
        else None
    )
    banners = report_banners(interp, qc_t, qc_n)
    interp = interp or {"sample": meta.get("sample"), "lesions": [], "variants": []}
    labels = {le["id"]: lesion_label(le) for le in interp.get("lesions", [])}
    fusion_rows = rd.read_tsv(inp.fusions)
    callers, sv_notes = sv_callers(inp.sv_vcfs, interp)
    sv_missing = sv_not_assessed(inp.fusions, inp.sv_table)
    cnv_missing = [e for e in not_assessed.read(inp.events) if e.analysis == "cnv"]
    sample = interp.get("sample") or meta.get("sample")
    missing = not_assessed_entries(sv_missing, qc_t, qc_n, cnv_missing)
    banners += not_assessed_banners(missing)
    tandem = tandem_duplication_section(
        interp,
        rd.read_tsv(inp.itd),
        fusion_rows,
        meta.get("itd_targets", []),
        searched_targets(inp.itd_targets),
        sv_missing["whole"],
    )
    coverage = [coverage_block(rd.read_tsv(inp.coverage_tumor), None, "tumor", sample)]
    events = rd.read_tsv(inp.events)
    explain_by_deletions(coverage[0], events)
    normal_coverage = rd.read_tsv(inp.coverage_normal) if normal_name else None
    if normal_name:
        coverage.append(coverage_block(normal_coverage, ("germline",), "normal", normal_name))
    blast = interp.get("blast_fraction")
    qc_status = qc_t["status"]
    return {
        "alwgs_report": FORMAT_VERSION,
        "header": {
            "lab": settings.get("lab") or "laboratory not stated (report.lab)",
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
            "rows": qc_rows([qc_t] + ([qc_n] if qc_n else [])),
        },
        "summary": summary_section(interp, labels, [m["text"] for m in missing if m["whole"]]),
        "small_variants": small_variant_section(
            interp, settings.get("list_noncoding_tier3", False)
        ),
        "tandem_duplications": tandem,
        "fusions": fusion_section(
            interp, fusion_rows, rd.read_tsv(inp.sv_table), callers, sv_missing
        ),
        "copy_number": copy_number_section(
            interp,
            events,
            rd.read_json(inp.karyotype),
            rd.present(inp.cnv_plot),
            meta.get("cnv_reference_note"),
            fusion_rows,
            cnv_missing[0].reason if cnv_missing else None,
        ),
        "not_assessed": missing,
        "germline": germline_section(interp, germline_genes(inp.germline_rules), normal_coverage),
        "coverage": coverage_section(coverage, settings.get("coverage", {})),
        "methods": methods_section(interp, inp, meta),
        "limitations": [m["limitation"] for m in missing if m["whole"]]
        + limitations(interp, settings, qc_t, qc_n, coverage, sv_notes)
        + unsearched_target_limitations(tandem)
        + targeted_limitations(fusion_rows)
        + (depth_guard_limitations(inp.depth_guard) if inp.depth_guard else []),
        "igv": {"page": meta.get("igv_page"), "sites": meta.get("igv_sites")},
        "signoff": empty_signoff(),
    }


def empty_signoff() -> dict:
    """The review and sign-off block, blank: filled in by hand on the printed report."""
    return {
        "reviewed_by": None,
        "reviewed_on": None,
        "authorised_by": None,
        "authorised_on": None,
        "comments": None,
    }
