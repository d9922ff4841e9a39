"""Rule script of checkpoint split_reads: a unit's trimmed FASTQ pair cut into chunks of
alignment.split_read_pairs read pairs (alwgs.align.split), for one bwa job per chunk."""

import sys

from alwgs.align.split import SplitError, split_pairs


def main(fq1: str, fq2: str, out_dir: str, pairs: int, log_path: str) -> None:
    with open(log_path, "w") as log:
        try:
            counts = split_pairs(fq1, fq2, out_dir, pairs)
        except SplitError as err:
            log.write(f"alwgs data error: {err}\n")
            log.flush()
            sys.exit(f"alwgs data error: {err}")
        log.write(
            f"{sum(counts)} read pairs in {len(counts)} chunks of at most {pairs}"
            f" (pairs per chunk: {', '.join(map(str, counts))})\n"
        )


if __name__ == "__main__" and "snakemake" in globals():
    sm = snakemake  # noqa: F821 (injected by Snakemake)
    main(sm.input.fq1, sm.input.fq2, sm.output[0], int(sm.params.pairs), sm.log[0])
