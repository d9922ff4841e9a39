"""Cut a unit's gzipped FASTQ pair into chunks of at most N read pairs, mates in step.

Streaming: `gzip -dc` decompresses each mate and `gzip -1` compresses each chunk file in its
own process; this process only hands whole records from the readers to the writers, a block
at a time, so memory does not grow with the file. Level 1: the chunks are temporary (read
once by bwa), and compression is the slowest step of the split.

The pair has passed fastq_check and fastp (same record count, names agree), so a mismatch
here means a file changed in between; it is still checked per record, cheaply (list slices
in C), because a pair out of step would align silently as wrong pairs.

Chunks are numbered from 0 (`0000_R1.fastq.gz`, `0000_R2.fastq.gz`, ...); the last one holds
the remainder. An empty pair gives one empty chunk, so a unit always has at least one
alignment (as the unsplit bwa job gives a header-only BAM).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from pathlib import Path
from typing import IO

# Records handed over at a time (of each mate): ~20 MB of 150-bp reads; two blocks of each
# mate are in memory at once (one written, one read).
BLOCK_RECORDS = 1 << 16


class SplitError(Exception):
    pass


def chunk_name(index: int, mate: int) -> str:
    return f"{index:04d}_R{mate}.fastq.gz"


def _names(heads: list[bytes]) -> list[bytes]:
    """Header lines' read names without comment or /1 /2 suffix ('@' kept)."""
    names = [h.split(None, 1)[0] if h.strip() else b"" for h in heads]
    if any(n[-2:] in (b"/1", b"/2") for n in names[:1]):
        names = [n[:-2] if n[-2:] in (b"/1", b"/2") else n for n in names]
    return names


def _blocks(stream: IO[bytes], path: str, limit: int) -> Iterator[list[bytes]]:
    """Lists of whole records' lines, at most `limit` records in all."""
    left = limit
    while left:
        lines = list(islice(stream, 4 * min(left, BLOCK_RECORDS)))
        if not lines:
            return
        if len(lines) % 4:
            raise SplitError(f"{path}: the file ends inside a record")
        if not lines[-1].endswith(b"\n"):  # the file's last line, without its newline
            lines[-1] += b"\n"
        left -= len(lines) // 4
        yield lines


def _check_block(lines1: list[bytes], lines2: list[bytes], first: int, fq1: str, fq2: str):
    if len(lines1) != len(lines2):
        short = fq1 if len(lines1) < len(lines2) else fq2
        raise SplitError(f"{short} holds fewer reads than its mate (from record {first + 1} on)")
    heads1, heads2 = lines1[0::4], lines2[0::4]
    if any(not h.startswith(b"@") for h in heads1 + heads2):
        raise SplitError(f"{fq1} or {fq2}: a record near record {first + 1} is not FASTQ")
    if heads1 == heads2:  # fast path: identical header lines need no parsing
        return
    names1, names2 = _names(heads1), _names(heads2)
    if names1 != names2:
        k = next(k for k, (a, b) in enumerate(zip(names1, names2, strict=True)) if a != b)
        raise SplitError(
            f"{fq1} and {fq2}: read names differ at record {first + k + 1}"
            f" ({names1[k][1:].decode(errors='replace')}"
            f" / {names2[k][1:].decode(errors='replace')})"
        )


def _next_pair(pool: ThreadPoolExecutor, blocks1, blocks2) -> tuple[list[bytes], list[bytes]]:
    """The next block of each mate, read side by side."""
    one, two = pool.submit(next, blocks1, []), pool.submit(next, blocks2, [])
    return one.result(), two.result()


def _writer(path: Path) -> tuple[subprocess.Popen, IO[bytes]]:
    out = open(path, "wb")
    proc = subprocess.Popen(["gzip", "-1", "-c"], stdin=subprocess.PIPE, stdout=out)
    out.close()  # the child holds its own descriptor
    return proc, proc.stdin


def _close(proc: subprocess.Popen, what: str) -> None:
    proc.stdin.close()
    if proc.wait():
        raise SplitError(f"gzip failed ({proc.returncode}) writing {what}")


def split_pairs(fq1: str, fq2: str, out_dir: str, pairs_per_chunk: int) -> list[int]:
    """Write the chunks into out_dir (created); return the read pairs of each chunk."""
    if pairs_per_chunk < 1:
        raise ValueError("pairs_per_chunk must be at least 1")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    readers = [
        subprocess.Popen(["gzip", "-dc", path], stdout=subprocess.PIPE, bufsize=1 << 20)
        for path in (fq1, fq2)
    ]
    counts: list[int] = []
    failed: SplitError | None = None
    # Threads overlap the two mates: while a block of each is written (each gzip compresses
    # its own), the next block of each is read (each gzip -dc decompresses its own); pipe I/O
    # releases the GIL.
    pool = ThreadPoolExecutor(max_workers=4)
    try:
        while True:
            blocks1 = _blocks(readers[0].stdout, fq1, pairs_per_chunk)
            blocks2 = _blocks(readers[1].stdout, fq2, pairs_per_chunk)
            lines1, lines2 = _next_pair(pool, blocks1, blocks2)
            if not lines1 and not lines2 and counts:
                break  # the previous chunk ended with the input
            index = len(counts)
            writers = [_writer(out / chunk_name(index, mate)) for mate in (1, 2)]
            done = 0
            while lines1 or lines2:
                _check_block(lines1, lines2, sum(counts) + done, fq1, fq2)
                writes = [
                    pool.submit(writers[0][1].writelines, lines1),
                    pool.submit(writers[1][1].writelines, lines2),
                ]
                done += len(lines1) // 4
                lines1, lines2 = _next_pair(pool, blocks1, blocks2)
                for write in writes:
                    write.result()
            for mate, (proc, _) in enumerate(writers, 1):
                _close(proc, str(out / chunk_name(index, mate)))
            counts.append(done)
            if done < pairs_per_chunk:
                break
    except SplitError as err:
        failed = err
    finally:
        pool.shutdown()
        for reader in readers:
            reader.stdout.close()
            reader.wait()
    # A corrupt or cut gzip stream ends its mate early: name the file rather than the
    # mismatch it caused (a reader stopped by a signal was closed early by us).
    for path, reader in zip((fq1, fq2), readers, strict=True):
        if reader.returncode > 0:
            raise SplitError(f"{path}: gzip -dc failed ({reader.returncode}): corrupt or cut")
    if failed:
        raise failed
    return counts
