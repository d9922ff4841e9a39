# QC gate: per-sample PASS/WARN/FAIL against config/qc.yaml, a batch table, and MultiQC.


rule qc_gate:
    input:
        fastp=lambda wc: expand(
            "results/read_qc/{{sample}}/{unit}.fastp.json",
            unit=sample_units(wc.sample),
        ),
        stats="results/qc/{sample}.samtools_stats.txt",
        summary="results/qc/mosdepth/{sample}.mosdepth.summary.txt",
        dist="results/qc/mosdepth/{sample}.mosdepth.global.dist.txt",
        identity="results/qc/identity/identity.json",
        fai=f"{REF}.fai",
    output:
        "results/qc/gate/{sample}.qc.json",
    log:
        "logs/qc_gate/{sample}.log",
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=res("qc_gate", "mem_mb"),
        runtime=res("qc_gate", "runtime"),
    params:
        info=lambda wc: sample_info(wc.sample),
        rules=CFG["qc"]["thresholds"],
        # which contigs are the autosomes, X and Y (config, never guessed from names)
        roles=CONTIG_ROLES,
    script:
        "../scripts/qc_gate.py"


rule qc_gate_table:
    input:
        expand("results/qc/gate/{sample}.qc.json", sample=SAMPLES),
    output:
        tsv="results/qc/qc_gate.tsv",
        mqc="results/qc/multiqc/qc_gate_mqc.tsv",
    log:
        "logs/qc_gate/table.log",
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=res("qc_gate", "mem_mb"),
        runtime=res("qc_gate", "runtime"),
    script:
        "../scripts/qc_gate_table.py"


rule multiqc:
    input:
        fastp=[
            f"results/read_qc/{s}/{u}.fastp.json"
            for s in SAMPLES
            for u in sample_units(s)
        ],
        stats=expand("results/qc/{sample}.samtools_stats.txt", sample=SAMPLES),
        mosdepth=expand(
            "results/qc/mosdepth/{sample}.mosdepth.summary.txt", sample=SAMPLES
        ),
        gate="results/qc/multiqc/qc_gate_mqc.tsv",
    output:
        "results/qc/multiqc/multiqc_report.html",
    log:
        "logs/multiqc/multiqc.log",
    benchmark:
        "benchmarks/multiqc/multiqc.tsv"
    conda:
        "../envs/multiqc.yaml"
    threads: res("multiqc", "threads")
    resources:
        mem_mb=mem_for("multiqc"),
        runtime=res("multiqc", "runtime"),
    params:
        outdir=lambda wc, output: str(Path(output[0]).parent),
    shell:
        "multiqc --force --no-data-dir --title 'alwgs batch QC' --filename multiqc_report.html"
        " --outdir {params.outdir:q} {input.fastp:q} {input.stats:q} {input.mosdepth:q}"
        " {input.gate:q} > {log:q} 2>&1"
