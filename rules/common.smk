# Shared helpers of the stage files (sample lookups, resources, reference paths).
import json

from alwgs.intake.readgroups import read_group_line

SAMPLES = list(BATCH.samples.index)
TUMORS = BATCH.tumors()
NORMALS = BATCH.normals()
ALN_EXT = CFG["alignment"]["output_format"]
ALN_IDX = {"bam": "bai", "cram": "crai"}[ALN_EXT]
CACHE = CFG["reference"]["cache_dir"]
REF = f"{CACHE}/genome.fa"
SCRIPTS = Path(workflow.basedir) / "scripts"
# Read pairs per alignment job (rules/align_split.smk); 0: one bwa job per unit.
SPLIT_READ_PAIRS = CFG["alignment"]["split_read_pairs"]
# Autosomes, X and Y of the reference (reference.autosomes/chrX/chrY; empty = not known).
CONTIG_ROLES = {
    "autosomes": list(CFG["reference"].get("autosomes") or []),
    "chrX": CFG["reference"].get("chrX") or "",
    "chrY": CFG["reference"].get("chrY") or "",
}
# Pseudoautosomal regions: two-copy in either sex (alwgs/par.py). Only when declared, so the
# params of a batch without them (and its finished jobs) stay as they were.
if CFG["reference"].get("par"):
    CONTIG_ROLES["par"] = list(CFG["reference"]["par"])


def res(rule_name, key):
    """threads, mem_mb or runtime from config/resources.yaml, with the default filled in."""
    return BATCH.resources_for(rule_name)[key]


def mem_for(rule_name):
    """Memory grows with each retry, so a job killed for memory gets more next attempt."""
    base = res(rule_name, "mem_mb")
    return lambda wildcards, attempt: base * attempt


def unit_fastq(wildcards, mate):
    """The unit's FASTQ of one mate: the sheet's file, or the mate converted from its
    BAM/CRAM (rules/bam_input.smk)."""
    if BATCH.is_bam_unit(wildcards.sample, wildcards.unit):
        return f"results/bam_input/{wildcards.sample}/{wildcards.unit}_R{mate}.fastq.gz"
    return BATCH.unit_row(wildcards.sample, wildcards.unit)[f"fq{mate}"]


def bam_unit_input(wildcards):
    """The unit's BAM/CRAM and, for a CRAM, the FASTA it is decoded with: its cram_reference,
    else the batch reference (through the cache, whose .fai the workflow builds)."""
    row = BATCH.unit_row(wildcards.sample, wildcards.unit)
    files = {"aln": row["bam"]}
    if row["bam_format"] == "cram":
        if row["cram_reference"]:
            files["ref"] = row["cram_reference"]
        else:
            files.update(ref=REF, fai=f"{REF}.fai")
    return files


def read_group(wildcards):
    """bwa's @RG line: ID <sample>.<unit>, SM, LB, PL and PU, plus the fields a BAM/CRAM
    unit keeps of its own @RG (alwgs.intake.readgroups)."""
    row = BATCH.unit_row(wildcards.sample, wildcards.unit)
    return read_group_line(wildcards.sample, wildcards.unit, row)


def sample_units(sample):
    return BATCH.units_of(sample)


def unit_alignments(sample):
    """What merge_units merges: each unit's BAM, or with the split on every chunk's BAM of
    every unit (one merge, not one per unit and one per sample: a pass less over the data).
    """
    if not SPLIT_READ_PAIRS:
        return expand(
            "results/align/{sample}/{unit}.sorted.bam",
            sample=sample,
            unit=sample_units(sample),
        )
    bams = []
    for unit in sample_units(sample):
        folder = checkpoints.split_reads.get(sample=sample, unit=unit).output[0]
        chunks = sorted(
            glob_wildcards(os.path.join(folder, "{chunk,[0-9]+}_R1.fastq.gz")).chunk,
            key=int,
        )
        bams += [
            f"results/align/{sample}/{unit}.chunks/{chunk}.bam" for chunk in chunks
        ]
    return bams


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


def sample_therapy_context(sample):
    """therapy_context of samples.tsv (ELN 2024 applicability), 'unknown' when left empty."""
    value = BATCH.samples.loc[sample].get("therapy_context")
    return value if isinstance(value, str) and value else "unknown"


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


def normal_copy_number(sample):
    """Copies of X and Y in the sample's normal cells (other contigs: 2)."""
    male = sample_info(sample)["sex"] == "male"
    roles = {
        CONTIG_ROLES["chrX"]: 1 if male else 2,
        CONTIG_ROLES["chrY"]: 1 if male else 0,
    }
    return {contig: n for contig, n in roles.items() if contig}
