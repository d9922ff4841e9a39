"""What the copy-number data held where a planted copy-number lesion was missed (accuracy
harness only: it reads the truth's segment, which no pipeline stage may).

"not reported" says nothing about *why* a deletion was not called. For a missed lesion whose
truth segment (``<truth_dir>/<tumor>.cna.bed``, event column = the lesion id) changes the copy
number, this reads the tumor's bin ratios (``results/cnv/<tumor>.cnr``) and segments
(``.cns``) over that segment and puts the measurement beside the reason:

  * the bins inside the segment, their mean log2 and its standard error from the sample's own
    bin noise (the robust SD of neighbouring-bin differences over the genome / sqrt 2, so an
    event does not inflate it);
  * the log2 a clonal event would give at the truth's purity, log2((p*cn + (1-p)*n0) / n0),
    n0 = 2 (1 on chrX/chrY of a male), and the fraction of cells the measured mean implies
    (the same model solved for p): a subclonal lesion reads as a smaller fraction;
  * the segment CNVkit drew over the segment's midpoint, and its log2.

It does not decide anything: it says whether the signal was there (a shift far above its
standard error that segmentation or calling did not keep) or not (a shift within the noise),
which is the difference between a pipeline fault and a lesion below what the data can show.
Copy-neutral segments (cnLOH) have no log2 signal and get no measurement.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from pathlib import Path

from alwgs.accuracy.tables import read_table, to_float, to_int

MAD_TO_SD = 1.4826  # a normal distribution's SD per median absolute deviation


@dataclass
class Bin:
    chrom: str
    start: int
    end: int
    log2: float


def read_bins(path: Path) -> list[Bin]:
    """The rows of a CNVkit .cnr or .cns (chromosome, start, end, log2)."""
    out = []
    for row in read_table(path):
        s, e, v = to_int(row.get("start")), to_int(row.get("end")), to_float(row.get("log2"))
        if s is None or e is None or v is None:
            continue
        out.append(Bin(row["chromosome"], s, e, v))
    return out


def bin_noise_sd(bins: list[Bin]) -> float | None:
    """Robust SD of one bin's log2: MAD of neighbouring-bin differences on the same chromosome,
    over sqrt 2 (a difference carries two bins' noise); events shift only a few differences."""
    diffs = [
        b.log2 - a.log2
        for a, b in zip(bins, bins[1:], strict=False)
        if a.chrom == b.chrom and a.log2 > -10 and b.log2 > -10  # CNVkit's no-coverage -20
    ]
    if len(diffs) < 10:
        return None
    med = statistics.median(diffs)
    mad = statistics.median(abs(d - med) for d in diffs)
    return MAD_TO_SD * mad / math.sqrt(2)


def normal_copies(chrom: str, sex: str) -> int:
    return 1 if sex == "male" and chrom.removeprefix("chr") in ("X", "Y") else 2


def clonal_log2(purity: float, cn: float, n0: int) -> float:
    """log2 ratio of a clonal event of copy number cn at this purity (cells with n0 copies
    elsewhere); a homozygous deletion in pure tumor has no finite ratio."""
    ratio = (purity * cn + (1 - purity) * n0) / n0
    return math.log2(ratio) if ratio > 0 else -math.inf


def cell_fraction(mean_log2: float, cn: float, n0: int) -> float | None:
    """Fraction of cells carrying the event that the measured mean implies (clonal model)."""
    if cn == n0:
        return None
    return (2**mean_log2 - 1) * n0 / (cn - n0)


def describe(
    bins: list[Bin],
    segments: list[Bin],
    chrom: str,
    start: int,
    end: int,
    cn: float,
    purity: float | None,
    sex: str,
) -> str:
    """One sentence: what the .cnr and .cns held over a truth segment ("" when nothing fits)."""
    n0 = normal_copies(chrom, sex)
    if cn == n0:
        return ""
    inside = [b for b in bins if b.chrom == chrom and b.start >= start and b.end <= end]
    inside = [b for b in inside if b.log2 > -10] or inside
    if not inside:
        return f"measured: no bin of the .cnr lies inside {chrom}:{start}-{end}"
    mean = statistics.fmean(b.log2 for b in inside)
    sd = bin_noise_sd(bins)
    parts = [f"{len(inside)} bins, mean log2 {mean:+.2f}"]
    if sd is not None:
        se = sd / math.sqrt(len(inside))
        parts[0] += f" ± {se:.2f} (bin noise SD {sd:.2f}: {abs(mean) / se:.1f} SE from 0)"
    if purity is not None:
        clonal = clonal_log2(purity, cn, n0)
        frac = cell_fraction(mean, cn, n0)
        shown = f"{clonal:+.2f}" if math.isfinite(clonal) else "-inf"
        text = f"clonal at purity {purity:g} would read {shown}"
        if frac is not None and frac > 0:
            text += f", so about {min(frac, 1):.0%} of cells carry it"
        elif frac is not None:
            text += ", the mean is not shifted that way"
        parts.append(text)
    mid = (start + end) // 2
    seg = next((s for s in segments if s.chrom == chrom and s.start <= mid < s.end), None)
    if seg is not None:
        parts.append(f"segmented as {seg.chrom}:{seg.start}-{seg.end} at log2 {seg.log2:+.2f}")
    return "measured in the .cnr: " + "; ".join(parts)


def lesion_evidence(
    cna_bed: Path, cnr: Path, cns: Path, purity: float | None, sex: str
) -> dict[str, str]:
    """lesion id -> the measurement over its truth segment, for every copy-number-changing
    truth segment of the tumor (the caller keeps those of missed lesions)."""
    if not cna_bed.exists() or not cnr.exists():
        return {}
    bins = read_bins(cnr)
    segments = read_bins(cns) if cns.exists() else []
    out: dict[str, str] = {}
    for row in read_table(cna_bed):
        s, e, cn = (
            to_int(row.get("start")),
            to_int(row.get("end")),
            to_float(row.get("copy_number")),
        )
        event = (row.get("event") or "").strip()
        if s is None or e is None or cn is None or not event or event in out:
            continue
        text = describe(bins, segments, row["chrom"], s, e, cn, purity, sex)
        if text:
            out[event] = text
    return out
