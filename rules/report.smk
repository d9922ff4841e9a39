# Per-sample clinical report: coverage of the panel genes (mosdepth over their coding exons),
# a read-review page (igv-reports, offline), then one report per tumor as self-contained HTML
# and JSON (alwgs/report/: context, templates) and as PDF (weasyprint). Layout and files:
# docs/CONTRACTS.md ("Report and deliverables").
REPORT_CFG = CFG["report"]
COVERAGE_CFG = REPORT_CFG["coverage"]
REPORT_TEMPLATES = SCRIPTS / "alwgs" / "report" / "templates"
# Name of the batch in reports and of its folder below results/delivery/.
DELIVERY_NAME = REPORT_CFG["delivery_name"] or Path(CFG["batch_dir"]).name


rule report_coverage_bed:
    input:
        transcripts="results/annotation/preferred_transcripts.tsv",
        panel=CFG["small_variants"]["panel"],
    output:
        "results/report/coverage/panel_exons.bed",
    log:
        "logs/report/coverage_bed.log",
    benchmark:
        "benchmarks/report/coverage_bed.tsv"
    conda:
        "../envs/report.yaml"
    threads: 1
    resources:
        mem_mb=res("report_coverage_bed", "mem_mb"),
        runtime=res("report_coverage_bed", "runtime"),
    params:
        pad=COVERAGE_CFG["splice_pad"],
    script:
        "../scripts/report_coverage_bed.py"


rule report_coverage:
    input:
        aln=f"results/align/{{sample}}.{ALN_EXT}",
        idx=f"results/align/{{sample}}.{ALN_EXT}.{ALN_IDX}",
        bed="results/report/coverage/panel_exons.bed",
        ref=REF,
        fai=f"{REF}.fai",
    output:
        thresholds="results/report/coverage/{sample}.thresholds.bed.gz",
        regions="results/report/coverage/{sample}.regions.bed.gz",
    log:
        "logs/report/{sample}.coverage.log",
    benchmark:
        "benchmarks/report/{sample}.coverage.tsv"
    conda:
        "../envs/mosdepth.yaml"
    threads: res("report_coverage", "threads")
    resources:
        mem_mb=mem_for("report_coverage"),
        runtime=res("report_coverage", "runtime"),
    params:
        prefix=lambda wc, output: output.regions.replace(".regions.bed.gz", ""),
        thresholds=",".join(
            str(d)
            for d in sorted(
                {COVERAGE_CFG["tumor_min_depth"], COVERAGE_CFG["normal_min_depth"]}
            )
        ),
    shell:
        # Same read filter as the QC depth (MAPQ >= 20; duplicates and QC-failed reads are
        # excluded by mosdepth's default flag filter); no per-base output.
        "mosdepth -n -Q 20 -t {threads} --by {input.bed:q} --thresholds {params.thresholds:q}"
        " -f {input.ref:q} {params.prefix:q} {input.aln:q} 2> {log:q}"


rule report_coverage_table:
    input:
        thresholds="results/report/coverage/{sample}.thresholds.bed.gz",
        regions="results/report/coverage/{sample}.regions.bed.gz",
        panel=CFG["small_variants"]["panel"],
    output:
        "results/report/coverage/{sample}.genes.tsv",
    log:
        "logs/report/{sample}.coverage_table.log",
    benchmark:
        "benchmarks/report/{sample}.coverage_table.tsv"
    conda:
        "../envs/report.yaml"
    threads: 1
    resources:
        mem_mb=res("report_coverage_table", "mem_mb"),
        runtime=res("report_coverage_table", "runtime"),
    params:
        min_depth=lambda wc: COVERAGE_CFG[f"{sample_info(wc.sample)['type']}_min_depth"],
        min_fraction=COVERAGE_CFG["min_fraction"],
    script:
        "../scripts/report_coverage_table.py"


rule report_igv_sites:
    input:
        interpretation="results/interpretation/{sample}.json",
        itd="results/small_variants/{sample}.itd.tsv",
        fusions="results/sv/{sample}.fusions.tsv",
    output:
        "results/report/igv/{sample}.sites.bed",
    log:
        "logs/report/{sample}.igv_sites.log",
    benchmark:
        "benchmarks/report/{sample}.igv_sites.tsv"
    conda:
        "../envs/report.yaml"
    threads: 1
    resources:
        mem_mb=res("report_igv_sites", "mem_mb"),
        runtime=res("report_igv_sites", "runtime"),
    script:
        "../scripts/report_igv_sites.py"


rule report_igv:
    input:
        sites="results/report/igv/{sample}.sites.bed",
        aln=lambda wc: calling_bams(wc)["aln"],
        idx=lambda wc: calling_bams(wc)["idx"],
        ref=REF,
        fai=f"{REF}.fai",
        transcripts="results/annotation/preferred_transcripts.tsv",
    output:
        "results/report/{sample}.igv.html",
    log:
        "logs/report/{sample}.igv.log",
    benchmark:
        "benchmarks/report/{sample}.igv.tsv"
    conda:
        "../envs/igv_reports.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("report_igv"),
        runtime=res("report_igv", "runtime"),
    params:
        flanking=REPORT_CFG["igv"]["flanking"],
    script:
        "../scripts/report_igv.py"


rule report_html:
    input:
        interpretation="results/interpretation/{sample}.json",
        qc_tumor="results/qc/gate/{sample}.qc.json",
        qc_normal=lambda wc: [
            f"results/qc/gate/{n}.qc.json" for n in [BATCH.normal_of(wc.sample)] if n
        ],
        itd="results/small_variants/{sample}.itd.tsv",
        itd_targets="results/small_variants/itd/targets.bed",
        fusions="results/sv/{sample}.fusions.tsv",
        sv_table="results/sv/{sample}.sv.tsv",
        sv_vcfs=expand(
            "results/sv/{{sample}}.{caller}.vcf.gz", caller=CFG["sv"]["callers"]
        ),
        events="results/cnv/{sample}.events.tsv",
        karyotype="results/cnv/{sample}.karyotype.json",
        cnv_plot="results/cnv/{sample}.cnv.png",
        coverage_tumor="results/report/coverage/{sample}.genes.tsv",
        coverage_normal=lambda wc: [
            f"results/report/coverage/{n}.genes.tsv"
            for n in [BATCH.normal_of(wc.sample)]
            if n
        ],
        igv_sites="results/report/igv/{sample}.sites.bed",
        versions="results/versions.tsv",
        fai=f"{REF}.fai",
        seq_dict=f"{CACHE}/genome.dict",
        germline_rules=INT_CFG["germline"],
        # what the small-variant depth guard left out of calling (limitations)
        depth_guard="results/small_variants/guard/{sample}/guard.json",
        qc_rules=CFG["qc"]["thresholds"],
        filters=CFG["small_variants"]["filters"],
        panel=CFG["small_variants"]["panel"],
        known_fusions=SV_FILES["known_fusions"],
        ptd_genes=SV_FILES["ptd_genes"],
        gene_loci=SV_FILES["gene_loci"],
        targeted_rearrangements=SV_FILES["targeted_rearrangements"],
        karyotype_rules=CNV_KARYOTYPE_RULES,
        template=REPORT_TEMPLATES / "report.html.j2",
        css=REPORT_TEMPLATES / "report.css",
    output:
        html="results/report/{sample}.html",
        json="results/report/{sample}.report.json",
    log:
        "logs/report/{sample}.html.log",
    benchmark:
        "benchmarks/report/{sample}.html.tsv"
    conda:
        "../envs/report.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("report_html"),
        runtime=res("report_html", "runtime"),
    params:
        settings=REPORT_CFG,
        # the repository (pipeline version): the template's folder is <repo>/scripts/...
        repo=lambda wc, input: str(Path(input.template).parents[4]),
        # input name -> label of the knowledge files the methods list (version read from each)
        knowledge={
            "qc_rules": "QC thresholds",
            "filters": "small-variant filters",
            "panel": "gene panel",
            "known_fusions": "known fusions",
            "ptd_genes": "PTD genes",
            "gene_loci": "gene loci",
            "targeted_rearrangements": "targeted rearrangements",
            "karyotype_rules": "karyotype rules",
        },
        meta=lambda wc: {
            "batch": DELIVERY_NAME,
            "reference": {
                "build": CFG["reference"]["build"],
                "fasta": Path(CFG["reference"]["fasta"]).name,
                "gff3": Path(CFG["reference"]["gff3"]).name,
                "bundle_id": CFG["bundle_id"],
            },
            # file name of each database of the config ("" = left out: not used)
            "databases": {
                k: Path(v).name if v else "" for k, v in CFG["databases"].items()
            },
            "itd_targets": [t["name"] for t in CFG["itd"]["targets"]],
            "cnv_reference_note": CNV.reference_note(wc.sample),
        },
        method_config={
            key: CFG[key]
            for key in (
                "read_qc",
                "alignment",
                "small_variants",
                "itd",
                "sv",
                "cnv",
                "report",
                "databases",
            )
        },
    script:
        "../scripts/report_html.py"


rule report_pdf:
    input:
        html="results/report/{sample}.html",
    output:
        "results/report/{sample}.pdf",
    log:
        "logs/report/{sample}.pdf.log",
    benchmark:
        "benchmarks/report/{sample}.pdf.tsv"
    conda:
        "../envs/report.yaml"
    threads: 1
    resources:
        mem_mb=mem_for("report_pdf"),
        runtime=res("report_pdf", "runtime"),
    script:
        "../scripts/report_pdf.py"
