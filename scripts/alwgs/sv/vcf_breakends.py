"""Caller VCF records (delly, tiddit) as breakend pairs with strands.

Strand convention (docs/CONTRACTS.md, the truth BEDPE): ``+`` = the sequence left of the
position is joined, ``-`` = the sequence right of it. So a deletion is ``+ -``, a tandem
duplication ``- +`` and an inversion ``+ +`` or ``- -``.

Records are read as text, not with pysam, so a parser test is a literal VCF line.
"""

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

# delly INFO/CT: connection type of the two ends (3' end of the first piece to 5' end of the
# second, ...), i.e. which side of each position stays joined.
DELLY_CT = {"3to5": ("+", "-"), "5to3": ("-", "+"), "3to3": ("+", "+"), "5to5": ("-", "-")}
# Symbolic ALTs with a fixed junction orientation. tiddit writes <INV> (and <DUP:INV>) for both
# junctions of an inversion without saying which it saw: recorded as + +, like delly's 3to3.
SYMBOLIC = {
    "DEL": ("+", "-"),
    "DUP": ("-", "+"),
    "DUP:TANDEM": ("-", "+"),
    "INV": ("+", "+"),
    "DUP:INV": ("+", "+"),
}
# Callers whose breakend orientation is not measured: tiddit 3.x sets ``inverted = False`` just
# before testing it when it writes a BND, so every BND comes out as N[p[ or ]p]N whatever the
# reads say, and its <INV> does not say which of the two junctions it saw. Their BND/INV
# records are matched to other callers' junctions by position only (merge.py).
UNORIENTED_CALLERS = {"tiddit"}
# VCF 4.2 breakend ALTs: t[p[  t]p]  ]p]t  [p[t
_BND = re.compile(
    r"^(?P<pre>[^\[\]]*)(?P<b>[\[\]])(?P<chrom>[^:\[\]]+):(?P<pos>\d+)(?P=b)(?P<post>[^\[\]]*)$"
)


@dataclass(frozen=True)
class Breakends:
    """One junction: two positions (1-based) and the side of each that is joined."""

    chrom1: str
    pos1: int
    strand1: str
    chrom2: str
    pos2: int
    strand2: str
    caller: str = ""
    record_id: str = ""
    split_reads: int = 0
    paired_reads: int = 0
    filter: str = "PASS"
    alt_fraction: float | None = None  # variant / all reads of the sample at the junction
    strands_known: bool = True  # False: the caller does not measure this record's orientation

    @property
    def svtype(self) -> str:
        """DEL, DUP, INV on one chromosome (from the strands, whatever the caller called it,
        so the callers' records can be compared), BND between chromosomes."""
        if self.chrom1 != self.chrom2:
            return "BND"
        return {("+", "-"): "DEL", ("-", "+"): "DUP"}.get((self.strand1, self.strand2), "INV")

    @property
    def size(self) -> int | None:
        return abs(self.pos2 - self.pos1) if self.chrom1 == self.chrom2 else None

    def ordered(self, contig_rank: dict[str, int]) -> "Breakends":
        """The same junction with the end that comes first in the reference as end 1."""
        big = len(contig_rank)

        def key(chrom: str, pos: int) -> tuple[int, str, int]:
            return (contig_rank.get(chrom, big), chrom, pos)

        if key(self.chrom1, self.pos1) <= key(self.chrom2, self.pos2):
            return self
        return replace(
            self,
            chrom1=self.chrom2,
            pos1=self.pos2,
            strand1=self.strand2,
            chrom2=self.chrom1,
            pos2=self.pos1,
            strand2=self.strand1,
        )


def parse_bnd_alt(alt: str) -> tuple[str, int, str, str] | None:
    """(mate chrom, mate pos, strand here, strand of mate) of a breakend ALT, else None.

    t[p[ : left of here joined to the right of p   -> + -
    t]p] : left of here joined to the left of p    -> + +
    ]p]t : right of here joined to the left of p   -> - +
    [p[t : right of here joined to the right of p  -> - -
    """
    m = _BND.match(alt)
    if not m or (m["pre"] and m["post"]) or not (m["pre"] or m["post"]):
        return None
    here = "+" if m["pre"] else "-"
    mate = "-" if m["b"] == "[" else "+"
    return m["chrom"], int(m["pos"]), here, mate


def parse_info(field: str) -> dict[str, str]:
    info = {}
    for item in field.split(";"):
        key, sep, value = item.partition("=")
        info[key] = value if sep else "1"  # a flag
    return info


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "", ".") else None
    except ValueError:
        return None


def sample_values(fields: list[str], samples: list[str], sample: str | None) -> dict[str, str]:
    """FORMAT values of ``sample`` (the first sample when it is not in the file)."""
    if len(fields) < 10 or not samples:
        return {}
    col = samples.index(sample) if sample in samples else 0
    if 9 + col >= len(fields):
        return {}
    return dict(zip(fields[8].split(":"), fields[9 + col].split(":"), strict=False))


def support(info: dict[str, str], fmt: dict[str, str]) -> tuple[int, int]:
    """(split reads, read pairs) of the sample: FORMAT RV/DV (delly and tiddit both use them:
    variant junction reads / variant pairs), else delly's site-level INFO SR/PE."""
    split = _int(fmt.get("RV"))
    pairs = _int(fmt.get("DV"))
    if split is None:
        split = _int(info.get("SR")) or 0
    if pairs is None:
        pairs = _int(info.get("PE")) or 0
    return split, pairs


def _mean(value: str | None) -> float | None:
    nums = [_int(v) for v in (value or "").split(",")]
    nums = [n for n in nums if n is not None]
    return sum(nums) / len(nums) if nums else None


def alt_fraction(fmt: dict[str, str]) -> float | None:
    """Variant share of the reads at the junction: (DV + RV) / (DV + RV + DR + RR). tiddit
    gives DR and RR once for each end (A,B): their mean is used."""
    alt = [_int(fmt.get(k)) for k in ("DV", "RV")]
    ref = [_mean(fmt.get(k)) for k in ("DR", "RR")]
    if None in alt or None in ref:
        return None
    total = sum(alt) + sum(ref)
    return sum(alt) / total if total else None


def record_breakends(
    line: str, caller: str, samples: list[str], sample: str | None = None
) -> Breakends | None:
    """The junction of one VCF data line, or None for records that are not a junction
    (insertions, copy-number-only records)."""
    f = line.rstrip("\n").split("\t")
    if len(f) < 8:
        raise ValueError(f"not a VCF data line: {line[:80]!r}")
    chrom, pos, rec_id, alt, filt = f[0], int(f[1]), f[2], f[4], f[6]
    info = parse_info(f[7])
    svtype = info.get("SVTYPE", "")
    fmt = sample_values(f, samples, sample)
    split, pairs = support(info, fmt)
    ct = DELLY_CT.get(info.get("CT", ""))
    is_bnd = svtype == "BND" or alt.count("[") == 2 or alt.count("]") == 2
    if is_bnd:
        bnd = parse_bnd_alt(alt)
        chrom2 = info.get("CHR2") or (bnd[0] if bnd else None)
        pos2 = _int(info.get("POS2")) or (bnd[1] if bnd else None)
        strands = ct or (bnd[2:] if bnd else None)
        if chrom2 is None or pos2 is None or strands is None:
            return None
    else:
        key = alt[1:-1] if alt.startswith("<") else svtype
        strands = ct or SYMBOLIC.get(key) or SYMBOLIC.get(svtype)
        end = _int(info.get("END"))
        if strands is None or end is None:
            return None
        chrom2, pos2 = chrom, end
    return Breakends(
        chrom,
        pos,
        strands[0],
        chrom2,
        pos2,
        strands[1],
        caller,
        rec_id,
        split,
        pairs,
        filt,
        alt_fraction(fmt),
        not (caller in UNORIENTED_CALLERS and (is_bnd or strands[0] == strands[1])),
    )


def _open(path: str | Path):
    path = Path(path)
    with open(path, "rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rt") if gz else open(path)


def read_vcf(path: str | Path, caller: str, sample: str | None = None) -> Iterator[Breakends]:
    """Every junction record of a caller's VCF (plain or bgzipped), FILTER kept as written."""
    samples: list[str] = []
    with _open(path) as fh:
        for line in fh:
            if line.startswith("##"):
                continue
            if line.startswith("#"):
                samples = line.rstrip("\n").split("\t")[9:]
                continue
            if line.strip():
                bnd = record_breakends(line, caller, samples, sample)
                if bnd is not None:
                    yield bnd


def contig_ranks(fai: str | Path) -> dict[str, int]:
    """Reference order of the contigs (from the FASTA index)."""
    with open(fai) as fh:
        return {line.split("\t")[0]: i for i, line in enumerate(fh) if line.strip()}
