"""Reader of the merged SV table ``results/sv/<tumor>.sv.tsv`` (docs/CONTRACTS.md,
"Structural variants"), as far as the copy-number stage needs it.

Columns are looked up by header name, so added columns do not break the reader; a missing
required column is an error naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REQUIRED = ("id", "svtype", "chrom1", "pos1", "strand1", "chrom2", "pos2", "strand2", "filter")


@dataclass(frozen=True)
class Sv:
    id: str
    svtype: str  # DEL, DUP, INV, BND
    chrom1: str
    pos1: int  # 1-based
    strand1: str
    chrom2: str
    pos2: int  # 1-based
    strand2: str
    filter: str = "PASS"
    somatic_status: str = ""  # somatic|germline|not_assessable; "" in a table without it

    @property
    def passed(self) -> bool:
        """A PASS junction that is not germline: a germline SV (the normal's reads carry it)
        is no somatic copy-number edge or karyotype abnormality of the tumor."""
        return self.filter == "PASS" and self.somatic_status != "germline"

    def deleted_interval(self) -> tuple[int, int]:
        """0-based half-open span a DEL (+ -) removes: pos1 is the last base kept on the
        left, pos2 the first base kept on the right."""
        return (min(self.pos1, self.pos2), max(self.pos1, self.pos2) - 1)

    def duplicated_interval(self) -> tuple[int, int]:
        """0-based half-open span a tandem DUP (- +) copies: pos1 is its first base, pos2
        its last."""
        return (min(self.pos1, self.pos2) - 1, max(self.pos1, self.pos2))


def read_sv_table(path: str | Path | None) -> list[Sv]:
    """Rows of the SV table; an absent path (no SV input configured) gives no rows."""
    if not path:
        return []
    with open(path) as fh:
        line = fh.readline()
        while line.startswith("##"):  # not-assessed lines (alwgs.not_assessed)
            line = fh.readline()
        header = line.rstrip("\n").lstrip("#").split("\t")
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise ValueError(f"{path}: missing columns {', '.join(missing)}")
        col = {name: i for i, name in enumerate(header)}
        out = []
        for n, line in enumerate(fh, start=2):
            if not line.strip() or line.startswith("#"):
                continue
            f = line.rstrip("\n").split("\t")
            try:
                out.append(
                    Sv(
                        id=f[col["id"]],
                        svtype=f[col["svtype"]].upper(),
                        chrom1=f[col["chrom1"]],
                        pos1=int(f[col["pos1"]]),
                        strand1=f[col["strand1"]],
                        chrom2=f[col["chrom2"]],
                        pos2=int(f[col["pos2"]]),
                        strand2=f[col["strand2"]],
                        filter=f[col["filter"]],
                        somatic_status=(
                            f[col["somatic_status"]] if "somatic_status" in col else ""
                        ),
                    )
                )
            except (IndexError, ValueError) as err:
                raise ValueError(f"{path}: line {n}: {err}") from None
    return out
