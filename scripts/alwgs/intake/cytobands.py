"""reference.cytobands at intake: UCSC cytoBand rows (chrom, start, end, band, stain) of the
FASTA's contigs, whose bands reach exactly to each contig's end. Bands of another build
(hg19 on GRCh38) would place centromeres, arms and band names wrongly in every copy-number
event and karyotype, silently."""

from __future__ import annotations

from collections.abc import Callable

from alwgs.intake.errors import IntakeError


def _check_cytobands(
    path: str,
    given: str,
    lengths: dict[str, int],
    to_fasta: Callable[[str], str | None] | None = None,
) -> dict:
    """Check the rows against the contigs. to_fasta (the reference bundle) maps a contig name
    to the FASTA contig it is, or None for a contig the FASTA lacks, whose rows are then left
    out instead of stopping intake. Returns {"rows": kept rows, "dropped": rows left out,
    "contigs": {name: contig or None}}."""
    with open(path, "rb") as fh:
        if fh.read(2) == b"\x1f\x8b":
            raise IntakeError(given, None, None, "is gzip-compressed: give the plain file")
    last_end: dict[str, tuple[int, int]] = {}  # contig -> (largest band end, its line)
    target: dict[str, str | None] = {}
    unknown: dict[str, int] = {}  # contig name -> first line
    rows = dropped = 0
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip() or line.startswith("#"):
                    continue
                fields = line.rstrip("\r\n").split("\t")
                if len(fields) < 5:
                    raise IntakeError(
                        given,
                        number,
                        None,
                        f"has {len(fields)} tab-separated fields, a cytoband row has 5"
                        " (chrom, start, end, band, stain)",
                    )
                for column, text in (("start", fields[1]), ("end", fields[2])):
                    if not text.isdigit():
                        raise IntakeError(given, number, column, f"'{text}' is not a position")
                name = fields[0]
                if name not in target:
                    target[name] = to_fasta(name) if to_fasta else name
                contig = target[name]
                if contig not in lengths:
                    unknown.setdefault(name, number)
                    dropped += 1
                    continue
                rows += 1
                end = int(fields[2])
                if end >= last_end.get(contig, (-1, 0))[0]:
                    last_end[contig] = (end, number)
    except OSError as exc:
        raise IntakeError(given, None, None, f"cannot be read ({exc.strerror})") from None
    if unknown and (not to_fasta or not last_end):
        name, number = next(iter(unknown.items()))
        raise IntakeError(
            given,
            number,
            "chrom",
            f"'{name}' is not a contig of the FASTA ({len(unknown)} of {len(target)} cytoband"
            " contigs are not): give the bands of this reference's contigs (./alwgs reference"
            " renames them and keeps only those)",
        )
    if not last_end:
        raise IntakeError(given, None, None, "has no cytoband rows")
    for contig, (end, number) in last_end.items():
        if end != lengths[contig]:
            raise IntakeError(
                given,
                number,
                "end",
                f"the bands of {contig} end at {end:,}, contig {contig} of the FASTA is"
                f" {lengths[contig]:,} bp: the cytobands belong to another build",
            )
    return {"rows": rows, "dropped": dropped, "contigs": target}
