"""Rule script: genome-wide copy-number plot results/cnv/<tumor>.cnv.png."""

from alwgs.cnv.baf import read_het_snps
from alwgs.cnv.cytobands import Cytobands
from alwgs.cnv.events import read_events
from alwgs.cnv.plan import optional_input
from alwgs.cnv.plot import plot_genome, read_cnr_points, read_segment_means


def main(inp, out_path: str, log_path: str, params) -> None:
    bands = Cytobands.from_file(inp.cytobands)
    chroms = bands.chromosomes()
    vcf = optional_input(inp.vcf)
    snps = read_het_snps(vcf, params.sample, params.normal or None, params.min_depth) if vcf else []
    with open(log_path, "w") as log:
        plot_genome(
            out_path,
            f"{params.sample}: log2 copy ratio and B-allele fraction",
            chroms,
            {c: bands.length(c) for c in chroms},
            read_cnr_points(inp.cnr),
            read_segment_means(inp.cns),
            snps,
            read_events(inp.events),
        )
        log.write(f"plotted {len(chroms)} chromosomes, {len(snps)} SNPs\n")


if __name__ == "__main__" and "snakemake" in globals():
    sm = snakemake  # noqa: F821 (injected by Snakemake)
    main(sm.input, sm.output[0], sm.log[0], sm.params)
