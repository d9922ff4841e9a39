"""Rule script: targeted read-pair counts of one tumor (alwgs.sv.targeted_counts) for the known
fusions whose partner lies in a repeat the SV callers cannot place (IGH::DUX4), with the
matched normal's same count, in the partner regions of results/sv/targeted_partner_regions.tsv
(rule sv_partner_regions); writes results/sv/<tumor>.targeted.tsv (docs/CONTRACTS.md). The log
lists where each anchor, every annotated partner copy and the partner region counted lie."""

import pysam
from alwgs.sv.genes import GeneIndex
from alwgs.sv.known_fusions import read_gene_loci, read_targeted_rearrangements
from alwgs.sv.partner_regions import read_table as read_regions
from alwgs.sv.targeted_counts import Settings, evaluate, place, write_table


def main(sm) -> None:
    p = sm.params
    settings = Settings.from_config(dict(p.settings), p.alpha)
    targeted = read_targeted_rearrangements(sm.input.targeted)
    loci = read_gene_loci(sm.input.gene_loci)
    genes = GeneIndex.from_gff3(sm.input.gff3)
    for locus in loci.rows:
        genes.add_locus(locus.locus, locus.member_pattern)
    tumor, normal = sm.input.aln[0], (sm.input.aln[1] if len(sm.input.aln) > 1 else None)
    reference = sm.input.get("ref") or None
    with pysam.AlignmentFile(tumor, reference_filename=reference) as aln:
        lengths = dict(zip(aln.references, aln.lengths, strict=True))
    regions = read_regions(sm.input.regions)
    # a row without copies on this reference has no regions: place() says it is not assessed
    targets = [place(row, genes, lengths, regions.get(row.name, [])) for row in targeted.rows]
    results = evaluate(targets, tumor, normal, settings, reference)
    write_table(results, sm.output.tsv)
    with open(sm.log[0], "w") as log:
        log.write(f"{targeted.path}: version {targeted.version}; {len(targeted.rows)} row(s)\n")
        log.write(f"tumor {p.tumor}: {tumor}; normal {p.normal or 'none'}\n")
        for t, r in zip(targets, results, strict=True):
            where = (
                f"{t.anchor.chrom}:{t.anchor.start + 1}-{t.anchor.end}"
                if t.anchor
                else "not placed"
            )
            log.write(f"{t.row.name}: anchor {t.row.anchor} {where}\n")
            for c in t.copies:
                log.write(f"  partner copy {c.label} {c.chrom}:{c.start + 1}-{c.end}\n")
            for region in t.regions:
                log.write(f"  counted: {region.label}\n")
            for note in t.notes:
                log.write(f"  {note}\n")
            log.write(f"  {r.decision}: {r.reason}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
