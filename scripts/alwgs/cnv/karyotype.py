"""ISCN-like karyotype from copy-number events and structural variants.

What a karyotype can see goes in: whole-chromosome gains and losses (numerical), arm-level
deletions and duplications and the smaller ones banding still sees, named by their bands
(level band of events.tsv: del(5)(q21.3q34)), translocations (inter-chromosomal BND rows of
the SV table) and large inversions (structural). A translocation junction that is the edge of
a terminal copy-number change (events.tsv sv_support, events.snap_junction) makes an
unbalanced derivative chromosome, listed and counted once: loss of 5q distal to the junction
joined to gain of 17q distal to the other end is der(5)t(5;17)(q31;q21), not del(5)(q31),
dup(17q) and t(5;17). Focal events, copy-neutral LOH and not_assessable changes (on a
chromosome or arm with too little callable sequence) stay in events.tsv only; the
chromosomes and arms that were not assessable are listed beside the karyotype, which says
nothing about them. How each abnormality was counted, and the complex and monosomal flags,
come from counting.count_abnormalities; masked (doubled) hypodiploidy from ploidy.py.

Order follows ISCN: the sex chromosomes (constitutional ones first, then their abnormalities),
then autosomes in numerical order; within a chromosome numerical before structural; a
translocation sorts under its lower-numbered chromosome, which it also names first, as in
t(9;22)(q34.12;q11.23) (a sex chromosome is named before any autosome); a derivative under
the chromosome whose centromere it keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from alwgs.contig_roles import UNKNOWN, ContigRoles

from .callable_sequence import Unit
from .counting import TYPES, count_abnormalities, iscn_rank
from .cytobands import Cytobands, chrom_name
from .events import BAND, Event, baseline_cn
from .ploidy import masked_hypodiploidy, ploidy_group
from .svtable import Sv

__all__ = ["build", "iscn_rank", "load_rules", "ploidy_group", "summarise"]


@dataclass
class Abnormality:
    id: str  # e.g. -7, del(5q), del(5)(q21.3q34), t(9;22)(q34.12;q11.23)
    kind: str  # numerical | structural
    chrom: str  # the chromosome it sorts under, ISCN name (7, X)
    source: str  # cnv | sv | cnv+sv (a derivative: copy-number changes joined by a junction)
    pos: int = 0  # position on ``chrom``, orders structural changes of one chromosome
    type: str = ""  # one of counting.TYPES
    bands: str = ""  # breakpoint bands: q21.3q34, q31, q34.12;q11.23 ('' for numerical)
    changes: list[str] = field(default_factory=list)  # what a derivative gains and loses


SECTIONS = (
    "complex",
    "monosomal",
    "ploidy_groups",
    "counting",
    "masked_hypodiploidy",
    "arm_lesions",
)


def load_rules(path: str | Path) -> dict:
    """config/knowledge/karyotype.yaml, checked: every section present, counting weights of
    known types, the masked-hypodiploidy thresholds and the arm-lesion rows well formed."""
    import yaml

    with open(path) as fh:
        rules = yaml.safe_load(fh)
    if not isinstance(rules, dict):
        raise ValueError(f"{path}: must be a YAML mapping")
    for key in SECTIONS:
        if key not in rules:
            raise ValueError(f"{path}: missing section {key}")
    weights = (rules["counting"] or {}).get("weights") or {}
    for kind, weight in weights.items():
        if kind not in TYPES:
            raise ValueError(
                f"{path}: counting.weights: unknown type {kind!r} (known: {', '.join(TYPES)})"
            )
        if not isinstance(weight, int) or weight < 0:
            raise ValueError(f"{path}: counting.weights.{kind}: must be a whole number >= 0")
    masked = rules["masked_hypodiploidy"] or {}
    for key in (
        "min_chromosome_count",
        "min_whole_chromosome_loh",
        "gain_loh_min_major_allele_fraction",
        "source",
    ):
        if masked.get(key) in (None, ""):
            raise ValueError(f"{path}: masked_hypodiploidy.{key} is missing")
    for i, row in enumerate(rules["arm_lesions"] or []):
        if (
            not isinstance(row, dict)
            or set(row) - {"chrom", "arm", "change", "lesion", "guidelines"}
            or not all(row.get(k) for k in ("chrom", "arm", "change", "lesion"))
        ):
            raise ValueError(
                f"{path}: arm_lesions[{i}]: needs chrom, arm (p|q), change (loss|gain), lesion"
                " and optionally guidelines"
            )
        if row["arm"] not in ("p", "q") or row["change"] not in ("loss", "gain"):
            raise ValueError(f"{path}: arm_lesions[{i}]: arm must be p or q, change loss or gain")
    return rules


# ------------------------------------------------------------------------------------------
# Abnormalities


def iscn_chrom(chrom: str, roles: ContigRoles = UNKNOWN) -> str:
    """ISCN name of a contig: X and Y for the declared sex chromosomes (whatever their contig
    names), else the name without a 'chr' prefix (chr7 -> 7)."""
    if roles.is_x(chrom):
        return "X"
    if roles.is_y(chrom):
        return "Y"
    return chrom_name(chrom)


def numerical_from_events(
    events: list[Event], sex: str, roles: ContigRoles = UNKNOWN
) -> list[Abnormality]:
    """One -N / +N per copy lost or gained by a whole-chromosome event."""
    out = []
    for e in events:
        if e.level != "chromosome" or e.type not in ("loss", "gain"):
            continue
        base = baseline_cn(e.chrom, sex, roles)
        if base is None:
            continue
        name = iscn_chrom(e.chrom, roles)
        loss = e.copy_number < base
        one = Abnormality(f"{'-' if loss else '+'}{name}", "numerical", name, "cnv")
        one.type = "loss" if loss else "gain"
        out += [one] * abs(e.copy_number - base)
    return out


def is_structural_event(e: Event) -> bool:
    """An arm-level or banding-visible loss or gain: a structural karyotype abnormality."""
    return e.level in ("arm", BAND) and e.type in ("loss", "gain")


def structural_from_events(
    events: list[Event], bands: Cytobands, roles: ContigRoles = UNKNOWN
) -> list[Abnormality]:
    """del/dup of each arm-level or band-level loss or gain, with its ISCN breakpoint bands."""
    return [
        Abnormality(
            e.event,
            "structural",
            iscn_chrom(e.chrom, roles),
            "cnv",
            e.start,
            "deletion" if e.type == "loss" else "duplication",
            bands.iscn_breakpoints(e.chrom, e.start, e.end),
        )
        for e in events
        if is_structural_event(e)
    ]


def _segment_words(e: Event, bands: Cytobands, roles: ContigRoles) -> str:
    """'loss of 5q31->5qter' / 'gain of 17pter->17p11.2': what a terminal change of a
    derivative chromosome is."""
    c = iscn_chrom(e.chrom, roles)
    word = "loss" if e.type == "loss" else "gain"
    if e.start <= 0:
        return f"{word} of {c}pter\u2192{c}{bands.band_at(e.chrom, max(0, e.end - 1))}"
    return f"{word} of {c}{bands.band_at(e.chrom, e.start)}\u2192{c}qter"


def derivatives(
    events: list[Event], svs: list[Sv], bands: Cytobands, roles: ContigRoles = UNKNOWN
) -> tuple[list[Abnormality], set[int], set[frozenset]]:
    """Unbalanced derivative chromosomes: a PASS translocation junction (BND) that is the
    inner edge of terminal arm- or band-level changes (their sv_support names it). One loss
    (chromosome A, distal to the junction) with one gain (B) is der(A)t(A;B): the chromosome
    keeping A's centromere and carrying B's distal segment. A loss alone is der(A)t(A;B) too;
    a gain alone der(A)t(A;B) with A the unchanged partner; two losses a dicentric
    dic(A;B). Two gains, or more than one change on one chromosome, are not one derivative:
    they are left as they are. Returns the derivatives, the indices of the events they stand
    for and the chromosome pairs whose translocation they are."""
    junctions = {
        sv.id: sv
        for sv in svs
        if sv.svtype == "BND"
        and sv.chrom1 != sv.chrom2
        and sv.passed
        and sv.chrom1 in bands.by_chrom
        and sv.chrom2 in bands.by_chrom
    }
    linked: dict[str, list[tuple[int, Event]]] = {}
    for i, e in enumerate(events):
        if is_structural_event(e) and e.sv_support in junctions:
            linked.setdefault(e.sv_support, []).append((i, e))
    out, used, pairs = [], set(), set()
    for sv_id, members in linked.items():
        sv = junctions[sv_id]
        members = [(i, e) for i, e in members if e.chrom in (sv.chrom1, sv.chrom2)]
        losses = [e for _, e in members if e.type == "loss"]
        gains = [e for _, e in members if e.type == "gain"]
        if len({e.chrom for _, e in members}) != len(members) or len(gains) == 2 or not members:
            continue
        ends = sorted(
            ((iscn_chrom(c, roles), c, p) for c, p in ((sv.chrom1, sv.pos1), (sv.chrom2, sv.pos2))),
            key=lambda x: iscn_rank(x[0]),
        )
        (n1, c1, p1), (n2, c2, p2) = ends
        b1, b2 = bands.band_at(c1, p1 - 1), bands.band_at(c2, p2 - 1)
        if len(losses) == 2:
            name, kind, carrier = f"dic({n1};{n2})({b1};{b2})", "dicentric", (n1, c1, p1)
        else:
            if losses:
                keeps = losses[0].chrom
            else:  # the gained segment sits on the unchanged partner
                keeps = c2 if gains[0].chrom == c1 else c1
            carrier = next(x for x in ends if x[1] == keeps)
            name, kind = f"der({carrier[0]})t({n1};{n2})({b1};{b2})", "derivative"
        der = Abnormality(name, "structural", carrier[0], "cnv+sv", carrier[2], kind, f"{b1};{b2}")
        der.changes = [
            _segment_words(e, bands, roles)
            for e in sorted(
                (e for _, e in members),
                key=lambda e: (e.type != "loss", iscn_rank(iscn_chrom(e.chrom, roles))),
            )
        ]
        out.append(der)
        used |= {i for i, _ in members}
        pairs.add(frozenset((c1, c2)))
    return out, used, pairs


def translocations(
    svs: list[Sv], bands: Cytobands, skip: set[frozenset] | None = None
) -> list[Abnormality]:
    """t(A;B)(bandA;bandB) from PASS inter-chromosomal BND rows. The two derivative
    junctions of a reciprocal translocation give one entry: rows joining the same pair of
    chromosomes are one translocation (two distinct ones between the same pair are rare
    enough to leave to the reviewer), named from the first row, so junctions a few bases
    apart across a band boundary cannot name it twice."""
    seen: dict[tuple[str, str], Abnormality] = {}
    for sv in svs:
        if sv.svtype != "BND" or sv.chrom1 == sv.chrom2 or not sv.passed:
            continue
        if sv.chrom1 not in bands.by_chrom or sv.chrom2 not in bands.by_chrom:
            continue
        if skip and frozenset((sv.chrom1, sv.chrom2)) in skip:
            continue  # the junction of an unbalanced derivative, listed as that
        ends = [(chrom_name(c), c, p) for c, p in ((sv.chrom1, sv.pos1), (sv.chrom2, sv.pos2))]
        ends.sort(key=lambda x: iscn_rank(x[0]))
        (n1, c1, p1), (n2, c2, p2) = ends
        if (c1, c2) in seen:
            continue
        b1, b2 = bands.band_at(c1, p1 - 1), bands.band_at(c2, p2 - 1)
        name = f"t({n1};{n2})({b1};{b2})"
        seen[(c1, c2)] = Abnormality(
            name, "structural", n1, "sv", p1, "translocation", f"{b1};{b2}"
        )
    return list(seen.values())


def inversions(svs: list[Sv], bands: Cytobands, min_fraction: float) -> list[Abnormality]:
    """inv(N)(band1band2) from PASS INV rows spanning at least ``min_fraction`` of the
    chromosome (smaller ones are below what a karyotype resolves). The two junction rows of
    one inversion (+ + and - -) have nearly the same ends: a row whose two ends both lie
    within 1% of the chromosome length of an earlier row's is the same inversion."""
    kept: list[tuple[str, int, int, Abnormality]] = []
    for sv in svs:
        if sv.svtype != "INV" or sv.chrom1 != sv.chrom2 or not sv.passed:
            continue
        if sv.chrom1 not in bands.by_chrom:
            continue
        length = bands.length(sv.chrom1)
        lo, hi = sorted((sv.pos1, sv.pos2))
        if hi - lo < min_fraction * length:
            continue
        slack = 0.01 * length
        if any(
            c == sv.chrom1 and abs(lo - a) <= slack and abs(hi - b) <= slack for c, a, b, _ in kept
        ):
            continue
        c = chrom_name(sv.chrom1)
        b1, b2 = bands.band_at(sv.chrom1, lo - 1), bands.band_at(sv.chrom1, hi - 1)
        where = f"{b1}{b2}" if b1 != b2 else b1
        kept.append(
            (
                sv.chrom1,
                lo,
                hi,
                Abnormality(f"inv({c})({where})", "structural", c, "sv", lo, "inversion", where),
            )
        )
    return [k[3] for k in kept]


def not_assessable(
    units: list[Unit], bands: Cytobands, sex: str, roles: ContigRoles = UNKNOWN
) -> list[dict]:
    """Chromosomes and arms too small to assess (callable_sequence.py), for the karyotype
    document. A chromosome that is not assessable stands for its arms too. Left out: a
    chromosome the sample's sex gives no baseline (a female's Y), and contigs whose cytoband
    rows name no arm (the unplaced contigs of a UCSC cytoBand file), which no karyotype
    lists."""
    out, whole = [], set()
    for u in units:
        if u.assessable or u.chrom not in bands.by_chrom or u.chrom in whole:
            continue
        if baseline_cn(u.chrom, sex, roles) is None:
            continue
        if not any(b.name[:1] in ("p", "q") for b in bands.by_chrom[u.chrom]):
            continue
        if not u.arm:
            whole.add(u.chrom)
        out.append(
            {
                "region": u.region,
                "level": u.level,
                "callable_bp": u.callable_bp,
                "bins": u.bins,
                "reason": u.reason,
            }
        )
    return out


def order(abnormalities: list[Abnormality]) -> list[Abnormality]:
    return sorted(
        abnormalities,
        key=lambda a: (iscn_rank(a.chrom), a.kind != "numerical", a.id[0] != "-", a.pos, a.id),
    )


# ------------------------------------------------------------------------------------------
# Summary


def sex_chromosomes(sex: str, abnormalities: list[Abnormality]) -> str:
    """Constitutional sex chromosomes minus whole-chromosome losses, as ISCN writes a
    karyotype with loss of Y: 45,X,-Y. Gains keep the constitutional set (47,XY,+X)."""
    have = {"male": "XY", "female": "XX"}.get(sex, "")
    for a in abnormalities:
        if a.kind == "numerical" and a.id in ("-X", "-Y"):
            have = have.replace(a.id[1], "", 1)
    return have


def summarise(
    abnormalities: list[Abnormality],
    sex: str,
    rules: dict,
    normal_count: int = 46,
    unassessable: list[dict] | None = None,
    events: list[Event] | None = None,
    roles: ContigRoles = UNKNOWN,
    loh_not_assessed: str | None = None,
) -> dict:
    """The karyotype.json document (docs/CONTRACTS.md, "Copy number"); ``unassessable``
    from not_assessable(); ``events`` (events.tsv) and ``loh_not_assessed`` (why LOH was not
    called, None when it was) for the masked-hypodiploidy check."""
    abn = order(abnormalities)
    count = normal_count
    for a in abn:
        if a.kind == "numerical":
            count += 1 if a.id.startswith("+") else -1
    sex_field = sex_chromosomes(sex, abn)
    # Unknown sex (not given, not inferable) leaves the sex-chromosome field out.
    karyotype = ",".join([str(count)] + ([sex_field] if sex_field else []) + [a.id for a in abn])
    counted = count_abnormalities(abn, rules)
    masked = masked_hypodiploidy(events or [], count, sex, rules, roles, loh_not_assessed)
    group = ploidy_group(count, rules["ploidy_groups"])
    if masked["status"] == "detected":
        masked["observed_group"] = group
        group = masked["group"]
    return {
        "karyotype": karyotype,
        "chromosome_count": count,
        "sex_chromosomes": sex_field,
        "abnormalities": [
            {
                "id": a.id,
                "kind": a.kind,
                "chrom": a.chrom,
                "source": a.source,
                "type": item["type"],
                "bands": a.bands,
                "changes": list(a.changes),
                "count": item["count"],
                "counted_as": item["counted_as"],
            }
            for a, item in zip(abn, counted["items"], strict=True)
        ],
        "abnormality_count": counted["abnormality_count"],
        "complex": counted["complex"],
        "complex_reason": counted["complex_reason"],
        "monosomal": counted["monosomal"],
        "autosomal_monosomies": counted["autosomal_monosomies"],
        "ploidy_group": group,
        "masked_hypodiploidy": masked,
        "not_assessable": list(unassessable or []),
        "rules_version": str(rules.get("version", "")),
    }


def build(
    events: list[Event],
    svs: list[Sv],
    bands: Cytobands,
    sex: str,
    rules: dict,
    inversion_min_fraction: float,
    roles: ContigRoles = UNKNOWN,
    units: list[Unit] | None = None,
    loh_not_assessed: str | None = None,
) -> dict:
    """karyotype.json of one tumor; ``units`` (callable_sequence.read_units) name the
    chromosomes and arms that were not assessable; ``loh_not_assessed`` says why LOH was
    not called (no matched normal, no allele counts), None when it was."""
    ders, merged, pairs = derivatives(events, svs, bands, roles)
    rest = [e for i, e in enumerate(events) if i not in merged]
    abn = (
        numerical_from_events(events, sex, roles)
        + structural_from_events(rest, bands, roles)
        + ders
        + translocations(svs, bands, pairs)
        + inversions(svs, bands, inversion_min_fraction)
    )
    return summarise(
        abn,
        sex,
        rules,
        unassessable=not_assessable(units or [], bands, sex, roles),
        events=events,
        roles=roles,
        loh_not_assessed=loh_not_assessed,
    )
