"""Batch deliverables: the summary table (one row per sample), the delivery layout (exactly the
files a lab hands on, in a fixed layout) and md5 checksums. The numbered, immutable delivery
versions themselves: alwgs.report.delivery."""

from __future__ import annotations

from pathlib import Path

from alwgs.checksums import file_md5 as md5
from alwgs.report.labels import NOT_ASSESSED

SUMMARY_COLUMNS = [
    "sample",
    "patient",
    "type",
    "diagnosis",
    "qc_status",
    "qc_reasons",
    "not_assessed",
    "report_status",
    "eln2022_group",
    "eln2022_rule",
    "eln2024_group",
    "eln2024_rule",
    "who2022",
    "icc2022",
    "karyotype",
    "key_lesions",
    "germline",
    "coverage_insufficient_genes",
    "coverage_not_assessed_genes",
    "report",
]

# Delivery layout: folder -> (results path pattern, per which samples). {s} is the sample.
DELIVERY_LAYOUT = {
    "reports": [
        ("results/report/{s}.html", "tumor"),
        ("results/report/{s}.pdf", "tumor"),
        ("results/report/{s}.report.json", "tumor"),
        ("results/report/{s}.igv.html", "tumor"),
    ],
    "variants": [
        ("results/annotation/{s}.somatic.vcf.gz", "tumor"),
        ("results/annotation/{s}.somatic.vcf.gz.tbi", "tumor"),
        ("results/annotation/{s}.somatic.tsv", "tumor"),
        ("results/small_variants/{s}.itd.tsv", "tumor"),
        ("results/annotation/{s}.germline.vcf.gz", "normal"),
        ("results/annotation/{s}.germline.vcf.gz.tbi", "normal"),
        ("results/annotation/{s}.germline.tsv", "normal"),
    ],
    "sv": [
        ("results/sv/{s}.fusions.tsv", "tumor"),
        ("results/sv/{s}.sv.tsv", "tumor"),
    ],
    "cnv": [
        ("results/cnv/{s}.cnv.png", "tumor"),
        ("results/cnv/{s}.events.tsv", "tumor"),
        ("results/cnv/{s}.karyotype.json", "tumor"),
    ],
    "coverage": [
        ("results/report/coverage/{s}.genes.tsv", "all"),
    ],
    "qc": [
        ("results/qc/multiqc/multiqc_report.html", "batch"),
        ("results/qc/qc_gate.tsv", "batch"),
    ],
    ".": [
        ("results/batch_summary.tsv", "batch"),
        ("results/versions.tsv", "batch"),
    ],
}
CHECKSUMS = "md5sums.txt"


def delivery_plan(tumors: list[str], normals: list[str], root: str) -> list[tuple[str, str]]:
    """(source, destination) pairs below the batch dir; destinations start with `root`
    (results/delivery/<batch>)."""
    samples = {"tumor": tumors, "normal": normals, "all": tumors + normals, "batch": [None]}
    plan = []
    for folder, entries in DELIVERY_LAYOUT.items():
        for pattern, which in entries:
            for s in samples[which]:
                src = pattern.format(s=s)
                dest = (
                    f"{root}/{Path(src).name}"
                    if folder == "."
                    else f"{root}/{folder}/{Path(src).name}"
                )
                plan.append((src, dest))
    return plan


def checksum_lines(root: str | Path, files: list[str | Path]) -> list[str]:
    """`md5sum` lines (two spaces; paths relative to root), so `md5sum -c md5sums.txt` run in
    the delivery folder checks every file."""
    root = Path(root)
    return [f"{md5(f)}  {Path(f).relative_to(root).as_posix()}" for f in sorted(map(Path, files))]


def _coverage_cells(rows: list[dict] | None) -> dict:
    if rows is None:
        return {"coverage_insufficient_genes": NOT_ASSESSED, "coverage_not_assessed_genes": ""}
    bad = [r["gene"] for r in rows if r["status"] == "INSUFFICIENT"]
    missing = [r["gene"] for r in rows if r["status"] == "NOT_ASSESSED"]
    return {
        "coverage_insufficient_genes": ",".join(bad) or "none",
        "coverage_not_assessed_genes": ",".join(missing) or "none",
    }


def _not_assessed_text(entry: dict) -> str:
    """'sv (delly): <reason>', 'identity: <reason>'."""
    by = entry.get("caller")
    tool = f" ({by})" if by and by not in ("all", "qc_gate") else ""
    return f"{entry['analysis']}{tool}: {entry['reason']}"


def not_assessed_cells(samples: list[dict], qc: dict, reports: dict) -> dict[str, str]:
    """sample -> the analyses not assessed for it, each with its reason: from the QC gate
    (checks it could not make) and from the tumors' reports (SV callers that could not run,
    listed on the row of the sample they name, tumor or matched normal); "none" otherwise."""
    found: dict[str, list[str]] = {s["sample"]: [] for s in samples}
    for sample, gate in qc.items():
        for c in (gate or {}).get("checks", []):
            if c.get("not_assessed") and sample in found:
                found[sample].append(f"{c['metric']}: {c['not_assessed']}")
    for report in reports.values():
        listed = report.get("not_assessed", [])
        # an analysis not assessed as a whole names its callers' reasons: list it alone
        whole = {(e["analysis"], e["sample"]) for e in listed if e.get("caller") == "all"}
        for e in listed:
            if e.get("caller") == "qc_gate" or e.get("sample") not in found:
                continue  # gate checks are taken from the gate itself, above
            if e.get("caller") != "all" and (e["analysis"], e["sample"]) in whole:
                continue
            text = _not_assessed_text(e)
            if text not in found[e["sample"]]:
                found[e["sample"]].append(text)
    return {s: "; ".join(v) or "none" for s, v in found.items()}


def summary_rows(samples: list[dict], qc: dict, reports: dict, coverage: dict) -> list[dict]:
    """One row per sample of samples.tsv. `samples`: [{sample, patient, type, diagnosis}];
    `qc`: sample -> QC gate JSON; `reports`: tumor -> report JSON (context); `coverage`:
    sample -> rows of its coverage table (results/report/coverage/<sample>.genes.tsv)."""
    tumor_of_patient = {s["patient"]: s["sample"] for s in samples if s["type"] == "tumor"}
    missing = not_assessed_cells(samples, qc, reports)
    rows = []
    for s in samples:
        gate = qc.get(s["sample"]) or {}
        row = {
            "sample": s["sample"],
            "patient": s["patient"],
            "type": s["type"],
            "diagnosis": s.get("diagnosis", ""),
            "qc_status": gate.get("status", NOT_ASSESSED),
            "qc_reasons": "; ".join(gate.get("reasons", [])),
            "not_assessed": missing[s["sample"]],
            **_coverage_cells(coverage.get(s["sample"])),
        }
        report = reports.get(s["sample"])
        if s["type"] == "tumor" and report is not None:
            summ = report["summary"]
            row.update(
                {
                    "report_status": report["status"]["report"],
                    "eln2022_group": summ["eln2022"]["group"] or "none",
                    "eln2022_rule": summ["eln2022"]["rule_id"] or "",
                    "eln2024_group": (summ.get("eln2024") or {}).get("group") or "none",
                    "eln2024_rule": (summ.get("eln2024") or {}).get("rule_id") or "",
                    "who2022": summ["who2022"]["entity"],
                    "icc2022": summ["icc2022"]["entity"],
                    "karyotype": summ["karyotype"],
                    "key_lesions": "; ".join(
                        f"{f['label']} (tier {f['tier']})" for f in summ["findings"]
                    )
                    or "none",
                    "germline": ", ".join(summ["germline_findings"])
                    or (
                        "confirm: " + ", ".join(summ["germline_confirmation"])
                        if summ["germline_confirmation"]
                        else ("none" if report["germline"]["assessed"] else NOT_ASSESSED)
                    ),
                    "report": f"reports/{s['sample']}.html",
                }
            )
        elif s["type"] == "tumor":
            row.update({"report_status": "report missing"})
        else:
            tumor = tumor_of_patient.get(s["patient"])
            row.update({"report_status": f"matched normal of {tumor}" if tumor else "normal"})
        rows.append({c: row.get(c, "") for c in SUMMARY_COLUMNS})
    return rows


def write_summary(rows: list[dict], path: str | Path) -> None:
    with open(path, "w") as out:
        out.write("\t".join(SUMMARY_COLUMNS) + "\n")
        for row in rows:
            out.write("\t".join(str(row[c]).replace("\t", " ") for c in SUMMARY_COLUMNS) + "\n")
