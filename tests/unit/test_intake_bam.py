"""Intake of BAM/CRAM units (units.tsv column bam): the file checked from its header and first
read, its read groups kept or split into units, and the @RG line bwa writes for a unit.

The files are real: an unaligned BAM made by samtools import from small FASTQs, aligned
BAM/CRAM files written with pysam against a small reference (CRAM decoded with htslib), and
bwa writes the @RG line of a unit into a real header."""

import gzip
import os
import random
import shlex
import shutil
import subprocess
from pathlib import Path

import pysam
import pytest
from alwgs.intake import load_batch
from alwgs.intake.readgroups import read_group_line, unit_suffix
from test_intake import UNITS, UNITS_HEADER, intake_error, make_batch, where, write_fastq

# units.tsv lines 2-5 are test_intake's UNITS (P1-T L1, P1-T L2, P1-N L1, P2-T L1); the BAM
# rows of a test follow from line 6.
UNITS_TSV = "batch/units.tsv"
BAM_HEADER = ["sample", "unit", "platform", "fq1", "fq2", "library", "bam"]
CRAM_HEADER = BAM_HEADER + ["cram_reference"]
READ_LENGTH = 50
PAIRS = 40


def reference_sequence(seed: int = 7, length: int = 2000) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice("ACGT") for _ in range(length))


def write_reference(path: Path, seed: int = 7) -> str:
    """A one-contig FASTA (chr1) whose sequence the aligned test reads come from."""
    sequence = reference_sequence(seed)
    lines = [sequence[i : i + 60] for i in range(0, len(sequence), 60)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(">chr1\n" + "\n".join(lines) + "\n>chr2\nGGGG\n")
    return sequence


def revcomp(seq: str) -> str:
    return seq[::-1].translate(str.maketrans("ACGT", "TGCA"))


def read_pairs(sequence: str, n: int = PAIRS) -> list[tuple[str, int, str, int, str]]:
    """(name, pos1, seq1, pos2, seq2): mate 1 forward at pos1, mate 2 reverse at pos2."""
    rng = random.Random(11)
    pairs = []
    for i in range(n):
        start = rng.randrange(0, len(sequence) - 300)
        end = start + rng.randrange(150, 280)
        pairs.append(
            (
                f"pair{i}",
                start,
                sequence[start : start + READ_LENGTH],
                end - READ_LENGTH,
                sequence[end - READ_LENGTH : end],
            )
        )
    return pairs


def write_aligned(
    path: Path,
    sequence: str,
    read_groups: list[dict] | None = None,
    *,
    cram_reference: Path | None = None,
    n: int = PAIRS,
    tag_reads: bool = True,
    paired: bool = True,
) -> Path:
    """A coordinate-sorted BAM (or CRAM with cram_reference) of read pairs placed exactly on
    chr1; reads are given the read groups in turn."""
    header = {
        "HD": {"VN": "1.6", "SO": "coordinate"},
        "SQ": [{"SN": "chr1", "LN": len(sequence)}, {"SN": "chr2", "LN": 4}],
    }
    read_groups = read_groups or []
    if read_groups:
        header["RG"] = read_groups
    records = []
    for i, (name, pos1, seq1, pos2, seq2) in enumerate(read_pairs(sequence, n)):
        rg = read_groups[i % len(read_groups)]["ID"] if read_groups else None
        mates = (
            [(pos1, seq1, False, pos2), (pos2, seq2, True, pos1)]
            if paired
            else [(pos1, seq1, False, None)]
        )
        for j, (pos, seq, reverse, mate_pos) in enumerate(mates):
            records.append((pos, name, j, seq, reverse, mate_pos, rg))
    records.sort()
    mode = "wc" if cram_reference else "wb"
    with pysam.AlignmentFile(
        str(path), mode, header=header, reference_filename=str(cram_reference or "") or None
    ) as out:
        for pos, name, j, seq, reverse, mate_pos, rg in records:
            a = pysam.AlignedSegment(out.header)
            a.query_name = name
            a.query_sequence = seq
            a.query_qualities = pysam.qualitystring_to_array("I" * len(seq))
            a.reference_id = 0
            a.reference_start = pos
            a.mapping_quality = 60
            a.cigarstring = f"{len(seq)}M"
            flag = 0x10 if reverse else 0
            if paired:
                flag |= 0x1 | 0x2 | (0x40 if j == 0 else 0x80) | (0x20 if not reverse else 0)
                a.next_reference_id = 0
                a.next_reference_start = mate_pos
            a.flag = flag
            if rg and tag_reads:
                a.set_tag("RG", rg)
            out.write(a)
    return path


def samtools_import(path: Path, fastq_dir: Path, rg: list[str]) -> Path:
    """An unaligned BAM of small FASTQs, as a lab's sequencer export would give."""
    sequence = reference_sequence(3)
    r1, r2 = [], []
    for name, _, seq1, _, seq2 in read_pairs(sequence):
        r1.append(f"@{name}\n{seq1}\n+\n{'I' * len(seq1)}\n")
        r2.append(f"@{name}\n{revcomp(seq2)}\n+\n{'I' * len(seq2)}\n")
    write_fastq(fastq_dir / "u_R1.fastq.gz", "".join(r1).encode())
    write_fastq(fastq_dir / "u_R2.fastq.gz", "".join(r2).encode())
    cmd = ["samtools", "import", "-1", str(fastq_dir / "u_R1.fastq.gz")]
    cmd += ["-2", str(fastq_dir / "u_R2.fastq.gz"), "-o", str(path)]
    for field in rg:
        cmd += ["-r", field]
    subprocess.run(cmd, check=True, capture_output=True)
    return path


def bam_units(rows: list[list[str]]) -> list[list[str]]:
    """The good FASTQ units with an empty bam cell, then the given BAM rows."""
    return [r + [""] for r in UNITS] + rows


def load(tmp_path: Path, units: list[list[str]], header=BAM_HEADER, setup=None):
    config = make_batch(tmp_path, units=units, units_header=header)
    sequence = write_reference(tmp_path / "ref/genome.fa")
    # The annotation and bands must fit the longer contig (intake checks their lengths).
    gff3 = tmp_path / "ref/genes.gff3"
    gff3.write_text(gff3.read_text().replace("chr1 1 14", f"chr1 1 {len(sequence)}"))
    bands = tmp_path / "ref/cytobands.tsv"
    bands.write_text(bands.read_text().replace("chr1\t6\t14\t", f"chr1\t6\t{len(sequence)}\t"))
    if setup:
        setup(tmp_path / "batch", sequence)
    return config


ONE_RG = {
    "ID": "HVK2.1",
    "SM": "archived-name",
    "LB": "lib-A",
    "PL": "ILLUMINA",
    "PU": "HVK2.1.ACGT",
    "CN": "Some Centre",
    "DT": "2024-05-01",
}


# --------------------------------------------------------------------------- good input


def test_aligned_bam_keeps_its_read_group(tmp_path):
    rows = [["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"]]
    config = load(
        tmp_path,
        bam_units(rows),
        setup=lambda d, s: write_aligned(mkdir(d / "bam") / "p2.bam", s, [ONE_RG]),
    )
    batch = load_batch(config, tmp_path)

    assert batch.units_of("P2-T") == ["L1", "B1"]
    row = batch.unit_row("P2-T", "B1")
    assert row["bam"] == str(tmp_path / "batch/bam/p2.bam")
    assert row["bam_given"] == "bam/p2.bam"
    assert (row["bam_format"], row["read_group"], row["line"]) == ("bam", "", 6)
    assert row["library"] == "lib-A"  # the file's LB: the sheet leaves library empty
    assert row["fq1"] == row["fq2"] == ""
    assert batch.is_bam_unit("P2-T", "B1") and not batch.is_bam_unit("P2-T", "L1")
    assert read_group_line("P2-T", "B1", row) == (
        "@RG\\tID:P2-T.B1\\tSM:P2-T\\tLB:lib-A\\tPL:ILLUMINA\\tPU:HVK2.1.ACGT"
        "\\tCN:Some Centre\\tDT:2024-05-01"
    )
    assert batch.unit_sheet_row("P2-T", "B1") == {
        "sheet": UNITS_TSV,
        "line": 6,
        "bam": "bam/p2.bam",
        "fq1": "bam/p2.bam (read 1)",
        "fq2": "bam/p2.bam (read 2)",
    }


def test_sheet_library_overrides_the_files_lb(tmp_path):
    rows = [["P2-T", "B1", "ILLUMINA", "", "", "libX", "bam/p2.bam"]]
    config = load(
        tmp_path,
        bam_units(rows),
        setup=lambda d, s: write_aligned(mkdir(d / "bam") / "p2.bam", s, [ONE_RG]),
    )
    row = load_batch(config, tmp_path).unit_row("P2-T", "B1")
    assert row["library"] == "libX"
    assert "\\tLB:libX\\t" in read_group_line("P2-T", "B1", row)
    assert "lib-A" not in read_group_line("P2-T", "B1", row)


def test_unaligned_bam_from_samtools_import(tmp_path):
    rows = [["P2-T", "U1", "ILLUMINA", "", "", "", "ubam/p2.unaligned.bam"]]
    rg = ["ID:run7", "SM:P2", "LB:libU", "PL:illumina", "PU:FC7.3"]
    config = load(
        tmp_path,
        bam_units(rows),
        setup=lambda d, s: samtools_import(mkdir(d / "ubam") / "p2.unaligned.bam", d / "ubam", rg),
    )
    row = load_batch(config, tmp_path).unit_row("P2-T", "U1")
    assert (row["bam_format"], row["read_group"], row["library"]) == ("bam", "", "libU")
    # PL compared without case; the line carries the sheet's platform.
    assert read_group_line("P2-T", "U1", row) == (
        "@RG\\tID:P2-T.U1\\tSM:P2-T\\tLB:libU\\tPL:ILLUMINA\\tPU:FC7.3"
    )


def test_bam_without_read_group(tmp_path):
    rows = [["P2-T", "B1", "MGI", "", "", "", "bam/p2.bam"]]
    config = load(
        tmp_path,
        bam_units(rows),
        setup=lambda d, s: write_aligned(mkdir(d / "bam") / "p2.bam", s, None),
    )
    row = load_batch(config, tmp_path).unit_row("P2-T", "B1")
    assert (row["library"], row["read_group"], row["rg_fields"]) == ("P2-T", "", {})
    assert read_group_line("P2-T", "B1", row) == (
        "@RG\\tID:P2-T.B1\\tSM:P2-T\\tLB:P2-T\\tPL:MGI\\tPU:P2-T.B1"
    )


def test_bam_with_several_read_groups_becomes_one_unit_each(tmp_path):
    groups = [
        {"ID": "fc1:1", "SM": "x", "LB": "libA", "PL": "ILLUMINA", "PU": "fc1.1"},
        {"ID": "fc1:2", "SM": "x", "LB": "libB", "PL": "ILLUMINA"},
    ]
    rows = [["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"]]
    config = load(
        tmp_path,
        bam_units(rows),
        setup=lambda d, s: write_aligned(mkdir(d / "bam") / "p2.bam", s, groups),
    )
    batch = load_batch(config, tmp_path)
    assert batch.units_of("P2-T") == ["L1", "B1.fc1_1", "B1.fc1_2"]
    first, second = (batch.unit_row("P2-T", u) for u in ("B1.fc1_1", "B1.fc1_2"))
    assert (first["read_group"], first["library"], first["line"]) == ("fc1:1", "libA", 6)
    assert (second["read_group"], second["library"], second["line"]) == ("fc1:2", "libB", 6)
    assert read_group_line("P2-T", "B1.fc1_2", second) == (
        "@RG\\tID:P2-T.B1.fc1_2\\tSM:P2-T\\tLB:libB\\tPL:ILLUMINA\\tPU:P2-T.B1.fc1_2"
    )


def test_cram_decoded_with_the_batch_reference_writes_nothing_next_to_it(tmp_path):
    rows = [["P2-T", "C1", "ILLUMINA", "", "", "", "cram/p2.cram", ""]]

    def setup(d, s):
        # Encoded against a copy (with .fai) that is then removed: only the sheet's
        # reference or the batch reference can decode it.
        ref = tmp_path / "encoding" / "genome.fa"
        shutil.copy(tmp_path / "ref/genome.fa", mkdir(ref.parent) / "genome.fa")
        write_aligned(mkdir(d / "cram") / "p2.cram", s, [ONE_RG], cram_reference=ref)
        shutil.rmtree(ref.parent)

    config = load(tmp_path, [r + ["", ""] for r in UNITS] + rows, CRAM_HEADER, setup)
    before = sorted(p.name for p in (tmp_path / "ref").iterdir())
    row = load_batch(config, tmp_path).unit_row("P2-T", "C1")
    assert (row["bam_format"], row["cram_reference"]) == ("cram", "")
    # htslib indexes a FASTA without .fai: intake lets it do so in a temporary folder.
    assert sorted(p.name for p in (tmp_path / "ref").iterdir()) == before


def test_cram_with_its_own_reference(tmp_path):
    rows = [["P2-T", "C1", "ILLUMINA", "", "", "", "cram/p2.cram", "hg-old/old.fa"]]

    def setup(d, s):
        old = mkdir(d / "hg-old") / "old.fa"
        old_sequence = write_reference(old, seed=99)
        write_aligned(mkdir(d / "cram") / "p2.cram", old_sequence, [ONE_RG], cram_reference=old)

    config = load(tmp_path, [r + ["", ""] for r in UNITS] + rows, CRAM_HEADER, setup)
    row = load_batch(config, tmp_path).unit_row("P2-T", "C1")
    assert row["cram_reference"] == str(tmp_path / "batch/hg-old/old.fa")
    assert row["cram_reference_given"] == "hg-old/old.fa"


# --------------------------------------------------------------------------- bad input


@pytest.mark.bad_input
def test_fastq_and_bam_on_one_row(tmp_path):
    rows = [["P2-T", "B1", "ILLUMINA", "fastq/P2-T_L1_R1.fastq.gz", "", "", "bam/p2.bam"]]
    config = load(
        tmp_path,
        bam_units(rows),
        setup=lambda d, s: write_aligned(mkdir(d / "bam") / "p2.bam", s, [ONE_RG]),
    )
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 6, "bam")
    assert err.message == (
        "a row names fq1 and fq2 or a bam, not both (fq1 is 'fastq/P2-T_L1_R1.fastq.gz')"
    )


@pytest.mark.bad_input
def test_row_without_reads(tmp_path):
    err = intake_error(
        tmp_path, load(tmp_path, bam_units([["P2-T", "B1", "ILLUMINA", "", "", "", ""]]))
    )
    assert where(err) == (UNITS_TSV, 6, "fq1")
    assert err.message == "is empty (a row names fq1 and fq2, or a bam)"


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("header", "field", "text"),
    [
        (["sample", "unit", "platform", "library"], "fq1", "give fq1 and fq2, or bam"),
        (["sample", "unit", "platform", "fq1", "bam"], "fq2", "required column is missing"),
        (["sample", "unit", "platform", "fq1", "fq2", "cram_reference"], "cram_reference", "bam"),
    ],
    ids=["no-reads-column", "fq1-without-fq2", "cram-reference-without-bam"],
)
def test_header_without_its_read_columns(tmp_path, header, field, text):
    index = {c: i for i, c in enumerate(UNITS_HEADER)}
    units = [[r[index[c]] if c in index else "" for c in header] for r in UNITS]
    err = intake_error(tmp_path, make_batch(tmp_path, units=units, units_header=header))
    assert where(err) == (UNITS_TSV, 1, field)
    assert text in err.message


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("content", "text"),
    [
        (b"", "is empty"),
        (gzip.compress(b"@r1\nACGT\n+\nIIII\n"), "is a gzip-compressed FASTQ, not a BAM or CRAM"),
        (gzip.compress(b"just text\n"), "is gzip-compressed but not a BAM"),
        (b"@HD\tVN:1.6\n@SQ\tSN:chr1\tLN:10\n", "is SAM text, not a BAM or CRAM"),
        (b"PK\x03\x04 a zip file", "is not a BAM or CRAM"),
    ],
    ids=["zero-bytes", "fastq", "gzip-text", "sam", "other"],
)
def test_file_that_is_not_a_bam(tmp_path, content, text):
    rows = [["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"]]
    config = load(
        tmp_path,
        bam_units(rows),
        setup=lambda d, s: (mkdir(d / "bam") / "p2.bam").write_bytes(content),
    )
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 6, "bam")
    assert err.message.startswith("'bam/p2.bam' (") and text in err.message


@pytest.mark.bad_input
def test_bam_that_does_not_exist(tmp_path):
    err = intake_error(
        tmp_path, load(tmp_path, bam_units([["P2-T", "B1", "ILLUMINA", "", "", "", "x.bam"]]))
    )
    assert where(err) == (UNITS_TSV, 6, "bam")
    assert err.message.endswith("does not exist")


@pytest.mark.bad_input
def test_bam_without_reads(tmp_path):
    def setup(d, s):
        write_aligned(mkdir(d / "bam") / "p2.bam", s, [ONE_RG], n=0)

    err = intake_error(
        tmp_path,
        load(
            tmp_path, bam_units([["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"]]), setup=setup
        ),
    )
    assert where(err) == (UNITS_TSV, 6, "bam")
    assert err.message.endswith("holds no reads (a header only)")


@pytest.mark.bad_input
def test_truncated_bam(tmp_path):
    def setup(d, s):
        full = write_aligned(mkdir(d / "bam") / "full.bam", s, [ONE_RG], n=400)
        data = full.read_bytes()
        (d / "bam" / "p2.bam").write_bytes(data[: len(data) - 40])

    err = intake_error(
        tmp_path,
        load(
            tmp_path, bam_units([["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"]]), setup=setup
        ),
    )
    assert where(err) == (UNITS_TSV, 6, "bam")
    assert err.message.endswith("is truncated (it lacks the end-of-file marker): copy it again")


@pytest.mark.bad_input
def test_single_end_bam(tmp_path):
    def setup(d, s):
        write_aligned(mkdir(d / "bam") / "p2.bam", s, [ONE_RG], paired=False)

    err = intake_error(
        tmp_path,
        load(
            tmp_path, bam_units([["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"]]), setup=setup
        ),
    )
    assert where(err) == (UNITS_TSV, 6, "bam")
    assert "holds single-end reads (its first read, 'pair" in err.message


@pytest.mark.bad_input
def test_cram_whose_reference_is_missing(tmp_path):
    """Encoded against a FASTA that is gone; neither the batch reference (another sequence)
    nor a cram_reference that is another FASTA decodes it."""
    rows = [["P2-T", "C1", "ILLUMINA", "", "", "", "cram/p2.cram", ""]]

    def setup(d, s):
        gone = mkdir(tmp_path / "gone") / "genome.fa"
        write_aligned(
            mkdir(d / "cram") / "p2.cram",
            write_reference(gone, seed=5),
            [ONE_RG],
            cram_reference=gone,
        )
        shutil.rmtree(gone.parent)

    config = load(tmp_path, [r + ["", ""] for r in UNITS] + rows, CRAM_HEADER, setup)
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 6, "bam")
    assert err.message.endswith(
        "cannot be decoded with reference.fasta (the batch's reference): give the FASTA it was"
        " encoded against in cram_reference"
    )

    units_tsv = tmp_path / "batch/units.tsv"
    units_tsv.write_text(
        units_tsv.read_text().replace("\tcram/p2.cram\t", "\tcram/p2.cram\t../ref/genome.fa")
    )
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 6, "bam")
    assert "cannot be decoded with cram_reference '../ref/genome.fa' (" in err.message

    units_tsv.write_text(units_tsv.read_text().replace("../ref/genome.fa", "../gone/genome.fa"))
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 6, "cram_reference")
    assert err.message.endswith("does not exist")


@pytest.mark.bad_input
def test_cram_reference_on_a_bam_or_fastq_row(tmp_path):
    rows = [["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam", "../ref/genome.fa"]]
    config = load(
        tmp_path,
        [r + ["", ""] for r in UNITS] + rows,
        CRAM_HEADER,
        setup=lambda d, s: write_aligned(mkdir(d / "bam") / "p2.bam", s, [ONE_RG]),
    )
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 6, "cram_reference")
    assert "is a BAM: only a CRAM needs its reference" in err.message

    units_tsv = tmp_path / "batch/units.tsv"
    lines = units_tsv.read_text().splitlines()
    lines[1] = lines[1] + "../ref/genome.fa"  # a FASTQ row (line 2)
    units_tsv.write_text("\n".join(lines) + "\n")
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 2, "cram_reference")


@pytest.mark.bad_input
def test_same_bam_on_two_rows(tmp_path):
    rows = [
        ["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"],
        ["P1-N", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"],
    ]
    config = load(
        tmp_path,
        bam_units(rows),
        setup=lambda d, s: write_aligned(mkdir(d / "bam") / "p2.bam", s, [ONE_RG]),
    )
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 7, "bam")
    assert err.message == "'bam/p2.bam' is already used on line 6 (bam)"


@pytest.mark.bad_input
@pytest.mark.parametrize("link", [os.symlink, os.link], ids=["symlink", "hardlink"])
def test_same_file_under_another_name(tmp_path, link):
    rows = [
        ["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"],
        ["P1-N", "B1", "ILLUMINA", "", "", "", "bam/copy.bam"],
    ]

    def setup(d, s):
        write_aligned(mkdir(d / "bam") / "p2.bam", s, [ONE_RG])
        link(d / "bam" / "p2.bam", d / "bam" / "copy.bam")

    err = intake_error(tmp_path, load(tmp_path, bam_units(rows), setup=setup))
    assert where(err) == (UNITS_TSV, 7, "bam")
    assert err.message == "'bam/copy.bam' is the same file as 'bam/p2.bam' on line 6 (bam)"


@pytest.mark.bad_input
def test_a_copy_of_a_bam_under_another_name(tmp_path):
    rows = [
        ["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"],
        ["P1-N", "B1", "ILLUMINA", "", "", "", "bam/copy.bam"],
    ]

    def setup(d, s):
        write_aligned(mkdir(d / "bam") / "p2.bam", s, [ONE_RG])
        shutil.copy(d / "bam" / "p2.bam", d / "bam" / "copy.bam")

    err = intake_error(tmp_path, load(tmp_path, bam_units(rows), setup=setup))
    assert where(err) == (UNITS_TSV, 7, "bam")
    assert err.message == (
        "'bam/copy.bam' holds the same data as 'bam/p2.bam' on line 6 (bam): their first reads"
        " are identical, a copy of one file under two names"
    )


@pytest.mark.bad_input
def test_read_groups_of_two_samples(tmp_path):
    groups = [{"ID": "a", "SM": "patient1"}, {"ID": "b", "SM": "patient2"}]
    rows = [["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"]]
    config = load(
        tmp_path,
        bam_units(rows),
        setup=lambda d, s: write_aligned(mkdir(d / "bam") / "p2.bam", s, groups),
    )
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 6, "bam")
    assert "holds the reads of 2 samples (@RG SM: patient1, patient2)" in err.message


@pytest.mark.bad_input
def test_read_groups_whose_reads_are_untagged(tmp_path):
    groups = [{"ID": "a", "SM": "x"}, {"ID": "b", "SM": "x"}]
    rows = [["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"]]
    config = load(
        tmp_path,
        bam_units(rows),
        setup=lambda d, s: write_aligned(mkdir(d / "bam") / "p2.bam", s, groups, tag_reads=False),
    )
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 6, "bam")
    assert "has 2 read groups but its first read has no RG tag" in err.message


@pytest.mark.bad_input
def test_read_groups_that_become_the_same_unit(tmp_path):
    groups = [{"ID": "fc:1", "SM": "x"}, {"ID": "fc/1", "SM": "x"}]
    rows = [["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"]]
    config = load(
        tmp_path,
        bam_units(rows),
        setup=lambda d, s: write_aligned(mkdir(d / "bam") / "p2.bam", s, groups),
    )
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 6, "bam")
    assert "read groups 'fc:1' and 'fc/1' both become unit 'B1.fc_1'" in err.message


@pytest.mark.bad_input
def test_read_group_unit_that_clashes_with_a_sheet_unit(tmp_path):
    groups = [{"ID": "1", "SM": "x"}, {"ID": "2", "SM": "x"}]
    rows = [
        ["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"],
        ["P2-T", "B1.2", "ILLUMINA", "fastq/x_R1.fastq.gz", "fastq/x_R2.fastq.gz", "", ""],
    ]

    def setup(d, s):
        write_aligned(mkdir(d / "bam") / "p2.bam", s, groups)
        write_fastq(d / "fastq/x_R1.fastq.gz")
        write_fastq(d / "fastq/x_R2.fastq.gz")

    err = intake_error(tmp_path, load(tmp_path, bam_units(rows), setup=setup))
    assert where(err) == (UNITS_TSV, 7, "unit")
    assert err.message == "'B1.2' of sample 'P2-T' is already used on line 6"


@pytest.mark.bad_input
@pytest.mark.parametrize("platform", ["ONT", "PACBIO"])
def test_platform_of_the_file_differs_from_the_sheet(tmp_path, platform):
    rows = [["P2-T", "B1", "ILLUMINA", "", "", "", "bam/p2.bam"]]
    group = {**ONE_RG, "PL": platform}
    config = load(
        tmp_path,
        bam_units(rows),
        setup=lambda d, s: write_aligned(mkdir(d / "bam") / "p2.bam", s, [group]),
    )
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 6, "platform")
    assert "read group 'HVK2.1' of 'bam/p2.bam' (" in err.message
    assert f"has PL '{platform}'" in err.message


# --------------------------------------------------------------------------- @RG line


def test_fastq_unit_read_group_line_is_unchanged():
    row = {"library": "P1-T-lib1", "platform": "ILLUMINA", "rg_fields": {}}
    assert read_group_line("P1-T", "L1", row) == (
        "@RG\\tID:P1-T.L1\\tSM:P1-T\\tLB:P1-T-lib1\\tPL:ILLUMINA\\tPU:P1-T.L1"
    )


def test_unit_suffix_keeps_only_safe_characters():
    assert unit_suffix("HVK2:1/ACGT+TT") == "HVK2_1_ACGT_TT"
    assert unit_suffix("run.7-a_b") == "run.7-a_b"


def test_bwa_writes_the_kept_fields_verbatim(tmp_path):
    """Quotes and spaces of a file's @RG survive the shell and bwa's -R; a backslash, which
    bwa cannot write, becomes '/' (bwa would drop it or cut the field)."""
    fields = {"PU": "fc1.1", "DS": "it's a \\ test", "CN": "Some Centre"}
    row = {"library": "lib'1", "platform": "ILLUMINA", "rg_fields": fields}
    line = read_group_line("S1", "U1", row)
    sequence = write_reference(tmp_path / "ref.fa")
    subprocess.run(["bwa", "index", str(tmp_path / "ref.fa")], check=True, capture_output=True)
    write_fastq(tmp_path / "r1.fq.gz", f"@a\n{sequence[100:150]}\n+\n{'I' * 50}\n".encode())
    write_fastq(
        tmp_path / "r2.fq.gz", f"@a\n{revcomp(sequence[300:350])}\n+\n{'I' * 50}\n".encode()
    )
    # As rules/align.smk writes it: -R {params.rg:q} (shlex.quote) in a bash command line.
    sam = subprocess.run(
        [
            "bash",
            "-c",
            f"bwa mem -R {shlex.quote(line)} {tmp_path}/ref.fa"
            f" {tmp_path}/r1.fq.gz {tmp_path}/r2.fq.gz",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rg = [ln for ln in sam.splitlines() if ln.startswith("@RG")]
    assert rg == [
        "@RG\tID:S1.U1\tSM:S1\tLB:lib'1\tPL:ILLUMINA\tPU:fc1.1\tDS:it's a / test\tCN:Some Centre"
    ]


def mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
