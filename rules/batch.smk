# Batch deliverables: tool versions, and the status file that exists only when the whole
# batch finished (the ./alwgs wrapper refuses to overwrite a batch that has it).


rule versions:
    output:
        "results/versions.tsv",
    log:
        "logs/versions.log",
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    script:
        "../scripts/tool_versions.py"


rule batch_status:
    input:
        aln=expand(f"results/align/{{sample}}.{ALN_EXT}", sample=SAMPLES),
        somatic=expand("results/small_variants/{sample}.somatic.vcf.gz", sample=TUMORS),
        germline=expand(
            "results/small_variants/{sample}.germline.vcf.gz", sample=NORMALS
        ),
        sv=expand("results/sv/{sample}.fusions.tsv", sample=TUMORS),
        cnv=expand(
            ["results/cnv/{sample}.karyotype.json", "results/cnv/{sample}.cnv.png"],
            sample=TUMORS,
        ),
        gate="results/qc/qc_gate.tsv",
        multiqc="results/qc/multiqc/multiqc_report.html",
        versions="results/versions.tsv",
        reference_dict=f"{CACHE}/genome.dict",
        accuracy="results/accuracy/accuracy.tsv" if CFG["truth_dir"] else [],
    output:
        "results/batch_status.json",
    log:
        "logs/batch_status.log",
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        samples=SAMPLES,
        reference=CFG["reference"],
    script:
        "../scripts/batch_status.py"
