"""Bounded calling: the depth guard and the per-sample calling chunks (issue 17).

freebayes' work at a site grows with the reads and the alleles they carry, so one region far
above the sample's depth (a collapsed repeat, a centromeric satellite, a reference gap that
attracts mismapped reads) can hold one calling job for hours. The guard therefore leaves out
of calling:

- the windows of alignment QC's mosdepth (`--by window_bp`, MAPQ >= 20 as freebayes'
  --min-mapping-quality) whose mean depth exceeds `max_depth_x_median` x the sample's median
  depth, in the tumor or in its matched normal;
- the regions of an optional exclusion BED (small_variants.depth_guard.exclude_bed);

and gives freebayes its own site cap, `--skip-coverage`, from the same multiple, so that a
spike narrower than a window cannot hold a job either. What was left out is written into the
raw VCF header (and from there the filtered one) and the report's limitations.

The calling chunks of a sample are then cut from the callable sequence minus the guard's
regions, balanced by bases x depth (tumor + normal): a job's time follows the reads it
reads, not only the bases it spans.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from alwgs.regions import Interval, cut_at

Window = tuple[str, int, int, float]  # chrom, 0-based start, end, mean depth

# Region lines listed one by one in the VCF header; the rest are counted in the summary line
# (a pathological genome could have thousands; the guard's BED has them all).
MAX_LISTED = 100


def read_windows(path: str | Path) -> list[Window]:
    """Windows of a mosdepth `--by` output (<prefix>.regions.bed.gz: chrom, start, end, mean
    depth), in file order (mosdepth writes them in reference order)."""
    opener = gzip.open if str(path).endswith(".gz") else open
    out = []
    with opener(path, "rt") as fh:
        for n, line in enumerate(fh, start=1):
            f = line.rstrip("\n").split("\t")
            if len(f) < 4:
                raise ValueError(f"{path}: line {n}: expected chrom, start, end, mean depth")
            out.append((f[0], int(f[1]), int(f[2]), float(f[3])))
    return out


def merge(intervals: Iterable[Interval], order: dict[str, int] | None = None) -> list[Interval]:
    """Overlapping or touching intervals merged, sorted by contig (reference order when
    `order` is given, else first seen) and start."""
    items = list(intervals)
    if order is None:
        order = {}
        for c, _, _ in items:
            order.setdefault(c, len(order))
    items.sort(key=lambda i: (order.get(i[0], len(order)), i[1], i[2]))
    out: list[Interval] = []
    for c, s, e in items:
        if s >= e:
            continue
        if out and out[-1][0] == c and s <= out[-1][2]:
            out[-1] = (c, out[-1][1], max(out[-1][2], e))
        else:
            out.append((c, s, e))
    return out


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """Intersection of two sorted, merged interval lists (same contig order)."""
    by_chrom: dict[str, list[tuple[int, int]]] = {}
    for c, s, e in b:
        by_chrom.setdefault(c, []).append((s, e))
    out = []
    for c, s, e in a:
        for bs, be in by_chrom.get(c, ()):
            lo, hi = max(s, bs), min(e, be)
            if lo < hi:
                out.append((c, lo, hi))
    return out


def subtract(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """`a` minus `b` (both sorted and merged), order of `a` kept."""
    by_chrom: dict[str, list[tuple[int, int]]] = {}
    for c, s, e in b:
        by_chrom.setdefault(c, []).append((s, e))
    out = []
    for c, s, e in a:
        pos = s
        for bs, be in by_chrom.get(c, ()):
            if be <= pos or bs >= e:
                continue
            if bs > pos:
                out.append((c, pos, bs))
            pos = max(pos, be)
        if pos < e:
            out.append((c, pos, e))
    return out


@dataclass
class Region:
    """One skipped region: where, why (tumor_depth, normal_depth, exclude_bed, joined by '+'
    when several apply) and the highest window mean depth inside it per sample."""

    chrom: str
    start: int
    end: int
    reasons: set[str] = field(default_factory=set)
    max_depth: dict[str, float] = field(default_factory=dict)  # tumor/normal -> depth

    @property
    def reason(self) -> str:
        order = ("tumor_depth", "normal_depth", "exclude_bed")
        return "+".join(r for r in order if r in self.reasons)

    def to_json(self) -> dict:
        return {
            "chrom": self.chrom,
            "start": self.start,
            "end": self.end,
            "reason": self.reason,
            **{f"{k}_max_window_depth": round(v, 1) for k, v in sorted(self.max_depth.items())},
        }


def threshold(multiple: float, median: int) -> float:
    """The window depth above which a sample's window is skipped. A median of 0 (no reads
    over half the callable sequence) is taken as 1, so the guard stays finite."""
    return multiple * max(median, 1)


def skip_coverage(multiple: float, medians: Iterable[int]) -> int:
    """freebayes --skip-coverage: freebayes counts the reads of all samples at a position
    (MAPQ >= --min-mapping-quality), so the cap is the multiple of the summed medians."""
    return int(round(multiple * sum(max(m, 1) for m in medians)))


def guard_regions(
    windows: dict[str, Sequence[Window]],
    thresholds: dict[str, float],
    callable_regions: Sequence[Interval],
    exclude: Sequence[Interval] = (),
) -> list[Region]:
    """The regions the guard skips, inside the callable sequence: windows of each sample
    ("tumor", "normal") whose mean depth exceeds its threshold, and the exclusion BED's
    intervals; overlapping or touching pieces merged into one region with all their reasons."""
    order: dict[str, int] = {}
    for c, _, _ in callable_regions:
        order.setdefault(c, len(order))
    pieces: list[tuple[str, int, int, str, str | None, float]] = []
    for sample, rows in windows.items():
        limit = thresholds[sample]
        for c, s, e, depth in rows:
            if depth > limit:
                pieces.append((c, s, e, f"{sample}_depth", sample, depth))
    for c, s, e in exclude:
        pieces.append((c, s, e, "exclude_bed", None, 0.0))
    pieces.sort(key=lambda p: (order.get(p[0], len(order)), p[1], p[2]))
    merged: list[Region] = []
    for c, s, e, reason, sample, depth in pieces:
        if s >= e:
            continue
        if merged and merged[-1].chrom == c and s <= merged[-1].end:
            r = merged[-1]
            r.end = max(r.end, e)
        else:
            r = Region(c, s, e)
            merged.append(r)
        r.reasons.add(reason)
        if sample is not None:
            r.max_depth[sample] = max(r.max_depth.get(sample, 0.0), depth)
    # Only callable sequence is ever called, so only it can be skipped.
    callable_merged = merge(callable_regions, order)
    out = []
    for r in merged:
        for c, s, e in intersect([(r.chrom, r.start, r.end)], callable_merged):
            out.append(Region(c, s, e, set(r.reasons), dict(r.max_depth)))
    return out


def depth_weighted_chunks(
    intervals: Sequence[Interval], windows: dict[str, Sequence[Window]], n: int
) -> list[list[Interval]]:
    """`n` chunks of the (sorted, merged) intervals, in order, each about an equal share of
    the weight sum over bases of (tumor + normal window depth, rounded, + 1): the reads a job
    reads, plus one per base so read-free sequence still counts as positions walked. Every
    base is in exactly one chunk; every chunk holds at least one base."""
    total_bases = sum(e - s for _, s, e in intervals)
    if total_bases < n:
        raise ValueError(f"{total_bases} callable bases cannot fill {n} calling chunks")
    depth_at: dict[str, list[tuple[int, int, int]]] = {}
    summed: dict[tuple[str, int, int], float] = {}
    for rows in windows.values():
        for c, s, e, d in rows:
            summed[(c, s, e)] = summed.get((c, s, e), 0.0) + d
    for (c, s, e), d in summed.items():
        depth_at.setdefault(c, []).append((s, e, int(round(d)) + 1))
    for rows in depth_at.values():
        rows.sort()
    # Segments of constant weight per base: the intervals cut at window edges.
    segments: list[tuple[int, int]] = []  # (bases, weight per base)
    for c, s, e in intervals:
        pos = s
        rows = depth_at.get(c, [])
        lo, hi = 0, len(rows)
        while lo < hi:  # first window ending after s
            mid = (lo + hi) // 2
            if rows[mid][1] <= s:
                lo = mid + 1
            else:
                hi = mid
        for ws, we, rate in rows[lo:]:
            if ws >= e:
                break
            if ws > pos:
                segments.append((ws - pos, 1))
                pos = ws
            end = min(we, e)
            if end > pos:
                segments.append((end - pos, rate))
                pos = end
        if pos < e:
            segments.append((e - pos, 1))  # no window (should not happen): bases only
    total = sum(b * r for b, r in segments)
    # Base index of each chunk end: the first base at which the cumulative weight reaches
    # (i + 1) / n of the total (integer arithmetic, so the cut does not drift).
    bounds: list[int] = []
    i, done_w, done_b = 0, 0, 0
    for bases, rate in segments:
        while i < n - 1 and (done_w + bases * rate) * n >= (i + 1) * total:
            need = (i + 1) * total - done_w * n  # weight still needed, times n
            k = max(0, -(-need // (rate * n)))  # ceil
            bounds.append(done_b + min(k, bases))
            i += 1
        done_w += bases * rate
        done_b += bases
    while len(bounds) < n - 1:
        bounds.append(total_bases)
    # Strictly increasing and leaving a base for every later chunk: no empty chunk.
    for j in range(n - 1):
        low = bounds[j - 1] + 1 if j else 1
        bounds[j] = min(max(bounds[j], low), total_bases - (n - 1 - j))
    return cut_at(intervals, bounds + [total_bases])


@dataclass
class Guard:
    """One sample's guard: settings, medians and what was skipped."""

    multiple: float
    window_bp: int
    medians: dict[str, int]  # tumor/normal -> median depth
    regions: list[Region]
    exclude_bed: str | None = None
    panel_genes: list[str] = field(default_factory=list)

    @property
    def thresholds(self) -> dict[str, float]:
        return {k: threshold(self.multiple, m) for k, m in self.medians.items()}

    @property
    def skip_coverage(self) -> int:
        return skip_coverage(self.multiple, self.medians.values())

    @property
    def skipped_bp(self) -> int:
        return sum(r.end - r.start for r in self.regions)

    def header_lines(self, max_listed: int = MAX_LISTED) -> list[str]:
        """##alwgs_depth_guard (the rule, its numbers and the totals) and one
        ##alwgs_depth_guard_region line per skipped region up to `max_listed` (1-based,
        inclusive coordinates as VCF positions)."""
        v: dict[str, object] = {
            "rule": "window_mean_depth_above_max_depth_x_median_or_exclude_bed",
            "max_depth_x_median": _num(self.multiple),
            "window_bp": self.window_bp,
            "freebayes_skip_coverage": self.skip_coverage,
            "exclude_bed": Path(self.exclude_bed).name if self.exclude_bed else "none",
            "skipped_regions": len(self.regions),
            "skipped_bp": self.skipped_bp,
            "listed_regions": min(len(self.regions), max_listed),
            "panel_genes_skipped": "|".join(self.panel_genes) or "none",
        }
        for k, m in self.medians.items():
            v[f"{k}_median_depth"] = m
            v[f"{k}_max_window_depth"] = _num(self.thresholds[k])
        out = ["##alwgs_depth_guard=<" + ",".join(f"{k}={v[k]}" for k in sorted(v)) + ">"]
        for n, r in enumerate(self.regions[:max_listed], start=1):
            d = r.to_json()
            extra = "".join(
                f",{k}={d[k]}" for k in ("tumor_max_window_depth", "normal_max_window_depth")
                if k in d
            )  # fmt: skip
            out.append(
                f"##alwgs_depth_guard_region=<ID=skip{n},chrom={r.chrom},start={r.start + 1},"
                f"end={r.end},reason={r.reason}{extra}>"
            )
        return out

    def to_json(self) -> dict:
        return {
            "max_depth_x_median": self.multiple,
            "window_bp": self.window_bp,
            "median_depth": self.medians,
            "max_window_depth": self.thresholds,
            "freebayes_skip_coverage": self.skip_coverage,
            "exclude_bed": self.exclude_bed,
            "skipped_regions": len(self.regions),
            "skipped_bp": self.skipped_bp,
            "panel_genes": self.panel_genes,
            "regions": [r.to_json() for r in self.regions],
        }

    def write_json(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=1) + "\n")


def _num(x: float) -> str:
    return f"{x:g}"


def panel_genes_hit(regions: Sequence[Region], spans: Iterable[tuple[str, int, int, str]]):
    """Panel genes (chrom, start, end, name) that a skipped region overlaps, sorted."""
    hit = set()
    by_chrom: dict[str, list[tuple[int, int]]] = {}
    for r in regions:
        by_chrom.setdefault(r.chrom, []).append((r.start, r.end))
    for c, s, e, name in spans:
        if any(rs < e and re > s for rs, re in by_chrom.get(c, ())):
            hit.add(name)
    return sorted(hit)
