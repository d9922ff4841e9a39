"""Rule script: choose one preferred transcript per gene from the GFF3 and write its model."""

from alwgs.annotate.transcripts import (
    choose_transcripts,
    read_models,
    read_preferred_list,
    write_models,
)


def main(sm) -> None:
    preferred, version = read_preferred_list(sm.input.transcripts)
    chosen, warnings = choose_transcripts(sm.input.gff3, preferred)
    models = read_models(sm.input.gff3, chosen)
    write_models(models, sm.output[0])
    with open(sm.log[0], "w") as log:
        reasons: dict[str, int] = {}
        for m in models.values():
            key = m.choice.split(" ")[0]
            reasons[key] = reasons.get(key, 0) + 1
        log.write(f"preferred transcript list version {version}: {len(preferred)} genes\n")
        log.write(f"{len(models)} genes; chosen by: {reasons}\n")
        for w in warnings:
            log.write(f"warning: {w}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
