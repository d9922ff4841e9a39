"""Rule script: preferred-transcript consequence, HGVS, hotspots and panels on the output of
bcftools annotate (ClinVar) | bcftools csq; writes the annotated VCF and TSV, streaming."""

from pathlib import Path

import pysam
from alwgs.annotate.hotspots import load_hotspots
from alwgs.annotate.panels import read_panels
from alwgs.annotate.transcripts import read_models_table
from alwgs.annotate.vcf import Annotator, annotate_vcf, database_version


def sources(sm, hotspots) -> dict[str, dict]:
    def db(name: str, path: str, what: str) -> dict:
        if not path:
            return {"used": "no", "note": "not configured (databases." + name + ")"}
        return {
            "used": "yes",
            "file": Path(path).name,
            "version": database_version(path),
            "what": what,
        }

    return {
        "consequence": {
            "used": "yes",
            "tool": "bcftools csq --local-csq -s -",
            "file": Path(sm.input.gff3).name,
            "version": database_version(sm.input.gff3),
        },
        "transcripts": {
            "used": "yes",
            "file": Path(sm.params.transcripts).name,
            "version": database_version(sm.params.transcripts),
        },
        "clinvar": db("clinvar", sm.params.clinvar, "INFO/CLNSIG, INFO/CLNREVSTAT"),
        "population_af": db("population_af", sm.params.population, "INFO/POP_AF"),
        "hotspots": {"used": "yes", "file": Path(hotspots.path).name, "version": hotspots.version},
        "panels": {"used": "yes", "file": Path(sm.input.panel).name},
    }


def main(sm) -> None:
    hotspots = load_hotspots(sm.input.hotspots)
    annotator = Annotator(
        read_models_table(sm.input.transcripts),
        pysam.FastaFile(sm.input.ref),
        hotspots,
        read_panels(sm.input.panel),
    )
    n = annotate_vcf(
        sm.input.bcf,
        sm.output.vcf,
        sm.output.tsv,
        sm.params.sample,
        annotator,
        sources(sm, hotspots),
    )
    with open(sm.log[0], "w") as log:
        log.write(f"{n} records annotated for {sm.params.sample}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
