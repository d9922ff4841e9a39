"""Rule script: BED of the panel genes' coding exons (preferred transcript, plus the splice
pad) for mosdepth --by."""

from alwgs.report.coverage import panel_bed
from alwgs.report.inputs import read_tsv


def main(sm) -> None:
    panel = {r["gene"]: r["panels"] for r in read_tsv(sm.input.panel)}
    rows = panel_bed(read_tsv(sm.input.transcripts), panel, sm.params.pad)
    with open(sm.output[0], "w") as out:
        for chrom, start, end, name in rows:
            out.write(f"{chrom}\t{start}\t{end}\t{name}\n")
    genes = {name.split("|")[0] for *_, name in rows}
    with open(sm.log[0], "w") as log:
        log.write(f"{len(rows)} regions of {len(genes)} panel genes\n")
        missing = sorted(set(panel) - genes)
        if missing:
            log.write(f"panel genes without a preferred transcript: {', '.join(missing)}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
