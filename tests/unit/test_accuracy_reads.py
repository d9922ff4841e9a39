"""The harness's read-level ITD ratio (alwgs.accuracy.reads) and the karyotype class."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pysam
from alwgs import accuracy as acc
from alwgs.accuracy import reads as ar

random.seed(7)
REF = "".join(random.choice("ACGT") for _ in range(2000))
POS = 1000  # insertion after this 1-based base
DUP = REF[POS : POS + 40]  # tandem duplication of the 40 bases that follow


def alleles():
    return REF, REF[:POS] + DUP + REF[POS:]


def write_fastq(path: Path, reads: list[str]) -> Path:
    with gzip.open(path, "wt") as fh:
        for i, seq in enumerate(reads):
            fh.write(f"@r{i}\n{seq}\n+\n{'I' * len(seq)}\n")
    return path


def fragment_pairs(seq: str, start: int, end: int, step: int, insert: int = 300):
    """Read pairs of fragments starting every ``step`` bases (R2 reverse-complemented)."""
    frags = [seq[i : i + insert] for i in range(start, end, step)]
    return [(f[:150], ar.revcomp(f[-150:])) for f in frags]


def write_pairs(tmp_path: Path, pairs) -> list[tuple[Path, Path]]:
    r1 = write_fastq(tmp_path / "s_R1.fastq.gz", [a for a, _ in pairs])
    r2 = write_fastq(tmp_path / "s_R2.fastq.gz", [b for _, b in pairs])
    return [(r1, r2)]


def reference(tmp_path: Path) -> Path:
    fasta = tmp_path / "ref.fa"
    fasta.write_text(f">chrT\n{REF}\n")
    pysam.faidx(str(fasta))
    return fasta


def test_tandem_duplication_has_itd_only_and_shared_kmers():
    left, right = REF[POS - 150 : POS], REF[POS : POS + 150]
    itd_only, shared = ar.informative_kmers(left, DUP, right)
    ref_allele, alt_allele = left + right, left + DUP + right
    assert itd_only and shared
    for x in itd_only:
        assert x in alt_allele and x not in ref_allele
    for x in shared:
        assert ref_allele.count(x) == 1 and alt_allele.count(x) == 1


def test_ratio_follows_the_fragments_not_an_expectation(tmp_path):
    ref, alt = alleles()
    # Fragments start at every second base on the reference allele and at every sixth base
    # on the ITD allele (never the same start, which would make them one molecule): a
    # quarter of the fragments carry the ITD, allelic ratio 1/3.
    pairs = fragment_pairs(ref, 500, 1100, 2) + fragment_pairs(alt, 501, 1141, 6)
    ratio, itd, spanning = ar.reads_allelic_ratio(
        reference(tmp_path), write_pairs(tmp_path, pairs), "chrT", POS, DUP
    )
    assert abs(ratio - 1 / 3) < 0.03, ratio
    assert 0 < itd < spanning


def test_pcr_duplicates_count_once(tmp_path):
    ref, alt = alleles()
    pairs = fragment_pairs(ref, 500, 1100, 2) + fragment_pairs(alt, 501, 1141, 6)
    fasta = reference(tmp_path)
    plain = ar.reads_allelic_ratio(fasta, write_pairs(tmp_path, pairs), "chrT", POS, DUP)
    itd_pairs = fragment_pairs(alt, 501, 1141, 6)
    duplicated = pairs + itd_pairs * 3  # every ITD fragment sequenced four times
    dup = ar.reads_allelic_ratio(fasta, write_pairs(tmp_path, duplicated), "chrT", POS, DUP)
    assert dup == plain


def test_no_itd_reads_gives_ratio_zero_and_no_insertion_gives_none(tmp_path):
    ref, _ = alleles()
    fasta = reference(tmp_path)
    pairs = write_pairs(tmp_path, fragment_pairs(ref, 500, 1100, 2))
    ratio, itd_reads, _ = ar.reads_allelic_ratio(fasta, pairs, "chrT", POS, DUP)
    assert ratio == 0 and itd_reads == 0
    assert ar.reads_allelic_ratio(fasta, pairs, "chrT", POS, "") is None


def test_sample_fastqs_resolves_relative_paths(tmp_path):
    units = tmp_path / "units.tsv"
    units.write_text(
        "sample\tunit\tplatform\tfq1\tfq2\n"
        "T\tL1\tILLUMINA\tfq/T_R1.fq.gz\t/abs/T_R2.fq.gz\n"
        "N\tL1\tILLUMINA\tfq/N_R1.fq.gz\tfq/N_R2.fq.gz\n"
    )
    assert ar.sample_fastqs(units, "T") == [(tmp_path / "fq/T_R1.fq.gz", Path("/abs/T_R2.fq.gz"))]


def test_sample_fastqs_of_a_sample_with_a_bam_unit_is_empty(tmp_path):
    """A BAM/CRAM unit's reads are in no FASTQ: the realised ratio is not measured (None),
    rather than measured on the sample's FASTQ units alone."""
    units = tmp_path / "units.tsv"
    units.write_text(
        "sample\tunit\tplatform\tfq1\tfq2\tbam\n"
        "T\tL1\tILLUMINA\tfq/T_R1.fq.gz\tfq/T_R2.fq.gz\t\n"
        "T\tA1\tILLUMINA\t\t\tarchive/T.bam\n"
        "N\tL1\tILLUMINA\tfq/N_R1.fq.gz\tfq/N_R2.fq.gz\t\n"
    )
    assert ar.sample_fastqs(units, "T") == []
    assert ar.sample_fastqs(units, "N") == [
        (tmp_path / "fq/N_R1.fq.gz", tmp_path / "fq/N_R2.fq.gz")
    ]
    assert ar.reads_allelic_ratio(tmp_path / "ref.fa", [], "chr1", 10, "ACGT") is None


def counts(res) -> tuple[int, int, int]:
    c = res.bins["all"]
    return c.tp, c.fp, c.fn


def _karyotype_case(tmp_path, truth: str | None, called: str | None):
    truth_path = tmp_path / "T.clinical.yaml"
    truth_path.write_text(f"karyotype: '{truth}'\n" if truth else "eln2022: null\n")
    calls = tmp_path / "T.karyotype.json"
    if called is not None:
        calls.write_text(json.dumps({"karyotype": called}))
    rows = []
    res = acc.score_karyotype("T", truth_path, calls, rows.append)
    return res, [(r.status, r.called_value) for r in rows]


def test_karyotype_agrees_ignoring_whitespace(tmp_path):
    res, rows = _karyotype_case(tmp_path, "46,XY,del(5q),-7", "46,XY, del(5q), -7")
    assert counts(res) == (1, 0, 0)
    assert rows[0][0] == "TP"


def test_karyotype_disagreeing_is_fn_and_fp(tmp_path):
    res, rows = _karyotype_case(tmp_path, "46,XX,t(9;22)(q34.12;q11.23)", "46,XX")
    assert counts(res) == (0, 1, 1)
    assert [s for s, _ in rows] == ["FN", "FP"]


def test_karyotype_missing_output_and_no_truth(tmp_path):
    res, _ = _karyotype_case(tmp_path, "46,XY", None)
    assert counts(res)[::2] == (0, 1) and res.missing
    res, rows = _karyotype_case(tmp_path, None, "46,XY")
    assert counts(res) == (0, 0, 0) and rows == []


def test_long_itd_ratio_is_not_biased_by_its_length(tmp_path):
    """A 130-bp ITD, longer than a read minus a k-mer on each side: both k-mer kinds are K
    wide, so either allele's fragments hold one with the same chance (the harness's reference
    stays fair for the long demo ITD)."""
    dup = REF[POS : POS + 130]
    alt = REF[:POS] + dup + REF[POS:]
    pairs = fragment_pairs(REF, 500, 1100, 2) + fragment_pairs(alt, 501, 1241, 6)
    ratio, itd, spanning = ar.reads_allelic_ratio(
        reference(tmp_path), write_pairs(tmp_path, pairs), "chrT", POS, dup
    )
    assert abs(ratio - 1 / 3) < 0.03, ratio
    assert 0 < itd < spanning
