"""Rule script: the batch QC table (TSV) and its MultiQC custom-content twin."""

import json

from alwgs.qc.gate import write_batch_table

MQC_HEADER = """# id: 'alwgs_qc_gate'
# section_name: 'QC gate (alwgs)'
# description: 'PASS/WARN/FAIL per sample against config/qc.yaml; reasons list each failing metric.'
# format: 'tsv'
# plot_type: 'table'
"""


def main(paths, tsv, mqc):
    results = []
    for p in paths:
        with open(p) as fh:
            results.append(json.load(fh))
    write_batch_table(results, tsv)
    with open(mqc, "w") as out:
        out.write(MQC_HEADER)
        out.write("Sample\tstatus\treasons\n")
        for r in results:
            out.write(f"{r['sample']}\t{r['status']}\t{'; '.join(r['reasons']) or '-'}\n")


if __name__ == "__main__" and "snakemake" in globals():
    sm = snakemake  # noqa: F821 (injected by Snakemake)
    main(list(sm.input), sm.output.tsv, sm.output.mqc)
