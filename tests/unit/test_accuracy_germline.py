"""Germline scoring of the accuracy harness (scripts/alwgs/accuracy/germline.py, hooked into
alwgs.accuracy.run): a normal's filtered and bare calls against its patient's germline truth,
by SNV/indel and repeat context, with the f1 column. Counts are worked out in the comments."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pysam
from alwgs import accuracy as acc

# A 300-bp contig: random sequence with an 8-bp A homopolymer at 100-107 (0-based; the base
# before it, 99, is G) and a (CA)x7 STR at 200-213 (base before it, 199, is G).
_rng = np.random.default_rng(11)
_seq = list("ACGT"[i] for i in _rng.integers(0, 4, 300))
_seq[99], _seq[100:108], _seq[108] = "G", list("A" * 8), "C"
_seq[199], _seq[200:214], _seq[214] = "G", list("CA" * 7), "G"
SEQ = "".join(_seq)

TRUTH = [
    (51, SEQ[50], "T" if SEQ[50] != "T" else "G"),  # SNV, called -> TP (other)
    (100, "GA", "G"),  # one A of the homopolymer deleted -> TP (homopolymer>=6)
    (200, "GCA", "G"),  # one CA of the STR deleted -> TP bare, FN filtered (LowDepth)
    (151, SEQ[150], "T" if SEQ[150] != "T" else "G"),  # SNV never called -> FN (other)
]
FP_HP = (100, "G", "GA")  # slippage insertion in the homopolymer: FP bare, filtered out
FP_SNV = (251, SEQ[250], "T" if SEQ[250] != "T" else "G")  # FP bare, filtered out

HEAD = """##fileformat=VCFv4.2
##contig=<ID=chr1,length=300>
##FILTER=<ID=LowDepth,Description="d">
##FILTER=<ID=LowQual,Description="q">
##FILTER=<ID=RepeatIndelLowFraction,Description="r">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
"""


def _vcf(path: Path, rows: list[tuple], sample: str) -> None:
    body = [f"chr1\t{p}\t.\t{r}\t{a}\t50\t{flt}\t.\tGT\t{gt}" for (p, r, a), flt, gt in rows]
    cols = f"#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t{sample}\n"
    path.write_text(HEAD + cols + "".join(b + "\n" for b in body))


def _batch(tmp_path: Path) -> dict[str, Path]:
    ref = tmp_path / "ref.fa"
    ref.write_text(">chr1\n" + SEQ + "\n")
    pysam.faidx(str(ref))
    truth = tmp_path / "truth"
    truth.mkdir()
    _vcf(truth / "P1.germline.vcf", [(t, "PASS", "0/1") for t in sorted(TRUTH)], "P1")
    sv = tmp_path / "batch" / "results" / "small_variants"
    sv.mkdir(parents=True)
    called = [TRUTH[0], TRUTH[1], FP_HP, TRUTH[2], FP_SNV]
    raw_rows = sorted((c, ".", "0/1") for c in called)
    filt = {FP_HP: "RepeatIndelLowFraction", TRUTH[2]: "LowDepth", FP_SNV: "LowQual"}
    filt_rows = sorted((c, filt.get(c, "PASS"), "0/1") for c in called)
    for name, rows in (("N1.germline.raw.vcf", raw_rows), ("N1.germline.vcf", filt_rows)):
        _vcf(sv / name, rows, "N1")
        pysam.tabix_index(str(sv / name), preset="vcf", force=True)
    samples = tmp_path / "samples.tsv"
    samples.write_text(
        "sample\tpatient\ttype\tsex\tdiagnosis\tpurity\n"
        "T1\tP1\ttumor\tmale\tAML\t0.8\nN1\tP1\tnormal\tmale\tAML\t\n"
    )
    return {"ref": ref, "truth": truth, "results": tmp_path / "batch", "samples": samples}


def test_contexts_of_the_fixture():
    from alwgs.variants.repeat_context import context_at

    assert context_at(SEQ, 99, "GA", "G").label == "homopolymer"
    assert context_at(SEQ, 199, "GCA", "G").label == "str"
    for pos, ref, alt in (TRUTH[0], TRUTH[3], FP_SNV):
        assert context_at(SEQ, pos - 1, ref, alt).label == "none"


def test_filtered_and_bare_calls_by_context(tmp_path):
    b = _batch(tmp_path)
    out = tmp_path / "acc" / "accuracy.tsv"
    acc.run(b["truth"], b["results"], b["samples"], out, reference=b["ref"])
    rows = {(r["sample"], r["class"], r["vaf_bin"]): r for r in acc.read_accuracy(out)}

    def got(cls, ctx):
        r = rows[("N1", cls, ctx)]
        return int(r["tp"]), int(r["fp"]), int(r["fn"]), r["f1"]

    # Filtered (PASS only): SNV 50 TP, SNV 150 FN; homopolymer deletion TP, STR deletion FN
    # (its call failed LowDepth); both false calls failed a filter.
    assert got("germline_snv", "all") == (1, 0, 1, "0.6667")
    assert got("germline_snv", "other") == (1, 0, 1, "0.6667")
    assert got("germline_indel", "all") == (1, 0, 1, "0.6667")
    assert got("germline_indel", "homopolymer>=6") == (1, 0, 0, "1.0000")
    assert got("germline_indel", "str") == (0, 0, 1, "NA")
    # Bare: every record counts.
    assert got("germline_snv_raw", "other") == (1, 1, 1, "0.5000")
    assert got("germline_indel_raw", "all") == (2, 1, 0, "0.8000")
    assert got("germline_indel_raw", "homopolymer>=6") == (1, 1, 0, "0.6667")
    assert got("germline_indel_raw", "str") == (1, 0, 0, "1.0000")
    # f1 is the last column, for every class.
    header = out.read_text().splitlines()[0].split("\t")
    assert header == list(acc.MAIN_COLUMNS) and header[-1] == "f1"
    t1 = rows[("T1", "snv", "all")]
    assert t1["f1"] == "NA"  # no truth and no calls for the tumor


def test_no_germline_rows_without_reference_or_truth(tmp_path):
    b = _batch(tmp_path)
    out = tmp_path / "acc.tsv"
    acc.run(b["truth"], b["results"], b["samples"], out)
    assert not [r for r in acc.read_accuracy(out) if r["class"].startswith("germline")]
    (b["truth"] / "P1.germline.vcf").unlink()
    acc.run(b["truth"], b["results"], b["samples"], out, reference=b["ref"])
    assert not [r for r in acc.read_accuracy(out) if r["class"].startswith("germline")]
