"""The methods paragraph of a report: one line per stage, with the settings of the config that
ran (the tool versions come from results/versions.tsv, the knowledge files from their own
version lines)."""

from __future__ import annotations

import re


def _freebayes_floor(args: str) -> str:
    fraction = re.search(r"--min-alternate-fraction\s+([\d.]+)", args or "")
    count = re.search(r"--min-alternate-count\s+(\d+)", args or "")
    parts = []
    if fraction:
        parts.append(f"minimum alternate fraction {float(fraction.group(1)):g}")
    if count:
        parts.append(f"minimum {count.group(1)} alternate reads")
    return ", ".join(parts) or "caller defaults"


def _depth_guard(guard: dict | None) -> str:
    """The depth guard of calling (alwgs.variants.depth_guard), as the methods line says it."""
    if not guard:
        return ""
    x = guard.get("max_depth_x_median", "default")
    text = (
        f"; regions whose depth exceeds {x:g}x the sample's median"
        if isinstance(x, (int, float))
        else f"; regions whose depth exceeds the configured multiple ({x}) of the median"
    )
    extra = " or in the configured exclusion BED" if guard.get("exclude_bed") else ""
    return f"{text}{extra} not called, and sites above that depth skipped"


def _annotation_sources(databases: dict | None) -> str:
    """What the annotation read: a database the config leaves out is not named as used (the
    report's database table says "not used (not configured)")."""
    databases = databases or {}
    optional = {"clinvar": "ClinVar", "population_af": "population AF"}
    used = [name for key, name in optional.items() if databases.get(key)]
    missing = [name for key, name in optional.items() if not databases.get(key)]
    sources = ["the preferred transcript", *used]
    text = f"{', '.join(sources)} and hotspots"
    return text + (f" ({' and '.join(missing)}: not configured)" if missing else "")


def method_steps(cfg: dict) -> list[str]:
    """`cfg` holds the config sections read_qc, alignment, small_variants, itd, sv, cnv,
    report and databases (as the workflow resolved them)."""
    rq = cfg.get("read_qc", {})
    sv = cfg.get("sv", {})
    cnv = cfg.get("cnv", {})
    itd = cfg.get("itd", {})
    cov = cfg.get("report", {}).get("coverage", {})
    targets = ", ".join(t["name"] for t in itd.get("targets", [])) or "none"
    return [
        f"Reads: adapter and quality trimming with fastp (3' window quality "
        f"{rq.get('cut_tail_quality', 'default')}, reads shorter than "
        f"{rq.get('min_length', 'default')} bp dropped).",
        f"Alignment: bwa mem, coordinate sorting and duplicate marking with samtools "
        f"({cfg.get('alignment', {}).get('output_format', 'bam').upper()}); QC with samtools "
        "stats, mosdepth and fastp against the QC gate (PASS/WARN/FAIL).",
        "Small variants: freebayes (tumor with its matched normal, or tumor only; "
        f"{_freebayes_floor(cfg.get('small_variants', {}).get('freebayes', ''))}"
        f"{_depth_guard(cfg.get('small_variants', {}).get('depth_guard'))}), bcftools "
        "norm, somatic evidence and filters as data; annotation with bcftools csq on "
        f"{_annotation_sources(cfg.get('databases'))}.",
        f"Tandem duplications: ScanITD and a soft-clip detector in the configured targets "
        f"{targets} (minimum VAF {itd.get('min_vaf', 'default')}; section 5 names those the "
        "reference annotation could place); allelic ratio from read pairs (duplicates "
        "removed, each pair counted once) over junction windows of equal width on both "
        "alleles, with a 95% Wilson interval; ScanITD's own allele fraction shown beside it.",
        f"Structural variants: {' and '.join(sv.get('callers', [])) or 'none'}, merged within "
        f"{sv.get('merge_distance', 'default')} bp, at least "
        f"{sv.get('min_supporting_reads', 'default')} supporting reads; gene fusions named "
        "against the known-fusion list.",
        f"Copy number: CNVkit in WGS mode ({cnv.get('bin_size', 'default')}-bp bins, "
        f"{cnv.get('segment_method', 'default')} segmentation; bin depth by mosdepth, reads "
        "counted as CNVkit counts them), events by chromosome, arm and focal level, ISCN-like "
        "karyotype.",
        "Interpretation: AMP/ASCO/CAP 2017 tiers, ELN 2022 genetic risk, WHO 2022 and ICC 2022 "
        "entities, germline predisposition (ICC 2022), each from a versioned knowledge file.",
        "Coverage: mosdepth over the coding exons of the panel genes (floors tumor "
        f"{cov.get('tumor_min_depth', 'default')}x, normal "
        f"{cov.get('normal_min_depth', 'default')}x).",
    ]
