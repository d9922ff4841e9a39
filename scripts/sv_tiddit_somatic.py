"""Rule script: tiddit's tumor calls as bgzipped, indexed VCF; with a matched normal, calls
also found in the normal (germline SVs) are removed, and the log lists them."""

from pathlib import Path

import pysam
from alwgs.sv.callers import split_germline
from alwgs.sv.vcf_breakends import contig_ranks, read_vcf


def main(sm) -> None:
    ranks = contig_ranks(sm.input.fai)
    normal_name = sm.params.normal or None
    normal = list(read_vcf(sm.input.normal[0], "tiddit")) if sm.input.normal else []
    header, kept, dropped = split_germline(
        sm.input.tumor,
        normal,
        ranks,
        sm.params.merge_distance,
        sm.params.max_normal_af,
        sample=sm.params.tumor,
    )
    mode = "paired" if normal_name else "tumor_only"
    meta = [
        f"##alwgs_sv_mode=<caller=tiddit,mode={mode},normal={normal_name or '.'}>",
        f'##alwgs_sv_note="{len(dropped)} record(s) also called in the matched normal removed"'
        if normal_name
        else '##alwgs_sv_note="no matched normal; germline SVs not removed"',
    ]
    plain = Path(sm.output.vcf).with_suffix("")  # tabix_index adds .gz
    with open(plain, "w") as out:
        out.write("\n".join(header[:-1] + meta + header[-1:] + kept) + "\n")
    pysam.tabix_index(str(plain), preset="vcf", force=True)
    with open(sm.log[0], "w") as log:
        log.write(f"mode: {mode}; {len(kept)} record(s) kept, {len(dropped)} germline\n")
        for line in dropped:
            log.write("germline: " + "\t".join(line.split("\t")[:8]) + "\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
