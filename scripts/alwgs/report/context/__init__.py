"""Everything one sample's report shows, as one JSON-ready dict (the LIMS JSON is this dict; the
HTML and PDF render it). Every value comes from a pipeline output or the config; a missing
input or value becomes "not assessed" / "not available", never a blank or a guess.

build_context chains one module per report section: paths (ReportInputs, the files a report
reads), qc (QC blocks and banners), summary (ELN/WHO/ICC), small_variants, structural (tandem
duplications, SV callers, fusions), copy_number, germline, coverage, methods (methods and
limitations); values holds the small formatters they share."""

from __future__ import annotations

from alwgs.report import inputs as rd
from alwgs.report.context.copy_number import copy_number_section
from alwgs.report.context.coverage import coverage_block, coverage_section, explain_by_deletions
from alwgs.report.context.germline import germline_genes, germline_section
from alwgs.report.context.methods import limitations, methods_section
from alwgs.report.context.paths import ReportInputs
from alwgs.report.context.qc import qc_block, qc_rows, report_banners
from alwgs.report.context.small_variants import small_variant_section
from alwgs.report.context.structural import (
    fusion_section,
    searched_targets,
    sv_callers,
    tandem_duplication_section,
    unsearched_target_limitations,
)
from alwgs.report.context.summary import summary_section
from alwgs.report.labels import NOT_AVAILABLE, lesion_label, pct

FORMAT_VERSION = 1


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
    sample = interp.get("sample") or meta.get("sample")
    tandem = tandem_duplication_section(
        interp,
        rd.read_tsv(inp.itd),
        fusion_rows,
        meta.get("itd_targets", []),
        searched_targets(inp.itd_targets),
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
        "summary": summary_section(interp, labels),
        "small_variants": small_variant_section(
            interp, settings.get("list_noncoding_tier3", False)
        ),
        "tandem_duplications": tandem,
        "fusions": fusion_section(interp, fusion_rows, rd.read_tsv(inp.sv_table), callers),
        "copy_number": copy_number_section(
            interp,
            events,
            rd.read_json(inp.karyotype),
            rd.present(inp.cnv_plot),
            meta.get("cnv_reference_note"),
            fusion_rows,
        ),
        "germline": germline_section(interp, germline_genes(inp.germline_rules), normal_coverage),
        "coverage": coverage_section(coverage, settings.get("coverage", {})),
        "methods": methods_section(interp, inp, meta),
        "limitations": limitations(interp, settings, qc_t, qc_n, coverage, sv_notes)
        + unsearched_target_limitations(tandem),
        "igv": {"page": meta.get("igv_page"), "sites": meta.get("igv_sites")},
        "signoff": {
            "reviewed_by": None,
            "reviewed_on": None,
            "authorised_by": None,
            "authorised_on": None,
            "comments": None,
        },
    }
