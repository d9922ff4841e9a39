"""Read R1 and R2 of a read group in lockstep: the first job of every unit.

Intake only peeks at the first byte of each FASTQ (a genome's worth of reads is too much to
read before the DAG). This check reads both files to the end and stops the unit, before fastp,
when the gzip stream is truncated or corrupt, a record is malformed, the files hold no reads,
R1 and R2 hold different numbers of reads, or the read names of a pair differ.

Speed: the files are read in binary blocks, split into lines by bytes.split and compared a
block of records at a time, so the per-read work is a few list operations in C.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

# Decompressed bytes read per block of each file.
BLOCK = 1 << 22


class FastqError(Exception):
    """A problem of mate 1 or 2 (None: of the pair) at a 1-based record number."""

    def __init__(self, mate: int | None, record: int | None, message: str) -> None:
        self.mate = mate
        self.record = record
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Block:
    """Complete records of one file: their header lines and the number of the first."""

    first: int
    heads: list[bytes]


def _read_block(fh: gzip.GzipFile) -> tuple[bytes, tuple[str, str] | None]:
    """Up to BLOCK decompressed bytes, and the problem that stopped the stream (the text
    before and after the record number), or None.

    read1 returns what each piece of compressed input gives, so the data before a truncation
    or corruption is kept and the first bad record can be named exactly.
    """
    parts: list[bytes] = []
    size = 0
    problem = None
    while size < BLOCK:
        try:
            piece = fh.read1(BLOCK - size)
        except EOFError:
            problem = ("the gzip data ends early, in record", " (the file is truncated)")
            break
        except (gzip.BadGzipFile, zlib.error, OSError) as exc:
            problem = ("the gzip data is corrupt in record", f" ({exc})")
            break
        if not piece:
            break
        parts.append(piece)
        size += len(piece)
    return b"".join(parts), problem


def _records(path: str, mate: int) -> Iterator[Block]:
    """Blocks of whole records; raises FastqError naming the record where reading failed."""
    done = 0  # complete records handed out
    pending: list[bytes] = []  # lines of a record cut by the block end
    tail = b""  # a line cut by the block end
    with open(path, "rb") as raw, gzip.GzipFile(fileobj=raw, mode="rb") as fh:
        while True:
            chunk, problem = _read_block(fh)
            if chunk:
                lines = (tail + chunk).split(b"\n")
                tail = lines.pop()
                if pending:
                    lines = pending + lines
                whole = len(lines) - len(lines) % 4
                pending = lines[whole:]
                if whole:
                    _check_records(lines, whole, done, mate)
                    yield Block(done + 1, lines[0:whole:4])
                    done += whole // 4
            if problem:
                raise FastqError(mate, done + 1, f"{problem[0]} {done + 1}{problem[1]}")
            if not chunk:
                break
    if tail:
        pending.append(tail)
    while pending and not pending[-1].strip():  # blank lines at the very end
        pending.pop()
    if len(pending) % 4:
        raise FastqError(
            mate,
            done + 1,
            f"record {done + 1} is incomplete: the file ends after {len(pending)} of its 4 lines",
        )
    if pending:
        _check_records(pending, 4, done, mate)
        yield Block(done + 1, pending[0:4:4])


def _check_records(lines: list[bytes], whole: int, done: int, mate: int) -> None:
    heads, seqs, plus, quals = (lines[i:whole:4] for i in range(4))
    if all(h[:1] == b"@" for h in heads) and all(p[:1] == b"+" for p in plus):
        if list(map(len, seqs)) == list(map(len, quals)):
            return
    for i, (head, seq, sep, qual) in enumerate(zip(heads, seqs, plus, quals, strict=True)):
        record = done + i + 1
        if head[:1] != b"@":
            raise FastqError(mate, record, f"record {record} does not start with '@'")
        if sep[:1] != b"+":
            raise FastqError(mate, record, f"record {record} has no '+' line")
        if len(seq) != len(qual):
            raise FastqError(
                mate,
                record,
                f"record {record} has {len(seq)} bases but {len(qual)} quality values",
            )


def read_name(head: bytes) -> bytes:
    """The name of a header line: without '@', the comment and a /1 or /2 mate suffix."""
    name = head[1:].split(None, 1)
    name = name[0] if name else b""
    return name[:-2] if name[-2:] in (b"/1", b"/2") else name


def _strip_mates(names: list[bytes]) -> list[bytes]:
    return [n[:-2] if n[-2:] in (b"/1", b"/2") else n for n in names]


def check_pair(fq1: str, fq2: str) -> int:
    """Number of read pairs of a unit; raises FastqError for the first problem found."""
    files = (_records(fq1, 1), _records(fq2, 2))
    heads: list[list[bytes]] = [[], []]
    ended = [False, False]
    pairs = 0
    while True:
        for mate in (0, 1):
            while not heads[mate] and not ended[mate]:
                block = next(files[mate], None)
                if block is None:
                    ended[mate] = True
                else:
                    heads[mate] = block.heads
        if not heads[0] or not heads[1]:
            break
        n = min(len(heads[0]), len(heads[1]))
        # Headers differ in their comment (1:N:0 / 2:N:0): compare the first words, and only
        # when those differ, again without a /1 /2 suffix.
        names1 = [h.split(None, 1)[0] for h in heads[0][:n]]
        names2 = [h.split(None, 1)[0] for h in heads[1][:n]]
        if names1 != names2 and _strip_mates(names1) != _strip_mates(names2):
            i, name1, name2 = next(
                (i, a, b)
                for i, (a, b) in enumerate(zip(names1, names2, strict=True))
                if read_name(a) != read_name(b)
            )
            raise FastqError(
                None,
                pairs + i + 1,
                f"read names differ at record {pairs + i + 1}:"
                f" '{read_name(name1).decode(errors='replace')}' in fq1,"
                f" '{read_name(name2).decode(errors='replace')}' in fq2 (the files are not mates)",
            )
        heads = [heads[0][n:], heads[1][n:]]
        pairs += n
    if heads[0] or heads[1]:
        longer = 0 if heads[0] else 1
        counts = [pairs, pairs]
        counts[longer] += len(heads[longer]) + sum(len(b.heads) for b in files[longer])
        raise FastqError(
            2 - longer,
            pairs + 1,
            f"fq1 has {counts[0]} reads, fq2 has {counts[1]}: record {pairs + 1} of"
            f" fq{longer + 1} has no mate",
        )
    if pairs == 0:
        raise FastqError(1, None, "has no reads")
    return pairs
