"""Tables of the accuracy harness: reading the tab-separated truth, output and sample files,
parsing their cells, and writing the main table's rows, the MISSING rows of the details
table and the summary."""

from __future__ import annotations

import csv
import gzip
import math
from collections.abc import Iterable, Iterator
from pathlib import Path

from alwgs.accuracy.model import (
    ALL,
    CLASSES,
    ClassResult,
    Counts,
    DetailRow,
    Emit,
    Sample,
    vaf_bin_labels,
)

# --------------------------------------------------------------------------------------------
# Reading


def open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt")
    return open(path)


def read_table(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a tab-separated file with a header line; a leading '#' of the header is dropped.

    '##' lines before the header and further '#' lines and blank lines are skipped so that
    commented files are accepted.
    """
    header: list[str] | None = None
    with open_text(path) as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            if header is None:
                if line.startswith("##"):  # meta lines before the header (e.g. not assessed)
                    continue
                header = [c.strip() for c in line.lstrip("#").split("\t")]
                continue
            if line.startswith("#"):
                continue
            values = line.split("\t")
            values += [""] * (len(header) - len(values))
            yield {h: v.strip() for h, v in zip(header, values, strict=False)}


def read_samples(path: Path) -> list[Sample]:
    out = []
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            name = (row.get("sample") or "").strip()
            if not name or name.startswith("#"):
                continue
            out.append(
                Sample(
                    sample=name,
                    patient=(row.get("patient") or "").strip(),
                    type=(row.get("type") or "").strip().lower(),
                    sex=(row.get("sex") or "").strip().lower(),
                    diagnosis=(row.get("diagnosis") or "").strip(),
                )
            )
    return out


def read_accuracy(path: str | Path) -> list[dict[str, str]]:
    """The main table as a list of dicts (tests and report code)."""
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


# --------------------------------------------------------------------------------------------
# Cells


def blank(x: str | None) -> bool:
    return x is None or x.strip() in ("", ".", "NA")


def to_int(x: str | None) -> int | None:
    try:
        return int(float(x)) if x not in (None, "", ".", "NA") else None
    except ValueError:
        return None


def to_float(x) -> float | None:
    try:
        f = float(x) if x not in (None, "", ".", "NA") else None
    except (TypeError, ValueError):
        return None
    return None if f is None or math.isnan(f) else f


def fmt(x: float | None) -> str:
    if x is None:
        return "."
    return f"{x:.4g}"


def ratio(num: int, den: int) -> str:
    """Rounded ratio for the table; 'NA' when undefined (no truth or no calls)."""
    if den == 0:
        return "NA"
    return f"{round(num / den, 4):.4f}"


# --------------------------------------------------------------------------------------------
# Writing


def batch_relative(path: Path) -> str:
    """'results/...' part of an output path, so details of two batch dirs compare equal."""
    parts = path.parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] == "results":
            return "/".join(parts[i:])
    return str(path)


def missing_rows(
    sample: str, cls: str, path: Path, keys: list[tuple[str, str]], emit: Emit
) -> None:
    emit(DetailRow(sample, cls, "MISSING", batch_relative(path), note="output file not found"))
    for key, truth_value in keys:
        emit(DetailRow(sample, cls, "MISSING", key, truth_value, "", "no output file"))


def all_missing(res, sample: str, cls: str, calls_path: Path, items: list, emit: Emit):
    """A class whose pipeline output is absent: every truth item is a false negative."""
    res.missing = True
    for _ in items:
        res.add("fn", None)
    missing_rows(sample, cls, calls_path, items, emit)
    return res


def count_row(sample: str, cls: str, vbin: str, counts: Counts) -> list[str]:
    """One main-table row, in MAIN_COLUMNS order: the counts, recall, precision and f1 (the
    harmonic mean of the two, 'NA' when either is undefined)."""
    c = counts
    defined = c.tp + c.fn and c.tp + c.fp
    return [
        sample,
        cls,
        vbin,
        str(c.tp),
        str(c.fp),
        str(c.fn),
        ratio(c.tp, c.tp + c.fn),
        ratio(c.tp, c.tp + c.fp),
        ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn) if defined else "NA",
    ]


def table_rows(
    sample: str, results: dict[str, ClassResult], vaf_thresholds: Iterable[float]
) -> list[list[str]]:
    """Main-table rows of one sample: 'all' first, then the VAF bins highest first."""
    rows = []
    labels = vaf_bin_labels(vaf_thresholds)
    for cls, res in results.items():
        # VAF bins of small variants; context bins of other classes (sv_status: status=…)
        order = [ALL] + (labels if cls in ("snv", "indel") else [b for b in res.bins if b != ALL])
        rows += [count_row(sample, cls, b, res.bins.get(b, Counts())) for b in order]
    return rows


def details_path_for(out: Path) -> Path:
    """``accuracy.tsv`` -> ``accuracy.details.tsv`` (same directory)."""
    stem = out.name[: -len(".tsv")] if out.name.endswith(".tsv") else out.stem
    return out.with_name(f"{stem}.details.tsv")


def summary_text(all_results: dict[str, dict[str, ClassResult]]) -> str:
    """Per-class totals over all samples (the 'all' rows), as an aligned text table."""
    header = ["class", "samples", "missing", "tp", "fp", "fn", "recall", "precision"]
    lines = [header]
    for cls in CLASSES:
        tp = fp = fn = missing = 0
        for res in all_results.values():
            c = res[cls].bins[ALL]
            tp, fp, fn = tp + c.tp, fp + c.fp, fn + c.fn
            missing += res[cls].missing
        lines.append(
            [
                cls,
                str(len(all_results)),
                str(missing),
                str(tp),
                str(fp),
                str(fn),
                ratio(tp, tp + fn),
                ratio(tp, tp + fp),
            ]
        )
    widths = [max(len(r[i]) for r in lines) for i in range(len(header))]
    text = []
    for r in lines:
        cells = [r[0].ljust(widths[0])] + [
            v.rjust(w) for v, w in zip(r[1:], widths[1:], strict=True)
        ]
        text.append("  ".join(cells))
    return "\n".join(text) + "\n"
