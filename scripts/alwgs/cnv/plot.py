"""Genome-wide copy-number plot: bin log2 ratios as points, segments as lines, chromosomes
alternately shaded, tumor B-allele fractions at heterozygous SNPs in a panel below."""

from __future__ import annotations

from pathlib import Path

from .baf import Snp
from .cytobands import chrom_name
from .events import Event, Segment


def read_cnr_points(path: str | Path) -> list[tuple[str, int, float]]:
    out = []
    with open(path) as fh:
        header = fh.readline().rstrip("\n").split("\t")
        i_log2 = header.index("log2")
        for line in fh:
            f = line.rstrip("\n").split("\t")
            out.append((f[0], (int(f[1]) + int(f[2])) // 2, float(f[i_log2])))
    return out


def read_segment_means(path: str | Path) -> list[Segment]:
    """Segments of a CNVkit .cns (observed mean log2, before any purity rescaling, so the
    lines sit on the bin points)."""
    out = []
    with open(path) as fh:
        header = fh.readline().rstrip("\n").split("\t")
        i_log2, i_probes = header.index("log2"), header.index("probes")
        for line in fh:
            f = line.rstrip("\n").split("\t")
            out.append(Segment(f[0], int(f[1]), int(f[2]), float(f[i_log2]), 0, int(f[i_probes])))
    return out


def _segment_color(seg: Segment, events: list[Event]) -> str:
    mid = (seg.start + seg.end) // 2
    for e in events:
        if e.chrom == seg.chrom and e.start <= mid < e.end and e.type in ("loss", "gain"):
            return "#c0392b" if e.type == "loss" else "#2471a3"
    return "#e67e22"


def offsets(chroms: list[str], lengths: dict[str, int]) -> dict[str, int]:
    """Start of each chromosome on the genome-wide x axis."""
    out, pos = {}, 0
    for c in chroms:
        out[c] = pos
        pos += lengths[c]
    return out


def plot_genome(
    out_path: str | Path,
    title: str,
    chroms: list[str],
    lengths: dict[str, int],
    points: list[tuple[str, int, float]],
    segments: list[Segment],
    snps: list[Snp],
    events: list[Event],
    ylim: tuple[float, float] = (-3.0, 2.0),
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    off = offsets(chroms, lengths)
    total = sum(lengths[c] for c in chroms)
    fig, (ax, ax_baf) = plt.subplots(
        2, 1, figsize=(14, 6), sharex=True, gridspec_kw={"height_ratios": [3, 1]}
    )
    for i, c in enumerate(chroms):
        for a in (ax, ax_baf):
            if i % 2:
                a.axvspan(off[c], off[c] + lengths[c], color="0.92", lw=0)
    xs = [off[c] + p for c, p, _ in points if c in off]
    ys = [min(max(v, ylim[0]), ylim[1]) for c, _, v in points if c in off]
    ax.scatter(xs, ys, s=2, color="0.45", rasterized=True)
    for s in segments:
        if s.chrom not in off:
            continue
        color = _segment_color(s, events)
        y = min(max(s.log2, ylim[0]), ylim[1])
        ax.plot([off[s.chrom] + s.start, off[s.chrom] + s.end], [y, y], color=color, lw=2.5)
    for e in events:
        if e.chrom in off:
            ax.annotate(
                e.event,
                (off[e.chrom] + (e.start + e.end) / 2, ylim[1]),
                xytext=(0, -10),
                textcoords="offset points",
                ha="center",
                fontsize=7,
                color="#7b241c" if e.type == "loss" else "#1a5276",
            )
    ax.axhline(0, color="0.3", lw=0.6)
    ax.set_ylim(*ylim)
    ax.set_ylabel("log2 copy ratio")
    ax.set_title(title)
    bx = [off[s.chrom] + s.pos for s in snps if s.chrom in off]
    by = [s.baf for s in snps if s.chrom in off]
    ax_baf.scatter(bx, by, s=3, color="#7d3c98", rasterized=True)
    ax_baf.axhline(0.5, color="0.3", lw=0.6)
    ax_baf.set_ylim(0, 1)
    ax_baf.set_ylabel("BAF")
    ax_baf.set_xlim(0, total)
    ax_baf.set_xticks([off[c] + lengths[c] / 2 for c in chroms])
    ax_baf.set_xticklabels([chrom_name(c) for c in chroms], fontsize=8)
    if not snps:
        ax_baf.text(total / 2, 0.5, "no allele counts", ha="center", va="center", color="0.4")
    fig.tight_layout()
    fig.savefig(out_path, dpi=110)
    plt.close(fig)
