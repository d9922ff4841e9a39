"""Gene-level events of the merged SV calls (results/sv/<tumor>.fusions.tsv).

Which part of a gene does a junction keep? With the contract's strands (+ = the sequence left
of the breakpoint is joined), the joined side holds the gene's 5' end when the breakend strand
equals the gene strand: for a + gene the left side runs from its start, for a - gene the right
side does. A junction can make a fusion transcript only when it joins the 5' part of one gene
to the 3' part of another; the 5' one is gene5. That also covers breakpoints outside a gene
(within a known entry's flank): the retained side then holds the whole gene or none of it.

Rows of the table, one per event:
- a duplication (- +) with both ends inside one gene of the PTD list: ``<GENE>-PTD``;
- a junction joining the partners of a known-fusion entry (either order). ``orientation_ok``
  says whether this junction makes the listed 5'->3' product; enhancer entries only need the
  partners joined. A junction that only makes the reciprocal product still names the known
  fusion (the translocation is there) with orientation_ok no;
- any other junction joining the 5' part of one gene to the 3' part of another (known no).
The two junctions of a balanced rearrangement (same chromosomes, opposite strands on both
sides, close together or joining the same genes) are one event, named after the junction that
matches the known list.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .genes import Gene, GeneIndex
from .known_fusions import KnownFusion, PtdGene
from .merge import SvEvent
from .normal_support import FUSION_STATUS_COLUMNS, Settings, combined

FUSION_COLUMNS = [
    "chrom1",
    "pos1",
    "chrom2",
    "pos2",
    "gene5",
    "gene3",
    "fusion",
    "event",
    "known",
    "orientation_ok",
    "mechanism",
    "disease",
    "source",
    "callers",
    "split_reads",
    "paired_reads",
    "sv_ids",
    # what else supports the row: "." for the callers' junctions; a targeted read count's
    # numbers for a row made from one (alwgs.sv.targeted_counts)
    "note",
    # the somatic status of the event from the normal's reads (alwgs.sv.normal_support)
    *FUSION_STATUS_COLUMNS,
]


def retained_end(gene: Gene, strand: str) -> str:
    """'5p' when the joined side of a breakend holds the gene's 5' end, else '3p'."""
    return "5p" if strand == gene.strand else "3p"


def event_type(ev: SvEvent) -> str:
    if ev.chrom1 != ev.chrom2:
        return "translocation"
    return {"DEL": "deletion", "DUP": "duplication", "INV": "inversion"}.get(
        ev.svtype, "rearrangement"
    )


@dataclass
class FusionCall:
    """The gene-level reading of one junction."""

    sv: SvEvent
    gene5: str
    gene3: str
    fusion: str
    event: str
    known: bool
    orientation_ok: bool
    mechanism: str = "."
    disease: str = "."
    source: str = "."
    five_prime_end: int = 1  # which end of the SV lies in gene5

    @property
    def rank(self) -> tuple:
        """Which junction names a group: known with the listed product, known, then others."""
        return (
            not self.known,
            not self.orientation_ok,
            -(self.sv.split_reads + self.sv.paired_reads),
            self.sv.id,
        )


def _ends(ev: SvEvent) -> list[tuple[str, int, str]]:
    return [(ev.chrom1, ev.pos1, ev.strand1), (ev.chrom2, ev.pos2, ev.strand2)]


def match_known(
    ev: SvEvent, entry: KnownFusion, genes5: Sequence[Gene], genes3: Sequence[Gene]
) -> tuple[bool, int] | None:
    """(orientation_ok, end of the SV in gene5) when the junction joins the entry's partners,
    else None. Each end must lie within the flank of its partner and nearer to it than to the
    other partner (with a wide flank on one chromosome both partners may be in reach)."""
    ends = _ends(ev)
    found = None
    for i5, i3 in ((0, 1), (1, 0)):
        c5, p5, s5 = ends[i5]
        c3, p3, s3 = ends[i3]
        for g5 in genes5:
            for g3 in genes3:
                if not (
                    g5.contains(c5, p5, entry.flank_bp) and g3.contains(c3, p3, entry.flank_bp)
                ):
                    continue
                if g5.distance(c5, p5) > g3.distance(c5, p5):
                    continue
                if g3.distance(c3, p3) > g5.distance(c3, p3):
                    continue
                ok = entry.mechanism == "enhancer" or (
                    retained_end(g5, s5) == "5p" and retained_end(g3, s3) == "3p"
                )
                if found is None or (ok and not found[0]):
                    found = (ok, i5 + 1)
    return found


@dataclass
class FusionAnnotator:
    genes: GeneIndex
    known: Sequence[KnownFusion] = ()
    ptd_genes: Sequence[PtdGene] = ()
    partner_biotypes: Sequence[str] = ("protein_coding",)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        usable = []
        for entry in self.known:
            missing = [g for g in (entry.gene5, entry.gene3) if not self.genes.named(g)]
            if missing:
                self.notes.append(
                    f"known fusion {entry.name}: {', '.join(missing)} not in the annotation;"
                    " entry not used"
                )
            else:
                usable.append(entry)
        self.known = usable
        for p in self.ptd_genes:
            if not self.genes.named(p.gene):
                self.notes.append(f"PTD gene {p.gene} not in the annotation; not used")

    def ptd(self, ev: SvEvent) -> FusionCall | None:
        if ev.svtype != "DUP" or ev.chrom1 != ev.chrom2:
            return None
        for p in self.ptd_genes:
            for g in self.genes.named(p.gene):
                if g.contains(ev.chrom1, ev.pos1) and g.contains(ev.chrom2, ev.pos2):
                    return FusionCall(
                        sv=ev,
                        gene5=g.name,
                        gene3=g.name,
                        fusion=f"{g.name}-PTD",
                        event="PTD",
                        known=True,
                        orientation_ok=True,
                        mechanism="ptd",
                        disease=p.disease,
                        source=p.source,
                    )
        return None

    def known_fusion(self, ev: SvEvent) -> FusionCall | None:
        best = None
        for entry in self.known:
            genes5, genes3 = self.genes.named(entry.gene5), self.genes.named(entry.gene3)
            hit = match_known(ev, entry, genes5, genes3)
            if hit is None:
                continue
            ok, end5 = hit
            call = FusionCall(
                sv=ev,
                gene5=entry.gene5,
                gene3=entry.gene3,
                fusion=entry.name,
                event=event_type(ev),
                known=True,
                orientation_ok=ok,
                mechanism=entry.mechanism,
                disease=entry.disease,
                source=entry.source,
                five_prime_end=end5,
            )
            if best is None or (ok and not best.orientation_ok):
                best = call
        return best

    def other_fusion(self, ev: SvEvent) -> FusionCall | None:
        """A 5'->3' product of two different genes, neither on the known list."""
        genes1 = self.genes.at(ev.chrom1, ev.pos1, self.partner_biotypes)
        genes2 = self.genes.at(ev.chrom2, ev.pos2, self.partner_biotypes)
        candidates = []
        for a in genes1:
            for b in genes2:
                if a.name == b.name:
                    continue  # inside one gene: an intragenic deletion/duplication, no fusion
                end_a, end_b = retained_end(a, ev.strand1), retained_end(b, ev.strand2)
                if end_a == "5p" and end_b == "3p":
                    candidates.append((a.name, b.name, 1))
                elif end_a == "3p" and end_b == "5p":
                    candidates.append((b.name, a.name, 2))
        if not candidates:
            return None
        g5, g3, end5 = min(candidates)
        return FusionCall(
            sv=ev,
            gene5=g5,
            gene3=g3,
            fusion=f"{g5}::{g3}",
            event=event_type(ev),
            known=False,
            orientation_ok=True,
            mechanism="chimeric",
            five_prime_end=end5,
        )

    def interpret(self, ev: SvEvent) -> FusionCall | None:
        return self.ptd(ev) or self.known_fusion(ev) or self.other_fusion(ev)


def reciprocal(
    a: SvEvent, b: SvEvent, distance: int, ca: FusionCall | None, cb: FusionCall | None
) -> bool:
    """Are a and b the two junctions of one balanced translocation or inversion?"""
    if (a.chrom1, a.chrom2) != (b.chrom1, b.chrom2) or a.svtype != b.svtype:
        return False
    if a.svtype not in ("BND", "INV") or a.strand1 == b.strand1 or a.strand2 == b.strand2:
        return False
    if abs(a.pos1 - b.pos1) <= distance and abs(a.pos2 - b.pos2) <= distance:
        return True
    # Farther apart (a deletion at one breakpoint): still one event when both join the same
    # two genes.
    if set(a.genes1) & set(b.genes1) and set(a.genes2) & set(b.genes2):
        return True
    return bool(ca and cb and {ca.gene5, ca.gene3} == {cb.gene5, cb.gene3})


def group_events(
    events: Sequence[SvEvent], calls: Sequence[FusionCall | None], distance: int
) -> list[list[int]]:
    parent = list(range(len(events)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(events)):
        for k in range(i + 1, len(events)):
            if reciprocal(events[i], events[k], distance, calls[i], calls[k]):
                parent[root(k)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(events)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def fusion_rows(
    events: Iterable[SvEvent],
    annotator: FusionAnnotator,
    distance: int,
    caller_order: Sequence[str] = ("delly", "tiddit"),
    status_settings: Settings | None = None,
) -> list[dict[str, str]]:
    """One row per gene-level event of the PASS events; its somatic status from its
    junctions' (normal_support.combined, testing them together with status_settings)."""
    passed = [e for e in events if e.filter == "PASS"]
    calls = [annotator.interpret(e) for e in passed]
    rank = {c: i for i, c in enumerate(caller_order)}
    rows = []
    for members in group_events(passed, calls, distance):
        found = [calls[i] for i in members if calls[i] is not None]
        if not found:
            continue
        best = min(found, key=lambda c: c.rank)
        group = [passed[i] for i in members]
        ev = best.sv
        ends = _ends(ev)
        if best.five_prime_end == 2:
            ends.reverse()
        callers = sorted(
            {c for e in group for c in e.callers}, key=lambda c: (rank.get(c, len(rank)), c)
        )
        rows.append(
            {
                "chrom1": ends[0][0],
                "pos1": str(ends[0][1]),
                "chrom2": ends[1][0],
                "pos2": str(ends[1][1]),
                "gene5": best.gene5,
                "gene3": best.gene3,
                "fusion": best.fusion,
                "event": best.event,
                "known": "yes" if best.known else "no",
                "orientation_ok": "yes" if best.orientation_ok else "no",
                "mechanism": best.mechanism,
                "disease": best.disease,
                "source": best.source,
                "callers": ",".join(callers),
                "split_reads": str(max(e.split_reads for e in group)),
                "paired_reads": str(max(e.paired_reads for e in group)),
                "sv_ids": ",".join(sorted(e.id for e in group)),
                "note": ".",
                **{
                    k: v
                    for k, v in combined(
                        [e.status for e in group if e.status], status_settings
                    ).items()
                    if k in FUSION_COLUMNS
                },
            }
        )
    return rows


def write_fusions(rows: Iterable[dict[str, str]], path, meta: Sequence[str] = ()) -> None:
    """The table, after `meta` (`##` lines, e.g. alwgs_not_assessed: docs/CONTRACTS.md)."""
    with open(path, "w") as out:
        out.writelines(f"{line}\n" for line in meta)
        out.write("\t".join(FUSION_COLUMNS) + "\n")
        for r in rows:
            out.write("\t".join(r[c] for c in FUSION_COLUMNS) + "\n")
