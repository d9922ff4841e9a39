"""ISCN-like karyotype from copy-number events and balanced structural variants.

What a karyotype can see goes in: whole-chromosome gains and losses (numerical), arm-level
deletions and duplications, translocations (inter-chromosomal BND rows of the SV table) and
large inversions (structural). Focal events, copy-neutral LOH and not_assessable changes
(on a chromosome or arm with too little callable sequence) stay in events.tsv only; the
chromosomes and arms that were not assessable are listed beside the karyotype, which says
nothing about them.

Order follows ISCN: the sex chromosomes (constitutional ones first, then their abnormalities),
then autosomes in numerical order; within a chromosome numerical before structural; a
translocation sorts under its lower-numbered chromosome, which it also names first, as in
t(9;22)(q34.12;q11.23) (a sex chromosome is named before any autosome).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from alwgs.contig_roles import UNKNOWN, ContigRoles

from .callable_sequence import Unit
from .cytobands import Cytobands, chrom_name
from .events import Event, baseline_cn
from .svtable import Sv


@dataclass
class Abnormality:
    id: str  # e.g. -7, del(5q), t(9;22)(q34.12;q11.23)
    kind: str  # numerical | structural
    chrom: str  # the chromosome it sorts under, ISCN name (7, X)
    source: str  # cnv | sv
    pos: int = 0  # position on ``chrom``, orders structural changes of one chromosome


def iscn_rank(name: str) -> tuple[int, int, str]:
    """Sort key of an ISCN chromosome name: X, Y first, then 1..22, then anything else."""
    if name.upper() in ("X", "Y"):
        return (0, 0 if name.upper() == "X" else 1, "")
    if name.isdigit():
        return (1, int(name), "")
    return (2, 0, name)


def load_rules(path: str | Path) -> dict:
    import yaml

    with open(path) as fh:
        rules = yaml.safe_load(fh)
    for key in ("complex", "monosomal", "ploidy_groups"):
        if key not in rules:
            raise ValueError(f"{path}: missing section {key}")
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
        sign = "-" if e.copy_number < base else "+"
        out += [Abnormality(f"{sign}{name}", "numerical", name, "cnv")] * abs(e.copy_number - base)
    return out


def structural_from_events(events: list[Event]) -> list[Abnormality]:
    return [
        Abnormality(e.event, "structural", chrom_name(e.chrom), "cnv", e.start)
        for e in events
        if e.level == "arm" and e.type in ("loss", "gain")
    ]


def translocations(svs: list[Sv], bands: Cytobands) -> list[Abnormality]:
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
        ends = [(chrom_name(c), c, p) for c, p in ((sv.chrom1, sv.pos1), (sv.chrom2, sv.pos2))]
        ends.sort(key=lambda x: iscn_rank(x[0]))
        (n1, c1, p1), (n2, c2, p2) = ends
        if (c1, c2) in seen:
            continue
        name = f"t({n1};{n2})({bands.band_at(c1, p1 - 1)};{bands.band_at(c2, p2 - 1)})"
        seen[(c1, c2)] = Abnormality(name, "structural", n1, "sv", p1)
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
        name = f"inv({c})({b1}{b2})" if b1 != b2 else f"inv({c})({b1})"
        kept.append((sv.chrom1, lo, hi, Abnormality(name, "structural", c, "sv", lo)))
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


def ploidy_group(count: int, groups: list[dict]) -> str | None:
    for g in groups:
        if g["min"] <= count <= g["max"]:
            return g["name"]
    return None


def summarise(
    abnormalities: list[Abnormality],
    sex: str,
    rules: dict,
    normal_count: int = 46,
    unassessable: list[dict] | None = None,
) -> dict:
    """The karyotype.json document (docs/CONTRACTS.md, "Copy number"); ``unassessable``
    from not_assessable()."""
    abn = order(abnormalities)
    count = normal_count
    for a in abn:
        if a.kind == "numerical":
            count += 1 if a.id.startswith("+") else -1
    sex_field = sex_chromosomes(sex, abn)
    # Unknown sex (not given, not inferable) leaves the sex-chromosome field out.
    karyotype = ",".join([str(count)] + ([sex_field] if sex_field else []) + [a.id for a in abn])
    autosomal_monosomies = sorted(
        {a.chrom for a in abn if a.kind == "numerical" and a.id.startswith("-")} - {"X", "Y"},
        key=iscn_rank,
    )
    structural = [a for a in abn if a.kind == "structural"]
    c_rules, m_rules = rules["complex"], rules["monosomal"]
    only_gains = all(a.kind == "numerical" and a.id.startswith("+") for a in abn)
    complex_ = len(abn) >= c_rules["min_abnormalities"] and not (
        c_rules.get("exclude_numerical_gains_only") and only_gains
    )
    monosomal = len(autosomal_monosomies) >= m_rules["min_autosomal_monosomies"] or (
        len(autosomal_monosomies) >= m_rules["monosomies_with_structural"] and bool(structural)
    )
    return {
        "karyotype": karyotype,
        "chromosome_count": count,
        "sex_chromosomes": sex_field,
        "abnormalities": [{k: v for k, v in asdict(a).items() if k != "pos"} for a in abn],
        "abnormality_count": len(abn),
        "complex": complex_,
        "monosomal": monosomal,
        "autosomal_monosomies": autosomal_monosomies,
        "ploidy_group": ploidy_group(count, rules["ploidy_groups"]),
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
) -> dict:
    """karyotype.json of one tumor; ``units`` (callable_sequence.read_units) name the
    chromosomes and arms that were not assessable."""
    abn = (
        numerical_from_events(events, sex, roles)
        + structural_from_events(events)
        + translocations(svs, bands)
        + inversions(svs, bands, inversion_min_fraction)
    )
    return summarise(abn, sex, rules, unassessable=not_assessable(units or [], bands, sex, roles))
