"""Rule script: ITD calls of a sample as VCF (+ TSV): ScanITD records and soft-clip evidence
merged, each re-counted from the reads (alwgs.variants.itd), written as sequence-resolved
insertions so consequence annotation sees an in-frame duplication."""

import subprocess
import tempfile
from pathlib import Path

import pysam
from alwgs.variants.itd import genotype, merge, parse_scanitd, softclip_candidates

HEADER = """##fileformat=VCFv4.2
##source=alwgs itd_vcf (ScanITD + soft-clip evidence, read-based allelic ratio)
##INFO=<ID=ITD,Number=0,Type=Flag,Description="Internal tandem duplication">
##INFO=<ID=SVLEN,Number=1,Type=Integer,Description="Inserted length (duplicated + extra bases)">
##INFO=<ID=AR,Number=1,Type=Float,Description="Allelic ratio ITD/wild-type reads">
##INFO=<ID=ITD_VAF,Number=1,Type=Float,Description="ITD read fraction (junction counts)">
##INFO=<ID=ITD_ALT,Number=1,Type=Integer,Description="Reads across the ITD-only junction">
##INFO=<ID=ITD_JUNCTION,Number=1,Type=Float,Description="Mean reads across the shared junctions">
##INFO=<ID=ITD_SOURCE,Number=1,Type=String,Description="Detection: scanitd, softclip or both">
##INFO=<ID=ITD_TARGET,Number=1,Type=String,Description="Configured target">
##INFO=<ID=SCANITD_AF,Number=1,Type=Float,Description="ScanITD's own allele fraction">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Wild-type and ITD reads">
##FORMAT=<ID=AF,Number=A,Type=Float,Description="ITD read fraction">
"""


def target_of(call, targets) -> str:
    for chrom, s, e, name in targets:
        if call.chrom == chrom and s <= call.start < e:
            return name
    return "."


def main(sm) -> None:
    with open(sm.input.targets) as fh:  # chrom, start, end, target name
        targets = [(f[0], int(f[1]), int(f[2]), f[3]) for f in (ln.split() for ln in fh) if f]
    fasta = pysam.FastaFile(sm.input.ref)
    bam = pysam.AlignmentFile(sm.input.aln, reference_filename=sm.input.ref)
    calls = parse_scanitd(sm.input.scanitd) if Path(sm.input.scanitd).stat().st_size else []
    for chrom, s, e, _ in targets:
        calls += softclip_candidates(bam, fasta, chrom, s, e)
    calls = [c for c in merge(calls) if target_of(c, targets) != "."]
    contigs = "".join(
        f"##contig=<ID={n},length={ln}>\n"
        for n, ln in zip(fasta.references, fasta.lengths, strict=True)
    )
    samples = sm.params.samples
    lines, rows = [], []
    for c in calls:
        genotype(c, bam, fasta)
        c.target = target_of(c, targets)
        vaf, ar = c.vaf, c.allelic_ratio
        if vaf is None or c.alt_reads == 0:
            continue
        anchor = fasta.fetch(c.chrom, c.start - 1, c.start).upper()
        seg = fasta.fetch(c.chrom, c.start, c.end).upper()
        source = "both" if len(c.sources) > 1 else next(iter(c.sources))
        info = (
            f"ITD;SVLEN={c.length};AR={ar:.4f};ITD_VAF={vaf:.4f};ITD_ALT={c.alt_reads};"
            f"ITD_JUNCTION={c.junction_reads:.1f};ITD_SOURCE={source};"
            f"ITD_TARGET={c.target}"
            + (f";SCANITD_AF={c.scanitd_af:.4f}" if c.scanitd_af is not None else "")
        )
        fmt = [f"0/1:{c.ref_reads},{c.alt_reads}:{vaf:.4f}"] + ["./.:.:."] * (len(samples) - 1)
        lines.append(
            f"{c.chrom}\t{c.start}\t.\t{anchor}\t{anchor}{seg}{c.inserted}\t.\tPASS\t"
            f"{info}\tGT:AD:AF\t" + "\t".join(fmt)
        )
        rows.append(
            f"{sm.params.sample}\t{c.target}\t{c.chrom}\t{c.start}\t{c.length}\t"
            f"{seg}{c.inserted}\t{c.alt_reads}\t{c.junction_reads:.1f}\t{vaf:.4f}\t"
            f"{ar:.4f}\t{source}\t{c.scanitd_af if c.scanitd_af is not None else '.'}"
        )
    with tempfile.TemporaryDirectory(dir=Path(sm.output.vcf).parent) as tmp:
        raw = Path(tmp) / "itd.vcf"
        raw.write_text(
            HEADER
            + contigs
            + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t"
            + "\t".join(samples)
            + "\n"
            + "\n".join(lines)
            + ("\n" if lines else "")
        )
        # Left-align like every other indel of the pipeline (a tandem copy may sit anywhere).
        with open(sm.log[0], "w") as log:
            subprocess.run(
                ["bcftools", "norm", "-f", sm.input.ref, "-Oz", "-o", sm.output.vcf, str(raw)],
                check=True,
                stderr=log,
            )
            subprocess.run(["tabix", "-f", "-p", "vcf", sm.output.vcf], check=True, stderr=log)
    with open(sm.output.tsv, "w") as out:
        out.write(
            "sample\ttarget\tchrom\tpos\tlength\tinsertion_seq\titd_reads\t"
            "junction_reads\tvaf\tallelic_ratio\tdetected_by\tscanitd_af\n"
        )
        out.write("".join(r + "\n" for r in rows))


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
