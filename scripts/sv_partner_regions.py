"""Rule script: the partner region of every targeted rearrangement on this reference
(alwgs.sv.partner_regions: the annotated copies, the tandem arrays they sit in and the
homologous arrays elsewhere, found from the sequence), once per batch; writes
results/sv/targeted_partner_regions.tsv (docs/CONTRACTS.md). The log gives each copy's unit,
every homologous stretch found and the time of the pass over the reference."""

import time

import pysam
from alwgs.sv.genes import GeneIndex
from alwgs.sv.known_fusions import read_targeted_rearrangements
from alwgs.sv.partner_regions import describe, find, partner_genes, write_table


def _found(row, copies, units, blocks, regions, seconds) -> list[str]:
    lines = [f"{row.name}: {len(copies)} annotated cop(ies) of {row.partner}"]
    for g, u in zip(copies, units, strict=True):
        unit = f"tandem unit {u.period:,} bp" if u.period else "no tandem repeat around it"
        lines.append(f"  copy {g.name} {g.chrom}:{g.start}-{g.end}: {unit}, {len(u.seeds):,} seeds")
    for b in blocks:
        units_text = f", {b.units:.1f} units of {b.period:,} bp" if b.period else ""
        lines.append(
            f"  homologous stretch {b.chrom}:{b.start + 1}-{b.end} ({b.size:,} bp,"
            f" k-mer fraction {b.kmer_fraction}{units_text})"
        )
    total = sum(r.size for r in regions)
    lines.append(f"  partner region ({total:,} bp): {describe(regions)}")
    lines.append(f"  found in {seconds:.1f} s (one pass over the reference)")
    return lines


def main(sm) -> None:
    targeted = read_targeted_rearrangements(sm.input.targeted)
    genes = GeneIndex.from_gff3(sm.input.gff3)
    found, log = [], [f"{targeted.path}: version {targeted.version}; {len(targeted.rows)} row(s)"]
    with pysam.FastaFile(sm.input.ref) as fasta:
        lengths = dict(zip(fasta.references, fasta.lengths, strict=True))
        log.append(
            f"reference {sm.input.ref}: {len(lengths)} contigs, {sum(lengths.values()):,} bp"
        )
        for row in targeted.rows:
            copies = partner_genes(row, genes, lengths)
            if not copies:
                log.append(f"{row.name}: no gene of the annotation matches {row.partner_pattern!r}")
                continue
            t0 = time.monotonic()
            regions, units, blocks = find(row, copies, fasta)
            log += _found(row, copies, units, blocks, regions, time.monotonic() - t0)
            found.extend(regions)
    write_table(found, sm.output.tsv)
    with open(sm.log[0], "w") as fh:
        fh.write("\n".join(log) + "\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
