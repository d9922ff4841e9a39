"""Rule script: results/batch_summary.tsv, one row per sample (QC, ELN group, key lesions)."""

from alwgs.report.batch import summary_rows, write_summary
from alwgs.report.inputs import read_json, read_tsv


def main(sm) -> None:
    qc = {}
    for path in sm.input.qc:
        gate = read_json(path)
        qc[gate["sample"]] = gate
    reports = {}
    for path in sm.input.reports:
        report = read_json(path)
        reports[report["identifiers"]["sample"]] = report
    coverage = {}
    for path in sm.input.coverage:
        rows = read_tsv(path)
        if rows:
            coverage[rows[0]["sample"]] = rows
    rows = summary_rows(sm.params.samples, qc, reports, coverage)
    write_summary(rows, sm.output[0])
    with open(sm.log[0], "w") as log:
        log.write(f"{len(rows)} samples\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
