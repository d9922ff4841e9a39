"""Class itd: a tumor's ITD calls against its truth ITDs, and the numeric accuracy of each
called ITD (allelic-ratio and VAF errors).

Truth ``<sample>.itd.tsv``, calls ``results/small_variants/<sample>.itd.vcf.gz``.
  * Calls: PASS/'.' records; length = abs(INFO/SVLEN), else len(ALT) - len(REF) for
    sequence alleles; INFO/AR is the allelic ratio.
  * Match: same chrom, |pos diff| <= 100 and |length diff| <= 3. The details table reports the
    length and AR error (called - truth) of each TP.

Numeric accuracy: rows of ``results/accuracy/accuracy.metrics.tsv`` (sample, metric, value,
expected, observed; docs/CONTRACTS.md). For each truth ITD the pipeline found:

  itd_ar_abs_error              |called AR - planted AR|          expected = planted AR
  itd_vaf_abs_error             |called VAF - planted VAF|        expected = planted VAF
  itd_ar_abs_error_vs_reads     |called AR - AR the reads carry|  (alwgs.accuracy.reads)
  itd_vaf_abs_error_vs_reads    |called VAF - VAF the reads carry|
  itd_vaf_abs_error_vs_scanitd  |called VAF - ScanITD AF|          expected = ScanITD AF
  itd_ar_in_ci_vs_reads         1 when the AR the reads carry lies in the called 95% interval

The planted ratio is an expectation; the reads carry a binomial draw of it, so the error
against the reads is the estimator's own and the error against the plan adds sampling.
An ITD not found gets its rows with value NA and observed 'not called'.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pysam

from alwgs.accuracy.alleles import is_symbolic, per_allele_float
from alwgs.accuracy.matching import greedy_match
from alwgs.accuracy.model import ClassResult, DetailRow, Emit
from alwgs.accuracy.tables import all_missing, fmt, read_table, to_float, to_int

ITD_POS_TOLERANCE = 100
ITD_LEN_TOLERANCE = 3

# --------------------------------------------------------------------------------------------
# Numeric accuracy of a called ITD (the metrics table)

METRIC_COLUMNS = ("sample", "metric", "value", "expected", "observed")


@dataclass
class MetricRow:
    sample: str
    metric: str
    value: float | None
    expected: float | str | None
    observed: float | str | None

    def fields(self) -> list[str]:
        values = (self.value, self.expected, self.observed)
        return [self.sample, self.metric, *(_cell(v) for v in values)]


EmitMetric = Callable[[MetricRow], None]


def _cell(x) -> str:
    if x is None:
        return "NA"
    return f"{x:.4f}" if isinstance(x, float) else str(x)


def metrics_path_for(out: Path) -> Path:
    """``accuracy.tsv`` -> ``accuracy.metrics.tsv`` (same directory)."""
    stem = out.name[: -len(".tsv")] if out.name.endswith(".tsv") else out.stem
    return out.with_name(f"{stem}.metrics.tsv")


@dataclass
class CalledQuantity:
    vaf: float | None
    ar: float | None
    ar_ci: tuple[float | None, float | None] | None
    scanitd_af: float | None


def _first(value):
    if isinstance(value, tuple):
        return value[0] if value else None
    return value


def called_quantity(calls_path: Path, chrom: str, pos: int) -> CalledQuantity:
    """VAF, AR, its interval and ScanITD's AF of the ITD record at chrom:pos (1-based)."""
    with pysam.VariantFile(str(calls_path)) as vf:
        for rec in vf:
            if rec.chrom != chrom or rec.pos != pos:
                continue
            ci = rec.info.get("AR_CI")
            return CalledQuantity(
                _first(rec.info.get("ITD_VAF")),
                _first(rec.info.get("AR")),
                tuple(ci) if ci is not None else None,
                _first(rec.info.get("SCANITD_AF")),
            )
    return CalledQuantity(None, None, None, None)


def _vaf(ar: float | None) -> float | None:
    return None if ar is None else ar / (1 + ar)


def _err(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else abs(a - b)


def itd_metrics(
    sample: str,
    truth_ar: float | None,
    called: CalledQuantity | None,
    reads_ar: float | None,
    emit: EmitMetric,
) -> None:
    """The rows of one truth ITD (module doc); ``called`` None when it was not found."""
    if called is None:
        for metric, expected in (
            ("itd_ar_abs_error", truth_ar),
            ("itd_vaf_abs_error", _vaf(truth_ar)),
        ):
            emit(MetricRow(sample, metric, None, expected, "not called"))
        return
    vaf, ar = called.vaf, called.ar
    reads_vaf = _vaf(reads_ar)
    emit(MetricRow(sample, "itd_ar_abs_error", _err(ar, truth_ar), truth_ar, ar))
    emit(MetricRow(sample, "itd_vaf_abs_error", _err(vaf, _vaf(truth_ar)), _vaf(truth_ar), vaf))
    if reads_ar is not None:
        emit(MetricRow(sample, "itd_ar_abs_error_vs_reads", _err(ar, reads_ar), reads_ar, ar))
        emit(MetricRow(sample, "itd_vaf_abs_error_vs_reads", _err(vaf, reads_vaf), reads_vaf, vaf))
        ci = called.ar_ci
        if ci and ci[0] is not None:
            hi = ci[1] if ci[1] is not None else float("inf")
            inside = 1.0 if ci[0] <= reads_ar <= hi else 0.0
            emit(
                MetricRow(
                    sample, "itd_ar_in_ci_vs_reads", inside, reads_ar, f"{ci[0]:.4f}-{hi:.4f}"
                )
            )
    if called.scanitd_af is not None:
        emit(
            MetricRow(
                sample,
                "itd_vaf_abs_error_vs_scanitd",
                _err(vaf, called.scanitd_af),
                called.scanitd_af,
                vaf,
            )
        )


# --------------------------------------------------------------------------------------------
# Matching the calls to the truth


@dataclass
class Itd:
    chrom: str
    pos: int
    length: int | None
    ar: float | None
    label: str = ""
    insertion: str = ""


def read_truth_itd(path: Path) -> list[Itd]:
    out = []
    for row in read_table(path):
        pos, length = to_int(row.get("pos")), to_int(row.get("length"))
        if pos is None:
            continue
        gene = row.get("gene", "") or ""
        out.append(
            Itd(
                row["chrom"],
                pos,
                length,
                to_float(row.get("allelic_ratio")),
                f"{row['chrom']}:{pos} ITD {length}bp" + (f" {gene}" if gene else ""),
                (row.get("insertion_seq") or "").strip(),
            )
        )
    return out


def read_called_itd(path: Path) -> list[Itd]:
    out = []
    with pysam.VariantFile(str(path)) as vf:
        for rec in vf:
            filters = list(rec.filter.keys())
            if filters and filters != ["PASS"]:
                continue
            length = None
            if "SVLEN" in rec.info:
                svlen = per_allele_float(rec.info.get("SVLEN"), 0)
                length = None if svlen is None else abs(int(svlen))
            if length is None and rec.alts and not is_symbolic(rec.alts[0]) and rec.ref:
                length = abs(len(rec.alts[0]) - len(rec.ref))
            ar = per_allele_float(rec.info.get("AR"), 0) if "AR" in rec.info else None
            out.append(Itd(rec.chrom, rec.pos, length, ar, f"{rec.chrom}:{rec.pos}"))
    return out


def score_itd(
    sample: str,
    truth_path: Path,
    calls_path: Path,
    emit: Emit,
    reads_ar: Callable[[Itd], tuple[float, int, int] | None] | None = None,
    emit_metric: EmitMetric | None = None,
) -> ClassResult:
    """``reads_ar`` (optional) measures the allelic ratio the sample's reads realise for a
    truth ITD (alwgs.accuracy.reads); the details then give the error against it as well.
    ``emit_metric`` receives the AR/VAF error rows (itd_metrics)."""
    truth = read_truth_itd(truth_path) if truth_path.exists() else []
    res = ClassResult()

    def tv(t: Itd) -> str:
        return f"len={t.length};AR={fmt(t.ar)}"

    if not calls_path.exists():
        return all_missing(res, sample, "itd", calls_path, [(t.label, tv(t)) for t in truth], emit)
    calls = read_called_itd(calls_path)

    def cost(i: int, j: int) -> float | None:
        t, c = truth[i], calls[j]
        if t.chrom != c.chrom or abs(t.pos - c.pos) > ITD_POS_TOLERANCE:
            return None
        if t.length is None or c.length is None or abs(t.length - c.length) > ITD_LEN_TOLERANCE:
            return None
        # Length agreement weighs more than position: ITD callers place the duplication
        # anywhere in the duplicated span, but the length is what is reported clinically.
        return abs(t.length - c.length) * 1000 + abs(t.pos - c.pos)

    matches = greedy_match(len(truth), len(calls), cost)
    for i, t in enumerate(truth):
        if i in matches:
            c = calls[matches[i]]
            res.add("tp", None)
            notes = [f"pos_err={c.pos - t.pos:+d}", f"len_err={c.length - t.length:+d}"]
            if c.ar is not None and t.ar is not None:
                notes.append(f"ar_err={c.ar - t.ar:+.4f}")
            else:
                notes.append("ar_err=NA")
            realised = reads_ar(t) if reads_ar else None
            if realised is not None:
                ar, itd_reads, spanning = realised
                notes.append(f"reads_ar={ar:.4f} ({itd_reads}/{spanning} reads)")
                if c.ar is not None:
                    notes.append(f"ar_err_vs_reads={c.ar - ar:+.4f}")
            called = f"{c.label} len={c.length};AR={fmt(c.ar)}"
            emit(DetailRow(sample, "itd", "TP", t.label, tv(t), called, ";".join(notes)))
            if emit_metric:
                quantity = called_quantity(calls_path, c.chrom, c.pos)
                itd_metrics(sample, t.ar, quantity, realised and realised[0], emit_metric)
        else:
            res.add("fn", None)
            emit(DetailRow(sample, "itd", "FN", t.label, tv(t), ""))
            if emit_metric:
                itd_metrics(sample, t.ar, None, None, emit_metric)
    matched_calls = set(matches.values())
    for j, c in enumerate(calls):
        if j not in matched_calls:
            res.add("fp", None)
            note = "" if c.length is not None else "no SVLEN and no sequence ALT"
            emit(
                DetailRow(
                    sample,
                    "itd",
                    "FP",
                    f"{c.label} ITD {c.length}bp",
                    "",
                    f"len={c.length};AR={fmt(c.ar)}",
                    note,
                )
            )
    return res
