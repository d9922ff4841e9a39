"""The partner region of a targeted count found from the sequence (alwgs.sv.kmer_scan,
alwgs.sv.homology, alwgs.sv.partner_regions) on a hand-built FASTA: a tandem array whose one
annotated unit is the "copy", a 98.5%-identical homologous array elsewhere (one of them
reverse-complemented and soft-masked), and the things that must not be taken for homologs: a
90%-identical relative, a 300-bp piece of the unit on its own, a microsatellite run the unit
also holds, and a gene that is no repeat at all."""

import random

import numpy as np
import pysam
import pytest
from alwgs.sv.genes import Gene, GeneIndex
from alwgs.sv.homology import find_blocks, tandem_period, unit_seeds
from alwgs.sv.kmer_scan import SeedSet, encode, kmer_values, revcomp_values, scan_region
from alwgs.sv.known_fusions import TargetedRearrangement
from alwgs.sv.partner_regions import (
    ARRAY,
    COPY,
    HOMOLOGOUS,
    describe,
    find,
    partner_genes,
    read_table,
    write_table,
)

UNIT = 2000
MICRO = "CA" * 15  # inside the unit; a long CA run elsewhere shares only this k-mer's kind
ROW = TargetedRearrangement("ANCH::REP", "ANCH", "REP", r"^REP(L[0-9]+)?$", 30, 500, "test")


def _dna(rng, n):
    return "".join(rng.choice("ACGT") for _ in range(n))


def _revcomp(s):
    return s[::-1].translate(str.maketrans("ACGTacgt", "TGCAtgca"))


def _mutate(rng, s, rate):
    """Substitutions at `rate`, spread evenly enough (every 1/rate bp, random offset)."""
    out, step = list(s), int(round(1 / rate))
    for i in range(rng.randrange(step), len(s), step):
        out[i] = rng.choice([b for b in "ACGT" if b != s[i]])
    return "".join(out)


def build():
    """chr1: 20 kb, an array of 8 units (0.1% apart; the annotated REP is the last unit plus
    300 bp of unique tail), 20 kb. chr2: 15 kb, a 5-unit array at 1.5% from the first,
    reverse-complemented and lowercase (soft-masked), with a 300-N gap inside, 15 kb.
    chr3: a 3-unit relative at 10%, a lone 300-bp piece of the unit, a 3-kb CA run, and the
    single-copy gene REPL9."""
    rng = random.Random(7)
    unit = _dna(rng, 900) + MICRO + _dna(rng, UNIT - 900 - len(MICRO))
    units = [_mutate(rng, unit, 0.001) for _ in range(8)]
    tail = _dna(rng, 300)
    chr1 = _dna(rng, 20_000) + "".join(units) + tail + _dna(rng, 20_000)
    founder = _mutate(rng, unit, 0.015)
    arr2 = "".join(_mutate(rng, founder, 0.001) for _ in range(5))
    arr2 = arr2[:5_000] + "N" * 300 + arr2[5_300:]
    chr2 = _dna(rng, 15_000) + _revcomp(arr2).lower() + _dna(rng, 15_000)
    relative = _mutate(rng, unit, 0.10)
    single = _dna(rng, 3_000)
    chr3 = (
        _dna(rng, 10_000)
        + relative * 3
        + _dna(rng, 10_000)
        + unit[1_200:1_500]
        + _dna(rng, 10_000)
        + "CA" * 1_500
        + _dna(rng, 10_000)
        + single
        + _dna(rng, 10_000)
    )
    contigs = {"chr1": chr1, "chr2": chr2, "chr3": chr3}
    rep_start = 20_000 + 7 * UNIT  # the last unit, 0-based
    single_at = len(chr3) - 10_000 - 3_000
    genes = [
        Gene("REP", "chr1", rep_start + 1, 20_000 + 8 * UNIT + 300, "+", "protein_coding"),
        Gene("REPL9", "chr3", single_at + 1, single_at + 3_000, "+", "protein_coding"),
        Gene("ANCH", "chr3", 1, 5_000, "+", "protein_coding"),
    ]
    return contigs, genes


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    contigs, genes = build()
    fa = tmp_path_factory.mktemp("partner") / "ref.fa"
    with open(fa, "w") as fh:
        for name, s in contigs.items():
            fh.write(f">{name}\n" + "".join(s[i : i + 60] + "\n" for i in range(0, len(s), 60)))
    pysam.faidx(str(fa))
    return fa, contigs, genes


# ------------------------------------------------------------------ k-mers
def _naive(s, k):
    code = {b: i for i, b in enumerate("ACGT")}
    out = []
    for i in range(len(s) - k + 1):
        w = s[i : i + k].upper()
        if set(w) <= set("ACGT"):
            v = 0
            for b in w:
                v = 4 * v + code[b]
            out.append((i, v))
    return out


@pytest.mark.parametrize("k", [1, 3, 8, 13, 24, 31, 32])
def test_packed_kmers_match_a_plain_count(k):
    rng = random.Random(k)
    s = "".join(
        rng.choice("ACGTacgtN") if rng.random() < 0.1 else rng.choice("ACGT") for _ in range(600)
    )
    values, valid = kmer_values(encode(s), k)
    assert [(i, int(values[i])) for i in np.flatnonzero(valid)] == _naive(s, k)
    rc_values, rc_valid = kmer_values(encode(_revcomp(s)), k)
    assert (revcomp_values(values[valid], k) == rc_values[::-1][valid]).all()


def test_chunk_seams_lose_and_double_no_hit(reference):
    fa, contigs, _ = reference
    seeds = SeedSet(kmer_values(encode(contigs["chr1"][34_000:36_000]), 24)[0])
    with pysam.FastaFile(str(fa)) as fasta:
        whole = scan_region(fasta, seeds, "chr1", 0, len(contigs["chr1"]), 10_000_000)
        chunked = scan_region(fasta, seeds, "chr1", 0, len(contigs["chr1"]), 997)
    assert len(whole[0]) > 8 * 1_900  # every unit of the array
    assert (whole[0] == chunked[0]).all() and (whole[1] == chunked[1]).all()


# ------------------------------------------------------------------ the unit and its homologs
def test_the_copy_gives_its_tandem_unit(reference):
    fa, _, genes = reference
    with pysam.FastaFile(str(fa)) as fasta:
        rep = unit_seeds(fasta, "chr1", genes[0].start - 1, genes[0].end)
        single = unit_seeds(fasta, "chr3", genes[1].start - 1, genes[1].end)
    assert rep.period == UNIT
    # the unit's k-mers on both strands, not the copy's unique 300-bp tail
    assert 2 * 1_900 < len(rep.seeds) <= 2 * UNIT
    assert single.period is None and len(single.seeds) == 2 * (3_000 - 23)


def test_tandem_period_needs_enough_recurring_kmers():
    pos = np.array([0, 3_300, 6_600] * 1, dtype=np.int64)
    val = np.array([5, 5, 5], dtype=np.uint64)
    assert tandem_period(pos, val)[0] is None  # one k-mer is no unit
    many = np.arange(1_000, dtype=np.uint64)
    pos = np.concatenate([np.arange(1_000), np.arange(1_000) + 3_300]).astype(np.int64)
    period, recurring = tandem_period(pos, np.concatenate([many, many]))
    assert period == 3_300 and len(recurring) == 1_000


def test_arrays_and_homologs_are_found_and_lookalikes_are_not(reference):
    fa, contigs, genes = reference
    with pysam.FastaFile(str(fa)) as fasta:
        rep = unit_seeds(fasta, "chr1", genes[0].start - 1, genes[0].end)
        blocks = find_blocks(fasta, rep.seeds)
        small_chunks = find_blocks(fasta, rep.seeds, chunk_bp=4_999)
    assert blocks == small_chunks
    by_chrom = {b.chrom: b for b in blocks}
    assert sorted(by_chrom) == ["chr1", "chr2"]  # not the 10% relative, piece or CA run
    a = by_chrom["chr1"]
    # the array, not the copy's tail; an edge moves in by a k-mer or so where the outer
    # unit's own substitutions (0.1%) break the copy's k-mers
    assert abs(a.start - 20_000) < 100 and abs(a.end - (20_000 + 8 * UNIT)) < 100
    assert a.period == UNIT and a.units == pytest.approx(8.0, abs=0.05)
    assert a.kmer_fraction > 0.95
    h = by_chrom["chr2"]
    # the reverse-complemented, lowercase 5-unit homolog, one stretch across its N gap
    assert abs(h.start - 15_000) < 100 and abs(h.end - (15_000 + 5 * UNIT)) < 100
    assert h.period == UNIT and h.units == pytest.approx(5.0, abs=0.05)
    # 98.5% identity: ~0.985^24 of its k-mers exact (fewer here: evenly spaced substitutions
    # and the N gap)
    assert 0.5 < h.kmer_fraction < 0.8


def test_partner_region_of_a_row(reference, tmp_path):
    fa, contigs, genes = reference
    index = GeneIndex(genes)
    lengths = {c: len(s) for c, s in contigs.items()}
    copies = partner_genes(ROW, index, lengths)
    assert [g.name for g in copies] == ["REP", "REPL9"]  # not ANCH
    with pysam.FastaFile(str(fa)) as fasta:
        regions, units, blocks = find(ROW, copies, fasta)
    assert [u.period for u in units] == [UNIT, None]
    got = {(r.chrom, r.kind): r for r in regions}
    assert sorted(got) == [("chr1", ARRAY), ("chr2", HOMOLOGOUS), ("chr3", COPY)]
    arr = got["chr1", ARRAY]
    # the array widened by the margin, up to the copy's tail + margin
    assert abs(arr.start - (20_000 - 500)) < 100 and arr.end == genes[0].end + 500
    assert arr.copies == ("REP",) and arr.units == pytest.approx(8.0, abs=0.05)
    single = got["chr3", COPY]
    assert (single.start, single.end) == (genes[1].start - 1 - 500, genes[1].end + 500)
    text = describe(regions)
    assert text.startswith(f"REP array chr1:{arr.start + 1}-{arr.end} (8.0 units of 2,000 bp)")
    assert " + homologous chr2:" in text and "(5.0 units of 2,000 bp)" in text
    assert text.endswith(f" + REPL9 copy chr3:{single.start + 1}-{single.end}")
    out = tmp_path / "regions.tsv"
    write_table(regions, out)
    assert read_table(out) == {"ANCH::REP": regions}


def test_no_copies_no_region(reference):
    fa, *_ = reference
    with pysam.FastaFile(str(fa)) as fasta:
        assert find(ROW, [], fasta) == ([], [], [])


HEADER = "name\tchrom\tstart\tend\tkind\tcopies\tperiod_bp\tunits\tkmer_fraction\n"


@pytest.mark.parametrize(
    "line,message",
    [
        ("X\tchr1\tone\t10\tarray\tREP\t5\t2\t0.9", "line 2: start 'one' is not a number"),
        ("X\tchr1\t1\t10\tarray\tREP\tx\t2\t0.9", "line 2: period_bp 'x' is not a number"),
        ("X\tchr1\t1\t10\tblob\tREP\t5\t2\t0.9", "line 2: kind 'blob' is not a region kind"),
        ("X\tchr1\t20\t10\tarray\tREP\t5\t2\t0.9", "line 2: start 20, end 10: not an interval"),
        ("X\tchr1\t1\t10\tarray", "line 2: 5 fields, not 9"),
    ],
)
def test_a_bad_region_table_names_file_line_and_field(tmp_path, line, message):
    path = tmp_path / "r.tsv"
    path.write_text(HEADER + line + "\n")
    with pytest.raises(ValueError, match=f"{path}: {message}"):
        read_table(path)
    path.write_text("name\tchrom\n")
    with pytest.raises(ValueError, match="header is not the partner-region table's"):
        read_table(path)
