# Small variants: freebayes scattered over calling chunks (tumor jointly with its matched
# normal), gathered, normalised, annotated with somatic evidence and soft-filtered by the
# filters in config; germline calls in the normal with bcftools, kept separate.
from alwgs.intake.tool_options import freebayes_args

SV_CFG = CFG["small_variants"]
GUARD_CFG = SV_CFG["depth_guard"]
GUARD_DIR = "results/small_variants/guard/{sample}"
CHUNKS = [f"{i:03d}" for i in range(SV_CFG["chunks"])]
CHUNK_DIR = f"{CACHE}/chunks_{SV_CFG['chunks']}"


rule callable_regions:
    input:
        ref=REF,
        fai=f"{REF}.fai",
    output:
        bed=f"{CACHE}/callable.bed",
        chunks=expand(f"{CHUNK_DIR}/chunk_{{chunk}}.bed", chunk=CHUNKS),
    log:
        f"{CACHE}/logs/callable_regions_{SV_CFG['chunks']}.log",
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=res("callable_regions", "mem_mb"),
        runtime=res("callable_regions", "runtime"),
    params:
        min_run=SV_CFG["min_callable_run"],
    script:
        "../scripts/callable_regions.py"


rule depth_guard:
    # Bounded calling (alwgs.variants.depth_guard): regions far above the sample's median
    # depth (tumor or its normal) and those of the exclusion BED are left out of calling, and
    # the tumor's calling chunks are cut from what remains, balanced by bases x depth; the
    # number of chunks stays small_variants.chunks, so the job graph does not depend on data.
    input:
        callable=f"{CACHE}/callable.bed",
        fai=f"{REF}.fai",
        tumor_depth="results/qc/mosdepth/{sample}.mosdepth.global.dist.txt",
        tumor_windows="results/qc/mosdepth/{sample}.regions.bed.gz",
        normal_depth=lambda wc: (
            f"results/qc/mosdepth/{BATCH.normal_of(wc.sample)}.mosdepth.global.dist.txt"
            if BATCH.normal_of(wc.sample)
            else []
        ),
        normal_windows=lambda wc: (
            f"results/qc/mosdepth/{BATCH.normal_of(wc.sample)}.regions.bed.gz"
            if BATCH.normal_of(wc.sample)
            else []
        ),
        exclude_bed=GUARD_CFG["exclude_bed"] or [],
        gff3=CFG["reference"]["gff3"],
        panel=SV_CFG["panel"],
    output:
        json=f"{GUARD_DIR}/guard.json",
        bed=f"{GUARD_DIR}/skipped.bed",
        header=f"{GUARD_DIR}/header.txt",
        freebayes_options=f"{GUARD_DIR}/freebayes_options.txt",
        chunks=expand(
            f"{GUARD_DIR}/chunk_{{chunk}}.bed", chunk=CHUNKS, allow_missing=True
        ),
    log:
        "logs/depth_guard/{sample}.log",
    benchmark:
        "benchmarks/depth_guard/{sample}.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("depth_guard"),
        runtime=res("depth_guard", "runtime"),
    params:
        max_depth_x_median=GUARD_CFG["max_depth_x_median"],
        window_bp=GUARD_CFG["window_bp"],
        max_listed=GUARD_CFG["max_listed_regions"],
    script:
        "../scripts/depth_guard.py"


rule freebayes:
    input:
        unpack(calling_bams),
        ref=REF,
        fai=f"{REF}.fai",
        bed=f"{GUARD_DIR}/chunk_{{chunk}}.bed",
        # --skip-coverage N from the guard's multiple: no site above it can hold the job.
        options=f"{GUARD_DIR}/freebayes_options.txt",
    output:
        temp("results/small_variants/freebayes/{sample}/chunk_{chunk}.vcf"),
    log:
        "logs/freebayes/{sample}/chunk_{chunk}.log",
    benchmark:
        "benchmarks/freebayes/{sample}/chunk_{chunk}.tsv"
    conda:
        "../envs/freebayes.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("freebayes"),
        runtime=res("freebayes", "runtime"),
    params:
        # The options checked at intake, one quoted word each (alwgs.intake.tool_options).
        extra=freebayes_args(SV_CFG["freebayes"]),
    shell:
        # The options file holds only the guard's own "--skip-coverage <integer>".
        "freebayes -f {input.ref:q} -t {input.bed:q} {params.extra:q}"
        " $(cat {input.options:q}) {input.aln:q} > {output:q} 2> {log:q}"


rule gather_freebayes:
    input:
        chunks=expand(
            "results/small_variants/freebayes/{{sample}}/chunk_{chunk}.vcf",
            chunk=CHUNKS,
        ),
        # What the depth guard left out, so the calls say what was not called.
        header=f"{GUARD_DIR}/header.txt",
    output:
        vcf="results/small_variants/{sample}.freebayes.raw.vcf.gz",
        tbi="results/small_variants/{sample}.freebayes.raw.vcf.gz.tbi",
    log:
        "logs/gather_freebayes/{sample}.log",
    benchmark:
        "benchmarks/gather_freebayes/{sample}.tsv"
    conda:
        "../envs/bcftools.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("gather_freebayes"),
        runtime=res("gather_freebayes", "runtime"),
    shell:
        # Chunks cover the genome in order, so concatenation keeps the VCF sorted.
        "(bcftools concat {input.chunks:q} -Ou | bcftools annotate -h {input.header:q}"
        " -Oz -o {output.vcf:q} && tabix -f -p vcf {output.vcf:q}) 2> {log:q}"


rule somatic_filter:
    input:
        vcf="results/small_variants/{sample}.freebayes.raw.vcf.gz",
        ref=REF,
        fai=f"{REF}.fai",
        gff3=CFG["reference"]["gff3"],
        population=database("population_af") or [],
        panel_of_normals=database("panel_of_normals") or [],
        # Median depths over the callable sequence set the depth filters (depth_power of the
        # filter file): alignment QC's mosdepth distributions of the tumor and its normal.
        callable=f"{CACHE}/callable.bed",
        tumor_depth="results/qc/mosdepth/{sample}.mosdepth.global.dist.txt",
        normal_depth=lambda wc: (
            f"results/qc/mosdepth/{BATCH.normal_of(wc.sample)}.mosdepth.global.dist.txt"
            if BATCH.normal_of(wc.sample)
            else []
        ),
        # Tumor-only: the local copy number sets the VAF expected of a germline allele.
        copy_number=lambda wc: (
            [] if BATCH.normal_of(wc.sample) else f"results/cnv/{wc.sample}.call.cns"
        ),
        germline_model=SV_CFG["germline_model"],
    output:
        vcf="results/small_variants/{sample}.snv_indel.vcf.gz",
        tbi="results/small_variants/{sample}.snv_indel.vcf.gz.tbi",
    log:
        "logs/somatic_filter/{sample}.log",
    benchmark:
        "benchmarks/somatic_filter/{sample}.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("somatic_filter"),
        runtime=res("somatic_filter", "runtime"),
    params:
        tumor=lambda wc: wc.sample,
        normal=lambda wc: BATCH.normal_of(wc.sample) or "",
        purity=lambda wc: sample_purity(wc.sample),
        filters=SV_CFG["filters"],
        panel=SV_CFG["panel"],
        normal_cn=lambda wc: normal_copy_number(wc.sample),
        par=CFG["reference"]["par"],
    script:
        "../scripts/somatic_filter.py"


rule somatic_vcf:
    input:
        snv_indel="results/small_variants/{sample}.snv_indel.vcf.gz",
        itd="results/small_variants/{sample}.itd.vcf.gz",
    output:
        vcf="results/small_variants/{sample}.somatic.vcf.gz",
        tbi="results/small_variants/{sample}.somatic.vcf.gz.tbi",
    log:
        "logs/somatic_vcf/{sample}.log",
    conda:
        "../envs/bcftools.yaml"
    threads: 1
    resources:
        mem_mb=res("somatic_vcf", "mem_mb"),
        runtime=res("somatic_vcf", "runtime"),
    shell:
        # ITD records join the small variants so annotation and reports see one VCF.
        # freebayes orders sample columns its own way: put the ITD VCF in the same order.
        '(bcftools view -s "$(bcftools query -l {input.snv_indel:q} | paste -sd,)"'
        " {input.itd:q} -Oz -o {output.vcf:q}.itd.tmp.vcf.gz"
        " && tabix -f -p vcf {output.vcf:q}.itd.tmp.vcf.gz"
        " && bcftools concat -a {input.snv_indel:q} {output.vcf:q}.itd.tmp.vcf.gz -Ou"
        " | bcftools sort -Oz -o {output.vcf:q} && tabix -f -p vcf {output.vcf:q}"
        " && rm -f {output.vcf:q}.itd.tmp.vcf.gz {output.vcf:q}.itd.tmp.vcf.gz.tbi) 2> {log:q}"


rule germline_normal:
    input:
        aln=f"results/align/{{sample}}.{ALN_EXT}",
        idx=f"results/align/{{sample}}.{ALN_EXT}.{ALN_IDX}",
        ref=REF,
        fai=f"{REF}.fai",
        bed=f"{CACHE}/callable.bed",
    output:
        # The bare caller's calls, kept: the accuracy harness scores them next to the
        # filtered ones, and a reviewer can see what a filter removed.
        vcf="results/small_variants/{sample}.germline.raw.vcf.gz",
        tbi="results/small_variants/{sample}.germline.raw.vcf.gz.tbi",
    log:
        "logs/germline_normal/{sample}.log",
    benchmark:
        "benchmarks/germline_normal/{sample}.tsv"
    conda:
        "../envs/bcftools.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("germline_normal"),
        runtime=res("germline_normal", "runtime"),
    shell:
        # SP, ADF and ADR: strand evidence for the StrandBias filter of germline.yaml.
        "(bcftools mpileup -f {input.ref:q} -R {input.bed:q} -a AD,DP,SP,ADF,ADR -q 20 -Q 20"
        " -Ou {input.aln:q} | bcftools call -mv -Ou"
        " | bcftools norm -f {input.ref:q} -m -both -Oz -o {output.vcf:q}"
        " && tabix -f -p vcf {output.vcf:q}) 2> {log:q}"


rule germline_filter:
    input:
        vcf="results/small_variants/{sample}.germline.raw.vcf.gz",
        tbi="results/small_variants/{sample}.germline.raw.vcf.gz.tbi",
        ref=REF,
        fai=f"{REF}.fai",
        depth="results/qc/mosdepth/{sample}.mosdepth.global.dist.txt",
        filters=SV_CFG["germline_filters"],
    output:
        vcf="results/small_variants/{sample}.germline.vcf.gz",
        tbi="results/small_variants/{sample}.germline.vcf.gz.tbi",
    log:
        "logs/germline_filter/{sample}.log",
    benchmark:
        "benchmarks/germline_filter/{sample}.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=res("germline_filter", "mem_mb"),
        runtime=res("germline_filter", "runtime"),
    script:
        "../scripts/germline_filter.py"
