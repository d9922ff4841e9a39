"""Class sv: a tumor's fusion table against its truth SVs.

Truth ``<sample>.sv.bedpe`` (rows with status germline are left to class sv_status), calls
``results/sv/<sample>.fusions.tsv``.
  * Match: same unordered chromosome pair and both breakpoints within ``sv_tolerance`` bp
    (either order). When the truth names a fusion (``A::B``, not '.'), the call must name the
    same partners in the same order (fusion column, or gene5::gene3 when that column is
    empty or '.').
  * Truth DUP rows inside one gene (gene1 == gene2, e.g. KMT2A partial tandem duplication)
    need, in addition to the breakpoints within tolerance, a call named ``<gene>-PTD`` or a
    call with gene5 == gene3.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alwgs.accuracy.matching import greedy_match
from alwgs.accuracy.model import ClassResult, DetailRow, Emit
from alwgs.accuracy.tables import all_missing, blank, read_table, to_int

DEFAULT_SV_TOLERANCE = 500


@dataclass
class Sv:
    chrom1: str
    pos1: int
    chrom2: str
    pos2: int
    fusion: str  # '' when none
    ptd_gene: str = ""  # truth only: gene of an intragenic tandem duplication
    gene5: str = ""
    gene3: str = ""
    label: str = ""


def read_truth_sv(path: Path) -> list[Sv]:
    out = []
    for row in read_table(path):
        p1, p2 = to_int(row.get("pos1")), to_int(row.get("pos2"))
        if p1 is None or p2 is None:
            continue
        if (row.get("status") or "").strip().lower() == "germline":
            continue  # an inherited SV is no somatic call (scored by sv_status)
        fusion = "" if blank(row.get("fusion")) else row["fusion"].strip()
        g1, g2 = (row.get("gene1") or "").strip(), (row.get("gene2") or "").strip()
        svtype = (row.get("svtype") or "").upper()
        ptd = ""
        if "DUP" in svtype and not blank(g1) and g1 == g2 and row["chrom1"] == row["chrom2"]:
            ptd = g1
        coords = f"{row['chrom1']}:{p1}-{row['chrom2']}:{p2}"
        name = fusion or (f"{ptd}-PTD" if ptd else "") or (row.get("name") or "").strip()
        label = f"{name} {coords}" if name else f"{coords} {svtype}"
        out.append(Sv(row["chrom1"], p1, row["chrom2"], p2, fusion, ptd, g1, g2, label))
    return out


def read_called_sv(path: Path) -> list[Sv]:
    out = []
    for row in read_table(path):
        p1, p2 = to_int(row.get("pos1")), to_int(row.get("pos2"))
        if p1 is None or p2 is None:
            continue
        g5, g3 = (row.get("gene5") or "").strip(), (row.get("gene3") or "").strip()
        fusion = row.get("fusion")
        if blank(fusion):
            # Partners may only be given as gene5/gene3; they name the fusion just as well.
            fusion = f"{g5}::{g3}" if not blank(g5) and not blank(g3) else ""
        fusion = fusion.strip()
        coords = f"{row['chrom1']}:{p1}-{row['chrom2']}:{p2}"
        out.append(
            Sv(
                row["chrom1"],
                p1,
                row["chrom2"],
                p2,
                fusion,
                "",
                g5,
                g3,
                f"{fusion} {coords}" if fusion else coords,
            )
        )
    return out


def sv_distance(t: Sv, c: Sv, tol: int) -> int | None:
    """Largest breakpoint distance of the better orientation; None beyond ``tol`` bp."""
    best = None
    for a1, b1, a2, b2 in (
        (c.chrom1, c.pos1, c.chrom2, c.pos2),
        (c.chrom2, c.pos2, c.chrom1, c.pos1),
    ):
        if a1 != t.chrom1 or a2 != t.chrom2:
            continue
        d = max(abs(b1 - t.pos1), abs(b2 - t.pos2))
        if d <= tol and (best is None or d < best):
            best = d
    return best


def sv_names_agree(t: Sv, c: Sv) -> bool:
    if t.ptd_gene:
        return c.fusion == f"{t.ptd_gene}-PTD" or (not blank(c.gene5) and c.gene5 == c.gene3)
    if t.fusion:
        return c.fusion == t.fusion  # order-sensitive: B::A is a different product
    return True


def score_sv(
    sample: str, truth_path: Path, calls_path: Path, tolerance: int, emit: Emit
) -> ClassResult:
    truth = read_truth_sv(truth_path) if truth_path.exists() else []
    res = ClassResult()
    if not calls_path.exists():
        return all_missing(
            res, sample, "sv", calls_path, [(t.label, t.fusion) for t in truth], emit
        )
    calls = read_called_sv(calls_path)

    def cost(i: int, j: int) -> float | None:
        d = sv_distance(truth[i], calls[j], tolerance)
        if d is None or not sv_names_agree(truth[i], calls[j]):
            return None
        return d

    matches = greedy_match(len(truth), len(calls), cost)
    matched_calls = set(matches.values())
    for i, t in enumerate(truth):
        if i in matches:
            c = calls[matches[i]]
            res.add("tp", None)
            emit(DetailRow(sample, "sv", "TP", t.label, t.fusion, c.label))
        else:
            res.add("fn", None)
            # Say why a call at the right place did not count (usually the partner order).
            near = [
                c.label
                for j, c in enumerate(calls)
                if j not in matched_calls and sv_distance(t, c, tolerance) is not None
            ]
            note = f"breakpoints matched but fusion differs: {', '.join(near)}" if near else ""
            emit(DetailRow(sample, "sv", "FN", t.label, t.fusion, "", note))
    for j, c in enumerate(calls):
        if j not in matched_calls:
            res.add("fp", None)
            emit(DetailRow(sample, "sv", "FP", c.label, "", c.fusion))
    return res
