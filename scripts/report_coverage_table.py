"""Rule script: per-gene coverage of one sample's panel genes (results/report/coverage/
<sample>.genes.tsv) from mosdepth's thresholds and regions files."""

from alwgs.report.coverage import gene_table, read_exon_coverage, write_gene_table
from alwgs.report.inputs import read_tsv


def main(sm) -> None:
    panel = {r["gene"]: r["panels"] for r in read_tsv(sm.input.panel)}
    exons = read_exon_coverage(sm.input.thresholds, sm.input.regions, sm.params.min_depth)
    rows = gene_table(
        sm.wildcards.sample, exons, panel, sm.params.min_depth, sm.params.min_fraction
    )
    write_gene_table(rows, sm.output[0])
    with open(sm.log[0], "w") as log:
        bad = [r["gene"] for r in rows if r["status"] == "INSUFFICIENT"]
        missing = [r["gene"] for r in rows if r["status"] == "NOT_ASSESSED"]
        log.write(
            f"{sm.wildcards.sample}: {len(rows)} panel genes at >= {sm.params.min_depth}x;"
            f" insufficient: {', '.join(bad) or 'none'};"
            f" not assessed (no transcript): {', '.join(missing) or 'none'}\n"
        )


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
