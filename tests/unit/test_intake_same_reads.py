"""The same reads under two names (symlink, hard link, copy) and Phred+64 FASTQ, at intake."""

import os
import shutil
import subprocess

import pytest
from alwgs.intake import load_batch
from test_intake import intake_error, make_batch, where, write_fastq

UNITS_TSV = "batch/units.tsv"


def qualities_read(quals: str, n: int = 3) -> bytes:
    return b"".join(f"@r{i}\n{'A' * len(quals)}\n+\n{quals}\n".encode() for i in range(n))


@pytest.mark.bad_input
@pytest.mark.parametrize("how", ["symlink", "hardlink"])
def test_r1_and_r2_one_file_under_two_names(tmp_path, how):
    """The issue's case: a hard link made R1 and R2 one file, and intake passed."""
    config = make_batch(tmp_path)
    fastq = tmp_path / "batch/fastq"
    (fastq / "P2-T_L1_R2.fastq.gz").unlink()
    link = os.symlink if how == "symlink" else os.link
    link(fastq / "P2-T_L1_R1.fastq.gz", fastq / "P2-T_L1_R2.fastq.gz")
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 5, "fq2")
    assert err.message == (
        "'fastq/P2-T_L1_R2.fastq.gz' is the same file as 'fastq/P2-T_L1_R1.fastq.gz' (fq1)"
    )


@pytest.mark.bad_input
def test_two_patients_given_the_same_fastq_by_a_symlink(tmp_path):
    """The issue's case: a symlink gave two patients the same FASTQ."""
    config = make_batch(tmp_path)
    fastq = tmp_path / "batch/fastq"
    (fastq / "P2-T_L1_R1.fastq.gz").unlink()
    (fastq / "P2-T_L1_R1.fastq.gz").symlink_to(fastq / "P1-T_L1_R1.fastq.gz")
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 5, "fq1")
    assert err.message == (
        "'fastq/P2-T_L1_R1.fastq.gz' is the same file as 'fastq/P1-T_L1_R1.fastq.gz'"
        " on line 2 (fq1)"
    )


@pytest.mark.bad_input
def test_two_patients_given_a_copy_of_the_same_fastq(tmp_path):
    config = make_batch(tmp_path)
    fastq = tmp_path / "batch/fastq"
    shutil.copy(fastq / "P1-N_L1_R2.fastq.gz", fastq / "P2-T_L1_R2.fastq.gz")
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 5, "fq2")
    assert err.message == (
        "'fastq/P2-T_L1_R2.fastq.gz' holds the same data as 'fastq/P1-N_L1_R2.fastq.gz'"
        " on line 4 (fq2): their first reads are identical, a copy of one file under two names"
    )


@pytest.mark.bad_input
def test_a_copy_compressed_again_is_the_same_data(tmp_path):
    """The reads are compared, not the gzip bytes: a copy recompressed at another level."""
    config = make_batch(tmp_path)
    fastq = tmp_path / "batch/fastq"
    target = fastq / "P2-T_L1_R1.fastq.gz"
    target.unlink()
    with open(target, "wb") as out:
        unzipped = subprocess.run(
            ["gzip", "-dc", str(fastq / "P1-T_L2_R1.fastq.gz")], capture_output=True, check=True
        ).stdout
        out.write(subprocess.run(["gzip", "-9n"], input=unzipped, capture_output=True).stdout)
    assert target.read_bytes() != (fastq / "P1-T_L2_R1.fastq.gz").read_bytes()
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 5, "fq1")
    assert "holds the same data as 'fastq/P1-T_L2_R1.fastq.gz' on line 3 (fq1)" in err.message


@pytest.mark.bad_input
def test_phred64_fastq(tmp_path):
    """The issue's case: Phred+64 passed intake, the data check and fastp (Q30 = 1.0)."""
    config = make_batch(tmp_path)
    write_fastq(tmp_path / "batch/fastq/P2-T_L1_R2.fastq.gz", qualities_read("hhhgfBBB"))
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 5, "fq2")
    assert err.message.startswith("'fastq/P2-T_L1_R2.fastq.gz' (")
    assert err.message.endswith(
        "P2-T_L1_R2.fastq.gz) has Phred+64 quality values (its first 1,000 reads use 'B' to"
        " 'h': none below ';', as Phred+33 reads have, and some above 'K', as Phred+64 reads"
        " of good bases have): alwgs reads Phred+33 only; convert the file first, e.g."
        " seqtk seq -Q64 -V IN.fastq.gz | gzip > OUT.fastq.gz"
    )


@pytest.mark.parametrize(
    "quals",
    ["IIIIIII#", "FFFF:,,F", "JJJJJJJK", "@@@@IIII", "!!!!!!!!", "~~~~~~~5"],
    ids=["illumina", "binned", "high-only", "ambiguous", "lowest", "hifi"],
)
def test_phred33_fastq_passes(tmp_path, quals):
    """Any value below ';' proves Phred+33; values all from '@' to 'K' cannot be told apart
    and are read as Phred+33."""
    config = make_batch(tmp_path)
    write_fastq(tmp_path / "batch/fastq/P2-T_L1_R2.fastq.gz", qualities_read(quals))
    load_batch(config, tmp_path)


def test_fastq_damaged_after_its_first_reads_is_left_to_the_data_check(tmp_path):
    """Intake reads the first reads only; a file cut short later is the data check's to name."""
    config = make_batch(tmp_path)
    fastq = tmp_path / "batch/fastq/P2-T_L1_R2.fastq.gz"
    write_fastq(fastq, qualities_read("IIII#", 5000))
    data = fastq.read_bytes()
    fastq.write_bytes(data[: len(data) - 30])
    load_batch(config, tmp_path)
