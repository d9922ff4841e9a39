"""Pseudoautosomal regions (PARs): the parts of X and Y that are one sequence on both.

In a GRCh38 analysis set the PARs of chrY are hard-masked (N), so every PAR read of a male
aligns to chrX: PAR1 and PAR2 of his X read two copies, like an autosome, not one like the
rest of his X. Copy number therefore takes two copies as the baseline of a PAR in either
sex (a PAR1 deletion, the P2RY8::CRLF2 deletion of B-ALL, is then a loss to one copy), the
sex check leaves PARs out, and a change inside a PAR is named on X and Y alike, since reads
cannot tell which of the two carries it.

Configuration (config reference.par, filled by the reference bundle for GRCh38/GRCh37,
config/reference/par.tsv): a list of {name, x, y}, ``x`` the region on the declared X and
``y`` (optional, "" = not given) the same region on the declared Y, as contig:start-end,
1-based inclusive. An empty list means no PAR handling: a male's whole X is one copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_REGION = re.compile(r"^(?P<contig>\S+):(?P<start>[0-9][0-9,]*)-(?P<end>[0-9][0-9,]*)$")


@dataclass(frozen=True)
class Interval:
    contig: str
    start: int  # 0-based
    end: int  # half-open

    def text(self) -> str:
        """contig:start-end, 1-based inclusive, as the config writes it."""
        return f"{self.contig}:{self.start + 1}-{self.end}"

    def overlaps(self, contig: str, start: int, end: int) -> bool:
        return contig == self.contig and start < self.end and end > self.start

    def contains(self, contig: str, pos: int) -> bool:
        """``pos`` 0-based."""
        return contig == self.contig and self.start <= pos < self.end


@dataclass(frozen=True)
class ParRegion:
    name: str
    x: Interval
    y: Interval | None = None

    def to_y(self, start: int, end: int) -> tuple[int, int] | None:
        """The Y interval of an X interval inside this PAR (same offsets), None without a Y."""
        if self.y is None:
            return None
        return self.y.start + (start - self.x.start), self.y.start + (end - self.x.start)


def parse_region(text: str) -> Interval:
    """'chrX:10001-2781479' (1-based inclusive) -> Interval(chrX, 10000, 2781479). Raises
    ValueError with what is wrong."""
    m = _REGION.match(str(text).strip())
    if not m:
        raise ValueError(f"'{text}' is not contig:start-end (1-based, inclusive)")
    start, end = (int(m.group(k).replace(",", "")) for k in ("start", "end"))
    if start < 1 or end < start:
        raise ValueError(f"'{text}': start must be >= 1 and end >= start")
    return Interval(m.group("contig"), start - 1, end)


def from_config(entries: Iterable[Mapping] | None) -> tuple[ParRegion, ...]:
    """The PARs of config reference.par (already checked at intake: intake/reference.py)."""
    out = []
    for i, entry in enumerate(entries or ()):
        y = entry.get("y") or ""
        out.append(
            ParRegion(
                str(entry.get("name") or f"PAR{i + 1}"),
                parse_region(entry["x"]),
                parse_region(y) if y else None,
            )
        )
    return tuple(out)


def x_region_at(pars: Iterable[ParRegion], contig: str, start: int, end: int):
    """The PAR whose X interval overlaps contig:start-end (0-based half-open), or None."""
    for p in pars:
        if p.x.overlaps(contig, start, end):
            return p
    return None


def in_y_par(pars: Iterable[ParRegion], contig: str, start: int, end: int) -> bool:
    """Whether contig:start-end lies mostly inside the Y copy of a PAR (reads there cannot be
    told from the X copy's; in an analysis set they are N)."""
    for p in pars:
        if p.y and p.y.overlaps(contig, start, end):
            inside = min(end, p.y.end) - max(start, p.y.start)
            if inside * 2 >= end - start:
                return True
    return False


def length_on(pars: Iterable[ParRegion], contig: str) -> int:
    """bp of ``contig`` inside PARs (X or Y copies)."""
    total = 0
    for p in pars:
        for iv in (p.x, p.y):
            if iv is not None and iv.contig == contig:
                total += iv.end - iv.start
    return total


def check(entries, lengths: Mapping[str, int], chr_x: str, chr_y: str) -> list[tuple[str, str]]:
    """Problems of config reference.par as (field, message), [] when it is sound: each
    entry's x on the declared X and y on the declared Y, inside the contig, the two copies of
    one length, no two entries overlapping."""
    problems: list[tuple[str, str]] = []
    seen: list[tuple[str, Interval]] = []
    for i, entry in enumerate(entries or ()):
        where = f"reference.par.{i}"
        if not isinstance(entry, Mapping) or not entry.get("x"):
            problems.append((where, "needs x (the region on the X contig, contig:start-end)"))
            continue
        parsed = {}
        for key, role, contig in (("x", "reference.chrX", chr_x), ("y", "reference.chrY", chr_y)):
            text = entry.get(key) or ""
            if not text:
                continue
            try:
                iv = parse_region(text)
            except ValueError as err:
                problems.append((f"{where}.{key}", str(err)))
                continue
            if not contig:
                problems.append(
                    (f"{where}.{key}", f"{role} is empty: a PAR needs the declared {key.upper()}")
                )
                continue
            if iv.contig != contig:
                problems.append(
                    (
                        f"{where}.{key}",
                        f"'{text}' is on '{iv.contig}', not on the declared {role} '{contig}'",
                    )
                )
                continue
            if iv.end > lengths.get(contig, 0):
                problems.append(
                    (
                        f"{where}.{key}",
                        f"'{text}' ends past the end of {contig} ({lengths.get(contig, 0):,} bp)",
                    )
                )
                continue
            for other_field, other in seen:
                if other.overlaps(iv.contig, iv.start, iv.end):
                    problems.append((f"{where}.{key}", f"'{text}' overlaps {other_field}"))
            seen.append((f"{where}.{key}", iv))
            parsed[key] = iv
        x, y = parsed.get("x"), parsed.get("y")
        if x and y and x.end - x.start != y.end - y.start:
            problems.append(
                (
                    f"{where}.y",
                    f"{y.text()} is {y.end - y.start:,} bp, the X copy {x.text()} is"
                    f" {x.end - x.start:,} bp: the two copies of a PAR are one sequence",
                )
            )
    return problems
