# FLT3-ITD and other configured tandem duplications: ScanITD on each target region (from the
# preferred transcript's codon range, so the same config works on any annotation), records
# merged and written with length, insertion sequence, read support and allelic ratio.


rule itd_targets:
    input:
        gff3=CFG["reference"]["gff3"],
    output:
        f"results/small_variants/itd/targets.bed",
    log:
        "logs/itd/targets.log",
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=res("itd", "mem_mb"),
        runtime=res("itd", "runtime"),
    params:
        targets=CFG["itd"]["targets"],
    script:
        "../scripts/itd_targets.py"


rule scanitd:
    input:
        aln=f"results/align/{{sample}}.{ALN_EXT}",
        idx=f"results/align/{{sample}}.{ALN_EXT}.{ALN_IDX}",
        ref=REF,
        fai=f"{REF}.fai",
        targets="results/small_variants/itd/targets.bed",
    output:
        "results/small_variants/itd/{sample}.scanitd.vcf",
    log:
        "logs/itd/{sample}.scanitd.log",
    benchmark:
        "benchmarks/itd/{sample}.scanitd.tsv"
    conda:
        "../envs/scanitd.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("itd"),
        runtime=res("itd", "runtime"),
    params:
        min_vaf=CFG["itd"]["min_vaf"],
    shell:
        # An empty target list (no configured gene in this annotation) gives an empty VCF.
        "if [ -s {input.targets:q} ]; then scanitd -i {input.aln:q} -r {input.ref:q}"
        " -t {input.targets:q} -f {params.min_vaf:q} -o {output:q} > {log:q} 2>&1;"
        " else echo 'no ITD target in this annotation' > {log:q}; : > {output:q}; fi;"
        " test -e {output:q} || (echo 'scanitd wrote no VCF' >> {log:q}; exit 1)"


rule itd_vcf:
    input:
        scanitd="results/small_variants/itd/{sample}.scanitd.vcf",
        aln=f"results/align/{{sample}}.{ALN_EXT}",
        idx=f"results/align/{{sample}}.{ALN_EXT}.{ALN_IDX}",
        ref=REF,
        fai=f"{REF}.fai",
        targets="results/small_variants/itd/targets.bed",
    output:
        vcf="results/small_variants/{sample}.itd.vcf.gz",
        tbi="results/small_variants/{sample}.itd.vcf.gz.tbi",
        tsv="results/small_variants/{sample}.itd.tsv",
    log:
        "logs/itd/{sample}.itd_vcf.log",
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("itd"),
        runtime=res("itd", "runtime"),
    params:
        sample=lambda wc: wc.sample,
        scanitd_max_vaf_difference=CFG["itd"]["scanitd_max_vaf_difference"],
        # Same sample columns as the small-variant VCF, so the two can be concatenated.
        samples=lambda wc: [wc.sample]
        + ([BATCH.normal_of(wc.sample)] if BATCH.normal_of(wc.sample) else []),
    script:
        "../scripts/itd_vcf.py"
