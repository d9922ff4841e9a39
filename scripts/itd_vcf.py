"""Rule script: ITD calls of a sample as VCF (+ TSV): ScanITD records and soft-clip evidence
merged, each quantified from fragments (alwgs.variants.itd_fragments: VAF, AR, their 95%
interval and the fragment counts, ScanITD's own AF beside them with a note where they
disagree), written as sequence-resolved insertions so consequence annotation sees an
in-frame duplication."""

import subprocess
import tempfile
from pathlib import Path

import pysam
from alwgs.variants.itd import genotype, merge, parse_scanitd, softclip_candidates

INFO = [  # (ID, Number, Type, Description)
    ("ITD", "0", "Flag", "Internal tandem duplication"),
    ("SVLEN", "1", "Integer", "Inserted length (duplicated + extra bases)"),
    ("AR", "1", "Float", "Allelic ratio ITD/wild-type fragments"),
    ("AR_CI", "2", "Float", "95% interval of AR (from ITD_VAF_CI)"),
    ("ITD_VAF", "1", "Float", "ITD fragments / fragments per shared junction"),
    ("ITD_VAF_CI", "2", "Float", "95% interval of ITD_VAF (Wilson on the fragment counts)"),
    ("ITD_ALT", "1", "Integer", "Fragments (duplicates out) over the ITD-only junction"),
    ("ITD_WT", "1", "Float", "Wild-type fragments: ITD_SPAN minus ITD_ALT"),
    ("ITD_SPAN", "1", "Float", "Fragments per shared junction (mean of X|S and S|Y)"),
    ("ITD_RECORDS", "1", "Integer", "Alignment records over the ITD-only junction"),
    ("ITD_SEQ_DUP", "1", "Integer", "Unflagged copies of a counted molecule left out"),
    ("ITD_EVIDENCE", "1", "String", "ITD fragments by how their junction read aligned"),
    ("ITD_SOURCE", "1", "String", "Detection: scanitd, softclip or both"),
    ("ITD_TARGET", "1", "String", "Configured target"),
    ("SCANITD_AF", "1", "Float", "ScanITD's own allele fraction"),
    ("SCANITD_DISAGREE", "0", "Flag", "SCANITD_AF and ITD_VAF differ by more than allowed"),
]
HEADER = (
    "##fileformat=VCFv4.2\n"
    "##source=alwgs itd_vcf (ScanITD + soft-clip evidence, fragment-based allelic ratio)\n"
    + "".join(f'##INFO=<ID={i},Number={n},Type={t},Description="{d}">\n' for i, n, t, d in INFO)
    + '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    + '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Wild-type and ITD fragments">\n'
    + '##FORMAT=<ID=AF,Number=A,Type=Float,Description="ITD fraction of fragments">\n'
)
TSV_COLUMNS = (
    "sample target chrom pos length insertion_seq itd_fragments wt_fragments spanning_fragments "
    "vaf vaf_ci_low vaf_ci_high allelic_ratio ar_ci_low ar_ci_high itd_records sequence_duplicates "
    "itd_evidence "
    "detected_by scanitd_af scanitd_vaf_difference note"
).split()


def _num(x: float | None, digits: int = 4) -> str:
    if x is None:
        return "."
    return "inf" if x == float("inf") else f"{x:.{digits}f}"


def target_of(call, targets) -> str:
    for chrom, s, e, name in targets:
        if call.chrom == chrom and s <= call.start < e:
            return name
    return "."


def _vcf_num(x: float | None) -> str:
    """VCF Floats: an unbounded ratio (no wild-type fragment) is missing, not 'inf'."""
    return "." if x is None or x == float("inf") else f"{x:.4f}"


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
    max_diff = float(sm.params.scanitd_max_vaf_difference)
    lines, rows, log_lines = [], [], []
    for c in calls:
        genotype(c, bam, fasta)
        c.target = target_of(c, targets)
        n = c.counts
        if n is None or n.vaf is None or n.itd == 0:
            log_lines.append(
                f"{c.chrom}:{c.start + 1} {c.length} bp ({','.join(sorted(c.sources))}): not "
                f"written, {c.problem or 'no fragment crosses the ITD-only junction'}\n"
            )
            continue
        vaf, ar = n.vaf, n.allelic_ratio
        vci, aci = n.vaf_interval(), n.ar_interval()
        anchor = fasta.fetch(c.chrom, c.start - 1, c.start).upper()
        seg = fasta.fetch(c.chrom, c.start, c.end).upper()
        source = "both" if len(c.sources) > 1 else next(iter(c.sources))
        note = c.scanitd_note(max_diff)
        ar_ci = ",".join(_vcf_num(x) for x in aci)
        info = (
            f"ITD;SVLEN={c.length};AR={_vcf_num(ar)};AR_CI={ar_ci};"
            f"ITD_VAF={vaf:.4f};ITD_VAF_CI={vci[0]:.4f},{vci[1]:.4f};ITD_ALT={n.itd};"
            f"ITD_WT={n.wild_type:.1f};ITD_SPAN={n.spanning:.1f};ITD_RECORDS={n.itd_records};"
            f"ITD_SEQ_DUP={n.sequence_duplicates};"
            f"ITD_EVIDENCE={n.evidence_text()};ITD_SOURCE={source};ITD_TARGET={c.target}"
            + (f";SCANITD_AF={c.scanitd_af:.4f}" if c.scanitd_af is not None else "")
            + (";SCANITD_DISAGREE" if note else "")
        )
        ad = f"{round(n.wild_type)},{n.itd}"
        fmt = [f"0/1:{ad}:{vaf:.4f}"] + ["./.:.:."] * (len(samples) - 1)
        lines.append(
            f"{c.chrom}\t{c.start}\t.\t{anchor}\t{anchor}{seg}{c.inserted}\t.\tPASS\t"
            f"{info}\tGT:AD:AF\t" + "\t".join(fmt)
        )
        diff = None if c.scanitd_af is None else vaf - c.scanitd_af
        rows.append(
            [
                sm.params.sample,
                c.target,
                c.chrom,
                str(c.start),
                str(c.length),
                seg + c.inserted,
                str(n.itd),
                f"{n.wild_type:.1f}",
                f"{n.spanning:.1f}",
                _num(vaf),
                _num(vci[0]),
                _num(vci[1]),
                _num(ar),
                _num(aci[0]),
                _num(aci[1]),
                str(n.itd_records),
                str(n.sequence_duplicates),
                n.evidence_text(),
                source,
                _num(c.scanitd_af),
                _num(diff),
                note or ".",
            ]
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
            log.write("".join(log_lines))
            log.flush()
            subprocess.run(
                ["bcftools", "norm", "-f", sm.input.ref, "-Oz", "-o", sm.output.vcf, str(raw)],
                check=True,
                stderr=log,
            )
            subprocess.run(["tabix", "-f", "-p", "vcf", sm.output.vcf], check=True, stderr=log)
    with open(sm.output.tsv, "w") as out:
        out.write("\t".join(TSV_COLUMNS) + "\n")
        out.write("".join("\t".join(r) + "\n" for r in rows))


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
