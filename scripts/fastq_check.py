"""Rule script: a unit's data check reads R1 and R2 to the end together, beside fastp. A
damaged or mismatched pair fails this unit before alignment, with the sheet, line and file
named (other units go on under keep-going); a good pair leaves its read count for the record."""

import json
import sys

from alwgs.intake import IntakeError
from alwgs.qc.fastq_pairs import FastqError, check_pair


def main(fq1: str, fq2: str, where: dict, out_path: str, log_path: str) -> None:
    with open(log_path, "w") as log:
        log.write(
            f"checking {where['fq1']} and {where['fq2']} ({where['sheet']} line {where['line']})\n"
        )
        try:
            pairs = check_pair(fq1, fq2)
        except FastqError as err:
            field = {1: "fq1", 2: "fq2"}.get(err.mate)
            files = f"'{where[field]}'" if field else f"'{where['fq1']}' and '{where['fq2']}'"
            if "bam" in where:  # the pair was converted from the row's BAM/CRAM
                field = "bam"
            message = str(
                IntakeError(where["sheet"], where["line"], field, f"{files}: {err.message}")
            )
            log.write(f"alwgs data error: {message}\n")
            log.flush()
            sys.exit(f"alwgs data error: {message}")
        log.write(f"{pairs} read pairs, names of every pair agree\n")
    with open(out_path, "w") as fh:
        json.dump({"read_pairs": pairs, "fq1": where["fq1"], "fq2": where["fq2"]}, fh, indent=2)
        fh.write("\n")


if __name__ == "__main__" and "snakemake" in globals():
    sm = snakemake  # noqa: F821 (injected by Snakemake)
    main(sm.input.fq1, sm.input.fq2, sm.params.where, sm.output[0], sm.log[0])
