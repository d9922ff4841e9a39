"""Copy number inside the pseudoautosomal regions (alwgs.par) of X.

CNVkit (without ``--diploid-parx-genome``, which knows only GRCh37/GRCh38 on contigs named
chrX/X) treats a PAR as the rest of X: a male normal's whole X is shifted by +1 when the
reference is built, PAR included, and ``call -x male`` expects one copy there. Both are
wrong for a PAR, which has two copies in either sex. So the events stage re-reads the PAR
part of each X segment itself:

1. X segments are cut at the PAR edges (split_par); each piece gets the mean log2 of its
   .cnr bins (a bin belongs to the piece holding its midpoint).
2. The PAR pieces' log2 is shifted by what the reference holds there (reference_offset):
   the reference's median PAR log2 minus its median log2 over the rest of X. That is +1
   for a male normal (CNVkit's shift), 0 for a female one or a flat reference, in between
   for a pool of both. After the shift an intact PAR reads 0 in either sex, as an
   autosome does, and a one-copy loss -1 (at full purity).
3. Their copy number is CNVkit's autosomal rule on that log2 (copy_number): clonal at the
   sheet's purity when one is given (as ``call -m clonal --purity``), else CNVkit's default
   thresholds (as ``call -m threshold``). An autosome of the same log2 gets the same call.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from alwgs.contig_roles import ContigRoles
from alwgs.par import ParRegion

# CNVkit 0.9.14 `call` default --thresholds (log2 at or below -> 0, 1, 2, 3 copies).
CNVKIT_THRESHOLDS = (-1.1, -0.25, 0.2, 0.7)


def read_bin_log2(path: str | Path, contigs: Iterable[str]) -> dict[str, list[tuple]]:
    """(start, end, log2, weight) of the .cnr/.cnn bins of ``contigs`` (weight 1 when the
    file has no weight column)."""
    wanted = set(contigs)
    out: dict[str, list[tuple]] = {}
    with open(path) as fh:
        header = fh.readline().rstrip("\n").split("\t")
        col = {name: i for i, name in enumerate(header)}
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if f[0] not in wanted:
                continue
            weight = float(f[col["weight"]]) if "weight" in col else 1.0
            out.setdefault(f[0], []).append(
                (int(f[col["start"]]), int(f[col["end"]]), float(f[col["log2"]]), weight)
            )
    return out


def _inside(b: tuple, start: int, end: int) -> bool:
    mid = (b[0] + b[1]) // 2
    return start <= mid < end


def reference_offset(ref_bins: dict[str, list[tuple]], roles: ContigRoles) -> float:
    """log2 the reference holds in the PARs of X above the rest of X (see module doc); 0.0
    when either has no bins."""
    bins = ref_bins.get(roles.x) or []
    par = [b[2] for b in bins if any(_inside(b, p.x.start, p.x.end) for p in roles.par)]
    rest = [b[2] for b in bins if not any(_inside(b, p.x.start, p.x.end) for p in roles.par)]
    par = [v for v in par if math.isfinite(v)]
    rest = [v for v in rest if math.isfinite(v)]
    if not par or not rest:
        return 0.0
    return statistics.median(par) - statistics.median(rest)


def copy_number(log2: float, purity: float | None) -> int:
    """CNVkit's autosomal call of a log2 ratio (ploidy 2), as plan.CnvPlan.call_args asks
    for it: with a purity ``-m clonal`` (rescaled for the normal cells below 1), else
    ``-m threshold`` with its default thresholds, above the last one ceil(2 * 2^log2)."""
    if purity:
        if purity < 1.0:
            return max(0, round((2 * 2**log2 - 2 * (1 - purity)) / purity))
        return max(0, round(2 * 2**log2))
    for cn, threshold in enumerate(CNVKIT_THRESHOLDS):
        if log2 <= threshold:
            return cn
    return math.ceil(2 * 2**log2)


def _mean(bins: list[tuple]) -> float | None:
    total = sum(b[3] for b in bins)
    if not bins:
        return None
    if total <= 0:
        return sum(b[2] for b in bins) / len(bins)
    return sum(b[2] * b[3] for b in bins) / total


def split_par(
    segments: list,
    roles: ContigRoles,
    bin_log2: dict[str, list[tuple]] | None,
    offset: float,
    purity: float | None,
) -> list:
    """``segments`` (events.Segment) with those of X cut at the PAR edges; a PAR piece
    carries its PAR's name (Segment.par), the reference-shifted mean log2 of its bins and
    the copy number of that log2 (copy_number). A piece without bins is dropped; without
    bin log2 (none given) a piece keeps its segment's log2. Other contigs pass unchanged."""
    if not roles.par or not roles.x:
        return segments
    cuts = sorted({e for p in roles.par for e in (p.x.start, p.x.end)})
    bins = (bin_log2 or {}).get(roles.x)
    out = []
    for seg in segments:
        if seg.chrom != roles.x or not any(
            p.x.overlaps(seg.chrom, seg.start, seg.end) for p in roles.par
        ):
            out.append(seg)
            continue
        edges = [seg.start] + [c for c in cuts if seg.start < c < seg.end] + [seg.end]
        for start, end in zip(edges, edges[1:], strict=False):
            par = _par_of(roles.par, seg.chrom, start, end)
            inside = [b for b in bins if _inside(b, start, end)] if bins is not None else None
            if inside is not None and not inside:
                continue
            if inside is None:  # no bin positions: the segment's bins pro rata
                n = round(seg.bins * (end - start) / max(1, seg.end - seg.start))
            else:
                n = len(inside)
            log2 = seg.log2 if inside is None else _mean(inside)
            if par is None:
                out.append(replace(seg, start=start, end=end, log2=log2, bins=n))
                continue
            log2 += offset
            out.append(
                replace(
                    seg,
                    start=start,
                    end=end,
                    log2=log2,
                    cn=copy_number(log2, purity),
                    bins=n,
                    par=par.name,
                )
            )
    return out


def _par_of(pars: Iterable[ParRegion], contig: str, start: int, end: int) -> ParRegion | None:
    for p in pars:
        if p.x.overlaps(contig, start, end) and p.x.start <= start and end <= p.x.end:
            return p
    return None
