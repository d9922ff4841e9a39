"""Merge the junctions of several callers into one call set (results/sv/<tumor>.sv.tsv).

Two records are one event when they join the same sides (same chromosomes, same strands, so
the same SV type) and both ends lie within ``distance`` bp. Clusters are single-linkage, so
a caller's two records of one junction (tiddit writes a BND once from each end) collapse too.
Records whose orientation the caller does not measure (tiddit BND/INV) then join the nearest
oriented event at the same place.
Support is the largest any record gave (callers count overlapping reads, summing would count
reads twice); coordinates come from the first caller of the configured order that found the
event, as delly places breakpoints from a split-read consensus and tiddit (without assembly)
from the read ends.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..par import ParRegion
from .normal_support import STATUS_COLUMNS
from .vcf_breakends import Breakends

SV_COLUMNS = [
    "id",
    "svtype",
    "chrom1",
    "pos1",
    "strand1",
    "chrom2",
    "pos2",
    "strand2",
    "callers",
    "split_reads",
    "paired_reads",
    "filter",
    "genes1",
    "genes2",
]
# The somatic-status stage (alwgs.sv.normal_support) adds STATUS_COLUMNS after these; the
# table of sv_merge alone has SV_COLUMNS only.

# Soft filters of the merged set, named in the filter column (PASS when none applies).
FILTERS = {
    "MinSize": "DEL/DUP/INV shorter than sv.min_size (intragenic duplications exempt)",
    "MinSupport": "split reads + read pairs below sv.min_supporting_reads",
    "MinSplitReads": "split reads below sv.min_split_reads",
    "ParBoundary": (
        "joins a pseudoautosomal region's edge on X to the same edge on Y (reference.par): the "
        "reference masks Y's PAR, so a male's Y-copy PAR reads map to X and his fragments "
        "across the Y edge read as this junction; constitutional, in every male"
    ),
}
# How far from a PAR edge a junction end may lie and still be that edge's (a caller places
# the breakpoint within a fragment's length of it).
PAR_EDGE_BP = 1000


@dataclass
class SvEvent:
    id: str
    svtype: str
    chrom1: str
    pos1: int
    strand1: str
    chrom2: str
    pos2: int
    strand2: str
    callers: list[str]
    split_reads: int
    paired_reads: int
    filter: str = "PASS"
    genes1: list[str] = field(default_factory=list)
    genes2: list[str] = field(default_factory=list)
    # somatic_status and the counts behind it (STATUS_COLUMNS), empty before that stage
    status: dict[str, str] = field(default_factory=dict)

    @property
    def size(self) -> int | None:
        return abs(self.pos2 - self.pos1) if self.chrom1 == self.chrom2 else None

    def row(self) -> list[str]:
        return [
            self.id,
            self.svtype,
            self.chrom1,
            str(self.pos1),
            self.strand1,
            self.chrom2,
            str(self.pos2),
            self.strand2,
            ",".join(self.callers),
            str(self.split_reads),
            str(self.paired_reads),
            self.filter,
            ",".join(self.genes1) or ".",
            ",".join(self.genes2) or ".",
            *(self.status[c] for c in STATUS_COLUMNS if self.status),
        ]


def near(a: Breakends, b: Breakends, distance: int) -> bool:
    """Same chromosomes, both ends within distance (strands not compared)."""
    return (
        a.chrom1 == b.chrom1
        and a.chrom2 == b.chrom2
        and abs(a.pos1 - b.pos1) <= distance
        and abs(a.pos2 - b.pos2) <= distance
    )


def same_junction(a: Breakends, b: Breakends, distance: int) -> bool:
    return near(a, b, distance) and a.strand1 == b.strand1 and a.strand2 == b.strand2


def absorb_unoriented(clusters: list[list[Breakends]], distance: int) -> list[list[Breakends]]:
    """A cluster of records without measured orientation (tiddit BND/INV) joins the nearest
    cluster of oriented records at the same place, preferring one with the same strands: a
    tiddit translocation is one of delly's two junctions, whatever strands it wrote. Without
    an oriented neighbour it stays an event of its own, with the strands it was given."""
    oriented = [c for c in clusters if any(j.strands_known for j in c)]
    out = [list(c) for c in oriented]
    for c in clusters:
        if any(j.strands_known for j in c):
            continue
        best, best_key = None, None
        for n, other in enumerate(oriented):
            for a in c:
                for b in other:
                    if not near(a, b, distance):
                        continue
                    key = (
                        (a.strand1, a.strand2) != (b.strand1, b.strand2),
                        max(abs(a.pos1 - b.pos1), abs(a.pos2 - b.pos2)),
                    )
                    if best_key is None or key < best_key:
                        best, best_key = n, key
        if best is None:
            out.append(list(c))
        else:
            out[best].extend(c)
    return out


def cluster(junctions: Sequence[Breakends], distance: int) -> list[list[Breakends]]:
    """Single-linkage clusters of records of the same junction."""
    parent = list(range(len(junctions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(junctions)), key=lambda i: junctions[i].pos1)
    by_key: dict[tuple, list[int]] = {}
    for i in order:
        j = junctions[i]
        by_key.setdefault((j.chrom1, j.chrom2, j.strand1, j.strand2), []).append(i)
    for members in by_key.values():
        for n, i in enumerate(members):
            for k in members[n + 1 :]:
                if junctions[k].pos1 - junctions[i].pos1 > distance:
                    break  # sorted by pos1: no later record can be within reach
                if same_junction(junctions[i], junctions[k], distance):
                    parent[root(k)] = root(i)
    groups: dict[int, list[Breakends]] = {}
    for i in order:
        groups.setdefault(root(i), []).append(junctions[i])
    return list(groups.values())


def merge_calls(
    junctions: Iterable[Breakends],
    distance: int,
    contig_rank: dict[str, int],
    caller_order: Sequence[str] = ("delly", "tiddit"),
) -> list[SvEvent]:
    """One event per cluster of junctions, sorted by reference position, ids SV0001..."""
    ordered = [j.ordered(contig_rank) for j in junctions]
    rank = {c: i for i, c in enumerate(caller_order)}
    events = []
    for members in absorb_unoriented(cluster(ordered, distance), distance):
        best = min(
            members,
            key=lambda j: (
                not j.strands_known,
                rank.get(j.caller, len(rank)),
                -j.split_reads,
                -j.paired_reads,
            ),
        )
        callers = sorted({j.caller for j in members}, key=lambda c: (rank.get(c, len(rank)), c))
        events.append(
            SvEvent(
                "",
                best.svtype,
                best.chrom1,
                best.pos1,
                best.strand1,
                best.chrom2,
                best.pos2,
                best.strand2,
                callers,
                max(j.split_reads for j in members),
                max(j.paired_reads for j in members),
            )
        )
    big = len(contig_rank)
    events.sort(
        key=lambda e: (
            contig_rank.get(e.chrom1, big),
            e.chrom1,
            e.pos1,
            contig_rank.get(e.chrom2, big),
            e.chrom2,
            e.pos2,
            e.strand1,
        )
    )
    for n, e in enumerate(events, start=1):
        e.id = f"SV{n:04d}"
    return events


def at_par_edge(event: SvEvent, pars: Sequence[ParRegion]) -> bool:
    """Whether the event joins a PAR's edge on X to the same edge of its Y copy."""
    for p in pars:
        if p.y is None:
            continue
        for (cx, px), (cy, py) in (
            ((event.chrom1, event.pos1), (event.chrom2, event.pos2)),
            ((event.chrom2, event.pos2), (event.chrom1, event.pos1)),
        ):
            if cx != p.x.contig or cy != p.y.contig:
                continue
            for ex, ey in ((p.x.start, p.y.start), (p.x.end, p.y.end)):
                if abs(px - ex) <= PAR_EDGE_BP and abs(py - ey) <= PAR_EDGE_BP:
                    return True
    return False


def apply_filters(
    event: SvEvent,
    min_size: int,
    min_supporting_reads: int,
    min_split_reads: int,
    pars: Sequence[ParRegion] = (),
) -> str:
    """The filter column of an event: PASS or the failed filters joined by ';'. Needs the
    genes of both ends (a duplication inside one gene is kept whatever its size: partial
    tandem duplications are small events by this measure)."""
    failed = []
    size = event.size
    intragenic_dup = event.svtype == "DUP" and bool(set(event.genes1) & set(event.genes2))
    if size is not None and size < min_size and not intragenic_dup:
        failed.append("MinSize")
    if event.split_reads + event.paired_reads < min_supporting_reads:
        failed.append("MinSupport")
    if event.split_reads < min_split_reads:
        failed.append("MinSplitReads")
    if pars and at_par_edge(event, pars):
        failed.append("ParBoundary")
    return ";".join(failed) or "PASS"


def write_sv_table(
    events: Iterable[SvEvent], path, meta: Sequence[str] = (), with_status: bool = False
) -> None:
    """The table, after `meta` (`##` lines, e.g. alwgs_not_assessed: docs/CONTRACTS.md);
    with_status: the somatic-status columns too (every event must have them)."""
    events = list(events)
    if with_status and any(not e.status for e in events):
        raise ValueError("an SV event has no somatic status")
    with open(path, "w") as out:
        out.writelines(f"{line}\n" for line in meta)
        out.write("\t".join(SV_COLUMNS + (STATUS_COLUMNS if with_status else [])) + "\n")
        for e in events:
            out.write("\t".join(e.row()) + "\n")


def read_sv_table(path) -> list[SvEvent]:
    with open(path) as fh:
        line = fh.readline()
        while line.startswith("##"):  # not-assessed lines (alwgs.not_assessed)
            line = fh.readline()
        header = line.rstrip("\n").split("\t")
        if header not in (SV_COLUMNS, SV_COLUMNS + STATUS_COLUMNS):
            raise ValueError(f"{path}: unexpected header {header}")
        events = []
        for line in fh:
            if not line.strip():
                continue
            r = dict(zip(header, line.rstrip("\n").split("\t"), strict=True))
            events.append(
                SvEvent(
                    r["id"],
                    r["svtype"],
                    r["chrom1"],
                    int(r["pos1"]),
                    r["strand1"],
                    r["chrom2"],
                    int(r["pos2"]),
                    r["strand2"],
                    r["callers"].split(","),
                    int(r["split_reads"]),
                    int(r["paired_reads"]),
                    r["filter"],
                    [] if r["genes1"] == "." else r["genes1"].split(","),
                    [] if r["genes2"] == "." else r["genes2"].split(","),
                    {c: r[c] for c in STATUS_COLUMNS if c in r},
                )
            )
    return events
