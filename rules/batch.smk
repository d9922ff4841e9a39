# Batch deliverables: tool versions, the batch summary table, the delivery folder (the files a
# lab hands on, as numbered read-only versions v1/, v2/, ... that are never changed) with md5
# checksums, and the status file that exists only when the whole batch finished (written last:
# it depends on the checksums; the ./alwgs wrapper refuses to overwrite a batch that has it). Layout: docs/CONTRACTS.md ("Report and deliverables").
import os

from alwgs.report.batch import CHECKSUMS, delivery_plan
from alwgs.report.delivery import HISTORY

DELIVERY_DIR = f"results/delivery/{DELIVERY_NAME}"
DELIVERY = delivery_plan(TUMORS, NORMALS, DELIVERY_DIR)


rule versions:
    output:
        "results/versions.tsv",
    log:
        "logs/versions.log",
    benchmark:
        "benchmarks/batch/versions.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    script:
        "../scripts/tool_versions.py"


rule batch_summary:
    input:
        qc=expand("results/qc/gate/{sample}.qc.json", sample=SAMPLES),
        reports=expand("results/report/{sample}.report.json", sample=TUMORS),
        coverage=expand("results/report/coverage/{sample}.genes.tsv", sample=SAMPLES),
    output:
        "results/batch_summary.tsv",
    log:
        "logs/batch/summary.log",
    benchmark:
        "benchmarks/batch/summary.tsv"
    conda:
        "../envs/report.yaml"
    threads: 1
    resources:
        mem_mb=res("batch_summary", "mem_mb"),
        runtime=res("batch_summary", "runtime"),
    params:
        samples=[
            {
                "sample": s,
                "patient": sample_info(s)["patient"],
                "type": sample_info(s)["type"],
                "diagnosis": BATCH.samples.loc[s, "diagnosis"],
            }
            for s in SAMPLES
        ],
    script:
        "../scripts/batch_summary.py"


rule batch_delivery:
    input:
        [src for src, _ in DELIVERY],
    output:
        f"{DELIVERY_DIR}/{HISTORY}",
    log:
        "logs/batch/delivery.log",
    benchmark:
        "benchmarks/batch/delivery.tsv"
    conda:
        "../envs/report.yaml"
    threads: 1
    resources:
        mem_mb=res("batch_delivery", "mem_mb"),
        runtime=res("batch_delivery", "runtime"),
    params:
        plan=DELIVERY,
        # the delivery folder: the earlier versions in it are read (the batch's file system)
        root=lambda wc, output: str(Path(output[0]).parent),
        # why a run delivers again (./alwgs run --reason), printed in amended reports
        reason=os.environ.get("ALWGS_DELIVERY_REASON", ""),
    script:
        "../scripts/batch_delivery.py"


rule batch_checksums:
    input:
        f"{DELIVERY_DIR}/{HISTORY}",
    output:
        f"{DELIVERY_DIR}/{CHECKSUMS}",
    log:
        "logs/batch/checksums.log",
    benchmark:
        "benchmarks/batch/checksums.tsv"
    conda:
        "../envs/report.yaml"
    threads: 1
    resources:
        mem_mb=res("batch_checksums", "mem_mb"),
        runtime=res("batch_checksums", "runtime"),
    params:
        root=lambda wc, input: str(Path(input[0]).parent),
    script:
        "../scripts/batch_checksums.py"


rule batch_status:
    input:
        aln=expand(f"results/align/{{sample}}.{ALN_EXT}", sample=SAMPLES),
        gate="results/qc/qc_gate.tsv",
        deliveries=f"{DELIVERY_DIR}/{HISTORY}",
        checksums=f"{DELIVERY_DIR}/{CHECKSUMS}",
        reference_dict=f"{CACHE}/genome.dict",
        accuracy="results/accuracy/accuracy.tsv" if CFG["truth_dir"] else [],
    output:
        "results/batch_status.json",
    log:
        "logs/batch_status.log",
    benchmark:
        "benchmarks/batch/status.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        samples=SAMPLES,
        tumors=TUMORS,
        reference={**CFG["reference"], "bundle_id": CFG["bundle_id"]},
        delivery_root=lambda wc, input: str(Path(input.deliveries).parent),
    script:
        "../scripts/batch_status.py"
