# Alignment: bwa mem per unit with a complete read group, fixmate (mate tags markdup needs),
# coordinate sort; units of a sample merged; duplicates marked with samtools markdup. On a
# cluster a unit can be aligned in chunks (rules/align_split.smk, alignment.split_read_pairs).
# bwa -K fixes the input batch size, so alignments do not depend on the thread count (a
# local run and a cluster run with other threads agree).


rule bwa_mem:
    input:
        fq1="results/read_qc/{sample}/{unit}_R1.fastq.gz",
        fq2="results/read_qc/{sample}/{unit}_R2.fastq.gz",
        # Only a pair that passed the data check is aligned (rules/input_checks.smk).
        checked="results/read_qc/{sample}/{unit}.fastq_check.json",
        index=multiext(f"{CACHE}/genome.fa", ".amb", ".ann", ".bwt", ".pac", ".sa"),
        ref=REF,
    output:
        temp("results/align/{sample}/{unit}.sorted.bam"),
    log:
        "logs/bwa_mem/{sample}/{unit}.log",
    benchmark:
        "benchmarks/bwa_mem/{sample}/{unit}.tsv"
    conda:
        "../envs/bwa.yaml"
    threads: res("bwa_mem", "threads")
    resources:
        mem_mb=mem_for("bwa_mem"),
        runtime=res("bwa_mem", "runtime"),
    params:
        rg=read_group,
    shell:
        "(bwa mem -t {threads} -K 100000000 -Y -R {params.rg:q} {input.ref:q} {input.fq1:q} {input.fq2:q}"
        " | samtools fixmate -m -u - -"
        " | samtools sort -@ {threads} -m 512M -T {output:q}.tmp -o {output:q} -) 2> {log:q}"


rule merge_units:
    input:
        # the units' BAMs, or with alignment.split_read_pairs every chunk's (align_split.smk)
        lambda wc: unit_alignments(wc.sample),
    output:
        temp("results/align/{sample}.merged.bam"),
    log:
        "logs/merge_units/{sample}.log",
    benchmark:
        "benchmarks/merge_units/{sample}.tsv"
    conda:
        "../envs/samtools.yaml"
    threads: res("merge_units", "threads")
    resources:
        mem_mb=mem_for("merge_units"),
        runtime=res("merge_units", "runtime"),
    shell:
        "samtools merge -@ {threads} -f -o {output:q} {input:q} 2> {log:q}"


rule markdup:
    input:
        bam="results/align/{sample}.merged.bam",
        ref=REF,
        fai=f"{REF}.fai",
    output:
        aln=f"results/align/{{sample}}.{ALN_EXT}",
        idx=f"results/align/{{sample}}.{ALN_EXT}.{ALN_IDX}",
        stats="results/align/{sample}.markdup.txt",
    log:
        "logs/markdup/{sample}.log",
    benchmark:
        "benchmarks/markdup/{sample}.tsv"
    conda:
        "../envs/samtools.yaml"
    threads: res("markdup", "threads")
    resources:
        mem_mb=mem_for("markdup"),
        runtime=res("markdup", "runtime"),
    params:
        fmt=["--output-fmt", ALN_EXT],
    shell:
        "(samtools markdup -@ {threads} -f {output.stats:q} --reference {input.ref:q}"
        " {params.fmt:q} --write-index {input.bam:q} {output.aln:q}##idx##{output.idx:q}) 2> {log:q}"
