# Shared helpers of the stage files (sample lookups, resources, reference paths).
import json

SAMPLES = list(BATCH.samples.index)
TUMORS = BATCH.tumors()
NORMALS = BATCH.normals()
ALN_EXT = CFG["alignment"]["output_format"]
ALN_IDX = {"bam": "bai", "cram": "crai"}[ALN_EXT]
CACHE = CFG["reference"]["cache_dir"]
REF = f"{CACHE}/genome.fa"
SCRIPTS = Path(workflow.basedir) / "scripts"


def res(rule_name, key):
    """threads, mem_mb or runtime from config/resources.yaml, with the default filled in."""
    return BATCH.resources_for(rule_name)[key]


def mem_for(rule_name):
    """Memory grows with each retry, so a job killed for memory gets more next attempt."""
    base = res(rule_name, "mem_mb")
    return lambda wildcards, attempt: base * attempt


def unit_fastq(wildcards, mate):
    return BATCH.unit_row(wildcards.sample, wildcards.unit)[f"fq{mate}"]


def read_group(wildcards):
    row = BATCH.unit_row(wildcards.sample, wildcards.unit)
    platform = row["platform"]
    return (
        f"@RG\\tID:{wildcards.sample}.{wildcards.unit}\\tSM:{wildcards.sample}"
        f"\\tLB:{row['library']}\\tPL:{platform}\\tPU:{wildcards.sample}.{wildcards.unit}"
    )


def sample_units(sample):
    return BATCH.units_of(sample)


def sample_info(sample):
    row = BATCH.samples.loc[sample]
    return {
        "sample": sample,
        "type": row["type"],
        "sex": row["sex"],
        "patient": row["patient"],
    }


def database(name):
    """Path of an optional database, or '' when the config leaves it out."""
    return (CFG.get("databases") or {}).get(name) or ""


def sample_purity(sample):
    """Blast fraction from samples.tsv, or None when the sheet leaves it empty."""
    value = BATCH.samples.loc[sample].get("purity")
    return None if value is None or value != value else float(value)


def calling_bams(wildcards):
    samples = [wildcards.sample] + (
        [BATCH.normal_of(wildcards.sample)] if BATCH.normal_of(wildcards.sample) else []
    )
    return {
        "aln": [f"results/align/{s}.{ALN_EXT}" for s in samples],
        "idx": [f"results/align/{s}.{ALN_EXT}.{ALN_IDX}" for s in samples],
    }
