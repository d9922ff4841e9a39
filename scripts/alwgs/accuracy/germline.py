"""Germline calls of each normal scored against the patient's planted germline truth.

Truth: ``<truth_dir>/<patient>.germline.vcf`` (every germline allele of the patient, GT per
record). Calls: ``results/small_variants/<normal>.germline.vcf.gz`` (PASS records: what the
pipeline reports) and, for comparison on the same reads, the bare caller's
``results/small_variants/<normal>.germline.raw.vcf.gz`` (every record).

Classes: ``germline_snv``, ``germline_indel`` (filtered) and ``germline_snv_raw``,
``germline_indel_raw`` (bare). The table's ``vaf_bin`` column carries the repeat context of
the allele, read from the reference (alwgs.variants.repeat_context): ``all``,
``homopolymer>=6``, ``str`` (short tandem repeat >= 12 bp), ``other``; a false positive
gets the context of where it was called. A call matches a truth allele with the same
normalised alleles; an indel also matches a truth indel of the same kind and sequence (up to
rotation) within INDEL_SHIFT bp, as in the somatic scoring. Genotype (het/hom) is not scored.
"""

from __future__ import annotations

from pathlib import Path

import pysam

from alwgs.accuracy.alleles import Allele, IndelIndex, is_symbolic, minimal_allele
from alwgs.accuracy.model import ALL, ClassResult, Counts, DetailRow, Emit
from alwgs.accuracy.small_variants import read_truth_small
from alwgs.accuracy.tables import count_row
from alwgs.variants.repeat_context import context_at

CONTEXTS = (ALL, "homopolymer>=6", "str", "other")
_LABEL = {"homopolymer": "homopolymer>=6", "str": "str", "none": "other"}
CALLS = {"": "{s}.germline.vcf.gz", "_raw": "{s}.germline.raw.vcf.gz"}


def called_alleles(path: Path, pass_only: bool) -> list[Allele]:
    """Alleles of the normal's calls that carry an ALT in the sample's genotype."""
    out = []
    with pysam.VariantFile(str(path)) as vf:
        sample = next(iter(vf.header.samples), None)
        for rec in vf:
            filters = list(rec.filter.keys())
            if pass_only and filters and filters != ["PASS"]:
                continue
            gt = rec.samples[sample].get("GT") if sample else None
            for i, alt in enumerate(rec.alts or ()):
                if is_symbolic(alt):
                    continue
                if gt is not None and (i + 1) not in gt:
                    continue
                out.append(Allele(rec.chrom, *minimal_allele(rec.pos, rec.ref, alt)))
    return out


class _Contexts:
    """Repeat-context label of an allele, from the reference (contigs loaded once)."""

    def __init__(self, reference: Path):
        self.fa = pysam.FastaFile(str(reference))
        self.seqs: dict[str, str] = {}

    def __call__(self, a: Allele) -> str:
        if a.chrom not in self.seqs:
            self.seqs[a.chrom] = self.fa.fetch(a.chrom)
        return _LABEL[context_at(self.seqs[a.chrom], a.pos - 1, a.ref, a.alt).label]


def score_calls(
    sample: str,
    suffix: str,
    truth: list[Allele],
    calls: list[Allele],
    context,
    emit: Emit,
) -> dict[str, ClassResult]:
    """TP/FP/FN of one call set, by SNV/indel and repeat context."""
    for t in truth:
        t.matched = False
    out = {f"germline_{k}{suffix}": ClassResult() for k in ("snv", "indel")}
    by_key = {t.key: t for t in truth}
    index = IndelIndex(truth)
    for c in calls:
        t = by_key.get(c.key)
        if t is not None and t.matched:
            t = None
        if t is None and c.cls == "indel":
            t = index.find(c)
        cls = f"germline_{c.cls}{suffix}"
        if t is not None:
            t.matched = True
            out[f"germline_{t.cls}{suffix}"].add("tp", context(t))
            continue
        label = context(c)
        out[cls].add("fp", label)
        emit(DetailRow(sample, cls, "FP", f"{c.chrom}:{c.pos} {c.ref}>{c.alt}", "", "", label))
    for t in truth:
        if not t.matched:
            cls = f"germline_{t.cls}{suffix}"
            label = context(t)
            out[cls].add("fn", label)
            emit(DetailRow(sample, cls, "FN", f"{t.chrom}:{t.pos} {t.ref}>{t.alt}", "", "", label))
    return out


def score_normal(
    sample: str, patient: str, truth_dir: Path, results_dir: Path, reference: Path, emit: Emit
) -> dict[str, ClassResult]:
    """Filtered and bare calls of one normal; a missing call file counts all truth as FN.
    No rows when the truth has no germline file for the patient (a validation set may not)."""
    truth_path = truth_dir / f"{patient}.germline.vcf"
    if not truth_path.exists():
        return {}
    truth, _ = read_truth_small(truth_path)
    context = _Contexts(reference)
    out: dict[str, ClassResult] = {}
    for suffix, pattern in CALLS.items():
        path = results_dir / "results" / "small_variants" / pattern.format(s=sample)
        if path.exists():
            calls = called_alleles(path, pass_only=suffix == "")
        else:
            emit(DetailRow(sample, f"germline{suffix}", "MISSING", str(path.name), note="no file"))
            calls = []
        res = score_calls(sample, suffix, truth, calls, context, emit)
        for r in res.values():
            r.missing = not path.exists()
        out.update(res)
    return out


def table_rows(sample: str, results: dict[str, ClassResult]) -> list[list[str]]:
    """Main-table rows of one normal, in MAIN_COLUMNS order, contexts in order."""
    return [
        count_row(sample, cls, b, res.bins.get(b, Counts()))
        for cls, res in results.items()
        for b in CONTEXTS
    ]
