"""reference.gff3 at intake: every seqid is a contig of the FASTA and every feature lies inside
its contig; gff3_structure adds exons inside their transcript and CDS inside an exon. An
annotation of another build, naming ('1' vs 'chr1') or coordinate system (a whole-chromosome
GFF3 on a slice of it) would otherwise annotate nothing, silently: 0 of 102 variants got a
gene while the VCF header said the consequence was used."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable

from alwgs.intake.errors import IntakeError
from alwgs.intake.gff3_structure import _Structure


def _check_gff3(
    path: str,
    given: str,
    lengths: dict[str, int],
    to_fasta: Callable[[str], str | None] | None = None,
) -> dict:
    """One pass over the GFF3 (gzipped or plain, up to a ##FASTA section): seqids first (the
    likelier cause), then feature ends and ##sequence-region lengths against the contigs.

    to_fasta (the reference bundle) maps a seqid to the FASTA contig it is, or None for a
    contig the FASTA lacks, whose features are then left out instead of stopping intake.
    Returns {"features": kept features, "dropped": features left out, "seqids": {seqid:
    contig or None}}.
    """
    seen: dict[bytes, int] = {}  # seqid -> first line
    unknown: list[tuple[int, bytes]] = []
    beyond: list[tuple[int, bytes, bytes, int]] = []  # line, seqid, feature type, end
    region: tuple[int, str, int] | None = None  # a ##sequence-region of another length
    target: dict[str, str | None] = {}
    features = dropped = 0
    previous, limit, contig = b"", None, None
    structure = _Structure(given)  # exons inside transcripts, CDS inside exons
    try:
        with open(path, "rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
        with (gzip.open if gzipped else open)(path, "rb") as fh:
            for number, line in enumerate(fh, start=1):
                if line.startswith(b"#"):
                    if line.startswith(b"##FASTA"):
                        break
                    if line.startswith(b"###"):
                        structure.flush()
                    if line.startswith(b"##sequence-region") and region is None:
                        region = _other_region(line, number, lengths, to_fasta)
                    continue
                fields = line.rstrip(b"\r\n").split(b"\t", 5)
                seqid = fields[0]
                if not seqid.strip():
                    continue
                if seqid != previous:
                    # Features come grouped by seqid: look the contig up once per run.
                    structure.flush()
                    previous = seqid
                    name = seqid.decode(errors="replace")
                    contig = to_fasta(name) if to_fasta else name
                    target[name] = contig
                    limit = lengths.get(contig) if contig else None
                    if seqid not in seen:
                        seen[seqid] = number
                        if limit is None:
                            unknown.append((number, seqid))
                if len(fields) < 5:
                    raise IntakeError(given, number, None, "has fewer than 9 tab-separated fields")
                if limit is None and to_fasta:
                    dropped += 1
                    continue
                features += 1
                try:
                    end = int(fields[4])
                except ValueError:
                    raise IntakeError(
                        given,
                        number,
                        "end",
                        f"'{fields[4].decode(errors='replace')}' is not a position",
                    ) from None
                if limit is not None and end > limit:
                    beyond.append((number, seqid, fields[2], end))
                if len(fields) == 6:
                    structure.add(number, fields[2], fields[3], end, fields[5])
    except (OSError, EOFError, zlib.error) as exc:
        raise IntakeError(given, None, None, f"cannot be read ({exc})") from None
    if not seen:
        raise IntakeError(given, None, None, "has no feature lines")
    if len(unknown) == len(seen) or not to_fasta:
        _raise_unknown_seqids(given, seen, unknown, lengths)
    if beyond:
        number, seqid, kind, end = beyond[0]
        name = seqid.decode(errors="replace")
        contig = target[name]
        raise IntakeError(
            given,
            number,
            "end",
            f"{kind.decode(errors='replace')} ends at {end:,}, beyond the end of contig"
            f" {contig} ({lengths[contig]:,} bp): the annotation is in other coordinates"
            f" ({len(beyond):,} of {features:,} features end beyond their contig)",
        )
    if region is not None:
        number, name, contig, end = region
        raise IntakeError(
            given,
            number,
            "sequence-region",
            f"{name} is declared {end:,} bp long, contig {contig} of the FASTA is"
            f" {lengths[contig]:,} bp: the annotation belongs to another assembly",
        )
    structure.check()
    return {"features": features, "dropped": dropped, "seqids": target}


def _other_region(
    line: bytes, number: int, lengths: dict[str, int], to_fasta: Callable | None
) -> tuple | None:
    """A '##sequence-region seqid start end' of a FASTA contig whose end is not its length."""
    parts = line.split()
    if len(parts) != 4:
        return None
    name = parts[1].decode(errors="replace")
    contig = to_fasta(name) if to_fasta else name
    try:
        end = int(parts[3])
    except ValueError:
        return None
    if contig in lengths and end != lengths[contig]:
        return number, name, contig, end
    return None


def _raise_unknown_seqids(
    given: str, seen: dict[bytes, int], unknown: list[tuple[int, bytes]], lengths: dict[str, int]
) -> None:
    if len(unknown) == len(seen):
        gff = ", ".join(repr(s.decode(errors="replace")) for s in list(seen)[:3])
        fa = ", ".join(repr(c) for c in list(lengths)[:3])
        raise IntakeError(
            given,
            min(seen.values()),
            "seqid",
            f"no seqid is a contig of reference.fasta (GFF3: {gff}...; FASTA: {fa}...):"
            " the annotation belongs to another reference or names contigs differently",
        )
    if unknown:
        number, seqid = unknown[0]
        raise IntakeError(
            given,
            number,
            "seqid",
            f"'{seqid.decode(errors='replace')}' is not a contig of reference.fasta"
            f" ({len(unknown)} of {len(seen)} seqids are not):"
            " use the annotation of this reference",
        )
