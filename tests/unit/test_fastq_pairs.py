"""The per-unit data check: R1 and R2 read to the end together."""

import gzip
import json
import zlib
from pathlib import Path

import pytest
from alwgs.qc import fastq_pairs
from alwgs.qc.fastq_pairs import FastqError, check_pair, read_name


def record(name: str, mate: int, length: int = 8) -> bytes:
    return f"@{name} {mate}:N:0:ACGT\n{'ACGT' * (length // 4)}\n+\n{'I' * length}\n".encode()


def fastq(path: Path, records: list[bytes]) -> str:
    path.write_bytes(gzip.compress(b"".join(records), mtime=0))
    return str(path)


def pair(tmp_path: Path, n: int, r1=None, r2=None) -> tuple[str, str]:
    one = [record(f"r{i}", 1) for i in range(n)] if r1 is None else r1
    two = [record(f"r{i}", 2) for i in range(n)] if r2 is None else r2
    return fastq(tmp_path / "R1.fq.gz", one), fastq(tmp_path / "R2.fq.gz", two)


@pytest.fixture(params=[1 << 22, 7, 100], ids=["block-4M", "block-7", "block-100"])
def block(request, monkeypatch):
    """Every case also with tiny read blocks, so records and lines cross block ends."""
    monkeypatch.setattr(fastq_pairs, "BLOCK", request.param)
    return request.param


def test_good_pair_is_counted(tmp_path, block):
    assert check_pair(*pair(tmp_path, 250)) == 250


def test_mate_suffixes_and_comments_are_not_part_of_the_name(tmp_path, block):
    r1 = [f"@x{i}/1\nACGT\n+\nIIII\n".encode() for i in range(5)]
    r2 = [f"@x{i}/2 extra words\nACGT\n+\nIIII\n".encode() for i in range(5)]
    assert check_pair(*pair(tmp_path, 0, r1, r2)) == 5
    assert read_name(b"@x1/2 2:N:0") == b"x1"


def test_last_record_without_newline(tmp_path, block):
    r2 = [record(f"r{i}", 2) for i in range(3)]
    r2[-1] = r2[-1].rstrip(b"\n")
    assert check_pair(*pair(tmp_path, 3, r2=r2)) == 3


@pytest.mark.bad_input
def test_truncated_gzip_names_the_first_incomplete_record(tmp_path, block):
    fq1, fq2 = pair(tmp_path, 2000)
    data = Path(fq2).read_bytes()
    Path(fq2).write_bytes(data[: len(data) // 2])
    # The records a reader can still decompress from the cut file are complete; the next one
    # is where the data ends.
    readable = zlib.decompressobj(31).decompress(data[: len(data) // 2])
    complete = readable.count(b"\n") // 4
    with pytest.raises(FastqError) as info:
        check_pair(fq1, fq2)
    assert info.value.mate == 2
    assert info.value.record == complete + 1
    assert info.value.message == (
        f"the gzip data ends early, in record {complete + 1} (the file is truncated)"
    )


@pytest.mark.bad_input
def test_corrupt_gzip_checksum(tmp_path, block):
    fq1, fq2 = pair(tmp_path, 2000)
    data = bytearray(Path(fq1).read_bytes())
    data[-8] ^= 0xFF  # the CRC32 of the gzip trailer
    Path(fq1).write_bytes(bytes(data))
    with pytest.raises(FastqError) as info:
        check_pair(fq1, fq2)
    # Every record decompressed; the stream is found bad after the last one.
    assert (info.value.mate, info.value.record) == (1, 2001)
    assert info.value.message.startswith("the gzip data is corrupt in record 2001 (CRC check")


@pytest.mark.bad_input
def test_corrupt_gzip_data(tmp_path, block):
    """A damaged deflate block decompresses to garbage or fails: either way mate 1 fails."""
    fq1, fq2 = pair(tmp_path, 2000)
    data = bytearray(Path(fq1).read_bytes())
    data[len(data) // 2] ^= 0xFF
    Path(fq1).write_bytes(bytes(data))
    with pytest.raises(FastqError) as info:
        check_pair(fq1, fq2)
    assert info.value.mate == 1 and 1 < info.value.record <= 2001
    assert info.value.message.startswith(("the gzip data is corrupt", "record "))


@pytest.mark.bad_input
def test_zero_reads(tmp_path, block):
    with pytest.raises(FastqError) as info:
        check_pair(*pair(tmp_path, 0))
    assert (info.value.mate, info.value.record, info.value.message) == (1, None, "has no reads")


@pytest.mark.bad_input
@pytest.mark.parametrize(("n1", "n2", "mate"), [(300, 297, 2), (120, 121, 1)])
def test_different_read_counts(tmp_path, block, n1, n2, mate):
    r1 = [record(f"r{i}", 1) for i in range(n1)]
    r2 = [record(f"r{i}", 2) for i in range(n2)]
    with pytest.raises(FastqError) as info:
        check_pair(*pair(tmp_path, 0, r1, r2))
    short = min(n1, n2)
    assert (info.value.mate, info.value.record) == (mate, short + 1)
    longer = 1 if n1 > n2 else 2
    assert info.value.message == (
        f"fq1 has {n1} reads, fq2 has {n2}: record {short + 1} of fq{longer} has no mate"
    )


@pytest.mark.bad_input
def test_mismatched_read_names(tmp_path, block):
    r2 = [record(f"r{i}", 2) for i in range(100)]
    r2[41] = record("other", 2)
    with pytest.raises(FastqError) as info:
        check_pair(*pair(tmp_path, 100, r2=r2))
    assert (info.value.mate, info.value.record) == (None, 42)
    assert info.value.message == (
        "read names differ at record 42: 'r41' in fq1, 'other' in fq2 (the files are not mates)"
    )


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda r: r.replace(b"@", b">", 1), "record 7 does not start with '@'"),
        (lambda r: r.replace(b"\n+\n", b"\n-\n"), "record 7 has no '+' line"),
        (lambda r: r.replace(b"IIII\n", b"III\n"), "record 7 has 8 bases but 7 quality values"),
    ],
    ids=["header", "separator", "quality-length"],
)
def test_malformed_record(tmp_path, block, damage, message):
    r1 = [record(f"r{i}", 1) for i in range(20)]
    r1[6] = damage(r1[6])
    with pytest.raises(FastqError) as info:
        check_pair(*pair(tmp_path, 20, r1=r1))
    assert (info.value.mate, info.value.record, info.value.message) == (1, 7, message)


@pytest.mark.bad_input
def test_file_ending_inside_a_record(tmp_path, block):
    r1 = [record(f"r{i}", 1) for i in range(5)] + [b"@r5 1:N:0\nACGT\n"]
    with pytest.raises(FastqError) as info:
        check_pair(*pair(tmp_path, 6, r1=r1))
    assert (info.value.mate, info.value.record) == (1, 6)
    assert info.value.message == "record 6 is incomplete: the file ends after 2 of its 4 lines"


def test_rule_script_message_names_sheet_line_and_file(tmp_path):
    import fastq_check  # scripts/fastq_check.py, on the path via pyproject's pythonpath

    fq1, fq2 = pair(tmp_path, 10, r2=[record(f"r{i}", 2) for i in range(9)])
    where = {"sheet": "runs/units.tsv", "line": 4, "fq1": "a_R1.fq.gz", "fq2": "a_R2.fq.gz"}
    log = tmp_path / "check.log"
    with pytest.raises(SystemExit) as info:
        fastq_check.main(fq1, fq2, where, str(tmp_path / "out.json"), str(log))
    text = (
        "alwgs data error: runs/units.tsv line 4, field 'fq2': 'a_R2.fq.gz':"
        " fq1 has 10 reads, fq2 has 9: record 10 of fq1 has no mate"
    )
    assert info.value.code == text
    assert text in log.read_text()
    assert not (tmp_path / "out.json").exists()

    fq1, fq2 = pair(tmp_path, 10)
    fastq_check.main(fq1, fq2, where, str(tmp_path / "out.json"), str(log))
    out = json.loads((tmp_path / "out.json").read_text())
    assert out == {"read_pairs": 10, "fq1": "a_R1.fq.gz", "fq2": "a_R2.fq.gz"}
