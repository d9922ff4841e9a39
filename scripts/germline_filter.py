"""Rule script: the normal's bare germline calls with their repeat context and the soft
filters of config/filters/germline.yaml (alwgs.variants.germline_filter)."""

import traceback

from alwgs.variants.germline_filter import filter_germline


def main(sm) -> None:
    with open(sm.log[0], "w") as log:
        try:
            filter_germline(
                sm.input.vcf, sm.input.ref, sm.input.filters, sm.input.depth, sm.output.vcf
            )
        except Exception:
            traceback.print_exc(file=log)
            raise


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
