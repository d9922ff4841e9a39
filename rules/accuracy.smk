# Accuracy harness (only for batches with a truth_dir, i.e. the simulated demo or a lab's
# validation set). It reads the final outputs of every stage and waits for all of them; a
# class whose output is absent is scored as missing.


rule accuracy:
    input:
        samples=CFG["samples"],
        units=CFG["units"],
        reference=REF,
        fai=f"{REF}.fai",
        produced=expand(
            [
                "results/small_variants/{sample}.somatic.vcf.gz",
                "results/sv/{sample}.fusions.tsv",
                "results/sv/{sample}.sv.tsv",
                "results/cnv/{sample}.events.tsv",
                "results/cnv/{sample}.karyotype.json",
                "results/interpretation/{sample}.json",
            ],
            sample=TUMORS,
        ),
        germline=expand(
            [
                "results/small_variants/{sample}.germline.vcf.gz",
                "results/small_variants/{sample}.germline.raw.vcf.gz",
            ],
            sample=NORMALS,
        ),
    output:
        tsv="results/accuracy/accuracy.tsv",
        details="results/accuracy/accuracy.details.tsv",
        metrics="results/accuracy/accuracy.metrics.tsv",
    log:
        "logs/accuracy/accuracy.log",
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=res("accuracy", "mem_mb"),
        runtime=res("accuracy", "runtime"),
    params:
        truth_dir=CFG["truth_dir"],
        results_dir=".",
    script:
        "../scripts/score_accuracy.py"
