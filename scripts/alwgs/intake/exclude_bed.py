"""small_variants.depth_guard.exclude_bed at intake: a plain BED (chrom, 0-based start, end,
anything after) of regions never called, on the reference's own contigs. A BED of another
build or naming (chr1 against 1) would silently exclude nothing, so it stops the batch."""

from __future__ import annotations

from alwgs.intake.errors import IntakeError

FIELD = "small_variants.depth_guard.exclude_bed"


def check_exclude_bed(path: str, given: str, lengths: dict[str, int]) -> int:
    """Check every row against the contig lengths; returns the number of rows. Errors name
    the file as given, the line and the column."""
    with open(path, "rb") as fh:
        if fh.read(2) == b"\x1f\x8b":
            raise IntakeError(given, None, FIELD, "is gzip-compressed: give the plain BED")
    rows = 0
    with open(path, encoding="utf-8", errors="replace") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip() or line.startswith(("#", "track", "browser")):
                continue
            f = line.rstrip("\r\n").split("\t")
            if len(f) < 3:
                raise IntakeError(given, number, None, "expected chrom, start, end (tab-separated)")
            chrom, start, end = f[0], f[1], f[2]
            if chrom not in lengths:
                raise IntakeError(
                    given, number, "chrom", f"contig '{chrom}' is not in the reference FASTA"
                )
            for name, value in (("start", start), ("end", end)):
                if not value.isdigit():
                    raise IntakeError(given, number, name, f"'{value}' is not a whole number")
            if not int(start) < int(end) <= lengths[chrom]:
                raise IntakeError(
                    given,
                    number,
                    "end",
                    f"the interval {start}-{end} must have start < end <= the length of "
                    f"{chrom} ({lengths[chrom]})",
                )
            rows += 1
    return rows
