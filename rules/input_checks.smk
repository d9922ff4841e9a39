# Input data checks that need to read the data, so they run as jobs rather than at intake:
# R1 and R2 of each unit read to the end together (gzip integrity, read counts, read names).
# The check runs beside fastp (both read the raw pair; on a human unit the check reads for
# tens of minutes, which would otherwise come before trimming on every unit's critical path);
# alignment takes the check's output as input, so a unit that fails it is never aligned and
# nothing of its sample after trimming runs; with keep-going the other units and samples go on.


rule fastq_check:
    input:
        fq1=lambda wc: unit_fastq(wc, 1),
        fq2=lambda wc: unit_fastq(wc, 2),
    output:
        "results/read_qc/{sample}/{unit}.fastq_check.json",
    log:
        "logs/fastq_check/{sample}/{unit}.log",
    benchmark:
        "benchmarks/fastq_check/{sample}/{unit}.tsv"
    # A damaged file stays damaged: a retry would only read it again.
    retries: 0
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=res("fastq_check", "mem_mb"),
        runtime=res("fastq_check", "runtime"),
    params:
        # where the unit is written (sheet, line), for messages only: a function of `input`,
        # so Snakemake leaves it out of the params rerun trigger (a row moved in the sheet
        # redoes nothing).
        where=lambda wc, input: BATCH.unit_sheet_row(wc.sample, wc.unit),
    script:
        "../scripts/fastq_check.py"
