"""The methods and limitations sections: tool versions, reference, annotation databases and
knowledge files with their versions, the method steps, and every limitation of this report.
The method steps themselves are written by alwgs.report.methods."""

from __future__ import annotations

import re
from pathlib import Path

from alwgs.report import inputs as rd
from alwgs.report.context.paths import ReportInputs
from alwgs.report.labels import NOT_AVAILABLE

KNOWLEDGE_LABELS = {
    "tiers": "AMP/ASCO/CAP 2017 tiers",
    "eln": "ELN 2022 genetic risk",
    "eln2024": "ELN 2024 genetic risk (less-intensive therapy)",
    "who_icc": "WHO 2022 / ICC 2022 entities",
    "germline": "germline predisposition",
    "focal_genes": "focal deletion genes",
    "oncogenicity": "oncogenicity SOP (ClinGen/CGC/VICC 2022)",
    "gene_roles": "gene roles (oncogene / tumor suppressor)",
    "functional_domains": "functional domains",
    "hotspot_counts": "hotspot recurrence counts",
    "hotspots": "hotspots",
    "panel": "gene panel",
    "karyotype_rules": "karyotype rules",
}
NOT_STATED = "not stated in the file"


def _version_text(value) -> str:
    text = str(value or "").strip()
    return re.sub(r"^version:\s*", "", text) or NOT_STATED


def methods_section(interp: dict, inp: ReportInputs, meta: dict) -> dict:
    """Tools, reference, annotation databases and knowledge files (one row per file: a version
    the file states fills one the interpretation does not give), and the method steps."""
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
    databases = _databases(interp.get("annotation_sources") or {}, meta.get("databases") or {})
    reference = {"build": NOT_AVAILABLE, "fasta": NOT_AVAILABLE, "gff3": NOT_AVAILABLE}
    reference.update(meta.get("reference") or {})
    # The bundle id names exactly the reference files and databases the batch ran on.
    reference["bundle_id"] = reference.get("bundle_id") or NO_BUNDLE
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
        # sha256 of the report's input files and settings (alwgs.report.digest)
        "input_digest": meta.get("input_digest") or {"sha256": NOT_AVAILABLE, "files": 0},
    }


NOT_CONFIGURED = "not used (not configured)"
NO_BUNDLE = "none (reference files named one by one in the batch config)"


def _databases(sources: dict, configured: dict) -> list[dict]:
    """One row per annotation source of the somatic VCF, then per database of the config the
    annotation does not read (panel of normals, identity sites): a database the config leaves
    out reads "not used (not configured)", never a blank."""
    rows = []
    for key, s in sorted(sources.items()):
        used = s.get("used", NOT_AVAILABLE)
        if used == "no":
            note = str(s.get("note") or "")
            used = NOT_CONFIGURED if note.startswith("not configured") else "not used"
        rows.append(
            {
                "name": key,
                "used": used,
                "file": s.get("file") or ("none" if used != "yes" else NOT_AVAILABLE),
                "version": _version_text(s.get("version")) if s.get("file") else "-",
            }
        )
    for key, file in sorted(configured.items()):
        if key in sources:
            continue
        rows.append(
            {
                "name": key,
                "used": "yes" if file else NOT_CONFIGURED,
                "file": file or "none",
                "version": NOT_STATED if file else "-",
            }
        )
    return rows


def limitations(interp, settings, qc_t, qc_n, coverage, sv_notes) -> list[str]:
    """What this report could not do, in order: the analysis mode, a missing blast fraction, a
    non-AML diagnosis, QC, coverage, the SV callers' `sv_notes`, then the config's own."""
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
