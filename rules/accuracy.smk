# Accuracy harness (only for batches with a truth_dir, i.e. the simulated demo or a lab's
# validation set). It reads the final outputs of every stage; stages that do not exist yet
# are scored as missing, so the rule waits only for what the workflow produces.


rule accuracy:
    input:
        samples=CFG["samples"],
        units=CFG["units"],
        reference=REF,
        fai=f"{REF}.fai",
        produced=expand("results/small_variants/{sample}.somatic.vcf.gz", sample=TUMORS),
    output:
        tsv="results/accuracy/accuracy.tsv",
        details="results/accuracy/accuracy.details.tsv",
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
