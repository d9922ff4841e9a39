"""The copy_number list of a findings file as events.tsv rows (docs/CONTRACTS.md, "Copy
number"), judged and named by the copy-number stage's own code (alwgs.cnv.events: given_level,
event_name) on the callable sequence of the build's bands (alwgs.findings.bands):

- a segment {chrom, start, end, type | copy_number} gets its level (chromosome, arm, band,
  focal, not_assessable) and its ISCN-like name from its coordinates, exactly as a CNVkit
  segment does: a loss or gain of cnv.banding_min_bp or more that covers less than
  cnv.arm_fraction of its arm is named by its bands (del(7)(q22.1q31.1)) and enters the
  karyotype;
- a named event {event: "-7" | "del(5q)" | "del(5)(q13q33)" | "cnLOH(17p)" | ...} keeps its name,
  is placed on its bands, and takes its level from the same rules.
`genes` lists the genes a segment covers: the file's own list when it gives one, otherwise the
genes of the build's gene table (alwgs.findings.genes; config/reference/genes.GRCh38.tsv) that
the segment overlaps, said in the row's note. A named event keeps the genes the file names:
its extent is known only to band resolution, and a gene at a band edge would be a guess."""

from __future__ import annotations

import re

from alwgs.cnv.events import NOT_ASSESSABLE, Settings, baseline_cn, event_name, given_level
from alwgs.contig_roles import ContigRoles
from alwgs.findings.bands import BandError, BandMap
from alwgs.findings.genes import GeneTable
from alwgs.findings.iscn import IscnError, parse_aberration
from alwgs.findings.karyotype import pieces

_CNLOH = re.compile(
    r"^cnLOH\((?P<chrom>\d{1,2}|X|Y)(?P<arm>[pq])?\)(?:\((?P<first>[pq][\d.]+)(?P<last>[pq][\d.]+)?\))?$"
)


class EventError(ValueError):
    """A copy-number entry that cannot be placed; `field` is the key at fault."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def roles(bm: BandMap) -> ContigRoles:
    """X and Y of the band file (named by ISCN, so no guessing is involved)."""

    def contig(name: str) -> str:
        try:
            return bm.contig(name)
        except BandError:
            return ""

    return ContigRoles(x=contig("X"), y=contig("Y"))


def _row(contig, start, end, cn, event, level, kind, arm, genes, callable_bp, note) -> dict:
    return {
        "chrom": contig,
        "start": str(start),
        "end": str(end),
        "copy_number": str(cn),
        "event": event,
        "level": level,
        "type": kind,
        "arm": arm,
        "genes": ",".join(genes) or ".",
        "log2": ".",
        "baf": ".",
        "bins": ".",
        "sv_support": ".",
        "callable_bp": "." if callable_bp is None else str(callable_bp),
        "note": note,
    }


def _kind(entry: dict, base: int) -> str:
    """loss | gain | cnloh from `type`, else from `copy_number` against the baseline; the two
    must agree when both are given."""
    given, cn = entry.get("type"), entry.get("copy_number")
    if cn is not None:
        implied = "loss" if cn < base else "gain" if cn > base else "cnloh"
        if given is not None and given != implied:
            raise EventError(
                "copy_number",
                f"{cn} copies is a {implied} against the {base} copies of this chromosome,"
                f" not a {given}",
            )
        return implied
    if given is None:
        raise EventError("type", "give type (loss, gain, cnloh) or copy_number")
    return given


def segment_genes(entry: dict, contig: str, table: GeneTable | None) -> tuple[list[str], str]:
    """The genes of a segment and where the list came from: the file's `genes` when the key is
    given (an empty list says none), else the table's genes the segment overlaps."""
    if "genes" in entry:
        return list(entry.get("genes") or []), "genes as the findings file names them"
    if table is None:
        return [], "no gene table for this build: genes not listed"
    found = table.overlapping(contig, entry["start"], entry["end"])
    return found, f"genes overlapped in {table.describe()}"


def segment_row(
    entry: dict, bm: BandMap, sex: str, settings: Settings, genes: GeneTable | None = None
) -> dict:
    """An events.tsv row of a segment in the build's coordinates (0-based half-open); its genes
    from the file, else from `genes` (segment_genes)."""
    try:
        contig = bm.contig(str(entry["chrom"]))
    except BandError as err:
        raise EventError("chrom", str(err)) from None
    start, end, length = entry["start"], entry["end"], bm.length(contig)
    if end <= start:
        raise EventError("end", f"end {end} is not after start {start}")
    if end > length:
        raise EventError("end", f"end {end:,} is past the end of {contig} ({length:,} bp)")
    base = baseline_cn(contig, sex, roles(bm))
    if base is None:
        raise EventError("chrom", f"{contig} has no baseline for a sample of sex '{sex}'")
    kind = _kind(entry, base)
    cn = entry.get("copy_number")
    if cn is None:
        cn = base - 1 if kind == "loss" else base + 1 if kind == "gain" else base
    cc = bm.callable(contig, settings)
    lv, start, end = given_level(contig, start, end, kind, cc, bm.bands, settings)
    name = event_name(contig, start, end, kind, lv.level, lv.big_arms, bm.bands)
    note = lv.note if lv.level == NOT_ASSESSABLE else "segment given in the findings file"
    gene_list, origin = segment_genes(entry, contig, genes)
    return _row(
        contig,
        start,
        end,
        cn,
        name,
        lv.level,
        kind,
        lv.arm,
        gene_list,
        lv.callable_bp,
        f"{note}; {origin}",
    )


def named_rows(entry: dict, bm: BandMap, sex: str, settings: Settings) -> list[dict]:
    """events.tsv rows of a named event, placed on its bands; an event that changes several
    arms (i(17q)) gives one row per arm."""
    text = str(entry["event"]).strip()
    m = _CNLOH.match(text)
    try:
        if m:
            chrom = m.group("chrom")
            if m.group("first"):
                span = bm.between(chrom, m.group("first"), m.group("last") or m.group("first"))
            elif m.group("arm"):
                span = bm.arm(chrom, m.group("arm"))
            else:
                span = (0, bm.length(chrom))
            placed = [(chrom, span[0], span[1], 0)]
        else:
            ab = parse_aberration(text)
            parts = pieces(ab, bm)
            if not parts:
                raise EventError(
                    "event",
                    f"'{text}' changes no copy number that can be placed (a balanced"
                    " rearrangement, marker or unknown material): give it under fusions or"
                    " karyotype",
                )
            if ab.kind == "numerical":
                chrom = ab.chromosomes[0]
                placed = [(chrom, 0, bm.length(chrom), parts[0][4])]
            else:
                placed = [(c, lo, hi, d) for c, _, lo, hi, d in parts]
    except (IscnError, BandError) as err:
        raise EventError("event", str(err)) from None
    rows = []
    for chrom, start, end, delta in placed:
        contig = bm.contig(chrom)
        base = baseline_cn(contig, sex, roles(bm))
        if base is None:
            raise EventError("event", f"{contig} has no baseline for a sample of sex '{sex}'")
        implied = "cnloh" if m else ("loss" if delta < 0 else "gain")
        given = dict(entry)
        given.setdefault("type", implied)
        if given["type"] != implied:
            raise EventError("type", f"'{text}' is a {implied}, not a {given['type']}")
        kind = _kind(given, base)
        cn = entry.get("copy_number")
        if cn is None:
            cn = base if kind == "cnloh" else max(0, base + delta)
        cc = bm.callable(contig, settings)
        lv, _, _ = given_level(contig, start, end, kind, cc, bm.bands, settings)
        note = lv.note if lv.level == NOT_ASSESSABLE else "named event given in the findings file"
        name = text if len(placed) == 1 else f"{text}: {kind} of {chrom}{lv.arm}"
        if lv.level == NOT_ASSESSABLE:
            # a change no rule or karyotype reads, named as the copy-number stage names it
            name = event_name(contig, start, end, kind, lv.level, lv.big_arms, bm.bands)
        rows.append(
            _row(
                contig,
                start,
                end,
                cn,
                name,
                lv.level,
                kind,
                lv.arm,
                entry.get("genes") or [],
                lv.callable_bp,
                note,
            )
        )
    return rows
