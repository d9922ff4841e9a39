"""Small-variant alleles as the harness compares them: the minimal representation, simple
indel signatures (equal up to rotation in a repeat), VCF allele and INFO parsing, and the
per-chromosome index of truth indels for the shifted-position match (somatic and germline)."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from dataclasses import dataclass

INDEL_SHIFT = 10  # bp an indel call may sit away from its truth position (repeat placement)


@dataclass
class Allele:
    chrom: str
    pos: int
    ref: str
    alt: str
    vaf: float | None = None
    matched: bool = False

    @property
    def cls(self) -> str:
        return "snv" if len(self.ref) == 1 and len(self.alt) == 1 else "indel"

    @property
    def key(self) -> tuple[str, int, str, str]:
        return (self.chrom, self.pos, self.ref, self.alt)

    def label(self) -> str:
        return f"{self.chrom}:{self.pos} {self.ref}>{self.alt}"


def minimal_allele(pos: int, ref: str, alt: str) -> tuple[int, str, str]:
    """Trim the shared suffix, then the shared prefix, keeping one base on each side.

    Needed because splitting a multi-allelic record leaves padded alleles (REF=ATT ALT=AT is
    the deletion AT>A), which would otherwise never equal the truth representation.
    """
    ref, alt = ref.upper(), alt.upper()
    while len(ref) > 1 and len(alt) > 1 and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    while len(ref) > 1 and len(alt) > 1 and ref[0] == alt[0]:
        ref, alt = ref[1:], alt[1:]
        pos += 1
    return pos, ref, alt


def indel_signature(ref: str, alt: str) -> tuple[str, str] | None:
    """('ins'|'del', sequence) of a simple anchored indel; None for SNVs/MNVs/complex."""
    if len(ref) == 1 and len(alt) > 1 and ref[0] == alt[0]:
        return ("ins", alt[1:])
    if len(alt) == 1 and len(ref) > 1 and ref[0] == alt[0]:
        return ("del", ref[1:])
    return None


def same_up_to_rotation(a: str, b: str) -> bool:
    return len(a) == len(b) and b in a + a


def is_symbolic(alt: str | None) -> bool:
    return (
        alt is None
        or alt in ("*", ".", "<*>", "<NON_REF>")
        or alt.startswith("<")
        or "[" in alt
        or "]" in alt
    )


def parse_info(text: str) -> dict[str, str | bool]:
    info: dict[str, str | bool] = {}
    if text in ("", "."):
        return info
    for item in text.split(";"):
        if "=" in item:
            k, v = item.split("=", 1)
            info[k] = v
        elif item:
            info[item] = True
    return info


def per_allele_float(value, index: int) -> float | None:
    """One allele's value of a Number=A field given as text, tuple or scalar."""
    if value is None or value is True:
        return None
    if isinstance(value, str):
        value = value.split(",")
    if isinstance(value, (tuple, list)):
        if not value:
            return None
        value = value[index] if index < len(value) else value[0]
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


class IndelIndex:
    """Truth indels per chromosome, sorted by position, for the shifted-position fallback."""

    def __init__(self, alleles: Iterable[Allele], window: int = INDEL_SHIFT):
        self.window = window
        self._by_chrom: dict[str, list[tuple[int, Allele]]] = {}
        for a in alleles:
            if indel_signature(a.ref, a.alt) is not None:
                self._by_chrom.setdefault(a.chrom, []).append((a.pos, a))
        for lst in self._by_chrom.values():
            lst.sort(key=lambda x: x[0])
        self._pos = {c: [p for p, _ in lst] for c, lst in self._by_chrom.items()}

    def find(self, call: Allele, only_unmatched: bool = True) -> Allele | None:
        sig = indel_signature(call.ref, call.alt)
        if sig is None or call.chrom not in self._by_chrom:
            return None
        lst, pos = self._by_chrom[call.chrom], self._pos[call.chrom]
        lo = bisect.bisect_left(pos, call.pos - self.window)
        hi = bisect.bisect_right(pos, call.pos + self.window)
        best: Allele | None = None
        for _, t in lst[lo:hi]:
            if only_unmatched and t.matched:
                continue
            tsig = indel_signature(t.ref, t.alt)
            if tsig is None or tsig[0] != sig[0] or not same_up_to_rotation(tsig[1], sig[1]):
                continue
            if best is None or abs(t.pos - call.pos) < abs(best.pos - call.pos):
                best = t
        return best
