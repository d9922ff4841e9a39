"""Rule script: CNVkit called segments -> results/cnv/<tumor>.events.tsv (alwgs.cnv.events)
and the callable sequence of every chromosome and arm, results/cnv/<tumor>.callable.tsv
(alwgs.cnv.callable_sequence). A tumor without a matched normal gets whole-chromosome LOH
from its heterozygosity deficit at common SNPs (alwgs.cnv.heterozygosity, cnv.tumor_only_loh).
A tumor too thin for its bins (alwgs.cnv.depth) gets a table
without events whose header says copy number was not assessed, and why."""

from alwgs import not_assessed
from alwgs.cnv import heterozygosity
from alwgs.cnv.baf import read_het_snps
from alwgs.cnv.callable_sequence import callable_units, write_units
from alwgs.cnv.cytobands import Cytobands
from alwgs.cnv.depth import average_read_length, median_reads_per_bin, too_thin
from alwgs.cnv.events import (
    Settings,
    call_events,
    infer_sex,
    read_bins,
    read_cns,
    read_genes,
    write_events,
)
from alwgs.cnv.par_copy import read_bin_log2, reference_offset
from alwgs.cnv.plan import optional_input
from alwgs.cnv.svtable import read_sv_table
from alwgs.contig_roles import ContigRoles
from alwgs.variants.somatic import read_panel


def main(inp, out, log_path: str, params) -> None:
    cfg = params.cnv
    vcf, sv_table = optional_input(inp.vcf), optional_input(inp.sv)
    segments = read_cns(inp.call)
    roles = ContigRoles.from_config(params.roles)
    with open(log_path, "w") as log:
        bins = read_bins(inp.cnr)
        bands = Cytobands.from_file(inp.cytobands)
        settings = Settings.from_config(cfg)
        units = callable_units(bins, bands, settings.minimum())
        write_units(units, out.callable)
        reads = median_reads_per_bin(inp.coverage, average_read_length(inp.stats))
        log.write(f"median reads per bin: {reads:.1f} (minimum {cfg['min_reads_per_bin']})\n")
        thin = too_thin(params.sample, reads, cfg["min_reads_per_bin"])
        if thin:
            entry = not_assessed.NotAssessed("cnv", "cnvkit", params.sample, thin)
            write_events([], out.events, [entry.line()])
            log.write(f"not assessed: {thin}\n")
            return
        sex = params.sex
        if sex not in ("male", "female"):
            sex = infer_sex(segments, roles)
            log.write(f"sex not given in samples.tsv; inferred from Y copy number: {sex}\n")
        if not (roles.x or roles.y):
            log.write("no X/Y declared (reference.chrX/chrY): every contig taken as two-copy\n")
        snps = []
        if vcf:
            snps = read_het_snps(
                vcf, params.sample, params.normal or None, cfg["cnloh"]["min_depth"]
            )
            origin = f"normal {params.normal}" if params.normal else "the tumor (no normal)"
            log.write(f"{len(snps)} heterozygous SNPs (genotypes from {origin})\n")
        else:
            log.write("no allele counts (no population database): no BAF, no cnLOH\n")
        cnloh_snps = snps
        if cfg["cnloh"]["require_normal"] and not params.normal:
            cnloh_snps = []
            log.write("tumor-only: cnLOH not called (cnv.cnloh.require_normal)\n")
        bin_log2, offset = None, 0.0
        if roles.par and roles.x:
            # PARs: two-copy in either sex, re-read from the bins (alwgs/cnv/par_copy.py)
            bin_log2 = read_bin_log2(inp.cnr, [roles.x])
            offset = reference_offset(
                read_bin_log2(optional_input(inp.reference), [roles.x]), roles
            )
            names = ", ".join(p.name for p in roles.par)
            log.write(
                f"pseudoautosomal regions {names}: baseline 2 in either sex; the reference"
                f" holds {offset:+.3f} log2 there above the rest of X (shifted back)\n"
            )
        else:
            log.write(
                "no pseudoautosomal regions declared (reference.par): a male's whole X"
                " has one copy\n"
            )
        svs = read_sv_table(sv_table) if sv_table else []
        log.write(f"{len(svs)} SV rows for edge snapping\n" if sv_table else "no SV table\n")
        for e in not_assessed.read(sv_table):
            if e.analysis == "sv":  # edges are then placed by the bins alone
                log.write(f"SV not assessed, edges not snapped to it: {e.text()}\n")
        for u in units:
            if not u.assessable:
                log.write(f"not assessable: {u.region} ({u.reason})\n")
        genes, panel = read_genes(inp.gff3), read_panel(inp.panel)
        events = call_events(
            segments,
            bins,
            bands,
            sex,
            settings,
            svs=svs,
            genes=genes,
            panel=panel,
            snps=snps,
            cnloh_snps=cnloh_snps,
            roles=roles,
            bin_log2=bin_log2,
            par_offset=offset,
            purity=params.purity,
        )
        population = list(inp.population) if inp.population else []
        if vcf and not params.normal and cfg["tumor_only_loh"]["enabled"] and population:
            events = _tumor_only_loh(
                events, vcf, population, units, bands, sex, roles, genes, panel, params, log
            )
        write_events(events, out.events)
        for e in events:
            log.write(f"{e.event}\t{e.chrom}:{e.start}-{e.end}\tCN={e.copy_number}\t{e.level}\n")


def _tumor_only_loh(events, vcf, population, units, bands, sex, roles, genes, panel, params, log):
    """Whole-chromosome LOH from the heterozygosity deficit, logged chromosome by
    chromosome (ratio and counts), added to the events."""
    settings = heterozygosity.Settings.from_config(params.cnv["tumor_only_loh"])
    sites = heterozygosity.read_sites(vcf, params.sample, population)
    calls = heterozygosity.by_chromosome(sites, settings, roles, sex)
    log.write(
        f"tumor-only LOH from the heterozygosity deficit: {len(sites)} common SNPs with a"
        f" population AF; per chromosome (sites >= {settings.min_depth} reads, heterozygous"
        " observed, expected, ratio, call):\n"
    )
    for c in calls:
        ratio = "." if c.ratio is None else f"{c.ratio:.2f}"
        line = f"  {c.chrom}\t{c.sites}\t{c.observed}\t{c.expected:.1f}\t{ratio}\t{c.call}"
        log.write(line + (f" ({c.reason})" if c.reason else "") + "\n")
    lengths = {c: bands.length(c) for c in bands.by_chrom}
    events, lines = heterozygosity.loh_events(
        events, calls, units, lengths, sex, roles, genes, panel
    )
    log.writelines(f"  {line}\n" for line in lines)
    return events


if __name__ == "__main__" and "snakemake" in globals():
    sm = snakemake  # noqa: F821 (injected by Snakemake)
    main(sm.input, sm.output, sm.log[0], sm.params)
