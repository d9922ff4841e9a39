"""Classes snv and indel: a tumor's somatic calls against its truth VCF.

Truth ``<sample>.small_variants.vcf``, calls ``results/small_variants/<sample>.somatic.vcf.gz``.
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
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pysam

from alwgs.accuracy.alleles import (
    Allele,
    IndelIndex,
    is_symbolic,
    minimal_allele,
    parse_info,
    per_allele_float,
)
from alwgs.accuracy.itd import ITD_POS_TOLERANCE
from alwgs.accuracy.model import ClassResult, Counts, DetailRow, Emit, vaf_bin, vaf_bin_labels
from alwgs.accuracy.tables import fmt, missing_rows, open_text


def read_truth_small(path: Path) -> tuple[list[Allele], list[Allele]]:
    """(SNV/INDEL truth alleles, ITD truth alleles) of a truth VCF, read line by line.

    Plain text parsing instead of pysam: the truth is an uncompressed VCF and we only need a
    few INFO keys, so no dependency on complete header definitions.
    """
    small: list[Allele] = []
    itd: list[Allele] = []
    seen: set[tuple[str, int, str, str]] = set()
    with open_text(path) as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            f = line.rstrip("\r\n").split("\t")
            if len(f) < 8:
                continue
            chrom, pos, ref, alts = f[0], int(f[1]), f[3], f[4]
            info = parse_info(f[7])
            vartype = str(info.get("VARTYPE", "")).upper()
            for i, alt in enumerate(alts.split(",")):
                if is_symbolic(alt):
                    continue
                p, r, a = minimal_allele(pos, ref, alt)
                allele = Allele(chrom, p, r, a, per_allele_float(info.get("EXPECTED_VAF"), i))
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
                vaf = per_allele_float(fmt_af, i)
                if vaf is None:
                    vaf = per_allele_float(info_af, i)
                p, r, a = minimal_allele(rec.pos, rec.ref, alt)
                yield Allele(rec.chrom, p, r, a, vaf)


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
        return f"EXPECTED_VAF={fmt(t.vaf)}"

    if not calls_path.exists():
        for cls in ("snv", "indel"):
            results[cls].missing = True
        for t in truth:
            results[t.cls].add("fn", vaf_bin(t.vaf, thresholds))
        for cls in ("snv", "indel"):
            keys = [(t.label(), truth_value(t)) for t in truth if t.cls == cls]
            missing_rows(sample, cls, calls_path, keys, emit)
        return results

    by_key = {t.key: t for t in truth}
    itd_keys = {t.key for t in truth_itd}
    # A tandem duplication can be placed anywhere along the duplicated copy, so the window to
    # recognise a truth ITD is the itd class's position tolerance, not the indel shift.
    itd_index = IndelIndex(truth_itd, window=ITD_POS_TOLERANCE)
    index = IndelIndex(truth)
    seen: set[tuple[str, int, str, str]] = set()
    pending: list[Allele] = []  # indel calls without an exact match, for the fallback pass

    def fp(call: Allele, note: str = "") -> None:
        results[call.cls].add("fp", vaf_bin(call.vaf, thresholds))
        emit(DetailRow(sample, call.cls, "FP", call.label(), "", f"VAF={fmt(call.vaf)}", note))

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
            emit(DetailRow(sample, t.cls, "TP", t.label(), truth_value(t), f"VAF={fmt(call.vaf)}"))
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
                f"{call.label()} VAF={fmt(call.vaf)}",
                f"matched at shifted position ({call.pos - t.pos:+d} bp)",
            )
        )

    for t in truth:
        if not t.matched:
            results[t.cls].add("fn", vaf_bin(t.vaf, thresholds))
            emit(DetailRow(sample, t.cls, "FN", t.label(), truth_value(t), ""))
    return results
