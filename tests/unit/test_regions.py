"""Regions from the reference: N-free runs, calling chunks, transcripts and codon targets."""

import random

import pytest
from alwgs.regions import (
    Transcript,
    codon_range_region,
    non_n_runs,
    preferred_transcripts,
    read_transcripts,
    split_chunks,
)


def fasta(tmp_path, text):
    path = tmp_path / "ref.fa"
    path.write_text(text)
    return path


def runs(tmp_path, text, min_length=1):
    return list(non_n_runs(fasta(tmp_path, text), min_length))


def bases(chunk):
    return sum(e - s for _, s, e in chunk)


# ---------------------------------------------------------------------------- non_n_runs
def test_non_n_runs_start_middle_end(tmp_path):
    text = ">c1 description here\nNNNACGTNNACGTACGTNN\n>c2\nACGT\n"
    assert runs(tmp_path, text) == [("c1", 3, 7), ("c1", 9, 17), ("c2", 0, 4)]


def test_non_n_runs_contig_ends_with_sequence(tmp_path):
    assert runs(tmp_path, ">c1\nNNAC\nGT\n") == [("c1", 2, 6)]


def test_non_n_runs_across_line_breaks(tmp_path):
    # 4-base lines; the N run spans lines 2-3, the sequence runs span line breaks too.
    text = ">c1\nACGT\nACNN\nNNNA\nCGTA\n>c2\nNNNN\nNNNN\n>c3\nACGT\n"
    assert runs(tmp_path, text) == [("c1", 0, 6), ("c1", 11, 16), ("c3", 0, 4)]


def test_non_n_runs_lowercase(tmp_path):
    # soft-masked (lowercase) bases are sequence; lowercase n is a gap
    assert runs(tmp_path, ">c1\nacgtnnnnACgt\nnNac\n") == [
        ("c1", 0, 4),
        ("c1", 8, 12),
        ("c1", 14, 16),
    ]


def test_non_n_runs_min_length(tmp_path):
    text = ">c1\nACGTNACGTANACGTAC\n>c2\nACGTN\n"
    # runs: 0-4 (4), 5-10 (5), 11-17 (6); c2 0-4 (4)
    assert runs(tmp_path, text, 5) == [("c1", 5, 10), ("c1", 11, 17)]
    assert runs(tmp_path, text, 6) == [("c1", 11, 17)]
    assert runs(tmp_path, text, 7) == []
    assert runs(tmp_path, text, 4) == [("c1", 0, 4), ("c1", 5, 10), ("c1", 11, 17), ("c2", 0, 4)]


def test_non_n_runs_matches_brute_force(tmp_path):
    rng = random.Random(11)
    for trial in range(30):
        contigs = {}
        for c in range(rng.randint(1, 3)):
            seq = "".join(
                rng.choice("ACGTacgt") * rng.randint(1, 30)
                if rng.random() < 0.6
                else rng.choice("Nn") * rng.randint(1, 20)
                for _ in range(rng.randint(1, 12))
            )
            contigs[f"chr{c}"] = seq
        width = rng.randint(3, 50)
        text = "".join(
            f">{name}\n" + "".join(seq[i : i + width] + "\n" for i in range(0, len(seq), width))
            for name, seq in contigs.items()
        )
        min_length = rng.randint(1, 25)
        expected = []
        for name, seq in contigs.items():
            upper, i = seq.upper(), 0
            while i < len(upper):
                if upper[i] == "N":
                    i += 1
                    continue
                j = i
                while j < len(upper) and upper[j] != "N":
                    j += 1
                if j - i >= min_length:
                    expected.append((name, i, j))
                i = j
        path = tmp_path / f"t{trial}.fa"
        path.write_text(text)
        assert list(non_n_runs(path, min_length)) == expected, (trial, text)


# ---------------------------------------------------------------------------- split_chunks
def test_split_chunks_equal_single_interval():
    chunks = split_chunks([("c1", 0, 100)], 4)
    assert chunks == [[("c1", 0, 25)], [("c1", 25, 50)], [("c1", 50, 75)], [("c1", 75, 100)]]


def test_split_chunks_cuts_at_boundaries_and_keeps_order():
    intervals = [("c1", 0, 30), ("c1", 40, 55), ("c2", 5, 20)]  # 30 + 15 + 15 = 60 bases
    chunks = split_chunks(intervals, 3)
    assert chunks == [
        [("c1", 0, 20)],
        [("c1", 20, 30), ("c1", 40, 50)],
        [("c1", 50, 55), ("c2", 5, 20)],
    ]


def test_split_chunks_one_chunk_keeps_everything():
    intervals = [("c1", 0, 30), ("c2", 5, 25)]
    assert split_chunks(intervals, 1) == [intervals]


def test_split_chunks_more_chunks_than_bases():
    chunks = split_chunks([("c1", 0, 2), ("c2", 7, 8)], 5)
    assert len(chunks) == 5
    assert all(sum(e - s for _, s, e in c) <= 1 for c in chunks)  # 3 bases / 5 chunks
    assert [iv for c in chunks for iv in c] == [("c1", 0, 1), ("c1", 1, 2), ("c2", 7, 8)]


@pytest.mark.parametrize(
    ("intervals", "n"),
    [
        ([("a", 0, 10), ("b", 0, 10)], 2),  # gives 11 + 9
        ([("c1", 0, 30), ("c1", 40, 50), ("c2", 5, 25)], 3),  # gives 20 + 21 + 19
        ([("a", 0, 30), ("b", 0, 30), ("c", 0, 30)], 3),  # gives 31 + 30 + 29
        ([("a", 0, 100)], 7),  # gives 14 x 6 + 16
        ([("a", 0, 1000)], 400),  # gives 2 x 399 + 202
    ],
)
def test_split_chunks_sizes_within_one_base(intervals, n):
    sizes = [bases(c) for c in split_chunks(intervals, n)]
    target = sum(e - s for _, s, e in intervals) / n
    assert all(abs(size - target) < 1 for size in sizes), sizes


def test_split_chunks_properties_random():
    rng = random.Random(2026)
    for _ in range(300):
        intervals, pos = [], 0
        for c in range(rng.randint(1, 4)):
            pos = rng.randint(0, 50)
            for _ in range(rng.randint(1, 6)):
                start = pos + rng.randint(0, 20)
                end = start + rng.randint(1, 200)
                intervals.append((f"chr{c}", start, end))
                pos = end
        n = rng.randint(1, 12)
        total = sum(e - s for _, s, e in intervals)
        chunks = split_chunks(intervals, n)
        assert len(chunks) == n
        flat = [iv for chunk in chunks for iv in chunk]
        assert all(s < e for _, s, e in flat)
        # every base exactly once, in the original order
        expected = [(chrom, p) for chrom, s, e in intervals for p in range(s, e)]
        got = [(chrom, p) for chrom, s, e in flat for p in range(s, e)]
        assert got == expected
        # pieces of one interval are cut, never merged or shifted
        for chrom, s, e in intervals:
            pieces = [iv for iv in flat if iv[0] == chrom and s <= iv[1] and iv[2] <= e]
            assert pieces[0][1] == s and pieces[-1][2] == e
        # about equal: no chunk but the last goes more than one base over the target,
        # and none is empty while there are bases left
        target = total / n
        assert all(bases(c) <= target + 1 for c in chunks[:-1])
        if total >= n:
            assert all(chunks)


# ---------------------------------------------------------------------------- GFF3
GFF3 = """\
##gff-version 3
##sequence-region   chr1 1 5000
#!genome-build GRCh38.p14
chr1\tensembl_havana\tgene\t101\t1000\t.\t+\t.\tID=gene:ENSG01;Name=GENEA;biotype=protein_coding;gene_id=ENSG01
chr1\tensembl_havana\tmRNA\t101\t1000\t.\t+\t.\tID=transcript:ENST01;Parent=gene:ENSG01;Name=GENEA-201;biotype=protein_coding;tag=basic,Ensembl_canonical;transcript_id=ENST01
chr1\tensembl_havana\texon\t101\t250\t.\t+\t.\tParent=transcript:ENST01;Name=ENSE01;exon_id=ENSE01
chr1\tensembl_havana\tfive_prime_UTR\t101\t200\t.\t+\t.\tParent=transcript:ENST01
chr1\tensembl_havana\tCDS\t201\t250\t.\t+\t0\tID=CDS:ENSP01;Parent=transcript:ENST01;protein_id=ENSP01
chr1\tensembl_havana\texon\t401\t461\t.\t+\t.\tParent=transcript:ENST01;Name=ENSE02
chr1\tensembl_havana\tCDS\t401\t461\t.\t+\t1\tID=CDS:ENSP01;Parent=transcript:ENST01;protein_id=ENSP01
chr1\tensembl_havana\texon\t601\t1000\t.\t+\t.\tParent=transcript:ENST01;Name=ENSE03
chr1\tensembl_havana\tCDS\t601\t651\t.\t+\t0\tID=CDS:ENSP01;Parent=transcript:ENST01;protein_id=ENSP01
chr1\tensembl_havana\tthree_prime_UTR\t652\t1000\t.\t+\t.\tParent=transcript:ENST01
chr1\thavana\tncRNA_gene\t3001\t3500\t.\t+\t.\tID=gene:ENSG09;Name=LNC1;biotype=lncRNA
chr1\thavana\tlnc_RNA\t3001\t3500\t.\t+\t.\tID=transcript:ENST09;Parent=gene:ENSG09;biotype=lncRNA
chr1\thavana\texon\t3001\t3500\t.\t+\t.\tParent=transcript:ENST09
###
chr2\tensembl_havana\tgene\t2001\t3000\t.\t-\t.\tID=gene:ENSG02;Name=GENEB;biotype=protein_coding
chr2\tensembl_havana\tmRNA\t2001\t3000\t.\t-\t.\tID=transcript:ENST02;Parent=gene:ENSG02;Name=GENEB-201;biotype=protein_coding;tag=basic
chr2\tensembl_havana\tCDS\t2101\t2130\t.\t-\t0\tID=CDS:ENSP02;Parent=transcript:ENST02
chr2\tensembl_havana\tCDS\t2301\t2360\t.\t-\t0\tID=CDS:ENSP02;Parent=transcript:ENST02
chr2\tensembl_havana\tCDS\t2501\t2530\t.\t-\t0\tID=CDS:ENSP02;Parent=transcript:ENST02
###
chr3\tensembl_havana\tgene\t101\t2000\t.\t+\t.\tID=gene:ENSG03;Name=GENEC;biotype=protein_coding
chr3\tensembl_havana\tmRNA\t101\t2000\t.\t+\t.\tID=transcript:ENST03;Parent=gene:ENSG03;Name=GENEC-201;biotype=protein_coding;tag=basic,Ensembl_canonical
chr3\tensembl_havana\tCDS\t201\t500\t.\t+\t0\tID=CDS:ENSP03;Parent=transcript:ENST03
chr3\tensembl_havana\tCDS\t801\t1100\t.\t+\t0\tID=CDS:ENSP03;Parent=transcript:ENST03
chr3\tensembl_havana\tmRNA\t101\t2000\t.\t+\t.\tID=transcript:ENST04;Parent=gene:ENSG03;Name=GENEC-202;biotype=protein_coding;tag=basic,Ensembl_canonical,MANE_Select
chr3\tensembl_havana\tCDS\t201\t500\t.\t+\t0\tID=CDS:ENSP04;Parent=transcript:ENST04
chr3\tensembl_havana\tCDS\t901\t1000\t.\t+\t0\tID=CDS:ENSP04;Parent=transcript:ENST04
chr3\tensembl_havana\tgene\t5001\t6000\t.\t+\t.\tID=gene:ENSG05;Name=GENED;biotype=protein_coding
chr3\tensembl_havana\tmRNA\t5001\t6000\t.\t+\t.\tID=transcript:ENST05;Parent=gene:ENSG05;biotype=protein_coding;tag=basic
chr3\tensembl_havana\tCDS\t5101\t5190\t.\t+\t0\tID=CDS:ENSP05;Parent=transcript:ENST05
chr3\tensembl_havana\tmRNA\t5001\t6000\t.\t+\t.\tID=transcript:ENST06;Parent=gene:ENSG05;biotype=protein_coding;tag=basic
chr3\tensembl_havana\tCDS\t5101\t5190\t.\t+\t0\tID=CDS:ENSP06;Parent=transcript:ENST06
chr3\tensembl_havana\tCDS\t5301\t5390\t.\t+\t0\tID=CDS:ENSP06;Parent=transcript:ENST06
chr3\tensembl_havana\tmRNA\t5001\t6000\t.\t+\t.\tID=transcript:ENST07;Parent=gene:ENSG05;biotype=protein_coding
chr3\tensembl_havana\texon\t5001\t5100\t.\t+\t.\tParent=transcript:ENST07
"""


@pytest.fixture
def transcripts(tmp_path):
    path = tmp_path / "genes.gff3"
    path.write_text(GFF3)
    return read_transcripts(path)


def test_read_transcripts(transcripts):
    # transcripts without CDS (lncRNA, processed transcript) are left out
    assert sorted(transcripts) == ["ENST01", "ENST02", "ENST03", "ENST04", "ENST05", "ENST06"]
    a = transcripts["ENST01"]
    assert (a.gene, a.chrom, a.strand) == ("GENEA", "chr1", "+")
    assert a.cds == [(201, 250), (401, 461), (601, 651)]
    assert "MANE_Select" not in a.tags and "Ensembl_canonical" in a.tags
    b = transcripts["ENST02"]
    assert (b.gene, b.chrom, b.strand) == ("GENEB", "chr2", "-")
    assert b.cds == [(2501, 2530), (2301, 2360), (2101, 2130)]  # transcript order
    assert transcripts["ENST04"].gene == "GENEC"
    assert "MANE_Select" in transcripts["ENST04"].tags


def test_preferred_transcripts(transcripts):
    chosen = preferred_transcripts(transcripts)
    assert {g: t.transcript for g, t in chosen.items()} == {
        "GENEA": "ENST01",
        "GENEB": "ENST02",
        "GENEC": "ENST04",  # MANE Select beats the longer ENST03
        "GENED": "ENST06",  # no MANE: longest CDS
    }
    configured = preferred_transcripts(transcripts, {"GENEC": "ENST03", "GENED": "ENST05"})
    assert configured["GENEC"].transcript == "ENST03"
    assert configured["GENED"].transcript == "ENST05"
    # a configured ID that does not exist falls back to MANE
    assert preferred_transcripts(transcripts, {"GENEC": "ENST99"})["GENEC"].transcript == "ENST04"


# ---------------------------------------------------------------------------- codons
PLUS = Transcript("GENEA", "ENST01", "chr1", "+", [(201, 250), (401, 461), (601, 651)])
MINUS = Transcript("GENEB", "ENST02", "chr2", "-", [(2501, 2530), (2301, 2360), (2101, 2130)])


def test_codon_range_plus_strand():
    assert codon_range_region(PLUS, 1, 1) == ("chr1", 200, 203)
    assert codon_range_region(PLUS, 2, 3) == ("chr1", 203, 209)
    # codons 18-20 = CDS bases 52-60 = 402..410 (second exon starts at CDS base 51)
    assert codon_range_region(PLUS, 18, 20) == ("chr1", 401, 410)
    assert codon_range_region(PLUS, 1, 54) == ("chr1", 200, 651)  # 162 CDS bases


def test_codon_range_plus_strand_across_exon_boundary():
    # codon 17 = CDS bases 49, 50 (chr1:249-250) and 51 (chr1:401)
    assert codon_range_region(PLUS, 17, 17) == ("chr1", 248, 401)
    # codons 37-38 = CDS bases 109-114: 109-111 = chr1:459-461, 112-114 = chr1:601-603
    assert codon_range_region(PLUS, 37, 38) == ("chr1", 458, 603)
    # codon 37 ends on the last base of the second segment (CDS base 111 = chr1:461)
    assert codon_range_region(PLUS, 36, 37) == ("chr1", 455, 461)


def test_codon_range_minus_strand():
    # CDS base 1 is chr2:2530, counting down
    assert codon_range_region(MINUS, 1, 1) == ("chr2", 2527, 2530)
    assert codon_range_region(MINUS, 2, 2) == ("chr2", 2524, 2527)
    # codons 10-11 = bases 28-33: 28-30 = chr2:2503-2501, 31-33 = chr2:2360-2358
    assert codon_range_region(MINUS, 10, 11) == ("chr2", 2357, 2503)
    assert codon_range_region(MINUS, 1, 40) == ("chr2", 2100, 2530)
    assert codon_range_region(MINUS, 40, 40) == ("chr2", 2100, 2103)
    assert codon_range_region(MINUS, 10, 10) == ("chr2", 2500, 2503)  # ends a segment
    assert codon_range_region(MINUS, 11, 30) == ("chr2", 2300, 2360)  # fills one


def test_codon_range_from_gff3(transcripts):
    assert codon_range_region(transcripts["ENST02"], 10, 11) == ("chr2", 2357, 2503)
    assert codon_range_region(transcripts["ENST01"], 17, 17) == ("chr1", 248, 401)


@pytest.mark.parametrize(
    ("t", "first", "last"),
    [(PLUS, 54, 55), (PLUS, 55, 55), (PLUS, 0, 3), (MINUS, 41, 41), (MINUS, 1, 41)],
)
def test_codon_range_beyond_cds(t, first, last):
    with pytest.raises(ValueError, match=f"{t.gene}: codons {first}-{last}"):
        codon_range_region(t, first, last)
