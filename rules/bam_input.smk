# BAM/CRAM units (a units.tsv row with a bam): the reads of the unit's read group turned back
# into a FASTQ pair (temporary), which then takes the path of a FASTQ unit (fastq_check, fastp,
# bwa). What is kept and why: scripts/alwgs/qc/bam_reads.py.


rule bam_to_fastq:
    input:
        unpack(bam_unit_input),
    output:
        fq1=temp("results/bam_input/{sample}/{unit}_R1.fastq.gz"),
        fq2=temp("results/bam_input/{sample}/{unit}_R2.fastq.gz"),
        json="results/bam_input/{sample}/{unit}.bam_to_fastq.json",
    log:
        "logs/bam_to_fastq/{sample}/{unit}.log",
    benchmark:
        "benchmarks/bam_to_fastq/{sample}/{unit}.tsv"
    # A damaged or incomplete file stays so: a retry would only read it again.
    retries: 0
    conda:
        "../envs/bam_input.yaml"
    threads: res("bam_to_fastq", "threads")
    resources:
        mem_mb=mem_for("bam_to_fastq"),
        runtime=res("bam_to_fastq", "runtime"),
    params:
        read_group=lambda wc: BATCH.unit_row(wc.sample, wc.unit)["read_group"],
        format=lambda wc: BATCH.unit_row(wc.sample, wc.unit)["bam_format"],
        # where the unit is written (sheet, line), for messages only: a function of `input`,
        # so Snakemake leaves it out of the params rerun trigger (a row moved in the sheet
        # redoes nothing).
        where=lambda wc, input: BATCH.unit_sheet_row(wc.sample, wc.unit),
        max_orphan_fraction=CFG["bam_input"]["max_orphan_fraction"],
    script:
        "../scripts/bam_to_fastq.py"
