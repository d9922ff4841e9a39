"""The demo's own settings, written by the generator into demo/data/<scale>/batch.yaml and
resources.yaml. config/config.yaml and config/resources.yaml hold human-genome defaults; the
mini genome (contigs of 50-200 kb, a few hundred MB of reads) needs these instead."""

from __future__ import annotations

# Config keys the demo sets over config/config.yaml, with why.
ANALYSIS = {
    "small_variants": {
        # 4 regions: a few Mb of sequence need no more, and each chunk is a job.
        "chunks": 4,
    },
    "cnv": {
        # The demo's chromosomes are 50-200 kb long: 500-bp bins let a 10-kb deletion span
        # bins and an arm hold ~50 of them.
        "bin_size": 500,
        # Its N gaps are a few hundred bp: cut them out, below bin_size.
        "access_min_gap": 100,
        # 8 bins of 500 bp = 4 kb: the smallest planted focal deletion still spans them.
        "min_bins": 8,
        # Its arms are 12-90 kb (the smallest holds 13.7 kb callable): a demo-sized minimum
        # of callable sequence per chromosome/arm, below its smallest arm (GRCh38: 7 Mb).
        "min_callable_bp": 10000,
    },
    "report": {
        "lab": "alwgs demonstration laboratory (not accredited)",
    },
}

# Threads, memory and runtime of the demo's jobs (2 cores, a few GB): a human genome's
# config/resources.yaml asks for far more than a demo job needs or a test cluster has.
RESOURCES = {
    "default": {"threads": 1, "mem_mb": 2000, "runtime": 30},
    "bwa_index": {"threads": 1, "mem_mb": 4000, "runtime": 60},
    "fastq_check": {"threads": 1, "mem_mb": 500, "runtime": 240},
    "fastp": {"threads": 2, "mem_mb": 2000, "runtime": 60},
    "bwa_mem": {"threads": 2, "mem_mb": 6000, "runtime": 120},
    "merge_units": {"threads": 2, "mem_mb": 2000, "runtime": 60},
    "markdup": {"threads": 2, "mem_mb": 4000, "runtime": 60},
    "samtools_stats": {"threads": 1, "mem_mb": 1000, "runtime": 30},
    "mosdepth": {"threads": 2, "mem_mb": 2000, "runtime": 30},
    "identity_check": {"threads": 1, "mem_mb": 2000, "runtime": 30},
    "multiqc": {"threads": 1, "mem_mb": 4000, "runtime": 30},
    "callable_regions": {"threads": 1, "mem_mb": 1000, "runtime": 30},
    "freebayes": {"threads": 1, "mem_mb": 4000, "runtime": 240},
    "gather_freebayes": {"threads": 1, "mem_mb": 1000, "runtime": 30},
    "somatic_filter": {"threads": 1, "mem_mb": 2000, "runtime": 60},
    "germline_normal": {"threads": 1, "mem_mb": 2000, "runtime": 240},
    "germline_filter": {"threads": 1, "mem_mb": 1000, "runtime": 30},
    "itd": {"threads": 1, "mem_mb": 2000, "runtime": 30},
    "delly": {"threads": 2, "mem_mb": 4000, "runtime": 240},
    "tiddit": {"threads": 2, "mem_mb": 4000, "runtime": 240},
    "tiddit_somatic": {"threads": 1, "mem_mb": 1000, "runtime": 30},
    "sv_merge": {"threads": 1, "mem_mb": 2000, "runtime": 30},
    "sv_fusions": {"threads": 1, "mem_mb": 2000, "runtime": 30},
    "sv_normal_support": {"threads": 1, "mem_mb": 1000, "runtime": 30},
    "cnv_bins": {"threads": 1, "mem_mb": 2000, "runtime": 30},
    "cnv_coverage": {"threads": 2, "mem_mb": 2000, "runtime": 120},
    "cnv_reference": {"threads": 1, "mem_mb": 4000, "runtime": 60},
    "cnv_fix": {"threads": 1, "mem_mb": 2000, "runtime": 30},
    "cnv_segment": {"threads": 1, "mem_mb": 4000, "runtime": 60},
    "cnv_call": {"threads": 1, "mem_mb": 2000, "runtime": 30},
    "cnv_events": {"threads": 1, "mem_mb": 2000, "runtime": 30},
    "cnv_plot": {"threads": 1, "mem_mb": 2000, "runtime": 30},
    "preferred_transcripts": {"threads": 1, "mem_mb": 2000, "runtime": 30},
    "annotate_csq": {"threads": 1, "mem_mb": 2000, "runtime": 60},
    "annotate_variants": {"threads": 1, "mem_mb": 2000, "runtime": 120},
    "interpret": {"threads": 1, "mem_mb": 2000, "runtime": 30},
    "report_coverage": {"threads": 2, "mem_mb": 2000, "runtime": 60},
    "report_igv": {"threads": 1, "mem_mb": 2000, "runtime": 30},
    "report_html": {"threads": 1, "mem_mb": 1000, "runtime": 15},
    "report_pdf": {"threads": 1, "mem_mb": 2000, "runtime": 15},
    "batch_delivery": {"threads": 1, "mem_mb": 1000, "runtime": 30},
}


def contig_roles(contigs: list[str]) -> dict:
    """The mini genome's roles: it names its contigs after GRCh38 (chr1 ... chrX, chrY), and
    the generator knows which is which, so it states them as a bundle would."""
    return {
        "autosomes": [c for c in contigs if c not in ("chrX", "chrY")],
        "chrX": "chrX" if "chrX" in contigs else "",
        "chrY": "chrY" if "chrY" in contigs else "",
    }
