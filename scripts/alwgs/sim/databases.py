"""gnomAD-like population frequencies and ClinVar-like significance, as bgzipped VCFs."""

from pathlib import Path

import pysam

from .catalog import CLINVAR_HOTSPOTS
from .genome import Genome
from .variants import PopulationSite, codon_change


def _contig_header(genome: Genome) -> list[str]:
    return [f"##contig=<ID={c.name},length={c.length}>" for c in genome.contigs.values()]


def _order(genome: Genome):
    rank = {n: i for i, n in enumerate(genome.contigs)}
    return lambda rec: (rank[rec[0]], rec[1])


def write_vcf_gz(path: Path, header: list[str], rows: list[tuple], genome: Genome) -> None:
    rows = sorted(rows, key=_order(genome))
    text = "\n".join(header) + "\n" + "".join("\t".join(map(str, r)) + "\n" for r in rows)
    plain = Path(str(path)[: -len(".gz")])
    plain.write_text(text)
    pysam.tabix_index(str(plain), preset="vcf", force=True)  # bgzips, indexes, removes plain


def write_population(genome: Genome, sites: list[PopulationSite], path: Path) -> None:
    header = [
        "##fileformat=VCFv4.2",
        "##source=alwgs-sim population pool (gnomAD-like)",
        '##INFO=<ID=AF,Number=A,Type=Float,Description="Alternate allele frequency">',
    ]
    header += _contig_header(genome)
    header.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO")
    rows = [(s.chrom, s.pos + 1, ".", s.ref, s.alt, ".", "PASS", f"AF={s.af:.5f}") for s in sites]
    write_vcf_gz(path, header, rows, genome)


def write_clinvar(genome: Genome, sites: list[PopulationSite], extra: list, path: Path) -> None:
    """Pathogenic hotspots and planted pathogenic indels; benign common variants in genes."""
    header = [
        "##fileformat=VCFv4.2",
        "##source=alwgs-sim ClinVar-like",
        '##INFO=<ID=CLNSIG,Number=.,Type=String,Description="Clinical significance">',
        '##INFO=<ID=CLNREVSTAT,Number=.,Type=String,Description="Review status">',
        '##INFO=<ID=GENEINFO,Number=1,Type=String,Description="Gene symbol">',
        '##INFO=<ID=CLNHGVS,Number=.,Type=String,Description="Protein change">',
    ]
    header += _contig_header(genome)
    header.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO")
    rows = []
    review = "criteria_provided,_multiple_submitters,_no_conflicts"
    for gene, codon, alt_codon, hgvs, sig in CLINVAR_HOTSPOTS:
        v = codon_change(genome, gene, codon, alt_codon, hap=0, clone="-")
        rows.append([v.chrom, v.pos + 1, v.ref, v.alt, sig, gene, hgvs])
    for v in extra:
        # INFO values may not hold spaces (VCF 4.2): c. and p. become a list.
        hgvs = ",".join(v.label.split(" ")[1:])
        rows.append([v.chrom, v.pos + 1, v.ref, v.alt, "Pathogenic", v.gene, hgvs])
    spans = [(m.spec.chrom, m.start, m.end, m.name) for m in genome.genes.values()]
    benign = 0
    for s in sites:
        hit = next((n for c, a, b, n in spans if c == s.chrom and a <= s.pos < b), None)
        if hit and s.af > 0.05 and benign < 40:
            rows.append([s.chrom, s.pos + 1, s.ref, s.alt, "Benign", hit, "."])
            benign += 1
    out = []
    for i, (chrom, pos, ref, alt, sig, gene, hgvs) in enumerate(
        sorted(rows, key=_order(genome)), start=1
    ):
        out.append(
            (
                chrom,
                pos,
                900000 + i,
                ref,
                alt,
                ".",
                ".",
                f"CLNSIG={sig};CLNREVSTAT={review};GENEINFO={gene};CLNHGVS={hgvs}",
            )
        )
    write_vcf_gz(path, header, out, genome)
