# Annotation of the small-variant VCFs (somatic of tumors, germline of normals), offline:
# ClinVar (bcftools annotate, optional), consequences on every transcript (bcftools csq with the
# Ensembl-style GFF3: it reads the reference's GFF3 directly, with no database build step as
# snpEff needs, streams the VCF and is already installed with bcftools), then one preferred
# transcript per gene with HGVS c./p., hotspots and panels (Python, streaming). Population AF
# comes from the small-variant stage for somatic VCFs and is added here to germline VCFs.
ANN_CFG = CFG["annotation"]


wildcard_constraints:
    kind="somatic|germline",


# The VCF a csq job reads: the somatic VCF, or the normal's germline VCF (with POP_AF when a
# population database is configured).
ANN_SOURCE = {
    "somatic": "results/small_variants/{sample}.somatic.vcf.gz",
    "germline": (
        "results/annotation/{sample}.germline.pop.vcf.gz"
        if database("population_af")
        else "results/small_variants/{sample}.germline.vcf.gz"
    ),
}


rule preferred_transcripts:
    input:
        gff3=CFG["reference"]["gff3"],
        transcripts=ANN_CFG["transcripts"],
    output:
        "results/annotation/preferred_transcripts.tsv",
    log:
        "logs/annotation/transcripts.log",
    benchmark:
        "benchmarks/annotation/transcripts.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("preferred_transcripts"),
        runtime=res("preferred_transcripts", "runtime"),
    script:
        "../scripts/annotate_transcripts.py"


rule germline_population_af:
    input:
        vcf="results/small_variants/{sample}.germline.vcf.gz",
        tbi="results/small_variants/{sample}.germline.vcf.gz.tbi",
        population=database("population_af") or [],
    output:
        vcf=temp("results/annotation/{sample}.germline.pop.vcf.gz"),
        tbi=temp("results/annotation/{sample}.germline.pop.vcf.gz.tbi"),
    log:
        "logs/annotation/{sample}.germline_population_af.log",
    benchmark:
        "benchmarks/annotation/{sample}.germline_population_af.tsv"
    conda:
        "../envs/bcftools.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("annotate_csq"),
        runtime=res("annotate_csq", "runtime"),
    params:
        header='##INFO=<ID=POP_AF,Number=A,Type=Float,Description="Population allele frequency">',
    shell:
        # Same tag as the small-variant stage writes into somatic VCFs; exact allele match.
        "(bcftools annotate -a {input.population:q} -c INFO/POP_AF:=INFO/AF"
        " --pair-logic exact -H {params.header:q} {input.vcf:q} -Oz -o {output.vcf:q}"
        " && tabix -f -p vcf {output.vcf:q}) 2> {log:q}"


rule annotate_csq:
    input:
        vcf=lambda wc: ANN_SOURCE[wc.kind].format(sample=wc.sample),
        tbi=lambda wc: ANN_SOURCE[wc.kind].format(sample=wc.sample) + ".tbi",
        ref=REF,
        fai=f"{REF}.fai",
        gff3=CFG["reference"]["gff3"],
        clinvar=database("clinvar") or [],
    output:
        temp("results/annotation/{sample}.{kind}.csq.bcf"),
    log:
        "logs/annotation/{sample}.{kind}.csq.log",
    benchmark:
        "benchmarks/annotation/{sample}.{kind}.csq.tsv"
    conda:
        "../envs/bcftools.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("annotate_csq"),
        runtime=res("annotate_csq", "runtime"),
    params:
        # A fixed word, so the shell test below never sees the path itself.
        clinvar="yes" if database("clinvar") else "no",
    shell:
        # annotate -a needs an indexed input, so ClinVar goes first; csq then reads the stream.
        # -s -: consequences of every ALT allele whatever the genotypes (somatic alleles are
        # not diploid genotypes); -l: one record at a time (phase is unknown).
        # input.clinvar is empty when the config leaves ClinVar out: the step is skipped.
        "(if [ {params.clinvar:q} = yes ]; then bcftools annotate -a {input.clinvar:q}"
        " -c INFO/CLNSIG,INFO/CLNREVSTAT --pair-logic exact -Ou {input.vcf:q};"
        " else bcftools view -Ou {input.vcf:q}; fi"
        " | bcftools csq -f {input.ref:q} -g {input.gff3:q} -s - -l -Ob -o {output:q})"
        " 2> {log:q}"


rule annotate_variants:
    input:
        bcf="results/annotation/{sample}.{kind}.csq.bcf",
        transcripts="results/annotation/preferred_transcripts.tsv",
        ref=REF,
        fai=f"{REF}.fai",
        gff3=CFG["reference"]["gff3"],
        hotspots=ANN_CFG["hotspots"],
        panel=CFG["small_variants"]["panel"],
    output:
        vcf="results/annotation/{sample}.{kind}.vcf.gz",
        tbi="results/annotation/{sample}.{kind}.vcf.gz.tbi",
        tsv="results/annotation/{sample}.{kind}.tsv",
    log:
        "logs/annotation/{sample}.{kind}.variants.log",
    benchmark:
        "benchmarks/annotation/{sample}.{kind}.variants.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("annotate_variants"),
        runtime=res("annotate_variants", "runtime"),
    params:
        sample=lambda wc: wc.sample,
        transcripts=ANN_CFG["transcripts"],
        clinvar=database("clinvar"),
        population=database("population_af"),
    script:
        "../scripts/annotate_variants.py"
