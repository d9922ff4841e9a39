"""Rule script: the callers' PASS records merged into one call set with genes and soft
filters (results/sv/<tumor>.sv.tsv, docs/CONTRACTS.md). A caller's not-assessed lines are
carried into the table's header; when no caller could run on the tumor, a line for the SV
analysis as a whole says so, so the empty table never reads as "no SV"."""

from collections import Counter

from alwgs import not_assessed, par
from alwgs.sv.genes import GeneIndex
from alwgs.sv.merge import FILTERS, apply_filters, merge_calls, write_sv_table
from alwgs.sv.vcf_breakends import contig_ranks, read_vcf


def main(sm) -> None:
    p = sm.params
    ranks = contig_ranks(sm.input.fai)
    junctions, counts = [], Counter()
    missing = not_assessed.unique(e for c in p.callers for e in not_assessed.read(sm.input[c]))
    whole = not_assessed.whole_analysis(
        "sv", p.tumor, [e for e in missing if e.analysis == "sv"], list(p.callers), "SV"
    )
    missing += [whole] if whole else []
    for caller in p.callers:
        for bnd in read_vcf(sm.input[caller], caller, sample=p.tumor):
            passed = bnd.filter in ("PASS", ".")
            counts[(caller, "PASS" if passed else "not PASS")] += 1
            if passed:
                junctions.append(bnd)
    events = merge_calls(junctions, p.merge_distance, ranks, p.callers)
    genes = GeneIndex.from_gff3(sm.input.gff3)
    pars = par.from_config(p.par)
    for e in events:
        e.genes1 = genes.names_at(e.chrom1, e.pos1)
        e.genes2 = genes.names_at(e.chrom2, e.pos2)
        e.filter = apply_filters(e, p.min_size, p.min_supporting_reads, p.min_split_reads, pars)
    write_sv_table(events, sm.output.tsv, [e.line() for e in missing])
    with open(sm.log[0], "w") as log:
        for e in missing:
            log.write(f"not assessed ({e.analysis}): {e.text()}\n")
        for (caller, status), n in sorted(counts.items()):
            log.write(f"{caller}: {n} junction record(s) {status}\n")
        log.write(f"{len(events)} merged event(s) (merge distance {p.merge_distance} bp)\n")
        for name, n in sorted(Counter(e.filter for e in events).items()):
            log.write(f"  filter {name}: {n}\n")
        for name, text in FILTERS.items():
            log.write(f"{name}: {text}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
