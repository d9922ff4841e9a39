"""Rule script: the read-review sites of one tumor (BED: tier I/II variants, ITDs, fusion and
PTD breakpoints, germline findings)."""

from alwgs.report.igv import sites, write_sites
from alwgs.report.inputs import read_json, read_tsv


def main(sm) -> None:
    rows = sites(
        read_json(sm.input.interpretation), read_tsv(sm.input.itd), read_tsv(sm.input.fusions)
    )
    write_sites(rows, sm.output[0])
    with open(sm.log[0], "w") as log:
        log.write(f"{len(rows)} sites\n")
        for row in rows:
            log.write("\t".join(map(str, row)) + "\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
