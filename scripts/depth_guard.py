"""Rule script: one tumor's depth guard (regions left out of calling, freebayes' site cap) and
its calling chunks, cut from the callable sequence minus those regions and balanced by
bases x depth (alwgs.variants.depth_guard)."""

from alwgs.regions import read_bed, write_bed
from alwgs.variants.depth_guard import (
    Guard,
    depth_weighted_chunks,
    guard_regions,
    merge,
    panel_genes_hit,
    read_windows,
    subtract,
    threshold,
)
from alwgs.variants.power import bed_bases, fai_bases, median_depth
from alwgs.variants.somatic import gene_spans, read_panel


def first(value) -> str | None:
    """A rule input that may be absent: Snakemake gives a path or an empty list."""
    if isinstance(value, str):
        return value
    return str(value[0]) if value else None


def main(sm) -> None:
    inp, p = sm.input, sm.params
    genome, callable_bases = fai_bases(inp.fai), bed_bases(inp.callable)
    dists = {"tumor": inp.tumor_depth, "normal": first(inp.normal_depth)}
    tables = {"tumor": inp.tumor_windows, "normal": first(inp.normal_windows)}
    samples = [k for k in ("tumor", "normal") if dists[k]]
    medians = {k: median_depth(dists[k], genome, callable_bases) for k in samples}
    windows = {k: read_windows(tables[k]) for k in samples}
    order = {}
    with open(inp.fai) as fh:
        for line in fh:
            order.setdefault(line.split("\t")[0], len(order))
    callable_regions = merge(read_bed(inp.callable), order)
    exclude_path = first(inp.exclude_bed)
    exclude = merge(read_bed(exclude_path), order) if exclude_path else []
    multiple = float(p.max_depth_x_median)
    regions = guard_regions(
        windows, {k: threshold(multiple, medians[k]) for k in samples}, callable_regions, exclude
    )
    spans = gene_spans(inp.gff3, read_panel(inp.panel))
    guard = Guard(
        multiple, int(p.window_bp), medians, regions, exclude_path, panel_genes_hit(regions, spans)
    )
    kept = subtract(callable_regions, merge(((r.chrom, r.start, r.end) for r in regions), order))
    chunks = depth_weighted_chunks(kept, windows, len(sm.output.chunks))
    for path, chunk in zip(sm.output.chunks, chunks, strict=True):
        write_bed(chunk, path)
    with open(sm.output.bed, "w") as out:
        for r in regions:
            out.write(f"{r.chrom}\t{r.start}\t{r.end}\t{r.reason}\n")
    with open(sm.output.header, "w") as out:
        out.write("\n".join(guard.header_lines(int(p.max_listed))) + "\n")
    with open(sm.output.freebayes_options, "w") as out:
        out.write(f"--skip-coverage {guard.skip_coverage}\n")
    guard.write_json(sm.output.json)
    with open(sm.log[0], "w") as log:
        log.write(
            f"medians {medians}; thresholds {guard.thresholds}; skip-coverage "
            f"{guard.skip_coverage}; {len(regions)} regions, {guard.skipped_bp} bp skipped; "
            f"{sum(e - s for _, s, e in kept)} bp in {len(chunks)} chunks\n"
        )


def from_command_line(argv=None) -> None:
    """The same job without Snakemake (bench/bare_pipeline.py runs it so): the rule's inputs,
    params and outputs as options."""
    import argparse
    from types import SimpleNamespace

    ap = argparse.ArgumentParser(description=__doc__)
    for name in ("callable", "fai", "tumor-depth", "tumor-windows", "gff3", "panel", "out"):
        ap.add_argument(f"--{name}", required=True)
    for name in ("normal-depth", "normal-windows", "exclude-bed"):
        ap.add_argument(f"--{name}", default="")
    ap.add_argument("--max-depth-x-median", type=float, required=True)
    ap.add_argument("--window-bp", type=int, required=True)
    ap.add_argument("--max-listed", type=int, default=100)
    ap.add_argument("--chunks", type=int, required=True)
    a = ap.parse_args(argv)
    out = a.out
    sm = SimpleNamespace(
        input=SimpleNamespace(
            callable=a.callable,
            fai=a.fai,
            tumor_depth=a.tumor_depth,
            tumor_windows=a.tumor_windows,
            normal_depth=[a.normal_depth] if a.normal_depth else [],
            normal_windows=[a.normal_windows] if a.normal_windows else [],
            exclude_bed=[a.exclude_bed] if a.exclude_bed else [],
            gff3=a.gff3,
            panel=a.panel,
        ),
        params=SimpleNamespace(
            max_depth_x_median=a.max_depth_x_median,
            window_bp=a.window_bp,
            max_listed=a.max_listed,
        ),
        output=SimpleNamespace(
            json=f"{out}/guard.json",
            bed=f"{out}/skipped.bed",
            header=f"{out}/header.txt",
            freebayes_options=f"{out}/freebayes_options.txt",
            chunks=[f"{out}/chunk_{i:03d}.bed" for i in range(a.chunks)],
        ),
        log=[f"{out}/guard.log"],
    )
    main(sm)


if __name__ == "__main__":
    if "snakemake" in globals():
        main(snakemake)  # noqa: F821 (injected by Snakemake)
    else:
        from_command_line()
