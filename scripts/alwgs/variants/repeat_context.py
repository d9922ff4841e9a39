"""The repeat context of a small variant, read from the reference: the homopolymer run and the
short tandem repeat (STR) it sits in or next to.

Why: slippage of the polymerase makes indel errors whose rate grows with the length of the
homopolymer or STR; a germline indel call there needs more evidence than one elsewhere. The
germline filters (config/filters/germline.yaml) read these INFO tags:
  HRUN     length (bp) of the homopolymer at the variant: the run that starts right after the
           anchor base of a (left-aligned) indel, or that holds or touches an SNV
  STR_UNIT repeat unit (2-6 bp) of the longest STR there, '.' when none
  STR_LEN  total length (bp) of that STR (0 when none)
  REPEAT   homopolymer | str | none, by the thresholds below (the accuracy harness reports
           calls by the same context)
"""

from dataclasses import dataclass

HOMOPOLYMER_MIN = 6  # bp; GIAB stratifications treat homopolymers >= 7 bp as difficult (recalled)
STR_MIN_BP = 12  # bp of tract, with >= STR_MIN_COPIES copies of a 2-6 bp unit
STR_MIN_COPIES = 3
MAX_UNIT = 6

HEADER = [
    '##INFO=<ID=HRUN,Number=1,Type=Integer,Description="Length (bp) of the reference'
    ' homopolymer at the variant (alwgs.variants.repeat_context)">',
    '##INFO=<ID=STR_UNIT,Number=1,Type=String,Description="Unit of the longest reference short'
    ' tandem repeat (2-6 bp unit) at the variant, . when none">',
    '##INFO=<ID=STR_LEN,Number=1,Type=Integer,Description="Total length (bp) of that short'
    ' tandem repeat, 0 when none">',
    '##INFO=<ID=REPEAT,Number=1,Type=String,Description="Repeat context: homopolymer (HRUN >='
    f" {HOMOPOLYMER_MIN}), str (STR_LEN >= {STR_MIN_BP} with >= {STR_MIN_COPIES} copies) or"
    ' none">',
]


@dataclass(frozen=True)
class Context:
    hrun: int
    str_unit: str
    str_len: int

    @property
    def label(self) -> str:
        if self.hrun >= HOMOPOLYMER_MIN:
            return "homopolymer"
        if self.str_len >= STR_MIN_BP:
            return "str"
        return "none"


def _tract(seq: str, i: int, k: int) -> tuple[int, int]:
    """(start, end) of the maximal period-k repeat that contains seq[i : i + k]."""
    if i < 0 or i + k > len(seq) or "N" in seq[i : i + k]:
        return i, i
    end = i + k
    while end < len(seq) and seq[end] == seq[end - k]:
        end += 1
    start = i
    while start > 0 and seq[start - 1] == seq[start - 1 + k]:
        start -= 1
    return start, end


def _minimal_unit(unit: str) -> str:
    for k in range(1, len(unit)):
        if len(unit) % k == 0 and unit[:k] * (len(unit) // k) == unit:
            return unit[:k]
    return unit


def context_at(seq: str, pos0: int, ref: str, alt: str) -> Context:
    """Context of the variant at 0-based `pos0` of `seq` (VCF REF/ALT, indels anchored and
    left-aligned as bcftools norm leaves them)."""
    seq = seq.upper()
    indel = len(ref) != len(alt)
    # Probes: the base after the anchor (an indel's repeat starts there) and, for an SNV,
    # the base itself and its neighbours (an SNV next to a run shortens or extends it).
    probes = [pos0 + 1] if indel else [pos0 - 1, pos0, pos0 + 1]
    hrun = 0
    for p in probes:
        if 0 <= p < len(seq):
            s, e = _tract(seq, p, 1)
            hrun = max(hrun, e - s)
    best_unit, best_len = ".", 0
    for k in range(2, MAX_UNIT + 1):
        for p in probes:
            s, e = _tract(seq, p, k)
            unit = seq[s : s + k]
            if e - s < STR_MIN_COPIES * k or _minimal_unit(unit) != unit:
                continue
            if e - s > best_len:
                best_unit, best_len = unit, e - s
    return Context(hrun, best_unit, best_len)


def info_fields(ctx: Context) -> dict:
    return {"HRUN": ctx.hrun, "STR_UNIT": ctx.str_unit, "STR_LEN": ctx.str_len, "REPEAT": ctx.label}
