# Clinical interpretation of each tumor: lesions with their evidence and AMP/ASCO/CAP tier, the
# ELN 2022 risk group, the ELN 2024 group for less-intensive therapy, WHO 2022 and ICC 2022
# entities side by side, and germline predisposition (matched normal) or germline-confirmation
# requests (tumor-only). Rules are data in config/knowledge/; scripts/alwgs/interpret/ is the
# one engine that reads them. The coverage table says which panel genes were not assessable: a
# classification that needs them reads not_assessable.
INT_CFG = CFG["interpretation"]


rule interpret:
    input:
        somatic="results/annotation/{sample}.somatic.vcf.gz",
        germline_vcf=lambda wc: [
            f"results/annotation/{n}.germline.vcf.gz"
            for n in [BATCH.normal_of(wc.sample)]
            if n
        ],
        fusions="results/sv/{sample}.fusions.tsv",
        events="results/cnv/{sample}.events.tsv",
        karyotype="results/cnv/{sample}.karyotype.json",
        qc="results/qc/gate/{sample}.qc.json",
        coverage="results/report/coverage/{sample}.genes.tsv",
        tiers=INT_CFG["tiers"],
        eln=INT_CFG["eln"],
        eln2024=INT_CFG["eln2024"],
        who_icc=INT_CFG["who_icc"],
        germline=INT_CFG["germline"],
        focal_genes=INT_CFG["focal_genes"],
        oncogenicity=INT_CFG["oncogenicity"],
        gene_roles=INT_CFG["gene_roles"],
        functional_domains=INT_CFG["functional_domains"],
        hotspot_counts=INT_CFG["hotspot_counts"],
        hotspots=ANN_CFG["hotspots"],
        panel=CFG["small_variants"]["panel"],
        # which deletions named by their bands count as an arm's (arm_lesions)
        karyotype_rules=CNV_KARYOTYPE_RULES,
    output:
        "results/interpretation/{sample}.json",
    log:
        "logs/interpretation/{sample}.log",
    benchmark:
        "benchmarks/interpretation/{sample}.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("interpret"),
        runtime=res("interpret", "runtime"),
    params:
        info=lambda wc: sample_info(wc.sample),
        diagnosis=lambda wc: BATCH.samples.loc[wc.sample, "diagnosis"],
        purity=lambda wc: sample_purity(wc.sample),
        therapy_context=lambda wc: sample_therapy_context(wc.sample),
        normal=lambda wc: BATCH.normal_of(wc.sample) or "",
    script:
        "../scripts/interpret_sample.py"
