"""Rule script: the report HTML printed to an A4 PDF with weasyprint (same content)."""

import logging

from alwgs.report.render import write_pdf


def main(sm) -> None:
    # weasyprint reports CSS it ignores (e.g. flex gaps) as warnings: keep them in the log.
    handler = logging.FileHandler(sm.log[0], mode="w")
    logging.getLogger("weasyprint").addHandler(handler)
    with open(sm.input.html) as fh:
        write_pdf(fh.read(), sm.output[0])
    handler.close()


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
