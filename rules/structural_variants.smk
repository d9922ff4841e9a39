# Structural variants and gene fusions: delly (joint with the matched normal, then its
# somatic filter) and tiddit (tumor, minus what it also finds in the normal) on each tumor;
# their PASS junctions merged, each junction's somatic status counted from the matched
# normal's own reads (results/sv/<tumor>.sv.tsv), then read at gene level against the
# known-fusion list (results/sv/<tumor>.fusions.tsv). Known fusions whose partner lies in a
# repeat the callers cannot place (IGH::DUX4) are tested by counting read pairs into the
# partner's arrays (results/sv/targeted_partner_regions.tsv, results/sv/<tumor>.targeted.tsv);
# a supported count joins the fusions with that evidence.
# Formats: docs/CONTRACTS.md.
from alwgs.sv.known_fusions import knowledge_paths

SV = CFG["sv"]
try:
    # Read now, so a missing or malformed knowledge file stops the batch before any job.
    SV_FILES = knowledge_paths(SV, LAUNCH_DIR)
except ValueError as err:
    raise WorkflowError(f"alwgs input error: {err}") from None


rule delly:
    input:
        unpack(calling_bams),
        ref=REF,
        fai=f"{REF}.fai",
    output:
        vcf="results/sv/{sample}.delly.vcf.gz",
        tbi="results/sv/{sample}.delly.vcf.gz.tbi",
    log:
        "logs/sv/{sample}.delly.log",
    benchmark:
        "benchmarks/sv/{sample}.delly.tsv"
    conda:
        "../envs/delly.yaml"
    threads: res("delly", "threads")
    resources:
        mem_mb=mem_for("delly"),
        runtime=res("delly", "runtime"),
    params:
        tumor=lambda wc: wc.sample,
        normal=lambda wc: BATCH.normal_of(wc.sample) or "",
        max_normal_af=SV["max_normal_af"],
    script:
        "../scripts/sv_delly.py"


rule tiddit:
    input:
        aln=f"results/align/{{sample}}.{ALN_EXT}",
        idx=f"results/align/{{sample}}.{ALN_EXT}.{ALN_IDX}",
        # tiddit needs the plain FASTA: a bgzipped one crashes it (TOOLING.md).
        ref=REF,
        fai=f"{REF}.fai",
    output:
        vcf="results/sv/tiddit/{sample}.vcf",
    log:
        "logs/sv/{sample}.tiddit.log",
    benchmark:
        "benchmarks/sv/{sample}.tiddit.tsv"
    conda:
        "../envs/tiddit.yaml"
    threads: res("tiddit", "threads")
    resources:
        mem_mb=mem_for("tiddit"),
        runtime=res("tiddit", "runtime"),
    params:
        sample=lambda wc: wc.sample,
    script:
        # Not a plain shell call: tiddit's exit status alone does not say whether it worked
        # (TOOLING.md); the script checks the VCF and classifies tiddit 3.5.2's stops on an
        # empty percentile (library statistics; scoring step) as not assessed.
        "../scripts/sv_tiddit.py"


rule tiddit_somatic:
    input:
        tumor="results/sv/tiddit/{sample}.vcf",
        normal=lambda wc: [
            f"results/sv/tiddit/{n}.vcf" for n in [BATCH.normal_of(wc.sample)] if n
        ],
        fai=f"{REF}.fai",
    output:
        vcf="results/sv/{sample}.tiddit.vcf.gz",
        tbi="results/sv/{sample}.tiddit.vcf.gz.tbi",
    log:
        "logs/sv/{sample}.tiddit_somatic.log",
    benchmark:
        "benchmarks/sv/{sample}.tiddit_somatic.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("tiddit_somatic"),
        runtime=res("tiddit_somatic", "runtime"),
    params:
        tumor=lambda wc: wc.sample,
        normal=lambda wc: BATCH.normal_of(wc.sample) or "",
        merge_distance=SV["merge_distance"],
        max_normal_af=SV["max_normal_af"],
    script:
        "../scripts/sv_tiddit_somatic.py"


rule sv_merge:
    input:
        unpack(
            lambda wc: {c: f"results/sv/{wc.sample}.{c}.vcf.gz" for c in SV["callers"]}
        ),
        gff3=CFG["reference"]["gff3"],
        fai=f"{REF}.fai",
    output:
        tsv="results/sv/{sample}.merged.tsv",
    log:
        "logs/sv/{sample}.sv_merge.log",
    benchmark:
        "benchmarks/sv/{sample}.sv_merge.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("sv_merge"),
        runtime=res("sv_merge", "runtime"),
    params:
        tumor=lambda wc: wc.sample,
        callers=SV["callers"],
        merge_distance=SV["merge_distance"],
        min_size=SV["min_size"],
        min_supporting_reads=SV["min_supporting_reads"],
        min_split_reads=SV["min_split_reads"],
        par=CFG["reference"]["par"],
    script:
        "../scripts/sv_merge.py"


rule sv_normal_support:
    input:
        # The tumor's BAM too: its support per depth says how much a germline junction
        # would show in the normal.
        unpack(calling_bams),
        sv="results/sv/{sample}.merged.tsv",
        ref=REF,
        fai=f"{REF}.fai",
    output:
        tsv="results/sv/{sample}.sv.tsv",
    log:
        "logs/sv/{sample}.sv_normal_support.log",
    benchmark:
        "benchmarks/sv/{sample}.sv_normal_support.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("sv_normal_support"),
        runtime=res("sv_normal_support", "runtime"),
    params:
        tumor=lambda wc: wc.sample,
        normal=lambda wc: BATCH.normal_of(wc.sample) or "",
        settings=SV["normal_support"],
    script:
        "../scripts/sv_normal_support.py"


# The partner region of each targeted rearrangement: its annotated copies, the tandem arrays
# they sit in and the homologous arrays elsewhere, found from the reference sequence (one pass
# over it a row, once per batch: it depends on the annotation and the knowledge file too).
rule sv_partner_regions:
    input:
        gff3=CFG["reference"]["gff3"],
        targeted=SV_FILES["targeted_rearrangements"],
        ref=REF,
        fai=f"{REF}.fai",
    output:
        tsv="results/sv/targeted_partner_regions.tsv",
    log:
        "logs/sv/sv_partner_regions.log",
    benchmark:
        "benchmarks/sv/sv_partner_regions.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("sv_partner_regions"),
        runtime=res("sv_partner_regions", "runtime"),
    script:
        "../scripts/sv_partner_regions.py"


rule sv_targeted_counts:
    input:
        unpack(calling_bams),
        gff3=CFG["reference"]["gff3"],
        targeted=SV_FILES["targeted_rearrangements"],
        regions="results/sv/targeted_partner_regions.tsv",
        gene_loci=SV_FILES["gene_loci"],
        ref=REF,
        fai=f"{REF}.fai",
    output:
        tsv="results/sv/{sample}.targeted.tsv",
    log:
        "logs/sv/{sample}.sv_targeted_counts.log",
    benchmark:
        "benchmarks/sv/{sample}.sv_targeted_counts.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("sv_targeted_counts"),
        runtime=res("sv_targeted_counts", "runtime"),
    params:
        tumor=lambda wc: wc.sample,
        normal=lambda wc: BATCH.normal_of(wc.sample) or "",
        settings=SV["targeted_counts"],
        # the somatic status of a supported count uses the SV stage's alpha
        alpha=SV["normal_support"]["alpha"],
    script:
        "../scripts/sv_targeted_counts.py"


rule sv_fusions:
    input:
        sv="results/sv/{sample}.sv.tsv",
        # supported targeted counts join the fusions (alwgs.sv.targeted_counts)
        targeted="results/sv/{sample}.targeted.tsv",
        gff3=CFG["reference"]["gff3"],
        known_fusions=SV_FILES["known_fusions"],
        ptd_genes=SV_FILES["ptd_genes"],
        gene_loci=SV_FILES["gene_loci"],
    output:
        tsv="results/sv/{sample}.fusions.tsv",
    log:
        "logs/sv/{sample}.sv_fusions.log",
    benchmark:
        "benchmarks/sv/{sample}.sv_fusions.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("sv_fusions"),
        runtime=res("sv_fusions", "runtime"),
    params:
        callers=SV["callers"],
        merge_distance=SV["merge_distance"],
        partner_biotypes=SV["partner_biotypes"],
        # the junctions of one event are also tested together (alwgs.sv.normal_support)
        status_settings=SV["normal_support"],
    script:
        "../scripts/sv_fusions.py"
