# Reference preparation, once per reference in its own cache directory (reused by batches):
# a link to the FASTA with its .fai, .dict and bwa index next to it. ./alwgs run builds the
# cache first (target reference_cache) under a lock in the cache directory, so two batches
# started together do not build it at the same time. Each file is written under a temporary
# name and moved into place: a build killed half-way leaves no partial index that another
# batch could take for a complete one.


rule reference_cache:
    input:
        REF,
        f"{REF}.fai",
        f"{CACHE}/genome.dict",
        multiext(f"{CACHE}/genome.fa", ".amb", ".ann", ".bwt", ".pac", ".sa"),
        # Callable regions and calling chunks also live in the cache (rules/small_variants.smk).
        lambda wc: [
            f"{CACHE}/callable.bed",
            *expand(f"{CHUNK_DIR}/chunk_{{c}}.bed", c=CHUNKS),
        ],
    localrule: True


rule reference_link:
    input:
        CFG["reference"]["fasta"],
    output:
        f"{CACHE}/genome.fa",
    log:
        f"{CACHE}/logs/reference_link.log",
    conda:
        "../envs/samtools.yaml"
    threads: 1
    resources:
        mem_mb=100,
        runtime=5,
    shell:
        "ln -sf {input:q} {output:q} 2> {log:q}"


rule faidx:
    input:
        f"{CACHE}/genome.fa",
    output:
        f"{CACHE}/genome.fa.fai",
    log:
        f"{CACHE}/logs/faidx.log",
    benchmark:
        f"{CACHE}/benchmarks/faidx.tsv"
    conda:
        "../envs/samtools.yaml"
    threads: 1
    resources:
        mem_mb=res("faidx", "mem_mb"),
        runtime=res("faidx", "runtime"),
    shell:
        "(samtools faidx {input:q} --fai-idx {output:q}.tmp && mv {output:q}.tmp {output:q})"
        " 2> {log:q}"


rule sequence_dict:
    input:
        f"{CACHE}/genome.fa",
    output:
        f"{CACHE}/genome.dict",
    log:
        f"{CACHE}/logs/sequence_dict.log",
    benchmark:
        f"{CACHE}/benchmarks/sequence_dict.tsv"
    conda:
        "../envs/samtools.yaml"
    threads: 1
    resources:
        mem_mb=res("sequence_dict", "mem_mb"),
        runtime=res("sequence_dict", "runtime"),
    shell:
        "(samtools dict {input:q} -o {output:q}.tmp && mv {output:q}.tmp {output:q}) 2> {log:q}"


rule bwa_index:
    input:
        f"{CACHE}/genome.fa",
    output:
        multiext(f"{CACHE}/genome.fa", ".amb", ".ann", ".bwt", ".pac", ".sa"),
    log:
        f"{CACHE}/logs/bwa_index.log",
    benchmark:
        f"{CACHE}/benchmarks/bwa_index.tsv"
    conda:
        "../envs/bwa.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("bwa_index"),
        runtime=res("bwa_index", "runtime"),
    params:
        cache=lambda wc, output: os.path.dirname(output[0]),
        tmp=lambda wc, output: os.path.join(os.path.dirname(output[0]), "bwa_index.tmp"),
    shell:
        "(rm -rf {params.tmp:q} && mkdir {params.tmp:q}"
        " && bwa index -p {params.tmp:q}/genome.fa {input:q}"
        " && mv {params.tmp:q}/genome.fa.* {params.cache:q}/ && rmdir {params.tmp:q}) 2> {log:q}"
