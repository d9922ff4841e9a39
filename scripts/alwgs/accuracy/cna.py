"""Class cna: a tumor's copy-number events against its truth segments.

Truth ``<sample>.cna.bed``, calls ``results/cnv/<sample>.events.tsv``; both 0-based.
  * Direction = sign(copy_number - baseline); baseline is 2, or 1 for chrX/chrY of a male
    (sex from samples.tsv). Copy-neutral events only match copy-neutral calls.
  * Match: same chrom, same direction, |start diff| <= tol * L and |end diff| <= tol * L,
    where L is the truth length and tol is ``cna_tolerance``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alwgs.accuracy.matching import greedy_match
from alwgs.accuracy.model import ClassResult, DetailRow, Emit
from alwgs.accuracy.tables import all_missing, fmt, read_table, to_float, to_int

DEFAULT_CNA_TOLERANCE = 0.10


@dataclass
class Cna:
    chrom: str
    start: int
    end: int
    cn: float | None
    event: str

    def label(self) -> str:
        return f"{self.chrom}:{self.start}-{self.end}" + (f" {self.event}" if self.event else "")


def read_cna(path: Path) -> list[Cna]:
    out = []
    for row in read_table(path):
        s, e = to_int(row.get("start")), to_int(row.get("end"))
        if s is None or e is None:
            continue
        out.append(Cna(row["chrom"], s, e, to_float(row.get("copy_number")), row.get("event", "")))
    return out


def cna_direction(chrom: str, cn: float | None, sex: str) -> int | None:
    """-1 loss, 0 neutral, +1 gain relative to the normal copy number of ``chrom``."""
    if cn is None:
        return None
    haploid = sex == "male" and chrom.removeprefix("chr") in ("X", "Y")
    baseline = 1 if haploid else 2
    return (cn > baseline) - (cn < baseline)


def score_cna(
    sample: str, sex: str, truth_path: Path, calls_path: Path, tolerance: float, emit: Emit
) -> ClassResult:
    truth = read_cna(truth_path) if truth_path.exists() else []
    res = ClassResult()

    def tv(t: Cna) -> str:
        return f"CN={fmt(t.cn)}"

    if not calls_path.exists():
        return all_missing(
            res, sample, "cna", calls_path, [(t.label(), tv(t)) for t in truth], emit
        )
    calls = read_cna(calls_path)

    def cost(i: int, j: int) -> float | None:
        t, c = truth[i], calls[j]
        if t.chrom != c.chrom:
            return None
        dt, dc = cna_direction(t.chrom, t.cn, sex), cna_direction(c.chrom, c.cn, sex)
        if dt is None or dt != dc:
            return None
        length = max(t.end - t.start, 1)
        allowed = tolerance * length
        ds, de = abs(c.start - t.start), abs(c.end - t.end)
        if ds > allowed or de > allowed:
            return None
        return max(ds, de) / length

    matches = greedy_match(len(truth), len(calls), cost)
    for i, t in enumerate(truth):
        if i in matches:
            c = calls[matches[i]]
            length = max(t.end - t.start, 1)
            note = (
                f"start_err={c.start - t.start:+d};end_err={c.end - t.end:+d};"
                f"max_rel_err={max(abs(c.start - t.start), abs(c.end - t.end)) / length:.4f}"
            )
            res.add("tp", None)
            emit(
                DetailRow(
                    sample, "cna", "TP", t.label(), tv(t), f"{c.label()} CN={fmt(c.cn)}", note
                )
            )
        else:
            res.add("fn", None)
            emit(DetailRow(sample, "cna", "FN", t.label(), tv(t), ""))
    matched_calls = set(matches.values())
    for j, c in enumerate(calls):
        if j not in matched_calls:
            res.add("fp", None)
            emit(DetailRow(sample, "cna", "FP", c.label(), "", f"CN={fmt(c.cn)}"))
    return res
