"""What was assessed for one tumor in the workflow (model.Assessment), read from the files the
interpretation rule takes: the QC gate JSON, the not-assessed lines of fusions.tsv and
events.tsv (alwgs.not_assessed), the chromosomes and arms karyotype.json calls not assessable,
and the panel genes of the coverage table (results/report/coverage/<tumor>.genes.tsv) whose
coverage is insufficient or that the reference annotation lacks. The findings format
(docs/FINDINGS.md `assessed`) builds the same object from its own keys."""

from __future__ import annotations

from alwgs import not_assessed
from alwgs.interpret.inputs import read_tsv
from alwgs.interpret.model import Assessment

# coverage-table status -> why the gene's small variants and ITDs are not assessable
COVERAGE_STATUS = {
    "INSUFFICIENT": "coverage insufficient",
    "NOT_ASSESSED": "not in the reference annotation",
}


def from_workflow(
    qc: dict,
    fusions_tsv: str | None,
    events_tsv: str | None,
    karyotype: dict,
    coverage_tsv: str | None,
) -> Assessment:
    """qc, karyotype: the parsed QC gate JSON and karyotype.json ({} when absent); the TSVs by
    path (None or a missing file: nothing listed)."""
    entries: list[dict] = []
    for e in not_assessed.read(fusions_tsv):
        if e.analysis == "sv" and e.whole:
            entries.append({"analysis": "structural_variants", "reason": e.text()})
    for e in not_assessed.read(events_tsv):
        if e.analysis == "cnv":
            entries.append({"analysis": "copy_number", "reason": e.text()})
    for unit in karyotype.get("not_assessable") or []:
        entries.append(
            {
                "analysis": "copy_number",
                "region": str(unit.get("region")),
                "reason": str(unit.get("reason") or "too little callable sequence"),
            }
        )
    genes, reasons = [], {}
    for row in read_tsv(coverage_tsv):
        why = COVERAGE_STATUS.get(row.get("status", ""))
        if why:
            genes.append(row["gene"])
            reasons[row["gene"]] = why
    return Assessment(
        qc_status=qc.get("status", "missing") if qc else "missing",
        qc_reasons=list(qc.get("reasons", [])) if qc else [],
        not_assessed=entries,
        genes_not_covered=genes,
        gene_reasons=reasons,
    )
