"""Numeric accuracy of a called ITD: allelic-ratio and VAF errors (accuracy harness only).

Rows of ``results/accuracy/accuracy.metrics.tsv`` (sample, metric, value, expected,
observed; docs/CONTRACTS.md). For each truth ITD the pipeline found:

  itd_ar_abs_error              |called AR - planted AR|          expected = planted AR
  itd_vaf_abs_error             |called VAF - planted VAF|        expected = planted VAF
  itd_ar_abs_error_vs_reads     |called AR - AR the reads carry|  (alwgs.accuracy_reads)
  itd_vaf_abs_error_vs_reads    |called VAF - VAF the reads carry|
  itd_vaf_abs_error_vs_scanitd  |called VAF - ScanITD AF|          expected = ScanITD AF
  itd_ar_in_ci_vs_reads         1 when the AR the reads carry lies in the called 95% interval

The planted ratio is an expectation; the reads carry a binomial draw of it, so the error
against the reads is the estimator's own and the error against the plan adds sampling.
An ITD not found gets its rows with value NA and observed 'not called'.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pysam

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
        return [self.sample, self.metric, *(_fmt(v) for v in values)]


EmitMetric = Callable[[MetricRow], None]


def _fmt(x) -> str:
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
