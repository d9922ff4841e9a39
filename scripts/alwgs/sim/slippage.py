"""Polymerase-slippage indel errors in reads: one repeat unit gained or lost in a homopolymer
or short tandem repeat, at a rate that grows with the length of the repeat.

Why: Illumina reads are nearly free of indel errors except in repeats, where insertion and
deletion rates rise with homopolymer length (Ross et al., Genome Biology 2013, 14:R51,
"Characterizing and measuring bias in sequence data": "the insertion and deletion rates of
Illumina data increased in longer homopolymers"). Those errors are what makes germline indel
calls in homopolymers false; reads with substitution errors only hide the problem.

Rates, per read crossing the whole tract (recalled, not read from a source here: the orders of
magnitude of the stutter rates of PCR-free Illumina WGS that GATK's DRAGstr model and HipSTR
estimate; about Q40 for 3-5 bp homopolymers, Q25-30 at 10 bp, Q15-20 at 15 bp, a few per cent
to ~20% beyond 20 bp; STRs of a 2-4 bp unit slip less per base of tract than homopolymers):
  homopolymer of L bp:  min(HP_CAP,  HP_RATE_AT_3  * 10 ** ((L - 3) / HP_BP_PER_DECADE))
  STR of L bp in total: min(STR_CAP, STR_RATE_AT_6 * 10 ** ((L - 6) / STR_BP_PER_DECADE))
Deletions are more frequent than insertions (DEL_SHARE).

Reads come in with PAD extra bases at their 3' end (the fragment continues there), so a
deletion pulls real sequence in; the output is trimmed to the read length.
"""

import numpy as np

PAD = 8
HP_RATE_AT_3, HP_BP_PER_DECADE, HP_CAP = 1e-4, 5.0, 0.2
STR_RATE_AT_6, STR_BP_PER_DECADE, STR_CAP = 1e-4, 8.0, 0.1
DEL_SHARE = 0.6
MIN_HP = 3  # shorter runs: rate below 1e-4, not worth drawing
MIN_STR_UNITS = 3
CHUNK = 50_000


def homopolymer_rate(length: np.ndarray) -> np.ndarray:
    r = HP_RATE_AT_3 * 10 ** ((np.asarray(length, float) - 3) / HP_BP_PER_DECADE)
    return np.minimum(HP_CAP, r)


def str_rate(length: np.ndarray) -> np.ndarray:
    r = STR_RATE_AT_6 * 10 ** ((np.asarray(length, float) - 6) / STR_BP_PER_DECADE)
    return np.minimum(STR_CAP, r)


def _runs(flags: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, start, length) of the runs of True in each row of a boolean matrix."""
    m = flags.shape[0]
    padded = np.zeros((m, flags.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = flags
    d = np.diff(padded, axis=1)
    rs, starts = np.nonzero(d == 1)
    _, ends = np.nonzero(d == -1)
    return rs, starts, ends - starts


def repeat_tracts(reads: np.ndarray, width: int):
    """Homopolymers and STRs in each read (codes 0-3, 4 = N), starting before `width`:
    arrays (row, start, unit length, tract length)."""
    acgt = reads < 4
    rows, starts, units, lengths = [], [], [], []
    same1 = (reads[:, 1:] == reads[:, :-1]) & acgt[:, 1:]
    r, s, n = _runs(same1)
    keep = n + 1 >= MIN_HP
    rows.append(r[keep]), starts.append(s[keep]), units.append(np.ones(keep.sum(), int))
    lengths.append(n[keep] + 1)
    for k in (2, 3, 4):
        samek = (reads[:, k:] == reads[:, :-k]) & acgt[:, k:]
        r, s, n = _runs(samek)
        total = n + k
        keep = total >= MIN_STR_UNITS * k
        r, s, total = r[keep], s[keep], total[keep]
        # A homopolymer also repeats with period k, and a dinucleotide STR with period 4:
        # keep a run only when its unit is not itself a repeat of a shorter unit.
        first = reads[r, s]
        ok = np.zeros(len(r), dtype=bool)
        for j in range(1, k):
            ok |= reads[r, s + j] != first
        if k == 4:
            ok &= ~((reads[r, s + 2] == first) & (reads[r, s + 3] == reads[r, s + 1]))
        rows.append(r[ok]), starts.append(s[ok]), units.append(np.full(ok.sum(), k))
        lengths.append(total[ok])
    row, start = np.concatenate(rows), np.concatenate(starts)
    unit, length = np.concatenate(units), np.concatenate(lengths)
    inside = start < width
    return row[inside], start[inside], unit[inside], length[inside]


def slip(rng: np.random.Generator, reads: np.ndarray) -> np.ndarray:
    """Reads of width READ_LEN + PAD in, reads of width READ_LEN out, with slippage errors.

    At most one slip per read (two in one read are rare at these rates)."""
    width = reads.shape[1] - PAD
    out = np.empty((reads.shape[0], width), dtype=reads.dtype)
    for lo in range(0, reads.shape[0], CHUNK):
        chunk = reads[lo : lo + CHUNK]
        out[lo : lo + CHUNK] = chunk[:, :width]
        row, start, unit, length = repeat_tracts(chunk, width)
        rate = np.where(unit == 1, homopolymer_rate(length), str_rate(length))
        u = rng.random(len(rate))
        deletion = rng.random(len(rate)) < DEL_SHARE
        hit = np.flatnonzero(u < rate)
        _, first = np.unique(row[hit], return_index=True)
        for i in hit[first].tolist():
            r, s, k = int(row[i]), int(start[i]), int(unit[i])
            src = chunk[r]
            if deletion[i]:
                new = np.concatenate([src[:s], src[s + k :]])
            else:
                new = np.concatenate([src[:s], src[s : s + k], src[s:]])
            out[lo + r] = new[:width]
    return out
