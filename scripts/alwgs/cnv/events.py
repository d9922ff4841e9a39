"""CNVkit segments with integer copy number -> named copy-number events (events.tsv).

Steps, per chromosome (docs/CONTRACTS.md, "Copy number"):
1. Adjacent segments with the same copy number are joined.
2. Short segments (fewer than ``min_bins`` bins) are noise or the ragged edge of a longer
   event (a bin half inside a deletion reads half-way): each is given the copy number of a
   neighbour, preferring one that changes in the same direction, and joined to it.
3. Changes smaller than ``min_abs_log2`` (distance of the segment's mean log2 from what an
   unchanged region reads) are set back to the baseline.
4. What differs from the baseline (2; 1 for a male's X and Y) is an event. Its level comes
   from the fraction of the chromosome's or arm's callable sequence it covers (bp of the
   .cnr bins, callable_sequence.py), so the thresholds mean the same on any genome and bin
   size and N gaps never count: >= ``chromosome_fraction`` of the chromosome is a
   whole-chromosome event (-7, +8), >= ``arm_fraction`` of one arm an arm event (del(5q),
   dup(1q)). A smaller loss or gain spanning at least ``banding_min_bp`` is what G-banding
   sees (level ``band``): a karyotype abnormality named by its ISCN breakpoint bands,
   del(5)(q21.3q34), terminal del(5)(q31), dup(1)(q21q32), whatever share of the arm it
   covers. Anything smaller is focal (del(9)(p21.3)) and lists the genes it covers. A
   chromosome or arm with less than ``min_callable_bp`` callable bp (or fewer than
   ``min_bins`` bins) cannot carry such an event: a change covering it is
   ``not_assessable``, named loss(13) / gain(21p) / cnLOH(13) rather than -13 / del(21p),
   with the callable bp and the reason in the row; it never enters the karyotype.
5. The bin grid places an edge only to within a bin or two, too coarse for a 10-kb deletion.
   A loss whose two edges both lie within ``snap_bins`` bins of the two ends of a DEL of the
   SV table (a gain: of a tandem DUP) takes the SV's breakpoints; ``sv_support`` names it.
   An arm- or band-level change reaching a chromosome end whose inner edge lies as close to
   one end of a PASS translocation junction (inter-chromosomal BND) takes the junction's
   position and names it in ``sv_support``: the change is the unbalanced part of that
   translocation, and the karyotype counts the two as one derivative chromosome.
6. Copy-neutral LOH: runs of allelic imbalance at heterozygous SNPs inside segments at the
   baseline copy number (baf.py).
7. Pseudoautosomal regions (config reference.par, alwgs.par): X segments are cut at the PAR
   edges and a PAR piece has the baseline 2 in either sex, with its copy number re-read
   from its bins (par_copy.py). A change inside a PAR is focal, or band-level when banding
   sees it, never a chromosome or arm event of X, and is named on X and Y alike
   (del(X)(p22.33)/del(Y)(p11.2)): reads cannot tell which copy carries it. The Y copy of a
   PAR is left out (an analysis set masks it; unmasked, its reads are the X copy's).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from alwgs.contig_roles import UNKNOWN, ContigRoles
from alwgs.par import ParRegion, in_y_par

from .baf import Snp, SnpIndex, imbalanced_runs, mirrored_baf
from .callable_sequence import ChromCallable, Minimum
from .cytobands import Cytobands, chrom_name, chrom_rank
from .par_copy import split_par
from .svtable import Sv

EVENT_COLUMNS = [
    "chrom",
    "start",
    "end",
    "copy_number",
    "event",
    "level",
    "type",
    "arm",
    "genes",
    "log2",
    "baf",
    "bins",
    "sv_support",
    "callable_bp",
    "note",
]

# Level of a change too large to be focal on a chromosome or arm with too little callable
# sequence to name a whole-chromosome or arm event (callable_sequence.py).
NOT_ASSESSABLE = "not_assessable"
# Level of a loss or gain smaller than an arm event but large enough for G-banding to see
# (cnv.banding_min_bp): a karyotype abnormality named by its bands.
BAND = "band"


@dataclass
class Settings:
    min_bins: int = 8
    min_abs_log2: float = 0.2
    chromosome_fraction: float = 0.9
    arm_fraction: float = 0.5
    # GRCh38 default (config/schemas/config.schema.yaml explains the value).
    min_callable_bp: int = 7_000_000
    snap_bins: int = 4
    cnloh_min_snps: int = 8
    cnloh_min_shift: float = 0.15
    cnloh_window: int = 5
    # GRCh38 default (config/config.yaml explains the value: G-banding resolution).
    banding_min_bp: int = 5_000_000

    def minimum(self) -> Minimum:
        """What a chromosome or arm needs to carry a chromosome- or arm-level event."""
        return Minimum(self.min_callable_bp, self.min_bins)

    @classmethod
    def from_config(cls, cfg: dict) -> Settings:
        cnloh = cfg.get("cnloh") or {}
        return cls(
            min_bins=int(cfg["min_bins"]),
            min_abs_log2=float(cfg["min_abs_log2"]),
            chromosome_fraction=float(cfg["chromosome_fraction"]),
            arm_fraction=float(cfg["arm_fraction"]),
            min_callable_bp=int(cfg["min_callable_bp"]),
            snap_bins=int(cfg["snap_bins"]),
            cnloh_min_snps=int(cnloh.get("min_snps", cls.cnloh_min_snps)),
            cnloh_min_shift=float(cnloh.get("min_shift", cls.cnloh_min_shift)),
            cnloh_window=int(cnloh.get("window", cls.cnloh_window)),
            banding_min_bp=int(cfg["banding_min_bp"]),
        )


@dataclass
class Segment:
    chrom: str
    start: int  # 0-based
    end: int
    log2: float
    cn: int
    bins: int
    par: str = ""  # name of the pseudoautosomal region the segment lies in ("" = none)


@dataclass
class Event:
    chrom: str
    start: int
    end: int
    copy_number: int
    event: str
    level: str  # chromosome | arm | band | focal | not_assessable
    type: str  # loss | gain | cnloh
    arm: str  # p, q or pq
    genes: list[str] = field(default_factory=list)
    log2: float | None = None
    baf: float | None = None
    bins: int = 0
    sv_support: str = "."
    # Callable bp of the chromosome or arm(s) the level was judged on (None for focal) and,
    # for a not_assessable event, why.
    callable_bp: int | None = None
    note: str = "."

    def row(self) -> list[str]:
        return [
            self.chrom,
            str(self.start),
            str(self.end),
            str(self.copy_number),
            self.event,
            self.level,
            self.type,
            self.arm,
            ",".join(self.genes) or ".",
            "." if self.log2 is None else f"{self.log2:.3f}",
            "." if self.baf is None else f"{self.baf:.3f}",
            str(self.bins),
            self.sv_support,
            "." if self.callable_bp is None else str(self.callable_bp),
            self.note,
        ]


# ------------------------------------------------------------------------------------------
# Baselines


def baseline_cn(
    chrom: str, sex: str, roles: ContigRoles = UNKNOWN, par: bool = False
) -> int | None:
    """Normal copy number of ``chrom``: 2; 1 for the declared X and Y of a male; None (not
    assessed) for Y of a female or of a sample of unknown sex. Which contig is X or Y comes
    from ``roles`` (config), never from its name: a contig not declared X/Y is two-copy.
    ``par``: the region is a pseudoautosomal region of X, two-copy in either sex."""
    if par and roles.is_x(chrom):
        return 2
    if roles.is_x(chrom):
        return 1 if sex == "male" else 2
    if roles.is_y(chrom):
        return 1 if sex == "male" else None
    return 2


def expected_log2(chrom: str, sex: str, roles: ContigRoles = UNKNOWN, par: bool = False) -> float:
    """log2 ratio an unchanged region reads. The references are built with CNVkit's default
    diploid-X convention (never --male-reference), so a male's X reads -1 and his Y 0 (the
    reference stores Y as haploid). A PAR piece reads 0 once shifted (par_copy.py)."""
    if roles.is_x(chrom) and sex == "male" and not par:
        return -1.0
    return 0.0


def infer_sex(segments: Iterable[Segment], roles: ContigRoles = UNKNOWN) -> str:
    """male when most bins of the declared Y carry at least one copy, female when none do;
    for samples the sheet leaves as 'unknown' ('unknown' without a declared Y). The Y copy
    of a PAR does not count: its reads are the X copy's (or it is N)."""
    y = [
        s
        for s in segments
        if roles.is_y(s.chrom) and not in_y_par(roles.par, s.chrom, s.start, s.end)
    ]
    total = sum(s.bins for s in y)
    if not total:
        return "unknown"
    present = sum(s.bins for s in y if s.cn >= 1)
    return "male" if present / total > 0.5 else "female"


# ------------------------------------------------------------------------------------------
# Readers


def read_cns(path: str | Path) -> list[Segment]:
    """Segments of a CNVkit .call.cns (columns chromosome start end ... log2 ... cn ... probes)."""
    out = []
    with open(path) as fh:
        header = fh.readline().rstrip("\n").split("\t")
        col = {name: i for i, name in enumerate(header)}
        for name in ("chromosome", "start", "end", "log2", "cn", "probes"):
            if name not in col:
                raise ValueError(f"{path}: no column {name} (is this a called .cns?)")
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < len(header) or f[col["cn"]] == "":
                continue
            out.append(
                Segment(
                    f[col["chromosome"]],
                    int(f[col["start"]]),
                    int(f[col["end"]]),
                    float(f[col["log2"]]),
                    int(round(float(f[col["cn"]]))),
                    int(f[col["probes"]]),
                )
            )
    return out


def read_bins(path: str | Path) -> dict[str, list[tuple[int, int]]]:
    """Bins of a CNVkit .cnr by chromosome (sorted start, end)."""
    bins: dict[str, list[tuple[int, int]]] = {}
    with open(path) as fh:
        fh.readline()
        for line in fh:
            f = line.split("\t")
            bins.setdefault(f[0], []).append((int(f[1]), int(f[2])))
    for b in bins.values():
        b.sort()
    return bins


def read_genes(gff3: str | Path) -> dict[str, list[tuple[int, int, str]]]:
    """Gene spans (0-based half-open) by chromosome from the GFF3 'gene' features."""
    genes: dict[str, list[tuple[int, int, str]]] = {}
    with open(gff3) as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 9 or f[2] != "gene":
                continue
            attrs = dict(kv.split("=", 1) for kv in f[8].split(";") if "=" in kv)
            name = attrs.get("Name") or attrs.get("gene_name") or attrs.get("ID", "")
            genes.setdefault(f[0], []).append((int(f[3]) - 1, int(f[4]), name))
    for g in genes.values():
        g.sort()
    return genes


# ------------------------------------------------------------------------------------------
# Segment clean-up


def _join(a: Segment, b: Segment, cn: int) -> Segment:
    n = a.bins + b.bins
    log2 = (a.log2 * a.bins + b.log2 * b.bins) / n if n else (a.log2 + b.log2) / 2
    return Segment(a.chrom, a.start, b.end, log2, cn, n, a.par)


def _join_equal(segs: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in segs:
        if out and out[-1].cn == s.cn:
            out[-1] = _join(out[-1], s, s.cn)
        else:
            out.append(replace(s))
    return out


def _sign(x: int) -> int:
    return (x > 0) - (x < 0)


def absorb_short(segs: list[Segment], baseline: int, min_bins: int) -> list[Segment]:
    """Give every segment shorter than ``min_bins`` the copy number of a neighbour (same
    direction of change first, then the one with more bins) until none is left, joining
    equal neighbours as it goes. A chromosome of a single short segment is kept as it is."""
    segs = _join_equal(sorted(segs, key=lambda s: s.start))
    while len(segs) > 1:
        short = [i for i, s in enumerate(segs) if s.bins < min_bins]
        if not short:
            break
        i = min(short, key=lambda k: (segs[k].bins, k))
        seg = segs[i]
        neighbours = [segs[k] for k in (i - 1, i + 1) if 0 <= k < len(segs)]
        if len(neighbours) == 2 and neighbours[0].cn == neighbours[1].cn:
            cn = neighbours[0].cn
        else:
            direction = _sign(seg.cn - baseline)
            same = [n for n in neighbours if direction and _sign(n.cn - baseline) == direction]
            cn = max(same or neighbours, key=lambda n: n.bins).cn
        segs[i] = replace(seg, cn=cn)
        segs = _join_equal(segs)
    return segs


def drop_weak(segs: list[Segment], baseline: int, expected: float, min_abs_log2: float):
    """Set changes whose mean log2 is within ``min_abs_log2`` of an unchanged region back to
    the baseline."""
    out = [
        replace(s, cn=baseline) if s.cn != baseline and abs(s.log2 - expected) < min_abs_log2 else s
        for s in segs
    ]
    return _join_equal(out)


# ------------------------------------------------------------------------------------------
# Levels and names


@dataclass(frozen=True)
class Level:
    """Level of an interval and what it was judged on."""

    level: str  # chromosome | arm | band | focal | not_assessable
    arm: str  # arm(s) the interval lies on: p, q or pq
    big_arms: list[str]  # arms an arm-level name names
    callable_bp: int | None = None  # of the chromosome or arm(s) judged; None for focal
    note: str = "."  # why a not_assessable interval is


def classify(
    chrom: str, start: int, end: int, cc: ChromCallable, bands: Cytobands, settings: Settings
) -> Level:
    """Level of an interval by the fraction of the chromosome's, else of an arm's, callable
    bp it covers; a chromosome or arm too small to assess makes it not_assessable."""
    total = cc.bp()
    touched = "".join(a for a in "pq" if cc.bp(start, end, a))
    if total and cc.bp(start, end) / total >= settings.chromosome_fraction:
        unit = cc.unit()
        if unit.assessable:
            return Level("chromosome", "pq", ["p", "q"], unit.callable_bp)
        note = f"{unit.region} not assessable: {unit.reason}"
        return Level(NOT_ASSESSABLE, touched or "pq", [], unit.callable_bp, note)
    big = [
        a
        for a in "pq"
        if cc.bp(arm=a) and cc.bp(start, end, a) / cc.bp(arm=a) >= settings.arm_fraction
    ]
    units = [cc.unit(a) for a in big]
    ok = [u.arm for u in units if u.assessable]
    if ok:
        return Level("arm", "".join(ok), ok, sum(u.callable_bp for u in units if u.assessable))
    if units:
        note = "; ".join(f"{u.region} not assessable: {u.reason}" for u in units)
        return Level(NOT_ASSESSABLE, "".join(big), big, sum(u.callable_bp for u in units), note)
    return Level("focal", touched or bands.arm_at(chrom, start), [])


def banding_level(
    lv: Level, chrom: str, start: int, end: int, cc: ChromCallable, settings: Settings
) -> Level:
    """A change focal by its share of the arm but spanning ``banding_min_bp`` is what banding
    sees: level band. On an arm too small to assess (an acrocentric short arm: mostly N) it
    is not_assessable instead, like any change there that is not focal."""
    if lv.level != "focal" or end - start < settings.banding_min_bp:
        return lv
    units = [cc.unit(a) for a in lv.arm if a in "pq"]
    bad = [u for u in units if not u.assessable]
    if bad:
        note = "; ".join(f"{u.region} not assessable: {u.reason}" for u in bad)
        arms = [u.arm for u in bad]
        return Level(NOT_ASSESSABLE, lv.arm, arms, sum(u.callable_bp for u in bad), note)
    return replace(lv, level=BAND)


def event_name(
    chrom: str, start: int, end: int, kind: str, level: str, big_arms: list[str], bands: Cytobands
) -> str:
    """ISCN-like name: -7 / +8, del(5q) / dup(1q), a change banding sees named by its
    breakpoint bands (del(5)(q21.3q34), terminal del(5)(q31), dup(1)(q21q32)), focal
    del(9)(p21.3), cnLOH(17p). A not_assessable change gets a plain name no rule or
    karyotype reads as an abnormality: gain(13), loss(21p)."""
    c = chrom_name(chrom)
    if level == NOT_ASSESSABLE:
        word = {"loss": "loss", "gain": "gain", "cnloh": "cnLOH"}[kind]
        if len(big_arms) > 1:
            return f"{word}({c})({bands.band_range(chrom, start, end)})"
        return f"{word}({c}{''.join(big_arms)})"
    if level == "chromosome":
        if kind == "cnloh":
            return f"cnLOH({c})"
        return f"-{c}" if kind == "loss" else f"+{c}"
    prefix = {"loss": "del", "gain": "dup", "cnloh": "cnLOH"}[kind]
    if level == BAND:
        return f"{prefix}({c})({bands.iscn_breakpoints(chrom, start, end)})"
    if level == "arm" and len(big_arms) == 1:
        return f"{prefix}({c}{big_arms[0]})"
    return f"{prefix}({c})({bands.band_range(chrom, start, end)})"


# ------------------------------------------------------------------------------------------
# SV snapping


def snap(
    chrom: str, start: int, end: int, kind: str, svs: Iterable[Sv], window: int
) -> tuple[int, int, str] | None:
    """Breakpoints of the DEL (loss) or tandem DUP (gain) whose two ends both lie within
    ``window`` bp of the event's edges; PASS rows first, then the closest."""
    wanted = {"loss": "DEL", "gain": "DUP"}.get(kind)
    best = None
    for sv in svs:
        if sv.svtype != wanted or sv.chrom1 != chrom or sv.chrom2 != chrom:
            continue
        s, e = sv.deleted_interval() if kind == "loss" else sv.duplicated_interval()
        ds, de = abs(s - start), abs(e - end)
        if ds > window or de > window or e <= s:
            continue
        key = (not sv.passed, ds + de)
        if best is None or key < best[0]:
            best = (key, s, e, sv.id)
    return None if best is None else best[1:]


def snap_junction(
    chrom: str, start: int, end: int, length: int, svs: Iterable[Sv], window: int
) -> tuple[int, int, str] | None:
    """A change reaching one end of the chromosome whose inner edge lies within ``window`` bp
    of an end of a PASS inter-chromosomal junction (BND row) is the unbalanced part of that
    translocation: its inner edge moves to the junction (the closest one) and the junction's
    id is returned with it. Interstitial and whole-chromosome changes have no such edge."""
    if start <= 0 < end < length:
        inner = end
    elif 0 < start and end >= length:
        inner = start
    else:
        return None
    best = None
    for sv in svs:
        if sv.svtype != "BND" or sv.chrom1 == sv.chrom2 or not sv.passed:
            continue
        for c, pos in ((sv.chrom1, sv.pos1), (sv.chrom2, sv.pos2)):
            if (
                c == chrom
                and abs(pos - inner) <= window
                and (best is None or abs(pos - inner) < best[0])
            ):
                best = (abs(pos - inner), pos, sv.id)
    if best is None:
        return None
    _, pos, sv_id = best
    # pos is 1-based: a q-terminal change starts after it, a p-terminal one ends before it
    return (0, pos - 1, sv_id) if start <= 0 else (pos, length, sv_id)


def genes_in(
    genes: dict[str, list[tuple[int, int, str]]], chrom: str, start: int, end: int, keep=None
) -> list[str]:
    names = []
    for s, e, name in genes.get(chrom, ()):
        if s < end and e > start and (keep is None or name in keep) and name not in names:
            names.append(name)
    return names


# ------------------------------------------------------------------------------------------
# Main entry


def call_events(
    segments: list[Segment],
    bins: dict[str, list[tuple[int, int]]],
    bands: Cytobands,
    sex: str,
    settings: Settings,
    svs: list[Sv] | None = None,
    genes: dict[str, list[tuple[int, int, str]]] | None = None,
    panel: set[str] | None = None,
    snps: list[Snp] | None = None,
    cnloh_snps: list[Snp] | None = None,
    roles: ContigRoles = UNKNOWN,
    bin_log2: dict[str, list[tuple]] | None = None,
    par_offset: float = 0.0,
    purity: float | None = None,
) -> list[Event]:
    """Events of one tumor, sorted by chromosome and start. ``genes`` lists every gene of a
    focal event; arm and chromosome events list only ``panel`` genes (all when no panel).
    ``snps`` give each event's BAF; cnLOH is searched in ``cnloh_snps`` (default: ``snps``;
    empty to skip it, e.g. tumor-only). ``roles`` declare X, Y and the PARs (baselines);
    ``bin_log2`` (par_copy.read_bin_log2 of the .cnr), ``par_offset``
    (par_copy.reference_offset) and the sheet's ``purity`` give the PARs' copy number."""
    svs, genes = svs or [], genes or {}
    snps = SnpIndex(snps or [])
    cnloh_snps = snps if cnloh_snps is None else SnpIndex(cnloh_snps)
    events: list[Event] = []
    by_chrom: dict[str, list[Segment]] = {}
    segments = split_par(segments, roles, bin_log2, par_offset, purity)
    for s in segments:
        if roles.is_y(s.chrom) and in_y_par(roles.par, s.chrom, s.start, s.end):
            continue  # the Y copy of a PAR: its reads are the X copy's
        by_chrom.setdefault(s.chrom, []).append(s)
    for chrom in sorted(by_chrom, key=chrom_rank):
        if baseline_cn(chrom, sex, roles) is None or chrom not in bands.by_chrom:
            continue
        chrom_bins = bins.get(chrom) or [(s.start, s.end) for s in by_chrom[chrom]]
        cb = ChromCallable(chrom, chrom_bins, bands, settings.minimum())
        window = settings.snap_bins * cb.median_width()
        found: list[Event] = []
        # the rest of the chromosome, then each PAR on its own (its own baseline)
        for par in dict.fromkeys(s.par for s in by_chrom[chrom]):
            region = next((p for p in roles.par if p.name == par), None) if par else None
            base = baseline_cn(chrom, sex, roles, bool(par))
            segs = [s for s in by_chrom[chrom] if s.par == par]
            segs = absorb_short(segs, base, settings.min_bins)
            expected = expected_log2(chrom, sex, roles, bool(par))
            segs = drop_weak(segs, base, expected, settings.min_abs_log2)
            for seg in segs:
                if seg.cn == base:
                    found += _cnloh(seg, cb, bands, settings, cnloh_snps, genes, panel, region)
                    continue
                if seg.bins < settings.min_bins:
                    continue
                kind = "loss" if seg.cn < base else "gain"
                found.append(
                    _event(seg, kind, cb, bands, settings, svs, window, genes, panel, snps, region)
                )
        if roles.par and roles.is_x(chrom):
            found = _join_across_par_edges(
                found,
                lambda seg, kind, cb=cb, window=window: _event(
                    seg, kind, cb, bands, settings, svs, window, genes, panel, snps
                ),
            )
        events += found
    return sorted(events, key=lambda e: (chrom_rank(e.chrom), e.start))


def _join_across_par_edges(found: list[Event], remake) -> list[Event]:
    """A loss or gain of one copy number on both sides of a PAR edge (a female's terminal Xp
    deletion through PAR1) is one change: joined and named as a change of X
    (remake(segment, kind) -> Event). A male's deletion through PAR1 stays two events: one
    copy of two left in the PAR, none of one beyond it."""
    out: list[Event] = []
    for e in sorted(found, key=lambda e: e.start):
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.end == e.start
            and prev.type == e.type
            and e.type in ("loss", "gain")
            and prev.copy_number == e.copy_number
            and _is_par(prev) != _is_par(e)
        ):
            bins = prev.bins + e.bins
            log2 = ((prev.log2 or 0.0) * prev.bins + (e.log2 or 0.0) * e.bins) / max(1, bins)
            out[-1] = remake(Segment(e.chrom, prev.start, e.end, log2, e.copy_number, bins), e.type)
            continue
        out.append(e)
    return out


def _is_par(e: Event) -> bool:
    return e.note.startswith("pseudoautosomal")


def _extend_terminal(start: int, end: int, cb: ChromCallable, length: int) -> tuple[int, int]:
    """An event reaching the first or last bin reaches the chromosome end (the telomeric
    gap has no bins)."""
    return (0 if start <= cb.first_start() else start, length if end >= cb.last_end() else end)


def _par_level(chrom: str, start: int, end: int, cb: ChromCallable, bands: Cytobands) -> Level:
    """A change inside a PAR: focal by its size whatever share of X it covers (banding_level
    may still make it band-level), never a chromosome or arm event of X."""
    touched = "".join(a for a in "pq" if cb.bp(start, end, a))
    return Level("focal", touched or bands.arm_at(chrom, start), [])


def par_name(
    region: ParRegion, chrom: str, start: int, end: int, kind: str, level: str, bands: Cytobands
) -> tuple[str, str]:
    """(name, note) of a change inside a PAR: named on X and, when the PAR's Y copy is given
    and Y has bands, on Y too (del(X)(p22.33)/del(Y)(p11.2)), since reads cannot tell the
    two copies apart."""
    name = event_name(chrom, start, end, kind, level, [], bands)
    note = f"pseudoautosomal ({region.name}): reads cannot tell the X copy from the Y copy"
    y = region.to_y(max(start, region.x.start), min(end, region.x.end))
    if y and region.y.contig in bands.by_chrom:
        name += "/" + event_name(region.y.contig, y[0], y[1], kind, level, [], bands)
        note += "; named on both"
    return name, note


def _event(seg, kind, cb, bands, settings, svs, window, genes, panel, snps, region=None) -> Event:
    chrom = seg.chrom
    if region is not None:
        lv = _par_level(chrom, seg.start, seg.end, cb, bands)
    else:
        lv = classify(chrom, seg.start, seg.end, cb, bands, settings)
    start, end = seg.start, seg.end
    length = bands.length(chrom)
    support = "."
    if lv.level == "chromosome":
        start, end = 0, length
    else:
        snapped = snap(chrom, start, end, kind, svs, window)
        if snapped:
            start, end, support = snapped
        else:
            start, end = _extend_terminal(start, end, cb, length)
    lv = banding_level(lv, chrom, start, end, cb, settings)
    if lv.level in ("arm", BAND) and support == "." and region is None:
        joined = snap_junction(chrom, start, end, length, svs, window)
        if joined:
            start, end, support = joined
    name = event_name(chrom, start, end, kind, lv.level, lv.big_arms, bands)
    note = lv.note
    if region is not None:
        name, note = par_name(region, chrom, start, end, kind, lv.level, bands)
    return Event(
        chrom,
        start,
        end,
        seg.cn,
        name,
        lv.level,
        kind,
        lv.arm,
        genes_in(genes, chrom, start, end, _gene_filter(lv.level, panel)),
        seg.log2,
        mirrored_baf(snps.inside(chrom, start, end)),
        seg.bins,
        support,
        lv.callable_bp,
        note,
    )


def _gene_filter(level: str, panel: set[str] | None) -> set[str] | None:
    """Chromosome and arm events list only panel genes; band-level, focal and not_assessable
    changes list every gene they cover (the interpretation reads the genes of band-level and
    focal losses for deletions of configured genes: a 9p deletion of several Mb over CDKN2A)."""
    return panel if level in ("chromosome", "arm") else None


def _cnloh(seg, cb, bands, settings, snps, genes, panel, region=None) -> list[Event]:
    if seg.cn != 2:  # a single copy (male X) has no heterozygous SNPs to lose
        return []
    inside = snps.inside(seg.chrom, seg.start, seg.end)
    out = []
    for run in imbalanced_runs(
        inside, settings.cnloh_min_shift, settings.cnloh_min_snps, settings.cnloh_window
    ):
        start, end = run[0].pos - 1, run[-1].pos
        n_bins = cb.count(start, end)
        if n_bins < settings.min_bins:
            continue
        if region is not None:
            lv = _par_level(seg.chrom, start, end, cb, bands)
        else:
            lv = classify(seg.chrom, start, end, cb, bands, settings)
        if lv.level == "chromosome":
            start, end = 0, bands.length(seg.chrom)
        name = event_name(seg.chrom, start, end, "cnloh", lv.level, lv.big_arms, bands)
        note = lv.note
        if region is not None:
            name, note = par_name(region, seg.chrom, start, end, "cnloh", lv.level, bands)
        out.append(
            Event(
                seg.chrom,
                start,
                end,
                seg.cn,
                name,
                lv.level,
                "cnloh",
                lv.arm,
                genes_in(genes, seg.chrom, start, end, _gene_filter(lv.level, panel)),
                seg.log2,
                mirrored_baf(run),
                n_bins,
                callable_bp=lv.callable_bp,
                note=note,
            )
        )
    return out


# ------------------------------------------------------------------------------------------
# A segment called elsewhere (findings of another pipeline): no read-depth bins

# Bands without unique sequence: centromere, heterochromatin, the stalks of the acrocentric
# short arms (UCSC cytoBand stains).
NO_SEQUENCE_STAINS = ("acen", "gvar", "stalk")
# Width of the stand-in bins over those bands: a level is judged on bp, not on bins, and bins
# this narrow meet cnv.min_bins on any arm that meets cnv.min_callable_bp (a band as one bin
# would not: 19p has 7 bands).
STAND_IN_BIN = 100_000


def band_bins(chrom: str, bands: Cytobands) -> list[tuple[int, int]]:
    """The chromosome's bands that hold unique sequence, cut into STAND_IN_BIN bins: what a
    segment is measured against when there are no read-depth bins (13p, 21p and the
    centromeres do not count)."""
    return [
        (start, min(b.end, start + STAND_IN_BIN))
        for b in bands.by_chrom[chrom]
        if b.stain not in NO_SEQUENCE_STAINS
        for start in range(b.start, b.end, STAND_IN_BIN)
    ]


def band_callable(chrom: str, bands: Cytobands, settings: Settings) -> ChromCallable:
    """Callable sequence of a chromosome without read-depth bins (band_bins), with the
    workflow's minimum (cnv.min_callable_bp, cnv.min_bins)."""
    return ChromCallable(chrom, band_bins(chrom, bands), bands, settings.minimum())


def given_level(
    chrom: str,
    start: int,
    end: int,
    kind: str,
    cc: ChromCallable,
    bands: Cytobands,
    settings: Settings,
) -> tuple[Level, int, int]:
    """Level and extent of a change given with its coordinates rather than found in bins (a
    segment or named event of a findings file), by the rules a CNVkit segment goes through
    in _event: classify; a chromosome-level change spans the chromosome; a loss or gain
    focal by its share of the arm but spanning cnv.banding_min_bp is band-level
    (banding_level), as in the workflow (copy-neutral LOH is not: _cnloh)."""
    lv = classify(chrom, start, end, cc, bands, settings)
    if lv.level == "chromosome":
        start, end = 0, bands.length(chrom)
    if kind in ("loss", "gain"):
        lv = banding_level(lv, chrom, start, end, cc, settings)
    return lv, start, end


def segment_event(
    chrom: str,
    start: int,
    end: int,
    copy_number: int,
    sex: str,
    bands: Cytobands,
    settings: Settings,
    roles: ContigRoles = UNKNOWN,
) -> Event | None:
    """A loss or gain called by another pipeline (0-based half-open, integer copy number)
    named as this pipeline names its own events: level (chromosome, arm, band, focal,
    not_assessable, given_level) and ISCN name from the cytoband file, on the bands that
    hold unique sequence (band_callable). None when the copy number is the chromosome's
    baseline, or the chromosome has none (a female's Y) or no bands."""
    base = baseline_cn(chrom, sex, roles)
    if base is None or copy_number == base or chrom not in bands.by_chrom:
        return None
    kind = "loss" if copy_number < base else "gain"
    cc = band_callable(chrom, bands, settings)
    lv, start, end = given_level(chrom, start, end, kind, cc, bands, settings)
    return Event(
        chrom,
        start,
        end,
        copy_number,
        event_name(chrom, start, end, kind, lv.level, lv.big_arms, bands),
        lv.level,
        kind,
        lv.arm,
        callable_bp=lv.callable_bp,
        note=lv.note,
    )


def write_events(events: Iterable[Event], path: str | Path, meta: Iterable[str] = ()) -> None:
    """The table, after `meta` (`##` lines, e.g. alwgs_not_assessed: docs/CONTRACTS.md)."""
    with open(path, "w") as out:
        out.writelines(f"{line}\n" for line in meta)
        out.write("\t".join(EVENT_COLUMNS) + "\n")
        for e in events:
            out.write("\t".join(e.row()) + "\n")


def event_from_row(r: dict) -> Event:
    """An Event of one events.tsv row (a mapping of column -> text, '.' for none)."""
    return Event(
        r["chrom"],
        int(r["start"]),
        int(r["end"]),
        int(r["copy_number"]),
        r["event"],
        r["level"],
        r["type"],
        r["arm"],
        [] if r.get("genes", ".") == "." else r["genes"].split(","),
        None if r.get("log2", ".") == "." else float(r["log2"]),
        None if r.get("baf", ".") == "." else float(r["baf"]),
        int(r.get("bins") or 0) if r.get("bins", ".") != "." else 0,
        r.get("sv_support", "."),
        None if r.get("callable_bp", ".") == "." else int(r["callable_bp"]),
        r.get("note", "."),
    )


def read_events(path: str | Path) -> list[Event]:
    out = []
    with open(path) as fh:
        line = fh.readline()
        while line.startswith("##"):  # not-assessed lines (alwgs.not_assessed)
            line = fh.readline()
        header = line.rstrip("\n").lstrip("#").split("\t")
        for line in fh:
            if not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            out.append(event_from_row(dict(zip(header, fields, strict=False))))
    return out
