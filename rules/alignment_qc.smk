# Alignment QC: samtools stats, mosdepth depth summary and distribution, and the
# tumor/normal identity check: at the sites of databases.identity_sites, else at the common
# SNPs of the population database, else at the sites of each pair's own joint calls
# (freebayes, so the check then waits for small-variant calling). Too few sites: "not
# assessed" (QC WARN), never a pass.
IDENTITY_SOURCE = (
    "identity_sites"
    if database("identity_sites")
    else "population_af" if database("population_af") else "pair"
)
IDENTITY_PAIRS = {t: BATCH.normal_of(t) for t in TUMORS if BATCH.normal_of(t)}


rule samtools_stats:
    input:
        aln=f"results/align/{{sample}}.{ALN_EXT}",
        ref=REF,
    output:
        "results/qc/{sample}.samtools_stats.txt",
    log:
        "logs/samtools_stats/{sample}.log",
    benchmark:
        "benchmarks/samtools_stats/{sample}.tsv"
    conda:
        "../envs/samtools.yaml"
    threads: res("samtools_stats", "threads")
    resources:
        mem_mb=mem_for("samtools_stats"),
        runtime=res("samtools_stats", "runtime"),
    shell:
        "samtools stats -@ {threads} --reference {input.ref:q} {input.aln:q} > {output:q} 2> {log:q}"


rule mosdepth:
    input:
        aln=f"results/align/{{sample}}.{ALN_EXT}",
        idx=f"results/align/{{sample}}.{ALN_EXT}.{ALN_IDX}",
        ref=REF,
    output:
        summary="results/qc/mosdepth/{sample}.mosdepth.summary.txt",
        dist="results/qc/mosdepth/{sample}.mosdepth.global.dist.txt",
        # Mean depth per window (--by): the depth guard and depth-balanced calling chunks of
        # small-variant calling (rules/small_variants.smk, rule depth_guard).
        windows="results/qc/mosdepth/{sample}.regions.bed.gz",
    log:
        "logs/mosdepth/{sample}.log",
    benchmark:
        "benchmarks/mosdepth/{sample}.tsv"
    conda:
        "../envs/mosdepth.yaml"
    threads: res("mosdepth", "threads")
    resources:
        mem_mb=mem_for("mosdepth"),
        runtime=res("mosdepth", "runtime"),
    params:
        prefix=lambda wc, output: output.summary.replace(".mosdepth.summary.txt", ""),
        window_bp=CFG["small_variants"]["depth_guard"]["window_bp"],
    shell:
        # -n: no per-base output; MAPQ >= 20 so repeats do not inflate depth; duplicates and
        # QC-failed reads are excluded by mosdepth's default flag filter (1796). --by: window
        # means in the same pass (on GRCh38 ~3.1 M rows at 1 kb, a few tens of MB gzipped).
        "mosdepth -n --fast-mode -Q 20 --by {params.window_bp:q} -t {threads}"
        " -f {input.ref:q} {params.prefix:q} {input.aln:q} 2> {log:q}"


rule identity_sites:
    input:
        database(IDENTITY_SOURCE) if IDENTITY_SOURCE != "pair" else [],
    output:
        "results/qc/identity/sites.vcf.gz",
    log:
        "logs/identity/sites.log",
    conda:
        "../envs/bcftools.yaml"
    threads: 1
    resources:
        mem_mb=res("identity_check", "mem_mb"),
        runtime=res("identity_check", "runtime"),
    params:
        # Biallelic SNPs: informative for identity, rarely artefacts; from the population
        # database only the common ones (a site list is common SNPs already).
        only_common=(
            ["-i", "INFO/AF>=0.05 && INFO/AF<=0.95"]
            if IDENTITY_SOURCE == "population_af"
            else []
        ),
    shell:
        "bcftools view -v snps -m2 -M2 {params.only_common:q} {input:q}"
        " -Oz -o {output:q} 2> {log:q} && tabix -f -p vcf {output:q} 2>> {log:q}"


rule identity_genotypes:
    input:
        sites="results/qc/identity/sites.vcf.gz",
        aln=expand(f"results/align/{{sample}}.{ALN_EXT}", sample=SAMPLES),
        idx=expand(f"results/align/{{sample}}.{ALN_EXT}.{ALN_IDX}", sample=SAMPLES),
        ref=REF,
        fai=f"{REF}.fai",
    output:
        "results/qc/identity/genotypes.vcf.gz",
    log:
        "logs/identity/genotypes.log",
    benchmark:
        "benchmarks/identity/genotypes.tsv"
    conda:
        "../envs/bcftools.yaml"
    threads: res("identity_check", "threads")
    resources:
        mem_mb=mem_for("identity_check"),
        runtime=res("identity_check", "runtime"),
    shell:
        "(bcftools mpileup -f {input.ref:q} -T {input.sites:q} -a AD,DP -d 500 -q 20 -Q 20"
        " {input.aln:q} -Ou | bcftools call -m -Oz -o {output:q}) 2> {log:q}"


rule identity_check:
    input:
        genotypes=(
            ["results/qc/identity/genotypes.vcf.gz"]
            if IDENTITY_SOURCE != "pair"
            else []
        ),
        # No site list: each paired tumor's joint calls with its normal give the sites.
        pair_vcfs=[
            f"results/small_variants/{t}.freebayes.raw.vcf.gz"
            for t in IDENTITY_PAIRS
            if IDENTITY_SOURCE == "pair"
        ],
        rules=CFG["qc"]["thresholds"],
    output:
        "results/qc/identity/identity.json",
    log:
        "logs/identity/identity_check.log",
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=res("identity_check", "mem_mb"),
        runtime=res("identity_check", "runtime"),
    params:
        source=IDENTITY_SOURCE,
        pairs=IDENTITY_PAIRS,
    script:
        "../scripts/identity_check.py"
