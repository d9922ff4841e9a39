# Read QC and trimming with fastp, per unit (read group): adapters (the kit's sequences from
# the config, plus paired-end overlap), quality trimming of 3' tails, short reads dropped.
# Duplicates are measured after alignment (samtools markdup), so fastp's own estimate is off.


rule fastp:
    input:
        fq1=lambda wc: unit_fastq(wc, 1),
        fq2=lambda wc: unit_fastq(wc, 2),
        # No data check here: it runs beside fastp (rules/input_checks.smk), and only its pass
        # lets the trimmed reads be aligned (rules/align.smk), so reading each pair twice in
        # a row is not on the critical path.
    output:
        fq1=temp("results/read_qc/{sample}/{unit}_R1.fastq.gz"),
        fq2=temp("results/read_qc/{sample}/{unit}_R2.fastq.gz"),
        json="results/read_qc/{sample}/{unit}.fastp.json",
        html="results/read_qc/{sample}/{unit}.fastp.html",
    log:
        "logs/fastp/{sample}/{unit}.log",
    benchmark:
        "benchmarks/fastp/{sample}/{unit}.tsv"
    conda:
        "../envs/fastp.yaml"
    threads: res("fastp", "threads")
    resources:
        mem_mb=mem_for("fastp"),
        runtime=res("fastp", "runtime"),
    params:
        qc=CFG["read_qc"],
        title=lambda wc: f"{wc.sample} {wc.unit}",
    shell:
        "fastp -i {input.fq1:q} -I {input.fq2:q} -o {output.fq1:q} -O {output.fq2:q}"
        " --adapter_sequence {params.qc[adapter_r1]:q}"
        " --adapter_sequence_r2 {params.qc[adapter_r2]:q}"
        " --cut_tail --cut_tail_mean_quality {params.qc[cut_tail_quality]:q}"
        " --length_required {params.qc[min_length]:q} --dont_eval_duplication --compression 1"
        " --thread {threads} --json {output.json:q} --html {output.html:q}"
        " --report_title {params.title:q} 2> {log:q}"
