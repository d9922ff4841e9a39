"""Somatic status of a tumor's SV junction from the matched normal's own reads.

The callers' germline filters (delly's joint call, tiddit's normal call set) say nothing when
the normal is too thin for the caller to run, and their "not called in the normal" is not
evidence of absence. Here every junction is looked up in the normal's alignments directly:

- evidence, counted per fragment (read name) so a pair seen as split read and as discordant
  pair counts once; duplicates, secondary, QC-fail and low-MAPQ reads are skipped:
  * split read: a read near one breakpoint whose SA tag places a segment at the partner
    breakpoint, or whose soft clip (>= min_clip bases) starts at the breakpoint on the
    joined side and, given the reference, reads as the partner's joined sequence (at least
    min_clip_identity, within split_tolerance bp of the partner): a clip alone is also
    what mapping artefacts leave, and a germline label takes the SV off the lesions;
  * discordant pair: a read on the joined side of one breakpoint (forward left of it for
    strand +, reverse right of it for strand -) within `window` bp, with its mate within
    `window` bp of the partner with the partner's orientation; a same-chromosome pair in the
    ordinary forward-reverse layout must also span more than `window` bp, or any normal pair
    across a small deletion would count;
- local depth at each breakpoint: mean read depth over the depth_window bp on its joined
  side (same read filters; averaged, as one base's depth at 8x is too noisy to plan on);
- the same count on the tumor gives the tumor's support per depth; a heterozygous germline
  junction would give the normal about that many fragments per depth unit, so the expected
  count in the normal is lambda = tumor_fragments / tumor_depth * normal_depth, and the
  power to have seen it is P(X > max_normal_fragments | Poisson(lambda)).

Labels (status_reason says which numbers led there):
- germline: more supporting fragments in the normal than max_normal_fragments and more than
  tumor cells in the normal (max_tumor_in_normal of the tumor's signal) would explain;
- somatic: at most max_normal_fragments in the normal and power >= 1 - alpha;
- not_assessable: otherwise, or no matched normal.
"""

from __future__ import annotations

import contextlib
import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

import pysam

SOMATIC, GERMLINE, NOT_ASSESSABLE = "somatic", "germline", "not_assessable"

# Columns the status stage adds to results/sv/<tumor>.sv.tsv (docs/CONTRACTS.md).
STATUS_COLUMNS = [
    "somatic_status",
    "normal_split",
    "normal_discordant",
    "normal_fragments",
    "normal_depth",
    "tumor_fragments",
    "tumor_depth",
    "expected_normal_fragments",
    "power",
    "status_reason",
]
# The status columns of a gene-level event in results/sv/<tumor>.fusions.tsv (alwgs.sv.fusions),
# which the interpretation carries into a fusion's evidence: a subset of STATUS_COLUMNS, in the
# fusion table's order.
FUSION_STATUS_COLUMNS = (
    "somatic_status",
    "normal_fragments",
    "expected_normal_fragments",
    "normal_depth",
    "power",
    "status_reason",
)


@dataclass(frozen=True)
class Settings:
    """config.yaml sv.normal_support (its comments give the reasons)."""

    min_mapq: int = 20
    min_clip: int = 10
    clip_tolerance: int = 5
    min_clip_identity: float = 0.9
    split_tolerance: int = 20
    alpha: float = 0.05
    max_normal_fragments: int = 1
    max_tumor_in_normal: float = 0.1
    depth_window: int = 100
    insert_reads: int = 20000
    insert_mads: float = 4.0
    default_window: int = 1000

    @classmethod
    def from_config(cls, cfg: dict) -> Settings:
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(cfg) - known)
        if unknown:
            raise ValueError(f"sv.normal_support: unknown key(s) {', '.join(unknown)}")
        return cls(**cfg)


@dataclass(frozen=True)
class Junction:
    chrom1: str
    pos1: int  # 1-based
    strand1: str  # + : the sequence left of pos1 is joined; - : the sequence right of it
    chrom2: str
    pos2: int
    strand2: str

    def sides(self) -> list[tuple[str, int, str, str, int, str]]:
        """Both ends, each with its partner: (chrom, pos, strand, chrom', pos', strand')."""
        a = (self.chrom1, self.pos1, self.strand1)
        b = (self.chrom2, self.pos2, self.strand2)
        return [(*a, *b), (*b, *a)]


@dataclass
class Support:
    split: int = 0
    discordant: int = 0
    depth1: float = 0.0
    depth2: float = 0.0
    names: set[str] = field(default_factory=set)

    @property
    def fragments(self) -> int:
        return len(self.names)

    @property
    def depth(self) -> float:
        return (self.depth1 + self.depth2) / 2


def usable(read: pysam.AlignedSegment, min_mapq: int) -> bool:
    return not (
        read.is_unmapped
        or read.is_duplicate
        or read.is_secondary
        or read.is_supplementary
        or read.is_qcfail
        or read.mapping_quality < min_mapq
    )


def insert_window(aln: pysam.AlignmentFile, settings: Settings) -> tuple[int, str]:
    """(window, how it was found): median + insert_mads * MAD of the template lengths of the
    first properly paired reads of the file; default_window when there are too few."""
    sizes = []
    for read in aln.fetch(until_eof=True):
        if read.is_proper_pair and read.template_length > 0 and usable(read, settings.min_mapq):
            sizes.append(read.template_length)
            if len(sizes) >= settings.insert_reads:
                break
    if len(sizes) < 100:
        return settings.default_window, (
            f"{len(sizes)} proper pairs: default window {settings.default_window} bp"
        )
    med = statistics.median(sizes)
    mad = statistics.median(abs(s - med) for s in sizes)
    window = int(med + settings.insert_mads * 1.4826 * mad)
    return window, f"insert median {med:.0f} bp, MAD {mad:.0f} bp of {len(sizes)} pairs"


def _cigar_ref_length(cigar: str) -> int:
    n, total = "", 0
    for ch in cigar:
        if ch.isdigit():
            n += ch
        else:
            if ch in "MDN=X":
                total += int(n)
            n = ""
    return total


def sa_segments(read: pysam.AlignedSegment) -> list[tuple[str, int, int]]:
    """(chrom, 1-based start, 1-based end) of each supplementary segment in the SA tag."""
    if not read.has_tag("SA"):
        return []
    out = []
    for part in str(read.get_tag("SA")).split(";"):
        f = part.split(",")
        if len(f) < 6:
            continue
        start = int(f[1])
        out.append((f[0], start, start + _cigar_ref_length(f[3]) - 1))
    return out


def end_at(strand: str, start: int, end: int, pos: int, tol: int) -> bool:
    """A segment [start, end] (1-based) ends at the breakpoint on its joined side."""
    return abs((end if strand == "+" else start) - pos) <= tol


def clipped_at(read: pysam.AlignedSegment, strand: str, pos: int, s: Settings) -> bool:
    """A soft clip of >= min_clip bases where the reference stops being joined."""
    cig = read.cigartuples or []
    if strand == "+":  # aligned up to pos, then the partner's sequence
        return (
            bool(cig)
            and cig[-1][0] == 4
            and cig[-1][1] >= s.min_clip
            and abs(read.reference_end - pos) <= s.clip_tolerance
        )
    return (
        bool(cig)
        and cig[0][0] == 4
        and cig[0][1] >= s.min_clip
        and abs(read.reference_start + 1 - pos) <= s.clip_tolerance
    )


def revcomp(seq: str) -> str:
    return seq.upper()[::-1].translate(str.maketrans("ACGTN", "TGCAN"))


def partner_sequence(fasta, chrom2: str, pos2: int, strand2: str, strand: str, n: int) -> str:
    """The n bases a read clipped at this breakpoint (strand) holds past the junction: the
    partner's joined sequence as the derivative reads it, in reference orientation of this
    side (pos2 1-based)."""
    right = fasta.fetch(chrom2, max(0, pos2 - 1), pos2 - 1 + n).upper()  # pos2 onwards
    left = fasta.fetch(chrom2, max(0, pos2 - n), pos2).upper()  # up to pos2
    if strand == "+":  # clip after the breakpoint
        return right if strand2 == "-" else revcomp(left)
    return left if strand2 == "+" else revcomp(right)  # clip before the breakpoint


def clip_matches_partner(
    read: pysam.AlignedSegment, strand: str, chrom2: str, pos2: int, strand2: str, fasta, s
) -> bool:
    """The clipped bases read as the partner's joined sequence (Hamming identity >=
    min_clip_identity) with the partner breakpoint up to split_tolerance bp away."""
    cig = read.cigartuples
    n = cig[-1][1] if strand == "+" else cig[0][1]
    seq = read.query_sequence.upper()
    clip = seq[-n:] if strand == "+" else seq[:n]
    if chrom2 not in fasta.references:
        return False
    for d in range(-s.split_tolerance, s.split_tolerance + 1):
        ref = partner_sequence(fasta, chrom2, pos2 + d, strand2, strand, n)
        if len(ref) == n and sum(a == b for a, b in zip(clip, ref, strict=True)) >= (
            s.min_clip_identity * n
        ):
            return True
    return False


def on_joined_side(read: pysam.AlignedSegment, strand: str, pos: int, window: int) -> bool:
    """Read of a pair across the junction: forward and left of pos for +, reverse and
    right of it for -, within window."""
    if strand == "+":
        return not read.is_reverse and pos - window <= read.reference_start + 1 <= pos
    return read.is_reverse and pos <= read.reference_end <= pos + window


def mate_on_joined_side(read: pysam.AlignedSegment, chrom: str, strand: str, pos: int, w: int):
    if read.mate_is_unmapped or read.next_reference_name != chrom:
        return False
    if read.mate_is_reverse != (strand == "-"):
        return False
    start = read.next_reference_start + 1
    # The mate's end is not in the record: its start is within a window either way.
    return pos - w <= start <= pos if strand == "+" else pos - w <= start <= pos + w


def count_support(
    aln: pysam.AlignmentFile, j: Junction, window: int, s: Settings, fasta=None
) -> Support:
    """Fragments of `aln` supporting junction j at either breakpoint, and the depth at each;
    fasta (pysam.FastaFile): soft clips must read as the partner (none: any clip counts)."""
    sup = Support()
    split_names: set[str] = set()
    pair_names: set[str] = set()
    for n, (chrom, pos, strand, chrom2, pos2, strand2) in enumerate(j.sides()):
        if chrom not in aln.references:
            continue
        # the joined side of the breakpoint, 0-based half-open
        d_lo, d_hi = (
            (pos - s.depth_window, pos) if strand == "+" else (pos - 1, pos - 1 + s.depth_window)
        )
        bases = 0
        lo, hi = max(0, pos - 1 - max(window, s.depth_window)), pos + max(window, s.depth_window)
        for read in aln.fetch(chrom, lo, hi):
            if not usable(read, s.min_mapq):
                continue
            bases += max(0, min(read.reference_end, d_hi) - max(read.reference_start, d_lo))
            name = read.query_name
            if any(
                c == chrom2 and end_at(strand2, a, b, pos2, s.split_tolerance)
                for c, a, b in sa_segments(read)
            ) or (
                clipped_at(read, strand, pos, s)
                and (
                    fasta is None
                    or clip_matches_partner(read, strand, chrom2, pos2, strand2, fasta, s)
                )
            ):
                split_names.add(name)
                continue
            if not read.is_paired or not on_joined_side(read, strand, pos, window):
                continue
            if not mate_on_joined_side(read, chrom2, strand2, pos2, window):
                continue
            mate_start = read.next_reference_start + 1
            ordinary = (
                chrom == chrom2
                and (strand, strand2) in (("+", "-"), ("-", "+"))
                and ((strand == "+") == (pos <= pos2))
            )
            if ordinary and abs(mate_start - (read.reference_start + 1)) <= window:
                continue  # an ordinary pair across a small deletion's span
            pair_names.add(name)
        if n == 0:
            sup.depth1 = bases / s.depth_window
        else:
            sup.depth2 = bases / s.depth_window
    sup.names = split_names | pair_names
    sup.split = len(split_names)
    sup.discordant = len(pair_names - split_names)
    return sup


def floor2(p: float) -> str:
    """A probability to 2 decimals, rounded down: a text never claims more power than
    was computed (0.996 reads 0.99, not 1.00)."""
    return f"{math.floor(p * 100) / 100:.2f}"


def poisson_cdf(k: int, lam: float) -> float:
    """P(X <= k) for X ~ Poisson(lam)."""
    if lam <= 0:
        return 1.0
    term, total = math.exp(-lam), 0.0
    for i in range(k + 1):
        if i:
            term *= lam / i
        total += term
    return min(total, 1.0)


@dataclass
class Status:
    label: str
    reason: str
    normal: Support | None = None
    tumor: Support | None = None
    expected: float | None = None
    power: float | None = None

    def values(self) -> dict[str, str]:
        def num(x, fmt="{}"):
            return "." if x is None else fmt.format(x)

        n, t = self.normal, self.tumor
        return {
            "somatic_status": self.label,
            "normal_split": num(n and n.split),
            "normal_discordant": num(n and n.discordant),
            "normal_fragments": num(n and n.fragments),
            "normal_depth": num(n and n.depth, "{:.1f}"),
            "tumor_fragments": num(t and t.fragments),
            "tumor_depth": num(t and t.depth, "{:.1f}"),
            "expected_normal_fragments": num(self.expected, "{:.2f}"),
            "power": num(self.power, "{:.3f}"),
            "status_reason": self.reason,
        }


def label(normal: Support, tumor: Support, s: Settings) -> Status:
    """somatic / germline / not_assessable from the two counts (module docstring)."""
    k = s.max_normal_fragments
    got = normal.fragments
    if tumor.fragments == 0 or tumor.depth == 0:
        why = (
            "no supporting fragment found in the tumor by the same count"
            if tumor.fragments == 0
            else "no tumor depth at the breakpoints"
        )
        return Status(
            NOT_ASSESSABLE,
            f"{why} (tumor {tumor.fragments} fragment(s), depth {tumor.depth:.1f}), so the "
            f"normal's expected support is unknown; the normal has {got} supporting "
            f"fragment(s) at depth {normal.depth:.1f}",
            normal,
            tumor,
        )
    per_depth = tumor.fragments / tumor.depth
    lam = per_depth * normal.depth
    power = 1.0 - poisson_cdf(k, lam)

    def status(label_: str, reason: str) -> Status:
        return Status(label_, reason, normal, tumor, lam, power)

    if got > k:
        lam_tin = s.max_tumor_in_normal * lam
        p_tin = 1.0 - poisson_cdf(got - 1, lam_tin)  # P(X >= got) from tumor cells alone
        if p_tin < s.alpha:
            return status(
                GERMLINE,
                f"{got} supporting fragment(s) in the normal ({normal.split} split, "
                f"{normal.discordant} discordant) at depth {normal.depth:.1f}, "
                f"{lam:.1f} expected for a heterozygous germline junction",
            )
        return status(
            NOT_ASSESSABLE,
            f"{got} supporting fragment(s) in the normal at depth {normal.depth:.1f}: more than "
            f"{k} but within what tumor cells in the normal (up to "
            f"{s.max_tumor_in_normal:.0%} of the tumor's signal, {lam_tin:.2f} expected) give",
        )
    if power >= 1 - s.alpha:
        return status(
            SOMATIC,
            f"{got} of {lam:.1f} expected supporting fragments in the normal, power "
            f"{floor2(power)}",
        )
    return status(
        NOT_ASSESSABLE,
        f"{got} supporting fragment(s) in the normal, but its depth {normal.depth:.1f} gives "
        f"{lam:.1f} expected for a germline junction, power {floor2(power)} < {1 - s.alpha:.2f}",
    )


def no_normal(reason: str = "no matched normal") -> Status:
    return Status(NOT_ASSESSABLE, reason)


def assess(
    junctions: Iterable[Junction],
    tumor_path: str,
    normal_path: str | None,
    settings: Settings,
    reference: str | None = None,
    log=None,
) -> list[Status]:
    """The status of each junction (tumor-only: not_assessable, "no matched normal");
    reference: the FASTA (CRAM decoding, and the partner check of soft clips)."""
    junctions = list(junctions)
    if not normal_path:
        return [no_normal() for _ in junctions]
    with (
        pysam.AlignmentFile(tumor_path, reference_filename=reference) as tumor,
        pysam.AlignmentFile(normal_path, reference_filename=reference) as normal,
        contextlib.nullcontext() if reference is None else pysam.FastaFile(reference) as fasta,
    ):
        t_window, t_how = insert_window(tumor, settings)
        n_window, n_how = insert_window(normal, settings)
        if log:
            log.write(f"tumor window {t_window} bp ({t_how})\n")
            log.write(f"normal window {n_window} bp ({n_how})\n")
        out = []
        for j in junctions:
            t = count_support(tumor, j, t_window, settings, fasta)
            n = count_support(normal, j, n_window, settings, fasta)
            out.append(label(n, t, settings))
    return out


def joint(statuses: list[dict[str, str]], s: Settings) -> dict[str, str] | None:
    """The junctions of one event tested together: the tumor carries all of them, so a
    germline origin puts all of them in the normal, and the normal's supporting fragments
    over the junctions are Poisson with the sum of their expectations. Somatic when that
    sum's power is enough and the total stays within max_normal_fragments; None otherwise
    (fewer than two junctions with numbers)."""
    rows = [r for r in statuses if r.get("expected_normal_fragments", ".") != "."]
    if len(rows) < 2 or len(rows) != len(statuses):
        return None
    got = sum(int(r["normal_fragments"]) for r in rows)
    lam = sum(float(r["expected_normal_fragments"]) for r in rows)
    power = 1.0 - poisson_cdf(s.max_normal_fragments, lam)
    if got > s.max_normal_fragments or power < 1 - s.alpha:
        return None
    depth = sum(float(r["normal_depth"]) for r in rows) / len(rows)
    return {c: "." for c in STATUS_COLUMNS} | {
        "somatic_status": SOMATIC,
        "normal_split": str(sum(int(r["normal_split"]) for r in rows)),
        "normal_discordant": str(sum(int(r["normal_discordant"]) for r in rows)),
        "normal_fragments": str(got),
        "normal_depth": f"{depth:.1f}",
        "expected_normal_fragments": f"{lam:.2f}",
        "power": f"{power:.3f}",
        "status_reason": (
            f"{got} of {lam:.1f} expected supporting fragments in the normal over the event's "
            f"{len(rows)} junctions, power {floor2(power)}"
        ),
    }


def combined(statuses: list[dict[str, str]], s: Settings | None = None) -> dict[str, str]:
    """One status for the junctions of one gene-level event (a reciprocal translocation's
    two junctions): germline when any junction is (a germline rearrangement carries its
    junctions in every cell); else somatic when any junction's absence from the normal is
    established (a germline rearrangement would show it too), or when the junctions
    together establish it (joint, with settings s); else not_assessable. The numbers are the
    deciding junction's (the most powerful one of that label), or the joint test's."""
    if not statuses:
        return {c: "." for c in STATUS_COLUMNS} | {
            "somatic_status": NOT_ASSESSABLE,
            "status_reason": "the SV table carries no somatic status",
        }
    for lab in (GERMLINE, SOMATIC, NOT_ASSESSABLE):
        same = [r for r in statuses if r.get("somatic_status") == lab]
        if lab == NOT_ASSESSABLE and s is not None:
            both = joint(statuses, s)
            if both:
                return both
        if same:
            return max(same, key=lambda r: float(r["power"]) if r["power"] != "." else -1.0)
    return statuses[0]
