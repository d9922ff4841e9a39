"""Rule script: gene-level events of the merged SV calls (results/sv/<tumor>.fusions.tsv):
known fusions, partial tandem duplications and other 5'->3' gene::gene junctions. The SV
table's not-assessed lines are carried over: fusions rest on those calls. A known fusion that a
targeted read count supports (results/sv/<tumor>.targeted.tsv, alwgs.sv.targeted_counts) and
no junction of the callers names is added as its own row (callers targeted_count)."""

from alwgs import not_assessed
from alwgs.sv.fusions import FUSION_COLUMNS, FusionAnnotator, fusion_rows, write_fusions
from alwgs.sv.genes import GeneIndex
from alwgs.sv.known_fusions import read_gene_loci, read_known_fusions, read_ptd_genes
from alwgs.sv.merge import read_sv_table
from alwgs.sv.normal_support import Settings
from alwgs.sv.targeted_counts import read_table, supported_rows


def main(sm) -> None:
    p = sm.params
    known = read_known_fusions(sm.input.known_fusions)
    ptd = read_ptd_genes(sm.input.ptd_genes)
    loci = read_gene_loci(sm.input.gene_loci)
    genes = GeneIndex.from_gff3(sm.input.gff3)
    notes = []
    for locus in loci.rows:
        span = genes.add_locus(locus.locus, locus.member_pattern)
        if span is None:
            notes.append(f"locus {locus.locus}: no gene of the annotation matches; not used")
        else:
            notes.append(f"locus {locus.locus}: {span.chrom}:{span.start}-{span.end}")
    annotator = FusionAnnotator(genes, known.rows, ptd.rows, p.partner_biotypes, notes)
    events = read_sv_table(sm.input.sv)
    settings = Settings.from_config(dict(p.status_settings))
    rows = fusion_rows(events, annotator, p.merge_distance, p.callers, settings)
    by_name = {k.name: k for k in known.rows}
    targeted = supported_rows(read_table(sm.input.targeted), rows, by_name, FUSION_COLUMNS, notes)
    rows += targeted
    missing = not_assessed.read(sm.input.sv)
    write_fusions(rows, sm.output.tsv, [e.line() for e in missing])
    with open(sm.log[0], "w") as log:
        for k in (known, ptd, loci):
            log.write(f"{k.path}: version {k.version}; {len(k.rows)} row(s)\n")
        for e in missing:
            log.write(f"not assessed ({e.analysis}): {e.text()}\n")
        for note in annotator.notes:
            log.write(f"note: {note}\n")
        log.write(f"{sum(e.filter == 'PASS' for e in events)} PASS event(s) of {len(events)};")
        log.write(f" {len(rows)} gene-level event(s), {len(targeted)} from targeted counts\n")
        for r in rows:
            log.write(f"  {r['fusion']} {r['event']} known={r['known']} sv={r['sv_ids']}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
