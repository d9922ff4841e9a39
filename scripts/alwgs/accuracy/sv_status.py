"""Accuracy class ``sv_status``: is each truth SV labelled with its true somatic status?

Truth: ``<tumor>.sv.bedpe`` with its ``status`` column (somatic|germline; a file without the
column is all somatic, as the demo's truth was before germline SVs were planted). Calls: the
PASS rows of ``results/sv/<tumor>.sv.tsv`` and their ``somatic_status``
(alwgs.sv.normal_support). A truth SV's calls are the PASS rows with both breakpoints within
the SV tolerance (either orientation; a reciprocal translocation's two junctions both belong
to it); their status taken together is that of the fusion table (germline when any junction
is, else somatic when any is, else not_assessable).

Counts, per truth SV, in ``all`` and in the bin ``status=<truth status>``:
- paired tumor: tp when the label equals the truth status; a wrong definite label (somatic for
  a germline SV or the reverse) is fp and fn; not_assessable, no status column (the pipeline
  before this stage) or a somatic SV missing from the table is fn. A germline SV missing from
  the table is tp: it is not reported as somatic (a caller's germline filter removed it, or no
  caller called it; the detail says so).
- tumor-only: the only right answer is not_assessable ("no matched normal"): tp when its
  calls say so, fp when they claim a status, fn without a status column; missing SVs are
  left to the ``sv`` class.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alwgs.accuracy.model import ClassResult, DetailRow, Emit
from alwgs.accuracy.sv import Sv, sv_distance
from alwgs.accuracy.tables import all_missing, blank, read_table, to_int

CLASS = "sv_status"
GERMLINE, SOMATIC, NOT_ASSESSABLE = "germline", "somatic", "not_assessable"


@dataclass
class TruthStatus:
    sv: Sv
    status: str


def read_truth_status(path: Path) -> list[TruthStatus]:
    out = []
    for row in read_table(path):
        p1, p2 = to_int(row.get("pos1")), to_int(row.get("pos2"))
        if p1 is None or p2 is None:
            continue
        status = "" if blank(row.get("status")) else row["status"].strip().lower()
        if status not in ("", SOMATIC, GERMLINE):
            raise ValueError(f"{path}: status {row['status']!r} is not somatic or germline")
        name = (row.get("name") or "").strip()
        label = f"{name} {row['chrom1']}:{p1}-{row['chrom2']}:{p2}"
        sv = Sv(row["chrom1"], p1, row["chrom2"], p2, "", label=label)
        out.append(TruthStatus(sv, status or SOMATIC))
    return out


def read_called_status(path: Path) -> list[tuple[Sv, str]]:
    """(junction, somatic_status or '' without the column) of the PASS rows."""
    out = []
    for row in read_table(path):
        if (row.get("filter") or "").strip() != "PASS":
            continue
        p1, p2 = int(row["pos1"]), int(row["pos2"])
        label = f"{row.get('id', '')} {row['chrom1']}:{p1}-{row['chrom2']}:{p2}"
        sv = Sv(row["chrom1"], p1, row["chrom2"], p2, "", label=label)
        out.append((sv, (row.get("somatic_status") or "").strip()))
    return out


def together(labels: list[str]) -> str:
    for lab in (GERMLINE, SOMATIC, NOT_ASSESSABLE):
        if lab in labels:
            return lab
    return ""


def judge(status: str, got: str, near: bool, paired: bool, called: str) -> tuple[list, str]:
    """(counts to add, note) for one truth SV: module docstring."""
    if not paired:
        if not near:
            return [], ""  # detection is the sv class's question
        if got == NOT_ASSESSABLE:
            return ["tp"], f"no matched normal: not assessable ({called})"
        if got in (SOMATIC, GERMLINE):
            return ["fp"], f"no matched normal, yet labelled {got}: {called}"
        return ["fn"], f"labelled without status: {called}"
    if not near:
        if status == GERMLINE:
            return ["tp"], "not in the tumor's SV table: not reported as somatic"
        return ["fn"], "not in the tumor's SV table"
    if got == status:
        return ["tp"], called
    if got in (SOMATIC, GERMLINE):
        return ["fp", "fn"], f"labelled {got}: {called}"
    return ["fn"], f"labelled {got or 'without status'}: {called}"


def score_sv_status(
    sample: str, truth_path: Path, calls_path: Path, paired: bool, tolerance: int, emit: Emit
) -> ClassResult:
    res = ClassResult()
    truth = read_truth_status(truth_path) if truth_path.exists() else []
    if not calls_path.exists():
        counted = truth if paired else []  # tumor-only: detection is the sv class's question
        all_missing(res, sample, CLASS, calls_path, [(t.sv.label, t.status) for t in counted], emit)
        return res
    calls = read_called_status(calls_path)
    for t in truth:
        near = [(c, st) for c, st in calls if sv_distance(t.sv, c, tolerance) is not None]
        got = together([st for _, st in near])
        called = ", ".join(f"{c.label}={st or 'no status'}" for c, st in near)
        kinds, note = judge(t.status, got, bool(near), paired, called)
        for kind in kinds:
            res.add(kind, f"status={t.status}")
        if kinds:
            emit(DetailRow(sample, CLASS, kinds[0].upper(), t.sv.label, t.status, got, note))
    return res
