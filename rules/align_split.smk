# Alignment split for a cluster (config alignment.split_read_pairs > 0): a unit's trimmed
# FASTQ pair is cut into chunks of N read pairs (a checkpoint: the number of chunks is known
# only once the reads are counted), each chunk is aligned as its own job with the command of
# rule bwa_mem (same read group), and merge_units takes every chunk of every unit of the
# sample, so duplicates are still marked across the whole library. With 0 (the default)
# nothing here runs: merge_units takes the units' bwa_mem outputs as before.


checkpoint split_reads:
    input:
        fq1="results/read_qc/{sample}/{unit}_R1.fastq.gz",
        fq2="results/read_qc/{sample}/{unit}_R2.fastq.gz",
        # Only a pair that passed the data check is aligned (rules/input_checks.smk).
        checked="results/read_qc/{sample}/{unit}.fastq_check.json",
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
    # bwa_mem's command on the chunk's pair (tests/unit/test_align_split.py holds them equal)
    shell:
        "(bwa mem -t {threads} -K 100000000 -Y -R {params.rg:q} {input.ref:q} {params.fq1:q} {params.fq2:q}"
        " | samtools fixmate -m -u - -"
        " | samtools sort -@ {threads} -m 512M -T {output:q}.tmp -o {output:q} -) 2> {log:q}"
