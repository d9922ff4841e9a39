"""Rule script: md5 checksums of every delivered file (md5sums.txt in the delivery folder,
`md5sum -c md5sums.txt` checks them)."""

from alwgs.report.batch import checksum_lines


def main(sm) -> None:
    lines = checksum_lines(sm.params.root, list(sm.input))
    with open(sm.output[0], "w") as out:
        out.write("\n".join(lines) + "\n")
    with open(sm.log[0], "w") as log:
        log.write(f"{len(lines)} files\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
