"""alwgs.align.split: a FASTQ pair cut into chunks of N pairs, mates in step."""

import gzip
from pathlib import Path

import pytest
from alwgs.align.split import SplitError, chunk_name, split_pairs


def record(name: str, mate: int, seq: str = "ACGT") -> str:
    return f"@{name} {mate}:N:0:ACGT\n{seq}\n+\n{'I' * len(seq)}\n"


def write_pair(folder: Path, n: int, names2=None) -> tuple[str, str]:
    names = [f"r{i}" for i in range(n)]
    paths = []
    for mate, mate_names in ((1, names), (2, names2 if names2 is not None else names)):
        path = folder / f"in_R{mate}.fastq.gz"
        with gzip.open(path, "wt") as fh:
            fh.write(
                "".join(
                    record(name, mate, "ACGT"[: 1 + i % 4]) for i, name in enumerate(mate_names)
                )
            )
        paths.append(str(path))
    return paths[0], paths[1]


def read_names(path: Path) -> list[str]:
    with gzip.open(path, "rt") as fh:
        lines = fh.read().splitlines()
    assert len(lines) % 4 == 0
    return [line[1:].split()[0] for line in lines[0::4]]


def chunks(out: Path) -> list[tuple[list[str], list[str]]]:
    found = sorted(p.name for p in out.iterdir())
    n = len(found) // 2
    assert found == sorted(chunk_name(i, m) for i in range(n) for m in (1, 2))
    return [
        (read_names(out / chunk_name(i, 1)), read_names(out / chunk_name(i, 2))) for i in range(n)
    ]


@pytest.mark.parametrize(
    ("n", "per", "sizes"), [(10, 3, [3, 3, 3, 1]), (9, 3, [3, 3, 3]), (2, 5, [2])]
)
def test_chunk_sizes_and_last_partial_chunk(tmp_path, n, per, sizes):
    fq1, fq2 = write_pair(tmp_path, n)
    counts = split_pairs(fq1, fq2, str(tmp_path / "out"), per)
    assert counts == sizes
    got = chunks(tmp_path / "out")
    assert [len(r1) for r1, _ in got] == sizes
    # mates in step, every pair once, in input order
    assert all(r1 == r2 for r1, r2 in got)
    assert [name for r1, _ in got for name in r1] == [f"r{i}" for i in range(n)]


def test_records_are_copied_whole(tmp_path):
    fq1, fq2 = write_pair(tmp_path, 7)
    split_pairs(fq1, fq2, str(tmp_path / "out"), 2)
    for mate, source in ((1, fq1), (2, fq2)):
        joined = b"".join(
            gzip.open(tmp_path / "out" / chunk_name(i, mate)).read() for i in range(4)
        )
        assert joined == gzip.open(source).read()


def test_large_chunk_spans_blocks(tmp_path, monkeypatch):
    """A chunk larger than the records handed over at a time stays one chunk."""
    monkeypatch.setattr("alwgs.align.split.BLOCK_RECORDS", 4)
    fq1, fq2 = write_pair(tmp_path, 23)
    assert split_pairs(fq1, fq2, str(tmp_path / "out"), 10) == [10, 10, 3]
    assert all(r1 == r2 for r1, r2 in chunks(tmp_path / "out"))


def test_empty_input_gives_one_empty_chunk(tmp_path):
    fq1, fq2 = write_pair(tmp_path, 0)
    assert split_pairs(fq1, fq2, str(tmp_path / "out"), 4) == [0]
    assert chunks(tmp_path / "out") == [([], [])]


def test_mates_out_of_step_stop_the_split(tmp_path):
    names = [f"r{i}" for i in range(6)]
    fq1, fq2 = write_pair(tmp_path, 6, names2=names[:4] + ["x5", "r5"])
    with pytest.raises(SplitError, match="read names differ at record 5"):
        split_pairs(fq1, fq2, str(tmp_path / "out"), 4)


def test_mate_with_fewer_reads_is_named(tmp_path):
    fq1, fq2 = write_pair(tmp_path, 6, names2=[f"r{i}" for i in range(4)])
    with pytest.raises(SplitError, match="in_R2.fastq.gz holds fewer reads"):
        split_pairs(fq1, fq2, str(tmp_path / "out"), 4)


def test_cut_gzip_is_named(tmp_path):
    fq1, fq2 = write_pair(tmp_path, 2000)
    data = Path(fq2).read_bytes()
    Path(fq2).write_bytes(data[: len(data) // 2])
    with pytest.raises(SplitError, match="in_R2.fastq.gz: gzip -dc failed"):
        split_pairs(fq1, fq2, str(tmp_path / "out"), 500)


def test_chunk_size_must_be_positive(tmp_path):
    fq1, fq2 = write_pair(tmp_path, 1)
    with pytest.raises(ValueError):
        split_pairs(fq1, fq2, str(tmp_path / "out"), 0)


def test_a_chunk_is_aligned_with_the_command_of_a_unit():
    """rule bwa_mem_chunk runs bwa_mem's command (read group, -K, fixmate, sort) on the
    chunk's pair: the same alignments as an unsplit run but for bwa's batch boundaries."""
    from test_shell_quoting import COMMANDS

    unit = COMMANDS["align.smk:bwa_mem"]
    chunk = COMMANDS["align_split.smk:bwa_mem_chunk"]
    assert "{input.fq1:q} {input.fq2:q}" in unit
    assert chunk == unit.replace("{input.fq1:q} {input.fq2:q}", "{params.fq1:q} {params.fq2:q}")
