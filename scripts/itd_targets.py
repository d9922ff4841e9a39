"""Rule script: BED of the tandem-duplication targets, from codon ranges of each gene's
preferred transcript; genes absent from the annotation are logged and skipped."""

from alwgs.regions import codon_range_region, preferred_transcripts, read_transcripts

PAD = 100  # reads that start just outside the codon range still show the duplication


def main(gff3: str, targets: list[dict], out_path: str, log_path: str) -> None:
    transcripts = preferred_transcripts(read_transcripts(gff3))
    with open(out_path, "w") as out, open(log_path, "w") as log:
        for t in targets:
            tx = transcripts.get(t["gene"])
            if tx is None:
                log.write(f"{t['name']}: gene {t['gene']} is not in the annotation; skipped\n")
                continue
            try:
                chrom, s, e = codon_range_region(tx, t["first_codon"], t["last_codon"])
            except ValueError as err:
                log.write(f"{t['name']}: {err}; skipped\n")
                continue
            out.write(f"{chrom}\t{max(0, s - PAD)}\t{e + PAD}\t{t['name']}\n")
            log.write(
                f"{t['name']}: {tx.transcript} codons {t['first_codon']}-"
                f"{t['last_codon']} = {chrom}:{s + 1}-{e}\n"
            )


if __name__ == "__main__" and "snakemake" in globals():
    sm = snakemake  # noqa: F821 (injected by Snakemake)
    main(sm.input.gff3, sm.params.targets, sm.output[0], sm.log[0])
