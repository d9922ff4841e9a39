"""Targeted read-pair counts for known fusions whose partner lies in a repeat the SV callers
cannot place (config/knowledge/targeted_rearrangements.tsv; results/sv/<tumor>.targeted.tsv).

IGH::DUX4 is the model: DUX4 sits in each 3.3-kb unit of the D4Z4 tandem arrays (4q35, and
the homologous 10q26), so a read from an inserted DUX4 fragment fits every copy equally and
gets MAPQ 0; delly and tiddit then see no placeable junction. What stays visible is the pair:
one mate placed uniquely in the anchor (IGH), the other in some copy of the partner.

Count (one BAM): every primary, non-duplicate, non-QC-fail read inside the anchor with
MAPQ >= min_anchor_mapq whose mate is mapped inside the partner region (any MAPQ). The region
(alwgs.sv.partner_regions, found once per batch) is every annotated copy (a gene matching
partner_pattern), the tandem array it sits in and the homologous arrays elsewhere, widened by
margin_bp: a MAPQ-0 mate lands on any unit of them, not only on the annotated one (without
them IGH::DUX4 counted 3 of ~20 such fragments in the cohort). Each fragment once (by name):
the anchor mate is the unique one, so reading the anchor alone finds every fragment; the
partner mates are then read back to recognise the duplicates markdup cannot flag (count()).

Background, two estimates, the larger one is used (a repeat attracts misplaced mates, so the
test never assumes less than either):
- normal: the matched normal's same count, scaled by the ratio of the anchor's depths;
- random: the anchor's "distant" fragments (mate outside the anchor, on another chromosome or
  at least distant_bp away; the supporting ones included) landing at the genome-wide rate in
  regions of the partner region's total size: distant x partner_bp / genome_bp (at least one
  distant fragment, so the expectation is never 0). The whole region, as counted: a larger
  region catches more fragments and raises the expected background with it.
p = P(X >= tumor count | background), Poisson. Supported: count >= min_fragments and
p <= max_p. Nothing else makes a lesion: a count the background explains is reported as
not supported with its numbers.

Somatic status of a supported count (matched normal only): a germline event would put about
count x normal_depth / tumor_depth fragments in the normal (every normal cell carries it, the
tumor's count is at most that of a pure sample); power = P(more than the normal's count | that
expectation); somatic when power >= 1 - alpha (sv.normal_support.alpha), else not_assessable.
The junction itself is not resolved: the positions given are where the supporting reads lie
(the anchor mates' median, within one insert of the junction, and the partner mates' median on
the contig holding most of them; which copy carries the inserted fragment is not knowable here).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pysam

from .genes import Gene, GeneIndex
from .known_fusions import KnownFusion, TargetedRearrangement
from .normal_support import NOT_ASSESSABLE, SOMATIC, floor2, poisson_cdf, usable
from .partner_regions import HOMOLOGOUS, PartnerRegion, Region, merge, partner_genes, widen

SUPPORTED, NOT_SUPPORTED, NOT_ASSESSED = "supported", "not_supported", "not_assessed"
CALLER = "targeted_count"  # the fusions.tsv `callers` value of a row made here

COLUMNS = [
    "name",
    "anchor",
    "partner",
    "anchor_region",
    "partner_copies",
    "partner_regions",
    "partner_bp",
    "min_anchor_mapq",
    "tumor_fragments",
    "tumor_duplicates",
    "tumor_depth",
    "tumor_distant_fragments",
    "expected_random",
    "normal_fragments",
    "normal_depth",
    "expected_from_normal",
    "expected",
    "p_value",
    "decision",
    "somatic_status",
    "expected_normal_fragments",
    "power",
    "anchor_chrom",
    "anchor_pos",
    "partner_chrom",
    "partner_pos",
    "reason",
]


@dataclass(frozen=True)
class Settings:
    """config.yaml sv.targeted_counts (+ sv.normal_support.alpha for the somatic status)."""

    min_fragments: int = 5
    max_p: float = 0.001
    distant_bp: int = 1_000_000
    alpha: float = 0.05

    @classmethod
    def from_config(cls, cfg: dict, alpha: float) -> Settings:
        unknown = sorted(set(cfg) - {"min_fragments", "max_p", "distant_bp"})
        if unknown:
            raise ValueError(f"sv.targeted_counts: unknown key(s) {', '.join(unknown)}")
        return cls(**cfg, alpha=alpha)


@dataclass
class Target:
    """A row of the knowledge file placed on this reference."""

    row: TargetedRearrangement
    anchor: Region | None
    copies: list[Region]  # merged annotated partner copies with their margin
    regions: list[Region] = field(default_factory=list)  # the partner region counted
    why_not: str = ""  # why the target cannot be tested here (then anchor/copies may be empty)
    notes: list[str] = field(default_factory=list)  # for the log

    @property
    def partner_bp(self) -> int:
        return sum(r.size for r in self.regions)

    def region_text(self) -> str:
        return " + ".join(r.label for r in self.regions)


def place(
    row: TargetedRearrangement,
    genes: GeneIndex,
    contig_lengths: dict[str, int],
    regions: list[PartnerRegion] | None = None,
) -> Target:
    """The anchor span (a gene, or a locus the caller added with GeneIndex.add_locus), the
    partner copies (every annotated gene whose name matches the pattern, widened by the
    margin, clipped to the contig, overlapping ones merged) and the partner region counted:
    `regions` (alwgs.sv.partner_regions, the arrays around the copies and their homologs), or
    the copies alone when None. A homologous stretch inside the anchor is left out (its mates
    are the anchor's own; the log says so); a copy inside it leaves the row untestable."""
    anchors = [g for g in genes.named(row.anchor) if g.chrom in contig_lengths]
    copies = merge(
        Region(g.chrom, *widen(g.start - 1, g.end, row.margin_bp, contig_lengths[g.chrom]), g.name)
        for g in partner_genes(row, genes, contig_lengths)
    )
    if not anchors:
        return Target(row, None, copies, why_not=f"anchor {row.anchor} not in the annotation")
    if not copies:
        why = f"no gene of the annotation matches {row.partner_pattern!r}"
        return Target(row, None, [], why_not=why)
    a: Gene = anchors[0]
    anchor = Region(a.chrom, a.start - 1, a.end, row.anchor)

    def inside(r) -> bool:
        return r.chrom == anchor.chrom and r.start < anchor.end and anchor.start < r.end

    if any(inside(c) for c in copies):
        why = f"partner copies overlap the anchor {row.anchor}"
        return Target(row, None, copies, why_not=why)
    if regions is None:
        return Target(row, anchor, copies, list(copies))
    if not regions:
        # the regions file is made from the same annotation: a copy without a region means
        # it was made from another one
        raise ValueError(f"{row.name}: annotated partner copies but no partner region found")
    out = [r for r in regions if r.kind == HOMOLOGOUS and inside(r)]
    kept = [r.region() for r in regions if r not in out]
    notes = [f"left out (inside the anchor): {r.text()}" for r in out]
    return Target(row, anchor, copies, kept, notes=notes)


@dataclass
class Count:
    """One BAM's count for one target."""

    fragments: set[str] = field(default_factory=set)
    distant: set[str] = field(default_factory=set)
    duplicates: int = 0  # supporting fragments left out as unflagged duplicates (count())
    aligned_bases: int = 0  # of the counted anchor reads, for the anchor's mean depth
    anchor_bp: int = 0
    anchor_positions: list[int] = field(default_factory=list)  # 1-based, one per fragment
    partner_positions: list[tuple[str, int]] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.fragments)

    @property
    def depth(self) -> float:
        return self.aligned_bases / self.anchor_bp if self.anchor_bp else 0.0


MATE_PREFIX = 30  # bases of the partner mate's own 5' end that identify its fragment end


def _five_prime(read: pysam.AlignedSegment) -> tuple[int, bool]:
    return (read.reference_end - 1 if read.is_reverse else read.reference_start), read.is_reverse


def count(aln: pysam.AlignmentFile, target: Target, distant_bp: int) -> Count:
    """Supporting and distant fragments of the anchor (module docstring).

    Duplicates: flagged ones are out. A PCR duplicate of a supporting fragment is often not
    flagged: its partner mate, with MAPQ 0, is placed at random among the identical copies, so
    the twin's mate position differs and markdup sees two fragments. Such fragments are one
    when the anchor mate's 5' end and strand and the partner mate's strand and first
    MATE_PREFIX bases (its own 5' end, read from the partner copies) are the same."""
    a = target.anchor
    c = Count(anchor_bp=a.size)
    regions_by_chrom: dict[str, list[Region]] = {}
    for r in target.regions:
        regions_by_chrom.setdefault(r.chrom, []).append(r)
    seen: set[str] = set()
    found: dict[str, tuple] = {}  # name -> (anchor key, anchor pos, mate chrom, mate pos)
    for read in aln.fetch(a.chrom, a.start, a.end):
        if not usable(read, target.row.min_anchor_mapq):
            continue
        if not a.holds(read.reference_name, read.reference_start):
            continue  # starts before the anchor: its overlap is not the anchor's read
        c.aligned_bases += read.query_alignment_length
        if not read.is_paired or read.mate_is_unmapped:
            continue
        name = read.query_name
        if name in seen:
            continue  # both mates inside the anchor: one fragment, never a partner mate
        mchrom, mpos = read.next_reference_name, read.next_reference_start
        if a.holds(mchrom, mpos):
            seen.add(name)
            continue
        if mchrom != read.reference_name or abs(mpos - read.reference_start) >= distant_bp:
            c.distant.add(name)
        if any(r.holds(mchrom, mpos) for r in regions_by_chrom.get(mchrom, ())):
            key = (*_five_prime(read), read.mate_is_reverse)
            found.setdefault(name, (key, read.reference_start + 1, mchrom, mpos + 1))
    mates: dict[str, str] = {}
    for r in target.regions:
        for read in aln.fetch(r.chrom, r.start, r.end):
            if read.query_name in found and not (read.is_secondary or read.is_supplementary):
                _, _, mchrom, mpos = found[read.query_name]
                if (read.reference_name, read.reference_start + 1) == (mchrom, mpos):
                    mates[read.query_name] = (read.get_forward_sequence() or "")[:MATE_PREFIX]
    kept: set[tuple] = set()
    for name, (key, apos, mchrom, mpos) in found.items():
        ident = (key, mates.get(name, name))  # a mate not read back: its own fragment
        if ident in kept:
            c.duplicates += 1
            continue
        kept.add(ident)
        c.fragments.add(name)
        c.anchor_positions.append(apos)
        c.partner_positions.append((mchrom, mpos))
    return c


@dataclass
class Result:
    target: Target
    tumor: Count | None
    normal: Count | None
    genome_bp: int
    settings: Settings
    expected_random: float | None = None
    expected_from_normal: float | None = None
    expected: float | None = None
    p_value: float | None = None
    decision: str = NOT_ASSESSED
    somatic_status: str = NOT_ASSESSABLE
    expected_normal_fragments: float | None = None
    power: float | None = None
    reason: str = ""

    def sites(self) -> tuple[str, str, str, str]:
        """(anchor chrom, pos, partner chrom, pos) where the supporting reads lie ('.' when
        there are none)."""
        t = self.tumor
        if t is None or not t.n:
            return (".", ".", ".", ".")
        pchrom = Counter(c for c, _ in t.partner_positions).most_common(1)[0][0]
        ppos = [p for c, p in t.partner_positions if c == pchrom]
        return (
            self.target.anchor.chrom,
            str(int(statistics.median_low(t.anchor_positions))),
            pchrom,
            str(int(statistics.median_low(ppos))),
        )

    def values(self) -> dict[str, str]:
        def num(x, fmt="{}"):
            return "." if x is None else fmt.format(x)

        t, n, tg = self.tumor, self.normal, self.target
        ac, ap, pc, pp = self.sites()
        return {
            "name": tg.row.name,
            "anchor": tg.row.anchor,
            "partner": tg.row.partner,
            "anchor_region": (
                f"{tg.anchor.chrom}:{tg.anchor.start + 1}-{tg.anchor.end}" if tg.anchor else "."
            ),
            "partner_copies": ";".join(
                f"{r.label}@{r.chrom}:{r.start + 1}-{r.end}" for r in tg.copies
            )
            or ".",
            "partner_regions": tg.region_text() or ".",
            "partner_bp": str(tg.partner_bp),
            "min_anchor_mapq": str(tg.row.min_anchor_mapq),
            "tumor_fragments": num(t and t.n),
            "tumor_duplicates": num(t and t.duplicates),
            "tumor_depth": num(t and t.depth, "{:.1f}"),
            "tumor_distant_fragments": num(t and len(t.distant)),
            "expected_random": num(self.expected_random, "{:.3g}"),
            "normal_fragments": num(n and n.n),
            "normal_depth": num(n and n.depth, "{:.1f}"),
            "expected_from_normal": num(self.expected_from_normal, "{:.3g}"),
            "expected": num(self.expected, "{:.3g}"),
            "p_value": num(self.p_value, "{:.3g}"),
            "decision": self.decision,
            "somatic_status": self.somatic_status if self.decision == SUPPORTED else ".",
            "expected_normal_fragments": num(self.expected_normal_fragments, "{:.2f}"),
            "power": num(self.power, "{:.3f}"),
            "anchor_chrom": ac,
            "anchor_pos": ap,
            "partner_chrom": pc,
            "partner_pos": pp,
            "reason": self.reason,
        }


def p_at_least(k: int, lam: float) -> float:
    """P(X >= k) for X ~ Poisson(lam). Above the mean the tail is summed term by term (1 - cdf
    would round a small p to 0, which the table would print as a p of 0)."""
    if k <= 0:
        return 1.0
    if lam <= 0:
        return 0.0
    if k <= lam:
        return max(0.0, 1.0 - poisson_cdf(k - 1, lam))
    term = math.exp(k * math.log(lam) - lam - math.lgamma(k + 1))  # P(X = k)
    total, i = 0.0, k
    while term > total * 1e-17:  # terms fall by lam / i < 1 from here on
        total += term
        i += 1
        term *= lam / i
    return min(1.0, total)


def decide(
    target: Target, tumor: Count, normal: Count | None, genome_bp: int, s: Settings
) -> Result:
    """The test and decision of one target from its counts (module docstring)."""
    res = Result(target, tumor, normal, genome_bp, s)
    k = tumor.n
    distant = max(len(tumor.distant), 1)
    res.expected_random = distant * target.partner_bp / genome_bp
    lam = res.expected_random
    how = (
        f"{res.expected_random:.3g} expected from the anchor's {len(tumor.distant)} distant"
        f" fragment(s) landing in {target.partner_bp:,} bp (the partner region) at random"
    )
    if normal is not None:
        if normal.depth > 0:
            res.expected_from_normal = normal.n * tumor.depth / normal.depth
            if res.expected_from_normal > lam:
                lam = res.expected_from_normal
                how = (
                    f"{lam:.3g} expected from the normal's {normal.n} fragment(s) at depth"
                    f" {normal.depth:.1f} (tumor {tumor.depth:.1f})"
                )
        else:
            how += "; the normal has no anchor depth"
    res.expected = lam
    res.p_value = p_at_least(k, lam)
    counted = (
        f"{k} fragment(s) with one mate MAPQ >= {target.row.min_anchor_mapq} in"
        f" {target.row.anchor} and the other in the {target.row.partner} partner region"
        f" ({target.region_text()})"
    )
    if k < s.min_fragments or res.p_value > s.max_p:
        res.decision = NOT_SUPPORTED
        short = f"fewer than {s.min_fragments}" if k < s.min_fragments else f"p > {s.max_p:g}"
        res.reason = f"{counted}; {how}; p {res.p_value:.3g} ({short})"
        return res
    res.decision = SUPPORTED
    res.reason = f"{counted}; {how}; p {res.p_value:.3g}"
    if normal is None:
        res.somatic_status = NOT_ASSESSABLE
        res.reason += "; somatic status: no matched normal"
        return res
    if tumor.depth <= 0 or normal.depth <= 0:
        res.reason += "; somatic status: no anchor depth in the normal"
        return res
    res.expected_normal_fragments = k * normal.depth / tumor.depth
    res.power = 1.0 - poisson_cdf(normal.n, res.expected_normal_fragments)
    why = (
        f"normal {normal.n} of {res.expected_normal_fragments:.1f} expected for a germline"
        f" event, power {floor2(res.power)}"
    )
    if res.power >= 1 - s.alpha:
        res.somatic_status = SOMATIC
        res.reason += f"; somatic: {why}"
    else:
        res.reason += f"; somatic status not assessable: {why} < {1 - s.alpha:.2f}"
    return res


def not_assessed(target: Target, genome_bp: int, s: Settings, why: str) -> Result:
    return Result(target, None, None, genome_bp, s, reason=why)


def genome_size(aln: pysam.AlignmentFile) -> int:
    return sum(aln.lengths)


def evaluate(
    targets: Sequence[Target],
    tumor_path: str,
    normal_path: str | None,
    settings: Settings,
    reference: str | None = None,
) -> list[Result]:
    """Every target counted in the tumor (and the normal) and decided."""
    out = []
    with pysam.AlignmentFile(tumor_path, reference_filename=reference) as tumor:
        genome_bp = genome_size(tumor)
        normal = (
            pysam.AlignmentFile(normal_path, reference_filename=reference) if normal_path else None
        )
        try:
            for t in targets:
                if t.anchor is None:
                    out.append(not_assessed(t, genome_bp, settings, t.why_not))
                    continue
                tc = count(tumor, t, settings.distant_bp)
                nc = count(normal, t, settings.distant_bp) if normal is not None else None
                out.append(decide(t, tc, nc, genome_bp, settings))
        finally:
            if normal is not None:
                normal.close()
    return out


def write_table(results: Iterable[Result], path) -> None:
    with open(path, "w") as fh:
        fh.write("\t".join(COLUMNS) + "\n")
        for r in results:
            v = r.values()
            fh.write("\t".join(v[c] for c in COLUMNS) + "\n")


def read_table(path) -> list[dict[str, str]]:
    with open(path) as fh:
        lines = [line.rstrip("\n") for line in fh if line.strip() and not line.startswith("##")]
    if not lines:
        return []
    header = lines[0].split("\t")
    if header != COLUMNS:
        raise ValueError(f"{path}: header is not the targeted-count table's ({' '.join(COLUMNS)})")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def evidence_text(row: dict[str, str]) -> str:
    """The targeted count of a supported row as the report prints it."""
    normal = (
        f"normal {row['normal_fragments']} (background {row['expected_from_normal']} from it)"
        if row["normal_fragments"] != "."
        else "no matched normal"
    )
    return (
        f"targeted read count: {row['tumor_fragments']} fragments {row['anchor']} (MAPQ >="
        f" {row['min_anchor_mapq']}) <-> {row['partner']} region {row['partner_regions']},"
        f" {row['expected']} expected,"
        f" p {row['p_value']}; {normal}; junction not resolved (partner in a repeat)"
    )


def fusion_row(row: dict[str, str], known: KnownFusion, columns: Sequence[str]) -> dict[str, str]:
    """The fusions.tsv row of a supported count (docs/CONTRACTS.md): the listed fusion, its
    positions where the supporting reads lie (gene5's side first), no split reads, the
    fragments as read pairs, and the somatic status of the count."""
    anchor_side = (row["anchor_chrom"], row["anchor_pos"])
    partner_side = (row["partner_chrom"], row["partner_pos"])
    five, three = (
        (anchor_side, partner_side) if known.gene5 == row["anchor"] else (partner_side, anchor_side)
    )
    status = row["somatic_status"] if row["somatic_status"] != "." else NOT_ASSESSABLE
    out = {
        "chrom1": five[0],
        "pos1": five[1],
        "chrom2": three[0],
        "pos2": three[1],
        "gene5": known.gene5,
        "gene3": known.gene3,
        "fusion": known.name,
        "event": "rearrangement",
        "known": "yes",
        # enhancer entries only need the partners joined; a chimeric product's orientation
        # cannot be read from pairs whose partner mates have no unique place
        "orientation_ok": "yes" if known.mechanism == "enhancer" else ".",
        "mechanism": known.mechanism,
        "disease": known.disease,
        "source": known.source,
        "callers": CALLER,
        "split_reads": "0",
        "paired_reads": row["tumor_fragments"],
        "sv_ids": ".",
        "note": evidence_text(row),
        "somatic_status": status,
        "normal_fragments": row["normal_fragments"],
        "expected_normal_fragments": row["expected_normal_fragments"],
        "normal_depth": row["normal_depth"],
        "power": row["power"],
        "status_reason": row["reason"],
    }
    return {c: out.get(c, ".") for c in columns}


def supported_rows(
    targeted: Iterable[dict[str, str]],
    fusions: Sequence[dict[str, str]],
    known: dict[str, KnownFusion],
    columns: Sequence[str],
    notes: list[str],
) -> list[dict[str, str]]:
    """fusions.tsv rows of the supported counts (rows of targeted.tsv) that no row of the
    callers (`fusions`) already names; a skipped one gets a note."""
    out = []
    for t in targeted:
        if t["decision"] != SUPPORTED:
            continue
        if any(r["fusion"] == t["name"] for r in fusions):
            notes.append(f"{t['name']}: a junction of the callers names it; the count not added")
            continue
        out.append(fusion_row(t, known[t["name"]], columns))
    return out
