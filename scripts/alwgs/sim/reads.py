"""Illumina-like paired reads from cell populations, vectorised with numpy.

Fragments: insert ~ N(350, 50) with 2% short inserts (adapter read-through); qualities fall
along the read, some reads get a low-quality tail; errors are drawn at the rate the quality
states (so base qualities are calibrated); ~10% PCR duplicates (same fragment, new errors).
"""

import gzip
from pathlib import Path

import numpy as np

READ_LEN = 150
ADAPTER_R1 = b"AGATCGGAAGAGCACACGTCTGAACTCCAGTCAC" + b"A" * READ_LEN
ADAPTER_R2 = b"AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGTA" + b"A" * READ_LEN
_CODE = np.full(256, 4, dtype=np.uint8)
for _i, _b in enumerate(b"ACGTN"):
    _CODE[_b] = _i
_BASE = np.frombuffer(b"ACGTN", dtype=np.uint8)
_COMP_CODE = np.array([3, 2, 1, 0, 4], dtype=np.uint8)


def fragments(rng, seq: str, coverage_per_copy: float, dup_rate: float = 0.10, pad: int = 0):
    """Reads of one derivative chromosome: (r1 codes, r2 codes) as uint8 matrices, each read
    `pad` bases longer than READ_LEN (the sequence that follows, for slippage errors)."""
    codes = _CODE[np.frombuffer(seq.encode(), dtype=np.uint8)]
    n = int(round(coverage_per_copy * len(codes) / (2 * READ_LEN)))
    if n == 0 or len(codes) < 1000:
        empty = np.empty((0, READ_LEN + pad), np.uint8)
        return empty, empty.copy()
    insert = np.clip(rng.normal(350, 50, n), 160, 800).astype(np.int64)
    short = rng.random(n) < 0.02
    insert[short] = rng.integers(80, READ_LEN, int(short.sum()))
    start = (rng.random(n) * (len(codes) - insert)).astype(np.int64)
    minus = rng.random(n) < 0.5
    dup = rng.random(n) < dup_rate
    src = rng.integers(0, n, int(dup.sum()))
    insert[dup], start[dup], minus[dup] = insert[src], start[src], minus[src]
    j = np.arange(READ_LEN + pad)
    inside = j[None, :] < insert[:, None]
    fwd = codes[np.minimum(start[:, None] + j, len(codes) - 1)]
    rev = _COMP_CODE[codes[np.maximum(start[:, None] + insert[:, None] - 1 - j, 0)]]
    ad1 = _CODE[np.frombuffer(ADAPTER_R1, np.uint8)]
    ad2 = _CODE[np.frombuffer(ADAPTER_R2, np.uint8)]
    over = np.clip(j[None, :] - insert[:, None], 0, READ_LEN - 1)
    fwd = np.where(inside, fwd, ad1[over])
    rev = np.where(inside, rev, ad2[over])
    # Drop fragments that start in assembly gaps: a sequencer never reads them.
    keep = (fwd[:, :READ_LEN] == 4).sum(1) + (rev[:, :READ_LEN] == 4).sum(1) < 5
    r1 = np.where(minus[:, None], rev, fwd)[keep]
    r2 = np.where(minus[:, None], fwd, rev)[keep]
    return r1, r2


def sequence_errors(rng, reads: np.ndarray, mate: int):
    """Quality strings and substitution errors at the stated rates."""
    n = len(reads)
    pos = np.arange(READ_LEN, dtype=np.float32) / READ_LEN
    mean_q = (37.5 - (1.5 * mate) - 9 * pos**3).astype(np.float32)
    q = rng.standard_normal((n, READ_LEN), dtype=np.float32)
    q *= 2.5
    q += mean_q
    tail_rows = np.flatnonzero(rng.random(n) < 0.05)
    tail_start = rng.integers(100, 140, len(tail_rows))
    low = rng.normal(12, 3, (len(tail_rows), READ_LEN)).astype(np.float32)
    cols = np.arange(READ_LEN)[None, :] >= tail_start[:, None]
    q[tail_rows] = np.where(cols, low, q[tail_rows])
    q = np.clip(np.rint(q), 2, 41).astype(np.uint8)
    p_err = (10 ** (-np.arange(42) / 10)).astype(np.float32)
    err = rng.random((n, READ_LEN), dtype=np.float32) < p_err[q]
    err &= reads < 4
    out = reads.copy()
    hit = np.flatnonzero(err)
    flat = out.reshape(-1)
    flat[hit] = (flat[hit] + rng.integers(1, 4, len(hit), dtype=np.uint8)) % 4
    q[out == 4] = 2
    return out, q


def write_fastq(path: Path, names: np.ndarray, reads: np.ndarray, quals: np.ndarray, mate: int):
    """Fixed-width records assembled as one byte matrix; gzip with mtime 0 (reproducible)."""
    n = len(reads)
    head = np.frombuffer(names, np.uint8).reshape(n, -1)
    suffix = np.frombuffer(f" {mate}:N:0:ACGTACGT\n".encode(), np.uint8)
    rec = np.concatenate(
        [
            np.full((n, 1), ord("@"), np.uint8),
            head,
            np.tile(suffix, (n, 1)),
            _BASE[reads],
            np.tile(np.frombuffer(b"\n+\n", np.uint8), (n, 1)),
            (quals + 33).astype(np.uint8),
            np.full((n, 1), ord("\n"), np.uint8),
        ],
        axis=1,
    )
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0, filename="") as gz,
    ):
        for i in range(0, n, 200_000):
            gz.write(rec[i : i + 200_000].tobytes())


def read_names(flowcell: str, lane: int, n: int) -> bytes:
    """Illumina-style names that carry no information about where a read came from."""
    idx = np.arange(n)
    tiles = 1101 + idx // 1_000_000
    xs = idx % 1_000_000
    return "".join(
        f"SIM:1:{flowcell}:{lane}:{t}:{x:07d}"
        for t, x in zip(tiles.tolist(), xs.tolist(), strict=True)
    ).encode()
