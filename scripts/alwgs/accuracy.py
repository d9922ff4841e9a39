"""Accuracy harness: score a batch's pipeline outputs against the demo generator's truth.

Formats are fixed in docs/CONTRACTS.md ("Demo generator output", "Pipeline outputs read by the
accuracy harness", "Accuracy table"). Paths of pipeline outputs are relative to the batch
directory (``results_dir``); truth files live in ``truth_dir``.

Scoring rules
-------------
General
  * Only samples with ``type == tumor`` in samples.tsv are scored.
  * Every class is matched one-to-one: a truth item is matched by at most one call and a call
    matches at most one truth item. TP = matched truth items, FN = unmatched truth items,
    FP = unmatched calls. recall = tp/(tp+fn), precision = tp/(tp+fp), "NA" when the
    denominator is 0, otherwise rounded to 4 decimals.
  * A pipeline output file that does not exist makes the class "missing" for that sample:
    tp=0, fp=0, fn=<number of truth items>, recall 0.0 (NA without truth items), precision NA.
    The details table then holds one MISSING row for the file and one MISSING row per truth
    item. A truth file that does not exist means 0 truth items (every call is an FP).
  * Where several truth/call pairs qualify, pairs are taken closest first (greedy).

snv / indel  (truth ``<sample>.small_variants.vcf``, calls
``results/small_variants/<sample>.somatic.vcf.gz``)
  * Truth: records with INFO/VARTYPE SNV or INDEL (records without VARTYPE are kept, records
    with VARTYPE=ITD are scored in class itd).
  * Calls: records whose FILTER is PASS or '.'; multi-allelic ALTs are split into alleles.
    Symbolic/breakend/'*' alleles and ITD records (INFO/SVTYPE or INFO/ITD present) are
    skipped. Calls equal to a truth ITD allele (exactly, or the same inserted sequence up to
    rotation within 100 bp) are skipped as well, because that ITD is scored in class itd and
    must not also count as an indel FP.
  * Alleles of both sides are reduced to their minimal representation (shared suffix, then
    shared prefix trimmed, one base kept) so that split multi-allelic records compare equal.
    Class snv when len(ref) == len(alt) == 1, else indel. The same called allele appearing
    in two records counts once.
  * Match: exact (chrom, pos, ref, alt). Fallback for indels that did not match exactly: same
    chrom, |pos difference| <= 10, both simple insertions (or both simple deletions) of the
    same length whose inserted/deleted sequences are equal up to rotation (the same event
    placed elsewhere in a repeat).
  * VAF bins (default thresholds 0.25, 0.10, 0.05): ">=0.25", "0.10-0.25", "0.05-0.10",
    "<0.05". TP and FN are binned by the truth INFO/EXPECTED_VAF; FP by the called VAF
    (FORMAT/AF of the VCF sample whose name is the sample ID, else INFO/AF). Items without a
    VAF only count in the "all" row. Rows are written for "all" and for every bin.

itd  (truth ``<sample>.itd.tsv``, calls ``results/small_variants/<sample>.itd.vcf.gz``)
  * Calls: PASS/'.' records; length = abs(INFO/SVLEN), else len(ALT) - len(REF) for
    sequence alleles; INFO/AR is the allelic ratio.
  * Match: same chrom, |pos diff| <= 100 and |length diff| <= 3. The details table reports the
    length and AR error (called - truth) of each TP.

sv  (truth ``<sample>.sv.bedpe``, calls ``results/sv/<sample>.fusions.tsv``)
  * Match: same unordered chromosome pair and both breakpoints within ``sv_tolerance`` bp
    (either order). When the truth names a fusion (``A::B``, not '.'), the call must name the
    same partners in the same order (fusion column, or gene5::gene3 when that column is
    empty or '.').
  * Truth DUP rows inside one gene (gene1 == gene2, e.g. KMT2A partial tandem duplication)
    need, in addition to the breakpoints within tolerance, a call named ``<gene>-PTD`` or a
    call with gene5 == gene3.

cna  (truth ``<sample>.cna.bed``, calls ``results/cnv/<sample>.events.tsv``; both 0-based)
  * Direction = sign(copy_number - baseline); baseline is 2, or 1 for chrX/chrY of a male
    (sex from samples.tsv). Copy-neutral events only match copy-neutral calls.
  * Match: same chrom, same direction, |start diff| <= tol * L and |end diff| <= tol * L,
    where L is the truth length and tol is ``cna_tolerance``.

karyotype  (truth ``karyotype`` of ``<sample>.clinical.yaml``, calls
``results/cnv/<sample>.karyotype.json`` key ``karyotype``)
  * One unit per sample: TP when the strings agree with all whitespace removed.

classification  (truth ``<sample>.clinical.yaml``, calls
``results/interpretation/<sample>.json``)
  * Truth units: the eln2022 group (when not null), each defining lesion, each germline
    finding, the karyotype (when given). TP = unit agreeing with the prediction (eln group
    compared case-insensitively, lesion/germline ids exactly, karyotype with all whitespace
    removed); FN = unit absent or different; FP = predicted lesion ids not among the truth
    defining lesions.

Outputs
-------
  * Main TSV: columns ``sample class vaf_bin tp fp fn recall precision``.
  * ITD details: with units.tsv and the reference given, also the allelic ratio realised in
    the sample's reads (exact k-mer counts, alwgs.accuracy_reads) and the error against it.
  * Details TSV (``<stem>.details.tsv`` next to it): ``sample class status key truth_value
    called_value note`` with one row per truth item (TP/FN/MISSING) and per FP call.
  * Metrics TSV (``<stem>.metrics.tsv`` next to it): ``sample metric value expected
    observed``, numeric errors such as the ITD AR/VAF errors (alwgs.accuracy_itd).
"""

from __future__ import annotations

import bisect
import csv
import gzip
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pysam
import yaml

from alwgs.accuracy_itd import (
    METRIC_COLUMNS,
    EmitMetric,
    MetricRow,
    called_quantity,
    itd_metrics,
    metrics_path_for,
)
from alwgs.accuracy_reads import reads_allelic_ratio, sample_fastqs

CLASSES = ("snv", "indel", "itd", "sv", "sv_status", "cna", "karyotype", "classification")
DEFAULT_VAF_BINS = (0.25, 0.10, 0.05)
DEFAULT_SV_TOLERANCE = 500
DEFAULT_CNA_TOLERANCE = 0.10
INDEL_SHIFT = 10  # bp an indel call may sit away from its truth position (repeat placement)
ITD_POS_TOLERANCE = 100
ITD_LEN_TOLERANCE = 3

MAIN_COLUMNS = ("sample", "class", "vaf_bin", "tp", "fp", "fn", "recall", "precision", "f1")
DETAIL_COLUMNS = ("sample", "class", "status", "key", "truth_value", "called_value", "note")

ALL = "all"


# --------------------------------------------------------------------------------------------
# Small helpers


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0


@dataclass
class ClassResult:
    """Counts of one class of one sample; ``bins`` maps vaf_bin -> Counts ('all' always)."""

    bins: dict[str, Counts] = field(default_factory=lambda: {ALL: Counts()})
    missing: bool = False

    def add(self, kind: str, vbin: str | None) -> None:
        # Every item counts in 'all'; binned classes also count it in its own bin.
        for b in (ALL, vbin) if vbin and vbin != ALL else (ALL,):
            c = self.bins.setdefault(b, Counts())
            setattr(c, kind, getattr(c, kind) + 1)


@dataclass
class DetailRow:
    sample: str
    cls: str
    status: str
    key: str
    truth_value: str = ""
    called_value: str = ""
    note: str = ""

    def fields(self) -> list[str]:
        return [
            self.sample,
            self.cls,
            self.status,
            self.key,
            self.truth_value,
            self.called_value,
            self.note,
        ]


Emit = Callable[[DetailRow], None]


def ratio(num: int, den: int) -> str:
    """Rounded ratio for the table; 'NA' when undefined (no truth or no calls)."""
    if den == 0:
        return "NA"
    return f"{round(num / den, 4):.4f}"


def _fmt(x: float | None) -> str:
    if x is None:
        return "."
    return f"{x:.4g}"


def bin_label(t: float) -> str:
    # Two decimals reads naturally for the default thresholds (0.10, 0.05); finer thresholds
    # keep their own precision so that two bins never get the same label.
    return f"{t:.2f}" if abs(t - round(t, 2)) < 1e-12 else f"{t:g}"


def vaf_bin_labels(thresholds: Iterable[float]) -> list[str]:
    """Labels of the VAF bins, highest first: ['>=0.25', '0.10-0.25', '0.05-0.10', '<0.05']."""
    ts = sorted({float(t) for t in thresholds}, reverse=True)
    if not ts:
        return []
    labels = [f">={bin_label(ts[0])}"]
    for hi, lo in zip(ts, ts[1:], strict=False):
        labels.append(f"{bin_label(lo)}-{bin_label(hi)}")
    labels.append(f"<{bin_label(ts[-1])}")
    return labels


def vaf_bin(vaf: float | None, thresholds: Iterable[float]) -> str | None:
    """The bin label of ``vaf`` (lower bound inclusive); None when there is no VAF."""
    if vaf is None or (isinstance(vaf, float) and math.isnan(vaf)):
        return None
    ts = sorted({float(t) for t in thresholds}, reverse=True)
    if not ts:
        return None
    labels = vaf_bin_labels(ts)
    for i, t in enumerate(ts):
        if vaf >= t:
            return labels[i]
    return labels[-1]


def _open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt")
    return open(path)


def read_table(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a tab-separated file with a header line; a leading '#' of the header is dropped.

    '##' lines before the header and further '#' lines and blank lines are skipped so that
    commented files are accepted.
    """
    header: list[str] | None = None
    with _open_text(path) as fh:
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


@dataclass
class Sample:
    sample: str
    patient: str
    type: str
    sex: str
    diagnosis: str


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


def _batch_relative(path: Path) -> str:
    """'results/...' part of an output path, so details of two batch dirs compare equal."""
    parts = path.parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] == "results":
            return "/".join(parts[i:])
    return str(path)


def _missing_rows(
    sample: str, cls: str, path: Path, keys: list[tuple[str, str]], emit: Emit
) -> None:
    emit(DetailRow(sample, cls, "MISSING", _batch_relative(path), note="output file not found"))
    for key, truth_value in keys:
        emit(DetailRow(sample, cls, "MISSING", key, truth_value, "", "no output file"))


# --------------------------------------------------------------------------------------------
# Small variants


@dataclass
class Allele:
    chrom: str
    pos: int
    ref: str
    alt: str
    vaf: float | None = None
    matched: bool = False

    @property
    def cls(self) -> str:
        return "snv" if len(self.ref) == 1 and len(self.alt) == 1 else "indel"

    @property
    def key(self) -> tuple[str, int, str, str]:
        return (self.chrom, self.pos, self.ref, self.alt)

    def label(self) -> str:
        return f"{self.chrom}:{self.pos} {self.ref}>{self.alt}"


def minimal_allele(pos: int, ref: str, alt: str) -> tuple[int, str, str]:
    """Trim the shared suffix, then the shared prefix, keeping one base on each side.

    Needed because splitting a multi-allelic record leaves padded alleles (REF=ATT ALT=AT is
    the deletion AT>A), which would otherwise never equal the truth representation.
    """
    ref, alt = ref.upper(), alt.upper()
    while len(ref) > 1 and len(alt) > 1 and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    while len(ref) > 1 and len(alt) > 1 and ref[0] == alt[0]:
        ref, alt = ref[1:], alt[1:]
        pos += 1
    return pos, ref, alt


def indel_signature(ref: str, alt: str) -> tuple[str, str] | None:
    """('ins'|'del', sequence) of a simple anchored indel; None for SNVs/MNVs/complex."""
    if len(ref) == 1 and len(alt) > 1 and ref[0] == alt[0]:
        return ("ins", alt[1:])
    if len(alt) == 1 and len(ref) > 1 and ref[0] == alt[0]:
        return ("del", ref[1:])
    return None


def same_up_to_rotation(a: str, b: str) -> bool:
    return len(a) == len(b) and b in a + a


def is_symbolic(alt: str | None) -> bool:
    return (
        alt is None
        or alt in ("*", ".", "<*>", "<NON_REF>")
        or alt.startswith("<")
        or "[" in alt
        or "]" in alt
    )


def _parse_info(text: str) -> dict[str, str | bool]:
    info: dict[str, str | bool] = {}
    if text in ("", "."):
        return info
    for item in text.split(";"):
        if "=" in item:
            k, v = item.split("=", 1)
            info[k] = v
        elif item:
            info[item] = True
    return info


def _per_allele_float(value, index: int) -> float | None:
    """One allele's value of a Number=A field given as text, tuple or scalar."""
    if value is None or value is True:
        return None
    if isinstance(value, str):
        value = value.split(",")
    if isinstance(value, (tuple, list)):
        if not value:
            return None
        value = value[index] if index < len(value) else value[0]
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def read_truth_small(path: Path) -> tuple[list[Allele], list[Allele]]:
    """(SNV/INDEL truth alleles, ITD truth alleles) of a truth VCF, read line by line.

    Plain text parsing instead of pysam: the truth is an uncompressed VCF and we only need a
    few INFO keys, so no dependency on complete header definitions.
    """
    small: list[Allele] = []
    itd: list[Allele] = []
    seen: set[tuple[str, int, str, str]] = set()
    with _open_text(path) as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            f = line.rstrip("\r\n").split("\t")
            if len(f) < 8:
                continue
            chrom, pos, ref, alts = f[0], int(f[1]), f[3], f[4]
            info = _parse_info(f[7])
            vartype = str(info.get("VARTYPE", "")).upper()
            for i, alt in enumerate(alts.split(",")):
                if is_symbolic(alt):
                    continue
                p, r, a = minimal_allele(pos, ref, alt)
                allele = Allele(chrom, p, r, a, _per_allele_float(info.get("EXPECTED_VAF"), i))
                if vartype == "ITD":
                    itd.append(allele)
                    continue
                if allele.key in seen:
                    continue
                seen.add(allele.key)
                small.append(allele)
    return small, itd


def iter_called_alleles(path: Path, sample: str) -> Iterator[Allele]:
    """PASS/'.' sequence alleles of a somatic VCF (multi-allelic records split), streamed."""
    with pysam.VariantFile(str(path)) as vf:
        tumor = sample if sample in vf.header.samples else None
        for rec in vf:
            filters = list(rec.filter.keys())
            if filters and filters != ["PASS"]:
                continue
            if "SVTYPE" in rec.info or "ITD" in rec.info:
                continue
            if not rec.alts or rec.ref is None:
                continue
            fmt_af = None
            if tumor is not None and "AF" in rec.format:
                try:
                    fmt_af = rec.samples[tumor]["AF"]
                except (KeyError, TypeError, ValueError):
                    fmt_af = None
            info_af = rec.info.get("AF") if "AF" in rec.info else None
            for i, alt in enumerate(rec.alts):
                if is_symbolic(alt):
                    continue
                vaf = _per_allele_float(fmt_af, i)
                if vaf is None:
                    vaf = _per_allele_float(info_af, i)
                p, r, a = minimal_allele(rec.pos, rec.ref, alt)
                yield Allele(rec.chrom, p, r, a, vaf)


class _IndelIndex:
    """Truth indels per chromosome, sorted by position, for the shifted-position fallback."""

    def __init__(self, alleles: Iterable[Allele], window: int = INDEL_SHIFT):
        self.window = window
        self._by_chrom: dict[str, list[tuple[int, Allele]]] = {}
        for a in alleles:
            if indel_signature(a.ref, a.alt) is not None:
                self._by_chrom.setdefault(a.chrom, []).append((a.pos, a))
        for lst in self._by_chrom.values():
            lst.sort(key=lambda x: x[0])
        self._pos = {c: [p for p, _ in lst] for c, lst in self._by_chrom.items()}

    def find(self, call: Allele, only_unmatched: bool = True) -> Allele | None:
        sig = indel_signature(call.ref, call.alt)
        if sig is None or call.chrom not in self._by_chrom:
            return None
        lst, pos = self._by_chrom[call.chrom], self._pos[call.chrom]
        lo = bisect.bisect_left(pos, call.pos - self.window)
        hi = bisect.bisect_right(pos, call.pos + self.window)
        best: Allele | None = None
        for _, t in lst[lo:hi]:
            if only_unmatched and t.matched:
                continue
            tsig = indel_signature(t.ref, t.alt)
            if tsig is None or tsig[0] != sig[0] or not same_up_to_rotation(tsig[1], sig[1]):
                continue
            if best is None or abs(t.pos - call.pos) < abs(best.pos - call.pos):
                best = t
        return best


def score_small_variants(
    sample: str,
    truth_path: Path,
    calls_path: Path,
    thresholds: Iterable[float],
    emit: Emit,
) -> dict[str, ClassResult]:
    """Score classes snv and indel of one tumor; returns {'snv': ..., 'indel': ...}."""
    thresholds = tuple(thresholds)
    if truth_path.exists():
        truth, truth_itd = read_truth_small(truth_path)
    else:
        truth, truth_itd = [], []
    results = {"snv": ClassResult(), "indel": ClassResult()}
    # Every bin row is written even when empty, so tables of different samples line up.
    for res in results.values():
        for label in vaf_bin_labels(thresholds):
            res.bins.setdefault(label, Counts())

    def truth_value(t: Allele) -> str:
        return f"EXPECTED_VAF={_fmt(t.vaf)}"

    if not calls_path.exists():
        for cls in ("snv", "indel"):
            results[cls].missing = True
        for t in truth:
            results[t.cls].add("fn", vaf_bin(t.vaf, thresholds))
        for cls in ("snv", "indel"):
            keys = [(t.label(), truth_value(t)) for t in truth if t.cls == cls]
            _missing_rows(sample, cls, calls_path, keys, emit)
        return results

    by_key = {t.key: t for t in truth}
    itd_keys = {t.key for t in truth_itd}
    # A tandem duplication can be placed anywhere along the duplicated copy, so the window to
    # recognise a truth ITD is the itd class's position tolerance, not the indel shift.
    itd_index = _IndelIndex(truth_itd, window=ITD_POS_TOLERANCE)
    index = _IndelIndex(truth)
    seen: set[tuple[str, int, str, str]] = set()
    pending: list[Allele] = []  # indel calls without an exact match, for the fallback pass

    def fp(call: Allele, note: str = "") -> None:
        results[call.cls].add("fp", vaf_bin(call.vaf, thresholds))
        emit(DetailRow(sample, call.cls, "FP", call.label(), "", f"VAF={_fmt(call.vaf)}", note))

    # Pass 1 (streaming): exact matches; SNV misses are final at once, indel misses wait for
    # the fallback so that a shifted call cannot take a truth item another call hits exactly.
    for call in iter_called_alleles(calls_path, sample):
        if call.key in seen:
            continue  # the same allele twice (e.g. overlapping records) is one call
        seen.add(call.key)
        t = by_key.get(call.key)
        if t is not None and not t.matched:
            t.matched = True
            results[t.cls].add("tp", vaf_bin(t.vaf, thresholds))
            emit(DetailRow(sample, t.cls, "TP", t.label(), truth_value(t), f"VAF={_fmt(call.vaf)}"))
        elif call.key in itd_keys or (
            call.cls == "indel" and itd_index.find(call, only_unmatched=False) is not None
        ):
            continue  # a truth ITD: scored in class itd, not an indel FP
        elif call.cls == "indel":
            pending.append(call)
        else:
            fp(call)

    # Pass 2: shifted-position fallback for indels.
    for call in pending:
        t = index.find(call)
        if t is None:
            fp(call)
            continue
        t.matched = True
        results[t.cls].add("tp", vaf_bin(t.vaf, thresholds))
        emit(
            DetailRow(
                sample,
                t.cls,
                "TP",
                t.label(),
                truth_value(t),
                f"{call.label()} VAF={_fmt(call.vaf)}",
                f"matched at shifted position ({call.pos - t.pos:+d} bp)",
            )
        )

    for t in truth:
        if not t.matched:
            results[t.cls].add("fn", vaf_bin(t.vaf, thresholds))
            emit(DetailRow(sample, t.cls, "FN", t.label(), truth_value(t), ""))
    return results


# --------------------------------------------------------------------------------------------
# Greedy one-to-one matching shared by itd, sv and cna


def greedy_match(
    n_truth: int, n_calls: int, cost: Callable[[int, int], float | None]
) -> dict[int, int]:
    """{truth index: call index}, taking qualifying pairs (cost not None) cheapest first."""
    pairs = []
    for i in range(n_truth):
        for j in range(n_calls):
            c = cost(i, j)
            if c is not None:
                pairs.append((c, i, j))
    pairs.sort()
    used_t: set[int] = set()
    used_c: set[int] = set()
    out: dict[int, int] = {}
    for _, i, j in pairs:
        if i in used_t or j in used_c:
            continue
        used_t.add(i)
        used_c.add(j)
        out[i] = j
    return out


def _to_int(x: str | None) -> int | None:
    try:
        return int(float(x)) if x not in (None, "", ".", "NA") else None
    except ValueError:
        return None


def _to_float(x) -> float | None:
    try:
        f = float(x) if x not in (None, "", ".", "NA") else None
    except (TypeError, ValueError):
        return None
    return None if f is None or math.isnan(f) else f


# --------------------------------------------------------------------------------------------
# ITD


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
        pos, length = _to_int(row.get("pos")), _to_int(row.get("length"))
        if pos is None:
            continue
        gene = row.get("gene", "") or ""
        out.append(
            Itd(
                row["chrom"],
                pos,
                length,
                _to_float(row.get("allelic_ratio")),
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
                svlen = _per_allele_float(rec.info.get("SVLEN"), 0)
                length = None if svlen is None else abs(int(svlen))
            if length is None and rec.alts and not is_symbolic(rec.alts[0]) and rec.ref:
                length = abs(len(rec.alts[0]) - len(rec.ref))
            ar = _per_allele_float(rec.info.get("AR"), 0) if "AR" in rec.info else None
            out.append(Itd(rec.chrom, rec.pos, length, ar, f"{rec.chrom}:{rec.pos}"))
    return out


def _all_missing(res, sample: str, cls: str, calls_path: Path, items: list, emit: Emit):
    """A class whose pipeline output is absent: every truth item is a false negative."""
    res.missing = True
    for _ in items:
        res.add("fn", None)
    _missing_rows(sample, cls, calls_path, items, emit)
    return res


def score_itd(
    sample: str,
    truth_path: Path,
    calls_path: Path,
    emit: Emit,
    reads_ar: Callable[[Itd], tuple[float, int, int] | None] | None = None,
    emit_metric: EmitMetric | None = None,
) -> ClassResult:
    """``reads_ar`` (optional) measures the allelic ratio the sample's reads realise for a
    truth ITD (alwgs.accuracy_reads); the details then give the error against it as well.
    ``emit_metric`` receives the AR/VAF error rows (alwgs.accuracy_itd)."""
    truth = read_truth_itd(truth_path) if truth_path.exists() else []
    res = ClassResult()

    def tv(t: Itd) -> str:
        return f"len={t.length};AR={_fmt(t.ar)}"

    if not calls_path.exists():
        return _all_missing(res, sample, "itd", calls_path, [(t.label, tv(t)) for t in truth], emit)
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
            called = f"{c.label} len={c.length};AR={_fmt(c.ar)}"
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
                    f"len={c.length};AR={_fmt(c.ar)}",
                    note,
                )
            )
    return res


# --------------------------------------------------------------------------------------------
# SV / fusions


def _blank(x: str | None) -> bool:
    return x is None or x.strip() in ("", ".", "NA")


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
        p1, p2 = _to_int(row.get("pos1")), _to_int(row.get("pos2"))
        if p1 is None or p2 is None:
            continue
        if (row.get("status") or "").strip().lower() == "germline":
            continue  # an inherited SV is no somatic call (scored by sv_status)
        fusion = "" if _blank(row.get("fusion")) else row["fusion"].strip()
        g1, g2 = (row.get("gene1") or "").strip(), (row.get("gene2") or "").strip()
        svtype = (row.get("svtype") or "").upper()
        ptd = ""
        if "DUP" in svtype and not _blank(g1) and g1 == g2 and row["chrom1"] == row["chrom2"]:
            ptd = g1
        coords = f"{row['chrom1']}:{p1}-{row['chrom2']}:{p2}"
        name = fusion or (f"{ptd}-PTD" if ptd else "") or (row.get("name") or "").strip()
        label = f"{name} {coords}" if name else f"{coords} {svtype}"
        out.append(Sv(row["chrom1"], p1, row["chrom2"], p2, fusion, ptd, g1, g2, label))
    return out


def read_called_sv(path: Path) -> list[Sv]:
    out = []
    for row in read_table(path):
        p1, p2 = _to_int(row.get("pos1")), _to_int(row.get("pos2"))
        if p1 is None or p2 is None:
            continue
        g5, g3 = (row.get("gene5") or "").strip(), (row.get("gene3") or "").strip()
        fusion = row.get("fusion")
        if _blank(fusion):
            # Partners may only be given as gene5/gene3; they name the fusion just as well.
            fusion = f"{g5}::{g3}" if not _blank(g5) and not _blank(g3) else ""
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
        return c.fusion == f"{t.ptd_gene}-PTD" or (not _blank(c.gene5) and c.gene5 == c.gene3)
    if t.fusion:
        return c.fusion == t.fusion  # order-sensitive: B::A is a different product
    return True


def score_sv(
    sample: str, truth_path: Path, calls_path: Path, tolerance: int, emit: Emit
) -> ClassResult:
    truth = read_truth_sv(truth_path) if truth_path.exists() else []
    res = ClassResult()
    if not calls_path.exists():
        return _all_missing(
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


# --------------------------------------------------------------------------------------------
# CNA


@dataclass
class Cna:
    chrom: str
    start: int
    end: int
    cn: float | None
    event: str

    def label(self) -> str:
        return f"{self.chrom}:{self.start}-{self.end}" + (f" {self.event}" if self.event else "")


def _read_cna(path: Path) -> list[Cna]:
    out = []
    for row in read_table(path):
        s, e = _to_int(row.get("start")), _to_int(row.get("end"))
        if s is None or e is None:
            continue
        out.append(Cna(row["chrom"], s, e, _to_float(row.get("copy_number")), row.get("event", "")))
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
    truth = _read_cna(truth_path) if truth_path.exists() else []
    res = ClassResult()

    def tv(t: Cna) -> str:
        return f"CN={_fmt(t.cn)}"

    if not calls_path.exists():
        return _all_missing(
            res, sample, "cna", calls_path, [(t.label(), tv(t)) for t in truth], emit
        )
    calls = _read_cna(calls_path)

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
                    sample, "cna", "TP", t.label(), tv(t), f"{c.label()} CN={_fmt(c.cn)}", note
                )
            )
        else:
            res.add("fn", None)
            emit(DetailRow(sample, "cna", "FN", t.label(), tv(t), ""))
    matched_calls = set(matches.values())
    for j, c in enumerate(calls):
        if j not in matched_calls:
            res.add("fp", None)
            emit(DetailRow(sample, "cna", "FP", c.label(), "", f"CN={_fmt(c.cn)}"))
    return res


# --------------------------------------------------------------------------------------------
# Classification


def _ids(items) -> list[str]:
    """Ids of a list of {id: ...} objects (plain strings accepted), order kept, no duplicates."""
    out: list[str] = []
    for it in items or []:
        v = it.get("id") if isinstance(it, dict) else it
        if v is None:
            continue
        v = str(v).strip()
        if v and v not in out:
            out.append(v)
    return out


def _nospace(s) -> str:
    return re.sub(r"\s+", "", str(s))


def truth_classification_units(truth: dict) -> list[tuple[str, str]]:
    """(key, truth value) of every unit of a clinical.yaml."""
    units: list[tuple[str, str]] = []
    group = truth.get("eln2022")
    if isinstance(group, dict):
        group = group.get("group")
    if group not in (None, ""):
        units.append(("eln2022", str(group).strip()))
    for lesion in _ids(truth.get("defining_lesions")):
        units.append((f"lesion:{lesion}", lesion))
    for finding in _ids(truth.get("germline_findings")):
        units.append((f"germline:{finding}", finding))
    karyotype = truth.get("karyotype")
    if karyotype not in (None, ""):
        units.append(("karyotype", str(karyotype).strip()))
    return units


def score_classification(
    sample: str, truth_path: Path, calls_path: Path, emit: Emit
) -> ClassResult:
    truth: dict = {}
    if truth_path.exists():
        with open(truth_path) as fh:
            truth = yaml.safe_load(fh) or {}
    units = truth_classification_units(truth)
    res = ClassResult()
    if not calls_path.exists():
        return _all_missing(res, sample, "classification", calls_path, units, emit)
    with open(calls_path) as fh:
        pred = json.load(fh) or {}

    group = pred.get("eln2022")
    if isinstance(group, dict):
        group = group.get("group")
    pred_group = "" if group is None else str(group).strip()
    pred_lesions = _ids(pred.get("lesions"))
    pred_germline = _ids(pred.get("germline"))
    pred_karyotype = pred.get("karyotype")
    pred_karyotype = "" if pred_karyotype is None else str(pred_karyotype).strip()

    for key, value in units:
        if key == "eln2022":
            called, ok = pred_group, pred_group.casefold() == value.casefold()
        elif key.startswith("lesion:"):
            called, ok = (value if value in pred_lesions else ""), value in pred_lesions
        elif key.startswith("germline:"):
            called, ok = (value if value in pred_germline else ""), value in pred_germline
        else:
            called, ok = pred_karyotype, _nospace(pred_karyotype) == _nospace(value)
        res.add("tp" if ok else "fn", None)
        emit(DetailRow(sample, "classification", "TP" if ok else "FN", key, value, called))

    truth_lesions = {v for k, v in units if k.startswith("lesion:")}
    for lesion in pred_lesions:
        if lesion not in truth_lesions:
            res.add("fp", None)
            emit(DetailRow(sample, "classification", "FP", f"lesion:{lesion}", "", lesion))
    return res


# --------------------------------------------------------------------------------------------
# Karyotype (the CNV stage's ISCN-like summary)


def score_karyotype(sample: str, truth_path: Path, calls_path: Path, emit: Emit) -> ClassResult:
    """One unit per sample with a truth karyotype: TP when the strings agree (whitespace
    ignored), else FN (and the called string as FP when one was written)."""
    truth: dict = {}
    if truth_path.exists():
        with open(truth_path) as fh:
            truth = yaml.safe_load(fh) or {}
    expected = truth.get("karyotype")
    res = ClassResult()
    if expected in (None, ""):
        return res
    expected = str(expected).strip()
    if not calls_path.exists():
        return _all_missing(res, sample, "karyotype", calls_path, [("karyotype", expected)], emit)
    with open(calls_path) as fh:
        called = str((json.load(fh) or {}).get("karyotype") or "").strip()
    if called and _nospace(called) == _nospace(expected):
        res.add("tp", None)
        emit(DetailRow(sample, "karyotype", "TP", "karyotype", expected, called))
    else:
        res.add("fn", None)
        emit(DetailRow(sample, "karyotype", "FN", "karyotype", expected, called))
        if called:
            res.add("fp", None)
            emit(DetailRow(sample, "karyotype", "FP", "karyotype", "", called))
    return res


# --------------------------------------------------------------------------------------------
# Driver


@dataclass
class Paths:
    """Where the truth and the pipeline outputs of one sample are."""

    truth_dir: Path
    results_dir: Path
    # Optional: units.tsv and reference FASTA, to measure what the reads realise (ITD ratio).
    units: Path | None = None
    reference: Path | None = None

    def truth(self, sample: str, cls: str) -> Path:
        d = self.truth_dir
        if cls in ("snv", "indel"):
            plain = d / f"{sample}.small_variants.vcf"
            gz = d / f"{sample}.small_variants.vcf.gz"
            return plain if plain.exists() or not gz.exists() else gz
        name = {
            "itd": "itd.tsv",
            "sv": "sv.bedpe",
            "sv_status": "sv.bedpe",
            "cna": "cna.bed",
            "karyotype": "clinical.yaml",
            "classification": "clinical.yaml",
        }[cls]
        return d / f"{sample}.{name}"

    def calls(self, sample: str, cls: str) -> Path:
        rel = {
            "snv": f"results/small_variants/{sample}.somatic.vcf.gz",
            "indel": f"results/small_variants/{sample}.somatic.vcf.gz",
            "itd": f"results/small_variants/{sample}.itd.vcf.gz",
            "sv": f"results/sv/{sample}.fusions.tsv",
            "sv_status": f"results/sv/{sample}.sv.tsv",
            "cna": f"results/cnv/{sample}.events.tsv",
            "karyotype": f"results/cnv/{sample}.karyotype.json",
            "classification": f"results/interpretation/{sample}.json",
        }[cls]
        return self.results_dir / rel


def score_sample(
    s: Sample,
    paths: Paths,
    emit: Emit,
    vaf_thresholds: Iterable[float] = DEFAULT_VAF_BINS,
    sv_tolerance: int = DEFAULT_SV_TOLERANCE,
    cna_tolerance: float = DEFAULT_CNA_TOLERANCE,
    emit_metric: EmitMetric | None = None,
    paired: bool = True,
) -> dict[str, ClassResult]:
    """All classes of one tumor sample, in CLASSES order (paired: it has a matched normal);
    numeric errors go to ``emit_metric`` (the metrics table)."""
    from alwgs.accuracy_sv_status import score_sv_status  # it builds on this module

    name = s.sample

    def checked(cls: str, fn: Callable[[], object]):
        # A corrupt output must fail the harness loudly, but with the file in the message.
        try:
            return fn()
        except (OSError, ValueError, KeyError, yaml.YAMLError) as e:
            raise RuntimeError(
                f"accuracy: cannot score {cls} of {name} "
                f"(truth {paths.truth(name, cls)}, calls {paths.calls(name, cls)}): {e}"
            ) from e

    out: dict[str, ClassResult] = {}
    out.update(
        checked(
            "snv",
            lambda: score_small_variants(
                name, paths.truth(name, "snv"), paths.calls(name, "snv"), vaf_thresholds, emit
            ),
        )
    )
    reads_ar = None
    if paths.units and paths.reference and paths.units.exists() and paths.reference.exists():
        fastqs = sample_fastqs(paths.units, name)

        def reads_ar(t: Itd):
            return reads_allelic_ratio(paths.reference, fastqs, t.chrom, t.pos, t.insertion)

    out["itd"] = checked(
        "itd",
        lambda: score_itd(
            name, paths.truth(name, "itd"), paths.calls(name, "itd"), emit, reads_ar, emit_metric
        ),
    )
    out["sv"] = checked(
        "sv",
        lambda: score_sv(
            name, paths.truth(name, "sv"), paths.calls(name, "sv"), sv_tolerance, emit
        ),
    )
    out["sv_status"] = checked(
        "sv_status",
        lambda: score_sv_status(
            name,
            paths.truth(name, "sv"),
            paths.calls(name, "sv_status"),
            paired,
            sv_tolerance,
            emit,
        ),
    )
    out["cna"] = checked(
        "cna",
        lambda: score_cna(
            name, s.sex, paths.truth(name, "cna"), paths.calls(name, "cna"), cna_tolerance, emit
        ),
    )
    out["karyotype"] = checked(
        "karyotype",
        lambda: score_karyotype(
            name, paths.truth(name, "karyotype"), paths.calls(name, "karyotype"), emit
        ),
    )
    out["classification"] = checked(
        "classification",
        lambda: score_classification(
            name, paths.truth(name, "classification"), paths.calls(name, "classification"), emit
        ),
    )
    return {cls: out[cls] for cls in CLASSES}


def table_rows(
    sample: str, results: dict[str, ClassResult], vaf_thresholds: Iterable[float]
) -> list[list[str]]:
    """Main-table rows of one sample: 'all' first, then the VAF bins highest first."""
    rows = []
    labels = vaf_bin_labels(vaf_thresholds)
    for cls, res in results.items():
        # VAF bins of small variants; context bins of other classes (sv_status: status=…)
        order = [ALL] + (labels if cls in ("snv", "indel") else [b for b in res.bins if b != ALL])
        for b in order:
            c = res.bins.get(b, Counts())
            rows.append(
                [
                    sample,
                    cls,
                    b,
                    str(c.tp),
                    str(c.fp),
                    str(c.fn),
                    ratio(c.tp, c.tp + c.fn),
                    ratio(c.tp, c.tp + c.fp),
                    ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn)
                    if c.tp + c.fn and c.tp + c.fp
                    else "NA",
                ]
            )
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


def run(
    truth_dir: str | Path,
    results_dir: str | Path,
    samples_tsv: str | Path,
    out: str | Path,
    details_out: str | Path | None = None,
    vaf_thresholds: Iterable[float] = DEFAULT_VAF_BINS,
    sv_tolerance: int = DEFAULT_SV_TOLERANCE,
    cna_tolerance: float = DEFAULT_CNA_TOLERANCE,
    units_tsv: str | Path | None = None,
    reference: str | Path | None = None,
) -> tuple[dict[str, dict[str, ClassResult]], str]:
    """Score every tumor of ``samples_tsv``; write both TSVs; return (results, summary).

    With ``units_tsv`` and ``reference`` the ITD details also give the allelic ratio the
    reads realise (alwgs.accuracy_reads)."""
    vaf_thresholds = tuple(vaf_thresholds)
    out = Path(out)
    details_out = Path(details_out) if details_out else details_path_for(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    details_out.parent.mkdir(parents=True, exist_ok=True)
    paths = Paths(
        Path(truth_dir),
        Path(results_dir),
        Path(units_tsv) if units_tsv else None,
        Path(reference) if reference else None,
    )
    sheet = read_samples(Path(samples_tsv))
    tumors = [s for s in sheet if s.type == "tumor"]
    with_normal = {s.patient for s in sheet if s.type == "normal"}

    all_results: dict[str, dict[str, ClassResult]] = {}
    # Write to temporary names and rename at the end, so a failed run leaves no table that
    # looks complete (Snakemake would otherwise see a half-written output).
    tmp_out = out.with_name(out.name + ".tmp")
    tmp_details = details_out.with_name(details_out.name + ".tmp")
    metrics_out = metrics_path_for(out)
    tmp_metrics = metrics_out.with_name(metrics_out.name + ".tmp")
    with (
        open(tmp_out, "w", newline="") as fo,
        open(tmp_details, "w", newline="") as fd,
        open(tmp_metrics, "w", newline="") as fm,
    ):
        main = csv.writer(fo, delimiter="\t", lineterminator="\n")
        det = csv.writer(fd, delimiter="\t", lineterminator="\n")
        met = csv.writer(fm, delimiter="\t", lineterminator="\n")
        main.writerow(MAIN_COLUMNS)
        det.writerow(DETAIL_COLUMNS)
        met.writerow(METRIC_COLUMNS)

        def emit(row: DetailRow) -> None:
            det.writerow(row.fields())

        def emit_metric(row: MetricRow) -> None:
            met.writerow(row.fields())

        for s in tumors:
            res = score_sample(
                s,
                paths,
                emit,
                vaf_thresholds,
                sv_tolerance,
                cna_tolerance,
                emit_metric,
                paired=s.patient in with_normal,
            )
            all_results[s.sample] = res
            main.writerows(table_rows(s.sample, res, vaf_thresholds))
        if paths.reference and paths.reference.exists():
            # Germline calls of each normal, filtered and bare, by repeat context (the
            # contexts are read from the reference).
            from alwgs import accuracy_germline

            for s in read_samples(Path(samples_tsv)):
                if s.type == "normal":
                    res = accuracy_germline.score_normal(
                        s.sample,
                        s.patient,
                        paths.truth_dir,
                        paths.results_dir,
                        paths.reference,
                        emit,
                    )
                    main.writerows(accuracy_germline.table_rows(s.sample, res))
    tmp_out.replace(out)
    tmp_details.replace(details_out)
    tmp_metrics.replace(metrics_out)
    return all_results, summary_text(all_results)


def read_accuracy(path: str | Path) -> list[dict[str, str]]:
    """The main table as a list of dicts (tests and report code)."""
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))
