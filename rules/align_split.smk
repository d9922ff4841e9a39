# Alignment split for a cluster (config alignment.split_read_pairs > 0): a unit's trimmed
# FASTQ pair is cut into chunks of N read pairs (a checkpoint: the number of chunks is known
# only once the reads are counted), each chunk is aligned as its own job with the command of
# rule bwa_mem (same read group), and merge_units takes every chunk of every unit of the
# sample, so duplicates are still marked across the whole library. With 0 (the default)
# nothing here runs: merge_units takes the units' bwa_mem outputs as before.

SPLIT_READ_PAIRS = CFG["alignment"]["split_read_pairs"]


checkpoint split_reads:
    input:
        fq1="results/read_qc/{sample}/{unit}_R1.fastq.gz",
        fq2="results/read_qc/{sample}/{unit}_R2.fastq.gz",
    output:
        temp(directory("results/align/{sample}/{unit}.split")),
    log:
        "logs/split_reads/{sample}/{unit}.log",
    benchmark:
        "benchmarks/split_reads/{sample}/{unit}.tsv"
    conda:
        "../envs/python.yaml"
    threads: res("split_reads", "threads")
    resources:
        mem_mb=mem_for("split_reads"),
        runtime=res("split_reads", "runtime"),
    params:
        pairs=SPLIT_READ_PAIRS,
    script:
        "../scripts/split_reads.py"


rule bwa_mem_chunk:
    input:
        # The chunk folder, not the chunk's files: the folder is temp and goes once every
        # chunk of the unit is aligned.
        chunks="results/align/{sample}/{unit}.split",
        index=multiext(f"{CACHE}/genome.fa", ".amb", ".ann", ".bwt", ".pac", ".sa"),
        ref=REF,
    output:
        temp("results/align/{sample}/{unit}.chunks/{chunk}.bam"),
    log:
        "logs/bwa_mem_chunk/{sample}/{unit}/{chunk}.log",
    benchmark:
        "benchmarks/bwa_mem_chunk/{sample}/{unit}/{chunk}.tsv"
    wildcard_constraints:
        chunk="[0-9]+",
    conda:
        "../envs/bwa.yaml"
    threads: res("bwa_mem_chunk", "threads")
    resources:
        mem_mb=mem_for("bwa_mem_chunk"),
        runtime=res("bwa_mem_chunk", "runtime"),
    params:
        rg=read_group,
        fq1=lambda wc, input: f"{input.chunks}/{wc.chunk}_R1.fastq.gz",
        fq2=lambda wc, input: f"{input.chunks}/{wc.chunk}_R2.fastq.gz",
    shell:
        bwa_sort_command("{params.fq1:q}", "{params.fq2:q}")


def unit_alignments(sample):
    """What merge_units merges: each unit's BAM, or with the split on every chunk's BAM of
    every unit (one merge, not one per unit and one per sample: a pass less over the data)."""
    if not SPLIT_READ_PAIRS:
        return expand("results/align/{sample}/{unit}.sorted.bam", sample=sample, unit=sample_units(sample))
    bams = []
    for unit in sample_units(sample):
        folder = checkpoints.split_reads.get(sample=sample, unit=unit).output[0]
        chunks = sorted(glob_wildcards(os.path.join(folder, "{chunk,[0-9]+}_R1.fastq.gz")).chunk)
        bams += [f"results/align/{sample}/{unit}.chunks/{chunk}.bam" for chunk in chunks]
    return bams
