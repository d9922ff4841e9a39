"""Rule script: callable regions (N-free runs) of the reference and their calling chunks."""

from alwgs.regions import non_n_runs, split_chunks, write_bed


def main(fasta: str, min_run: int, bed: str, chunk_paths: list[str]) -> None:
    runs = list(non_n_runs(fasta, min_run))
    write_bed(runs, bed)
    for path, chunk in zip(chunk_paths, split_chunks(runs, len(chunk_paths)), strict=True):
        write_bed(chunk, path)


if __name__ == "__main__" and "snakemake" in globals():
    sm = snakemake  # noqa: F821 (injected by Snakemake)
    main(sm.input.ref, sm.params.min_run, sm.output.bed, list(sm.output.chunks))
