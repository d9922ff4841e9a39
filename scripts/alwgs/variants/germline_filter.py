"""Germline calls of the normal, soft-filtered by config/filters/germline.yaml.

Two steps: (1) each record of the bare `bcftools call` VCF gets its repeat context from the
reference (alwgs.variants.repeat_context: INFO/HRUN, STR_UNIT, STR_LEN, REPEAT); (2) every
filter of the file is a `bcftools filter -m + -s NAME -e EXPRESSION` step, so a failing
record keeps its line and its FILTER column names each filter it failed.

Depth limits follow the sample: an expression may hold {median_depth}, replaced by the
normal's median depth over the genome (mosdepth's global distribution), never a constant
tuned to one coverage.
"""

import math
import re
import shlex
import subprocess
from pathlib import Path

import pysam
import yaml

from alwgs.variants.filters import checked_filters
from alwgs.variants.repeat_context import HEADER, context_at, info_fields

PLACEHOLDERS = {"median_depth", "sqrt_median_depth"}


def load_germline_filters(path: str | Path) -> dict:
    """Read and check the filter file; errors name the file, the filter's index and field."""
    doc = yaml.safe_load(Path(path).read_text()) or {}
    for where, f in checked_filters(doc, path, ("name", "expression", "description", "source")):
        unknown = set(re.findall(r"\{(\w+)\}", f["expression"])) - PLACEHOLDERS
        if unknown:
            raise ValueError(
                f"{where}: field 'expression' names unknown value(s) {sorted(unknown)};"
                f" known: {sorted(PLACEHOLDERS)}"
            )
    return doc


def median_depth(mosdepth_dist: str | Path) -> float:
    """Median depth from a mosdepth global distribution ("total" rows: depth, fraction of
    bases covered at least that deep): the deepest depth still covering half the bases."""
    best = None
    with open(mosdepth_dist) as fh:
        for n, line in enumerate(fh, 1):
            parts = line.split("\t")
            if parts[0] != "total":
                continue
            if len(parts) != 3:
                raise ValueError(f"{mosdepth_dist}: line {n}: expected 3 tab-separated fields")
            depth, frac = int(parts[1]), float(parts[2])
            if frac >= 0.5 and (best is None or depth > best):
                best = depth
    if best is None:
        raise ValueError(f"{mosdepth_dist}: no 'total' rows: not a mosdepth global distribution")
    return float(best)


def expressions(doc: dict, depth: float) -> list[tuple[str, str]]:
    """(name, bcftools expression) of each filter with the sample's values filled in."""
    values = {"median_depth": f"{depth:g}", "sqrt_median_depth": f"{math.sqrt(depth):.3f}"}
    return [(f["name"], f["expression"].format(**values)) for f in doc["filters"]]


def header_lines(doc: dict, depth: float, source: str = "germline.yaml") -> list[str]:
    """FILTER lines with the sample's numbers, and one line naming the filter set applied."""
    out = [
        f"##alwgs_germline_filters=<file={source},version={doc['version']},median_depth={depth:g}>"
    ]
    for f in doc["filters"]:
        desc = f["description"].replace("{median_depth}", f"{depth:g}")
        out.append(f'##FILTER=<ID={f["name"]},Description="{desc}">')
    return out


def annotate_repeats(vcf_in: str | Path, fasta: str | Path, vcf_out: str | Path) -> int:
    """Copy of the VCF with the repeat-context INFO tags; returns the number of records."""
    n = 0
    with pysam.FastaFile(str(fasta)) as fa, pysam.VariantFile(str(vcf_in)) as vin:
        for line in HEADER:
            vin.header.add_line(line)
        with pysam.VariantFile(str(vcf_out), "wz", header=vin.header) as vout:
            cache: dict[str, str] = {}
            for rec in vin:
                if rec.chrom not in cache:
                    cache.clear()
                    cache[rec.chrom] = fa.fetch(rec.chrom)
                alt = rec.alts[0] if rec.alts else rec.ref
                ctx = context_at(cache[rec.chrom], rec.pos - 1, rec.ref, alt)
                for key, value in info_fields(ctx).items():
                    rec.info[key] = value
                vout.write(rec)
                n += 1
    return n


def apply_filters(
    vcf_in: str | Path, vcf_out: str | Path, doc: dict, depth: float, source: str = "germline.yaml"
) -> None:
    """bcftools: header descriptions, then one soft-filter step per filter, bgzipped out."""
    hdr = Path(str(vcf_out) + ".filters.hdr")
    hdr.write_text("\n".join(header_lines(doc, depth, source)) + "\n")
    steps = [["bcftools", "annotate", "-h", str(hdr), "-Ou", str(vcf_in)]]
    for name, expr in expressions(doc, depth):
        steps.append(["bcftools", "filter", "-m", "+", "-s", name, "-e", expr, "-Ou"])
    steps.append(["bcftools", "view", "-Oz", "-o", str(vcf_out)])
    pipeline = " | ".join(" ".join(shlex.quote(a) for a in cmd) for cmd in steps)
    try:
        run = subprocess.run(
            ["bash", "-c", "set -o pipefail; " + pipeline], capture_output=True, text=True
        )
    finally:
        hdr.unlink(missing_ok=True)
    if run.returncode != 0:
        raise RuntimeError(f"germline filters failed: {pipeline}\n{run.stderr.strip()}")
    pysam.tabix_index(str(vcf_out), preset="vcf", force=True)


def filter_germline(
    raw_vcf: str | Path,
    fasta: str | Path,
    filters_yaml: str | Path,
    mosdepth_dist: str | Path,
    out_vcf: str | Path,
) -> None:
    doc = load_germline_filters(filters_yaml)
    depth = median_depth(mosdepth_dist)
    out = Path(out_vcf)
    annotated = out.with_name(out.name + ".repeats.tmp.vcf.gz")
    try:
        annotate_repeats(raw_vcf, fasta, annotated)
        apply_filters(annotated, out, doc, depth, Path(filters_yaml).name)
    finally:
        annotated.unlink(missing_ok=True)
