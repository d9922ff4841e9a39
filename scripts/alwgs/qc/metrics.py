"""Parsers for alignment-QC tool outputs; each returns a plain dict of metric values.

The formats were checked against real output of samtools 1.16, mosdepth 0.3.3 and fastp 0.23.2
(fixtures in tests/data/qc/). Key names are the metric names used by config/qc.yaml.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

# samtools stats SN labels (without the trailing colon) -> raw value names used below
_SN_FIELDS = {
    "raw total sequences": "total_reads",
    "reads mapped": "mapped_reads",
    "reads properly paired": "properly_paired_reads",
    "reads duplicated": "duplicated_reads",
    "insert size average": "mean_insert_size",
    "insert size standard deviation": "insert_size_sd",
    "error rate": "error_rate",
}


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)  # e.g. "8.275990e-03" (error rate)


def _percent(part: float, whole: float) -> float | None:
    # None rather than 0 for an empty BAM: "no data" must not look like "0 % mapped"
    return 100.0 * part / whole if whole else None


def parse_samtools_stats(path: str | Path) -> dict:
    """Summary numbers (SN section) of ``samtools stats``.

    Returns total_reads, mapped_reads, percent_mapped, percent_properly_paired,
    duplicate_rate (reads duplicated / raw total sequences, a fraction 0-1), mean_insert_size,
    insert_size_sd and error_rate. Percentages are 0-100 and use raw total sequences (primary
    reads; samtools excludes secondary and supplementary alignments from it) as denominator.
    """
    raw: dict[str, int | float] = {}
    with open(path) as fh:
        for line in fh:
            if not line.startswith("SN\t"):
                continue
            fields = line.rstrip("\n").split("\t")
            label = fields[1].rstrip(":")
            if label in _SN_FIELDS:
                raw[_SN_FIELDS[label]] = _number(fields[2])
    missing = sorted(set(_SN_FIELDS.values()) - set(raw))
    if missing:
        raise ValueError(f"{path}: not a samtools stats file, SN fields missing: {missing}")
    total = raw["total_reads"]
    return {
        "total_reads": int(total),
        "mapped_reads": int(raw["mapped_reads"]),
        "percent_mapped": _percent(raw["mapped_reads"], total),
        "percent_properly_paired": _percent(raw["properly_paired_reads"], total),
        "duplicate_rate": raw["duplicated_reads"] / total if total else None,
        "mean_insert_size": float(raw["mean_insert_size"]),
        "insert_size_sd": float(raw["insert_size_sd"]),
        "error_rate": float(raw["error_rate"]),
    }


def parse_mosdepth_summary(path: str | Path) -> dict:
    """``<prefix>.mosdepth.summary.txt`` -> {"mean_depth", "per_chrom", "lengths"}.

    mean_depth is the ``total`` row's mean; per_chrom maps contig -> mean depth and lengths
    contig -> length. With ``--by``, mosdepth adds ``<contig>_region`` and ``total_region``
    rows (depth inside the regions); they are skipped. Note that mosdepth leaves out contigs
    without a single read (e.g. chrY of a female on a toy genome), and the total row then
    covers only the contigs listed.
    """
    rows: list[tuple[str, int, float]] = []
    with open(path) as fh:
        header = fh.readline().rstrip("\n").split("\t")
        if header[:4] != ["chrom", "length", "bases", "mean"]:
            raise ValueError(f"{path}: not a mosdepth summary (header {header})")
        for line in fh:
            if not line.strip():
                continue
            chrom, length, _bases, mean = line.rstrip("\n").split("\t")[:4]
            rows.append((chrom, int(length), float(mean)))
    names = {chrom for chrom, _, _ in rows}
    # A "<x>_region" row is a region row only when "<x>" is itself listed; a contig that
    # happens to end in "_region" is kept.
    rows = [r for r in rows if not (r[0].endswith("_region") and r[0][: -len("_region")] in names)]
    per_chrom = {chrom: mean for chrom, _, mean in rows if chrom != "total"}
    lengths = {chrom: length for chrom, length, _ in rows if chrom != "total"}
    total = [mean for chrom, _, mean in rows if chrom == "total"]
    if not total:
        raise ValueError(f"{path}: mosdepth summary has no 'total' row")
    return {"mean_depth": total[0], "per_chrom": per_chrom, "lengths": lengths}


def read_mosdepth_dist(path: str | Path) -> dict[str, dict[int, float]]:
    """``<prefix>.mosdepth.global.dist.txt`` -> {contig or "total": {depth: fraction >= depth}}."""
    table: dict[str, dict[int, float]] = {}
    with open(path) as fh:
        for line in fh:
            if not line.strip():
                continue
            chrom, depth, frac = line.rstrip("\n").split("\t")
            table.setdefault(chrom, {})[int(depth)] = float(frac)
    return table


def fraction_at_least(cumulative: dict[int, float], depth: int) -> float:
    """Fraction of bases with coverage >= depth from one contig's cumulative distribution.

    mosdepth lists every depth from 0 to the maximum seen, so a depth above the maximum
    means no base reached it (0.0).
    """
    reached = [d for d in cumulative if d >= depth]
    return cumulative[min(reached)] if reached else 0.0


def parse_mosdepth_dist(
    path: str | Path,
    depths: Iterable[int] = (20, 30),
    contigs: Iterable[str] | None = None,
    lengths: dict[str, int] | None = None,
) -> dict:
    """Percent (0-100) of the genome at >= each depth: keys ``pct_genome_<d>x``.

    By default the ``total`` rows are used, i.e. every contig mosdepth saw. On GRCh38 that
    includes N gaps (counted as 0x, ~5 % of the primary assembly), decoys and EBV, so the
    figure cannot reach 100 %. Give ``contigs`` (e.g. the primary chromosomes) with their
    ``lengths`` (from parse_mosdepth_summary) to average only those, weighted by length.
    mosdepth rounds fractions to 2 decimals, so values are good to about 1 %.
    """
    table = read_mosdepth_dist(path)
    depths = list(depths)
    if contigs is None:
        if "total" not in table:
            raise ValueError(f"{path}: mosdepth global.dist has no 'total' rows")
        return {f"pct_genome_{d}x": 100.0 * fraction_at_least(table["total"], d) for d in depths}
    contigs = list(contigs)
    if lengths is None:
        raise ValueError("parse_mosdepth_dist: 'lengths' is required when 'contigs' is given")
    unknown = [c for c in contigs if c not in lengths]
    if unknown:
        raise ValueError(f"parse_mosdepth_dist: no length for contigs {unknown}")
    total_len = sum(lengths[c] for c in contigs)
    out = {}
    for d in depths:
        # a contig absent from the dist file had no reads: it contributes 0 bases >= d
        covered = sum(lengths[c] * fraction_at_least(table.get(c, {}), d) for c in contigs)
        out[f"pct_genome_{d}x"] = 100.0 * covered / total_len if total_len else None
    return out


def parse_fastp_json(path: str | Path) -> dict:
    """fastp JSON report -> read-level QC of one read group (unit).

    Keys: percent_q30 (after filtering, 0-100), reads_before, reads_after (both mates counted),
    bases_after, q30_bases_after, percent_adapter_trimmed (reads with adapter trimmed / reads
    before filtering * 100; None when adapter trimming was off), fastp_duplication_rate
    (fastp's own estimate, a fraction; named apart from samtools' duplicate_rate, which is the
    gated figure because it comes from duplicate marking of the aligned reads).
    """
    with open(path) as fh:
        report = json.load(fh)
    try:
        before = report["summary"]["before_filtering"]
        after = report["summary"]["after_filtering"]
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a fastp JSON report (no summary section)") from exc
    reads_before = int(before["total_reads"])
    adapter = report.get("adapter_cutting") or {}
    trimmed = adapter.get("adapter_trimmed_reads")
    dup = (report.get("duplication") or {}).get("rate")
    return {
        "percent_q30": 100.0 * float(after["q30_rate"]),
        "reads_before": reads_before,
        "reads_after": int(after["total_reads"]),
        "bases_after": int(after["total_bases"]),
        "q30_bases_after": int(after["q30_bases"]),
        "percent_adapter_trimmed": (
            _percent(trimmed, reads_before) if trimmed is not None else None
        ),
        "fastp_duplication_rate": float(dup) if dup is not None else None,
    }


def combine_fastp(units: list[dict]) -> dict:
    """Sample-level fastp metrics from the per-unit dicts of parse_fastp_json.

    Counts are summed; percent_q30 is recomputed from the summed bases (a mean of per-unit
    rates would overweight small lanes); the adapter and duplication figures are weighted by
    reads before filtering.
    """
    if not units:
        raise ValueError("combine_fastp: no fastp reports given")
    reads_before = sum(u["reads_before"] for u in units)
    bases_after = sum(u["bases_after"] for u in units)
    q30_bases = sum(u["q30_bases_after"] for u in units)

    def weighted(key: str) -> float | None:
        pairs = [(u[key], u["reads_before"]) for u in units if u.get(key) is not None]
        weight = sum(w for _, w in pairs)
        if not pairs or not weight:
            return None
        return sum(v * w for v, w in pairs) / weight

    return {
        "percent_q30": _percent(q30_bases, bases_after),
        "reads_before": reads_before,
        "reads_after": sum(u["reads_after"] for u in units),
        "bases_after": bases_after,
        "q30_bases_after": q30_bases,
        "percent_adapter_trimmed": weighted("percent_adapter_trimmed"),
        "fastp_duplication_rate": weighted("fastp_duplication_rate"),
    }
