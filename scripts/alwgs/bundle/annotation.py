"""The GFF3 and cytobands of a bundle: checked against the FASTA with intake's own checks (on
the downloaded file, so a message names its lines), then written with the FASTA's contig
names, without the contigs the FASTA lacks (counted) and without a GFF3 ##FASTA section."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

from alwgs.bundle.errors import BundleError
from alwgs.intake.cytobands import _check_cytobands
from alwgs.intake.errors import IntakeError
from alwgs.intake.gff3 import _check_gff3


def _open(path: Path):
    with open(path, "rb") as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gzipped else open(path, "rb")


def _as_bundle_error(err: IntakeError) -> BundleError:
    return BundleError(err.file, err.message, err.row, err.field)


def _summary(source: Path, kept: int, dropped: int, names: dict[str, str | None]) -> dict:
    return {
        "file": source.name,
        "kept": kept,
        "dropped": dropped,
        "renamed": {a: b for a, b in names.items() if b and a != b},
        "dropped_contigs": sorted(a for a, b in names.items() if b is None),
    }


def bundle_gff3(
    source: Path, target: Path, lengths: dict[str, int], to_fasta: Callable[[str], str | None]
) -> dict:
    """The GFF3 (gzipped or plain) as a plain GFF3 of the FASTA's contigs."""
    try:
        stats = _check_gff3(str(source), str(source), lengths, to_fasta)
    except IntakeError as err:
        raise _as_bundle_error(err) from None
    names = stats["seqids"]
    with _open(source) as src, open(target, "wb") as out:
        for line in src:
            if line.startswith(b"#"):
                if line.startswith(b"##FASTA"):
                    break
                if line.startswith(b"##sequence-region"):
                    parts = line.split()
                    contig = to_fasta(parts[1].decode(errors="replace")) if len(parts) > 1 else None
                    if contig is None:
                        continue
                    line = b" ".join([parts[0], contig.encode(), *parts[2:]]) + b"\n"
                out.write(line)
                continue
            tab = line.find(b"\t")
            seqid = line[:tab].decode(errors="replace") if tab > 0 else ""
            contig = names.get(seqid)
            if contig is None:
                continue
            out.write(line if contig == seqid else contig.encode() + line[tab:])
    return _summary(source, stats["features"], stats["dropped"], names)


def bundle_cytobands(
    source: Path, target: Path, lengths: dict[str, int], to_fasta: Callable[[str], str | None]
) -> dict:
    """The cytobands (UCSC cytoBand.txt, gzipped or plain) as a plain file of the FASTA's
    contigs."""
    plain = target.with_name(target.name + ".download")
    with _open(source) as src, open(plain, "wb") as out:
        out.write(src.read())
    try:
        stats = _check_cytobands(str(plain), str(source), lengths, to_fasta)
    except IntakeError as err:
        raise _as_bundle_error(err) from None
    names = stats["contigs"]
    with open(plain, encoding="utf-8") as src, open(target, "w", encoding="utf-8") as out:
        for line in src:
            if not line.strip() or line.startswith("#"):
                continue
            name, rest = line.split("\t", 1)
            if names.get(name) is not None:
                out.write(f"{names[name]}\t{rest}")
    plain.unlink()
    return _summary(source, stats["rows"], stats["dropped"], names)
