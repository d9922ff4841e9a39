# Copy number and karyotype: CNVkit in WGS mode, one command per rule (bins, reference, fix,
# segment, call; the bin coverage CNVkit reads comes from mosdepth, scripts/cnv_coverage.py),
# then events named by chromosome/arm/focal level with edges snapped to SV breakpoints, an
# ISCN-like karyotype and a genome-wide plot.
# Which reference and call arguments each tumor gets: alwgs/cnv/plan.py (with the sex
# convention of the references).
from alwgs.cnv.karyotype import load_rules as load_karyotype_rules
from alwgs.cnv.plan import (
    CnvPlan,
    cnvkit_par_genome,
    knowledge_path,
    paired_reference_coverage,
)
from alwgs.contig_roles import ContigRoles

CNV_CFG = CFG["cnv"]
CNV_BINS = "results/cnv/bins"
try:
    CNV_KARYOTYPE_RULES = knowledge_path(
        CNV_CFG["karyotype_rules"], LAUNCH_DIR, load_karyotype_rules
    )
except ValueError as err:
    raise WorkflowError(
        f"alwgs input error: config cnv.karyotype_rules: {err}"
    ) from None
CNV = CnvPlan(
    sex={s: sample_info(s)["sex"] for s in SAMPLES},
    purity={s: sample_purity(s) for s in SAMPLES},
    normal_of={t: BATCH.normal_of(t) for t in TUMORS},
    normals=NORMALS,
    tumor_only_reference=CNV_CFG["tumor_only_reference"],
    # Allele counts of every sample at common SNPs (identity check) give the BAF; there are
    # none without a population database.
    allele_vcf=(
        "results/qc/identity/genotypes.vcf.gz" if database("population_af") else ""
    ),
    tumor_only_loh=CNV_CFG["tumor_only_loh"]["enabled"],
    sv_breakpoints=CNV_CFG["sv_breakpoints"],
    min_variant_depth=CNV_CFG["cnloh"]["min_depth"],
    # GRCh38/GRCh37 PARs on chrX/X: CNVkit's own PAR handling (alwgs/cnv/plan.py)
    par_genome=cnvkit_par_genome(ContigRoles.from_config(CONTIG_ROLES)),
)


rule cnv_access:
    input:
        ref=REF,
        fai=f"{REF}.fai",
    output:
        f"{CNV_BINS}/access.bed",
    log:
        "logs/cnv/access.log",
    benchmark:
        "benchmarks/cnv/access.tsv"
    conda:
        "../envs/cnvkit.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("cnv_bins"),
        runtime=res("cnv_bins", "runtime"),
    params:
        min_gap=CNV_CFG["access_min_gap"],
    shell:
        "cnvkit.py access {input.ref:q} -s {params.min_gap:q} -o {output:q} > {log:q} 2>&1"


rule cnv_bins:
    input:
        f"{CNV_BINS}/access.bed",
    output:
        bins=f"{CNV_BINS}/bins.bed",
        antitarget=f"{CNV_BINS}/antitarget.empty.bed",
    log:
        "logs/cnv/bins.log",
    benchmark:
        "benchmarks/cnv/bins.tsv"
    conda:
        "../envs/cnvkit.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("cnv_bins"),
        runtime=res("cnv_bins", "runtime"),
    params:
        bin_size=CNV_CFG["bin_size"],
    shell:
        # WGS: the accessible genome split into even bins; no antitargets (empty BED).
        "(cnvkit.py target {input:q} --split --avg-size {params.bin_size:q} -o {output.bins:q}"
        " && : > {output.antitarget:q}) > {log:q} 2>&1"


rule cnv_coverage:
    input:
        aln=f"results/align/{{sample}}.{ALN_EXT}",
        idx=f"results/align/{{sample}}.{ALN_EXT}.{ALN_IDX}",
        ref=REF,
        fai=f"{REF}.fai",
        bins=f"{CNV_BINS}/bins.bed",
    output:
        "results/cnv/coverage/{sample}.targetcoverage.cnn",
    log:
        "logs/cnv/{sample}.coverage.log",
    benchmark:
        "benchmarks/cnv/{sample}.coverage.tsv"
    conda:
        "../envs/mosdepth.yaml"
    threads: res("cnv_coverage", "threads")
    resources:
        mem_mb=mem_for("cnv_coverage"),
        runtime=res("cnv_coverage", "runtime"),
    params:
        min_mapq=CNV_CFG["min_mapq"],
    script:
        # The .cnn `cnvkit.py coverage` writes (same bins, depth and log2), from one mosdepth
        # pass over the bins instead of CNVkit's per-base pileup (samtools bedcov), which was
        # the slowest CNV step; mosdepth --fast-mode counts reads as bedcov does
        # (alwgs/cnv/bin_coverage.py). No antitarget coverage: CNVkit 0.9.14 takes WGS
        # samples without it.
        "../scripts/cnv_coverage.py"


rule cnv_reference_paired:
    input:
        cov="results/cnv/coverage/{sample}.targetcoverage.cnn",
        ref=REF,
        fai=f"{REF}.fai",
    output:
        "results/cnv/reference/paired/{sample}.cnn",
    log:
        "logs/cnv/reference_paired/{sample}.log",
    benchmark:
        "benchmarks/cnv/reference_paired/{sample}.tsv"
    conda:
        "../envs/cnvkit.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("cnv_reference"),
        runtime=res("cnv_reference", "runtime"),
    params:
        # the normal's coverage twice: the reference is then the normal itself, not the
        # midpoint of it and CNVkit's flat pseudo-sample (alwgs/cnv/plan.py)
        cov=lambda wc, input: paired_reference_coverage(input.cov),
        sex=lambda wc: CNV.reference_sex_arg([wc.sample]).split(),
    shell:
        "cnvkit.py reference {params.cov:q} -f {input.ref:q} --no-edge {params.sex:q}"
        " -o {output:q} > {log:q} 2>&1"


rule cnv_reference_pooled:
    input:
        cov=expand("results/cnv/coverage/{sample}.targetcoverage.cnn", sample=NORMALS),
        ref=REF,
        fai=f"{REF}.fai",
    output:
        "results/cnv/reference/pooled_normals.cnn",
    log:
        "logs/cnv/reference_pooled.log",
    benchmark:
        "benchmarks/cnv/reference_pooled.tsv"
    conda:
        "../envs/cnvkit.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("cnv_reference"),
        runtime=res("cnv_reference", "runtime"),
    params:
        sex=CNV.reference_sex_arg(NORMALS).split(),
    shell:
        "cnvkit.py reference {input.cov:q} -f {input.ref:q} --no-edge {params.sex:q}"
        " -o {output:q} > {log:q} 2>&1"


rule cnv_reference_flat:
    input:
        bins=f"{CNV_BINS}/bins.bed",
        antitarget=f"{CNV_BINS}/antitarget.empty.bed",
        ref=REF,
        fai=f"{REF}.fai",
    output:
        "results/cnv/reference/flat.cnn",
    log:
        "logs/cnv/reference_flat.log",
    benchmark:
        "benchmarks/cnv/reference_flat.tsv"
    conda:
        "../envs/cnvkit.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("cnv_reference"),
        runtime=res("cnv_reference", "runtime"),
    params:
        par=CNV.par_arg().split(),
    shell:
        "cnvkit.py reference -f {input.ref:q} -t {input.bins:q} -a {input.antitarget:q}"
        " --no-edge {params.par:q} -o {output:q} > {log:q} 2>&1"


rule cnv_fix:
    input:
        cov="results/cnv/coverage/{sample}.targetcoverage.cnn",
        reference=lambda wc: CNV.reference(wc.sample),
    output:
        "results/cnv/{sample}.cnr",
    log:
        "logs/cnv/{sample}.fix.log",
    benchmark:
        "benchmarks/cnv/{sample}.fix.tsv"
    conda:
        "../envs/cnvkit.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("cnv_fix"),
        runtime=res("cnv_fix", "runtime"),
    params:
        note=lambda wc: f"reference: {CNV.reference_note(wc.sample)}",
        par=CNV.par_arg().split(),
    shell:
        # --no-edge: WGS bins have no capture edges (CNVkit batch -m wgs does the same).
        "(echo {params.note:q} && cnvkit.py fix {input.cov:q} -r {input.reference:q}"
        " --no-edge {params.par:q} -i {wildcards.sample:q} -o {output:q}) > {log:q} 2>&1"


rule cnv_segment:
    input:
        "results/cnv/{sample}.cnr",
    output:
        "results/cnv/{sample}.cns",
    log:
        "logs/cnv/{sample}.segment.log",
    benchmark:
        "benchmarks/cnv/{sample}.segment.tsv"
    conda:
        "../envs/cnvkit.yaml"
    threads: res("cnv_segment", "threads")
    resources:
        mem_mb=mem_for("cnv_segment"),
        runtime=res("cnv_segment", "runtime"),
    params:
        method=CNV_CFG["segment_method"],
    shell:
        "cnvkit.py segment {input:q} -m {params.method:q} -p {threads} -o {output:q} > {log:q} 2>&1"


rule cnv_call:
    input:
        cns="results/cnv/{sample}.cns",
        vcf=CNV.allele_input(),
    output:
        "results/cnv/{sample}.call.cns",
    log:
        "logs/cnv/{sample}.call.log",
    benchmark:
        "benchmarks/cnv/{sample}.call.tsv"
    conda:
        "../envs/cnvkit.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("cnv_call"),
        runtime=res("cnv_call", "runtime"),
    params:
        # clonal with the sheet's purity, else CNVkit's log2 thresholds; -v adds BAF columns.
        # (words of sample IDs, numbers and a results/ path: split on spaces, then quoted)
        args=lambda wc: CNV.call_args(wc.sample).split(),
    shell:
        "cnvkit.py call {input.cns:q} {params.args:q} -o {output:q} > {log:q} 2>&1"


rule cnv_events:
    input:
        call="results/cnv/{sample}.call.cns",
        cnr="results/cnv/{sample}.cnr",
        # reads per bin (coverage, read length): below the minimum, not assessed
        coverage="results/cnv/coverage/{sample}.targetcoverage.cnn",
        stats="results/qc/{sample}.samtools_stats.txt",
        cytobands=CFG["reference"]["cytobands"],
        gff3=CFG["reference"]["gff3"],
        panel=CFG["small_variants"]["panel"],
        sv=lambda wc: CNV.sv_table(wc.sample),
        vcf=CNV.allele_input(),
        # population AF of the SNPs: a tumor-only sample's heterozygosity deficit
        # (alwgs/cnv/heterozygosity.py); read for paired tumors too, but not used
        population=CNV.population_input(database("population_af")),
        # what the reference holds in the pseudoautosomal regions (alwgs/cnv/par_copy.py)
        reference=lambda wc: CNV.reference(wc.sample) if CONTIG_ROLES.get("par") else [],
    output:
        events="results/cnv/{sample}.events.tsv",
        # callable bp and bins of each chromosome and arm, and which are too small to assess
        callable="results/cnv/{sample}.callable.tsv",
    log:
        "logs/cnv/{sample}.events.log",
    benchmark:
        "benchmarks/cnv/{sample}.events.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("cnv_events"),
        runtime=res("cnv_events", "runtime"),
    params:
        sample=lambda wc: wc.sample,
        normal=lambda wc: BATCH.normal_of(wc.sample) or "",
        sex=lambda wc: sample_info(wc.sample)["sex"],
        # the PARs' copy number is called as CNVkit's call is: clonal at the sheet's purity
        purity=lambda wc: CNV.purity.get(wc.sample),
        cnv=CNV_CFG,
        roles=CONTIG_ROLES,
    script:
        "../scripts/cnv_events.py"


rule cnv_karyotype:
    input:
        events="results/cnv/{sample}.events.tsv",
        callable="results/cnv/{sample}.callable.tsv",
        call="results/cnv/{sample}.call.cns",
        cytobands=CFG["reference"]["cytobands"],
        rules=CNV_KARYOTYPE_RULES,
        sv=lambda wc: CNV.sv_table(wc.sample),
    output:
        "results/cnv/{sample}.karyotype.json",
    log:
        "logs/cnv/{sample}.karyotype.log",
    benchmark:
        "benchmarks/cnv/{sample}.karyotype.tsv"
    conda:
        "../envs/python.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("cnv_events"),
        runtime=res("cnv_events", "runtime"),
    params:
        sex=lambda wc: sample_info(wc.sample)["sex"],
        inversion_min_fraction=CNV_CFG["inversion_min_fraction"],
        roles=CONTIG_ROLES,
        # why LOH was not called ('' when it was): the masked-hypodiploidy check needs it
        loh_not_assessed=lambda wc: CNV.loh_not_assessed(
            wc.sample, CNV_CFG["cnloh"]["require_normal"]
        ),
        # how it was called (matched normal's BAF, or the heterozygosity deficit)
        loh_method=lambda wc: CNV.loh_method(
            wc.sample, CNV_CFG["cnloh"]["require_normal"]
        ),
    script:
        "../scripts/cnv_karyotype.py"


rule cnv_plot:
    input:
        cnr="results/cnv/{sample}.cnr",
        cns="results/cnv/{sample}.cns",
        events="results/cnv/{sample}.events.tsv",
        cytobands=CFG["reference"]["cytobands"],
        vcf=CNV.allele_input(),
    output:
        "results/cnv/{sample}.cnv.png",
    log:
        "logs/cnv/{sample}.plot.log",
    benchmark:
        "benchmarks/cnv/{sample}.plot.tsv"
    conda:
        "../envs/cnvkit.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("cnv_plot"),
        runtime=res("cnv_plot", "runtime"),
    params:
        sample=lambda wc: wc.sample,
        normal=lambda wc: BATCH.normal_of(wc.sample) or "",
        min_depth=CNV_CFG["cnloh"]["min_depth"],
    script:
        "../scripts/cnv_plot.py"
