"""Rule script: md5 checksums of every delivered file of every delivery version (md5sums.txt in
the delivery folder, `md5sum -c md5sums.txt` there checks them all; each version folder has
its own)."""

from alwgs.report.delivery import index_lines


def main(sm) -> None:
    lines = index_lines(sm.params.root)
    with open(sm.output[0], "w") as out:
        out.write("\n".join(lines) + "\n")
    with open(sm.log[0], "w") as log:
        log.write(f"{len(lines)} files\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
