"""The simulator's slippage error model (scripts/alwgs/sim/slippage.py): deterministic for a
seed, at the stated rate for homopolymers and STRs, one unit gained or lost in the tract and
nothing else changed."""

from __future__ import annotations

import numpy as np
from alwgs.sim import slippage
from alwgs.sim.reads import READ_LEN

A, C, G, T = 0, 1, 2, 3
N_READS = 40_000


def _reads(tract: list[int], at: int = 50, seed: int = 7) -> np.ndarray:
    """Random reads (READ_LEN + PAD) with the tract at `at`, flanked by bases that cannot
    extend it (G before, T after: no tract below starts or ends with those)."""
    rng = np.random.default_rng(seed)
    reads = rng.integers(0, 4, (N_READS, READ_LEN + slippage.PAD)).astype(np.uint8)
    reads[:, at - 1] = G
    reads[:, at : at + len(tract)] = tract
    reads[:, at + len(tract)] = T
    return reads


def _slipped_at(src: np.ndarray, out: np.ndarray, at: int, unit: int):
    """Rows changed, and whether each is the source with one unit deleted/inserted at `at`."""
    changed = np.flatnonzero((out != src[:, :READ_LEN]).any(1))
    kinds = []
    for r in changed.tolist():
        s = src[r]
        deleted = np.concatenate([s[:at], s[at + unit :]])[:READ_LEN]
        inserted = np.concatenate([s[:at], s[at : at + unit], s[at:]])[:READ_LEN]
        if (out[r] == deleted).all():
            kinds.append("del")
        elif (out[r] == inserted).all():
            kinds.append("ins")
        else:
            kinds.append("other")
    return changed, kinds


def test_same_seed_same_reads_other_seed_other_reads():
    src = _reads([A] * 15)
    a = slippage.slip(np.random.default_rng(1), src)
    b = slippage.slip(np.random.default_rng(1), src)
    c = slippage.slip(np.random.default_rng(2), src)
    assert a.shape == (N_READS, READ_LEN)
    assert (a == b).all()
    assert not (a == c).all()


def _within(observed: int, n: int, p: float) -> bool:
    # The planted tract's rate, plus a small allowance for tracts the random background makes.
    sd = (n * p * (1 - p)) ** 0.5
    return abs(observed - n * p) <= 4 * sd + 0.002 * n


def test_homopolymer_rate_and_one_base_slips():
    src = _reads([A] * 15)
    out = slippage.slip(np.random.default_rng(3), src)
    changed, kinds = _slipped_at(src, out, 50, 1)
    p = float(slippage.homopolymer_rate(15))
    assert 0.01 < p < 0.05  # ~Q16 at 15 bp
    assert _within(len(changed), N_READS, p)
    planted = [k for k in kinds if k != "other"]
    assert len(planted) >= 0.9 * len(changed)
    share_del = planted.count("del") / len(planted)
    assert abs(share_del - slippage.DEL_SHARE) < 0.1


def test_rate_grows_with_homopolymer_length():
    rates = [len(_slipped_at(s, slippage.slip(np.random.default_rng(4), s), 50, 1)[0])
             for s in (_reads([A] * 6), _reads([A] * 12), _reads([A] * 20))]  # fmt: skip
    assert rates[0] < rates[1] < rates[2]
    assert rates[2] / N_READS > 0.05


def test_str_slips_a_whole_unit():
    src = _reads([C, A] * 10)  # (CA)x10, 20 bp
    out = slippage.slip(np.random.default_rng(5), src)
    changed, kinds = _slipped_at(src, out, 50, 2)
    planted = kinds.count("del") + kinds.count("ins")
    assert _within(planted, N_READS, float(slippage.str_rate(20)))
    # Other changes: slips in the short runs the random background holds (~1e-4 each).
    assert kinds.count("other") <= 0.002 * N_READS
    assert kinds.count("del") > 0 and kinds.count("ins") > 0


def test_repeat_tracts_finds_units_not_their_multiples():
    read = np.array([[G, C, A, C, A, C, A, C, A, G, T, T, T, T, G, A, A, C, A, A, C, A, A, C, G]],
                    dtype=np.uint8)  # fmt: skip
    cols = [x.tolist() for x in slippage.repeat_tracts(read, read.shape[1])]
    found = sorted(zip(*cols, strict=True))
    # (row, start, unit, length): CACACACA at 1 (unit 2, not 4), TTTT at 10, AACAACAAC at 15.
    assert (0, 1, 2, 8) in found
    assert (0, 10, 1, 4) in found
    assert (0, 15, 3, 9) in found
    assert not [f for f in found if f[2] == 4]
