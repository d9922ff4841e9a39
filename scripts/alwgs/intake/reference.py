"""The reference FASTA at intake: a plain FASTA, a cache_dir holding the indexes of that FASTA,
and the names and lengths of its contigs (unique names, and the contig roles among them).
The files checked against those contigs have their own modules (gff3, cytobands)."""

from __future__ import annotations

import os
from pathlib import Path

from alwgs import par as par_regions
from alwgs.intake.errors import IntakeError, _shown

# Bytes of a FASTA read at a time when its contig names come from the '>' lines.
FASTA_BLOCK = 1 << 24


def _check_fasta(path: str, given: str) -> None:
    shown = _shown(given, path)
    with open(path, "rb") as fh:
        head = fh.read(2)
    if not head:
        raise IntakeError("config", None, "reference.fasta", f"{shown} is empty")
    if head == b"\x1f\x8b":
        # tiddit and the index rules need the plain file (TOOLING.md).
        raise IntakeError(
            "config", None, "reference.fasta", f"{shown} is compressed: give the plain FASTA"
        )
    if head[:1] != b">":
        raise IntakeError(
            "config", None, "reference.fasta", f"{shown} is not a FASTA (does not start with '>')"
        )


def _check_cache_link(cache_dir: str, fasta: str) -> None:
    """A cache holds the indexes of one FASTA: a second reference must not overwrite them."""
    link = Path(cache_dir) / "genome.fa"
    if not link.is_symlink():
        return
    target = os.path.join(link.parent, os.readlink(link))
    if not (os.path.exists(target) and os.path.samefile(target, fasta)):
        raise IntakeError(
            "config",
            None,
            "reference.cache_dir",
            f"'{cache_dir}' holds the indexes of another FASTA ({os.readlink(link)}):"
            " give each reference its own cache_dir",
        )


def fasta_contigs(fasta: str, cache_dir: str = "") -> list[str]:
    """Contig names of a plain FASTA, in file order (see fasta_lengths)."""
    return [name for name, _ in fasta_lengths(fasta, cache_dir)]


def fasta_lengths(fasta: str, cache_dir: str = "") -> list[tuple[str, int]]:
    """(name, length) of every contig of a plain FASTA, in file order, duplicates kept: from a
    .fai no older than the FASTA (next to it or in the reference cache), else from the FASTA
    itself, read in large blocks (GRCh38 is 3 GB; its .fai is 8 KB)."""
    for fai in (fasta + ".fai", os.path.join(cache_dir, "genome.fa.fai") if cache_dir else ""):
        if fai and os.path.isfile(fai) and os.path.getmtime(fai) >= os.path.getmtime(fasta):
            with open(fai, "rb") as fh:
                rows = [ln.split(b"\t", 2) for ln in fh if ln.strip()]
            return [(r[0].decode(errors="replace"), int(r[1])) for r in rows]
    return _scan_fasta(fasta)


def _scan_fasta(fasta: str) -> list[tuple[str, int]]:
    """Names and lengths from the '>' lines and the bases between them. Blocks are searched for
    line-starting '>' with bytes.find and the bases counted as bytes minus line ends, so that
    no Python loop runs per line."""
    contigs: list[list] = []
    header = b""
    in_header = False
    line_start = True  # the next byte starts a line
    with open(fasta, "rb") as fh:
        while data := fh.read(FASTA_BLOCK):
            pos, size = 0, len(data)
            while pos < size:
                if in_header:
                    end = data.find(b"\n", pos)
                    header += data[pos:] if end == -1 else data[pos:end]
                    if end == -1:
                        pos = size
                        continue
                    words = header.split(None, 1)
                    contigs.append([words[0].decode(errors="replace") if words else "", 0])
                    header, in_header, line_start, pos = b"", False, True, end + 1
                    continue
                if line_start and data[pos : pos + 1] == b">":
                    in_header, pos = True, pos + 1
                    continue
                hit = data.find(b"\n>", pos)
                stop = size if hit == -1 else hit + 1
                span = data[pos:stop]
                if contigs:
                    contigs[-1][1] += len(span) - span.count(b"\n") - span.count(b"\r")
                line_start, pos = span.endswith(b"\n"), stop
    if in_header:
        words = header.split(None, 1)
        contigs.append([words[0].decode(errors="replace") if words else "", 0])
    return [(name, length) for name, length in contigs]


def _contig_lengths(fasta: str, given: str, cache_dir: str = "") -> dict[str, int]:
    """Contig name -> length of reference.fasta; a name used twice stops intake (tools would
    silently take the first contig of that name, or refuse to index the FASTA)."""
    lengths: dict[str, int] = {}
    for name, length in fasta_lengths(fasta, cache_dir):
        if name in lengths:
            raise IntakeError(
                "config",
                None,
                "reference.fasta",
                f"{_shown(given, fasta)} has two contigs named '{name}': contig names must be"
                " unique",
            )
        lengths[name] = length
    if not lengths:
        raise IntakeError(
            "config", None, "reference.fasta", f"{_shown(given, fasta)} has no contig"
        )
    return lengths


def _check_roles(reference: dict, lengths: dict[str, int]) -> None:
    """reference.autosomes, chrX and chrY name contigs of the FASTA, each in one role;
    reference.par lies on the declared X (and Y) inside the contigs (alwgs.par.check)."""
    role_of: dict[str, str] = {}
    named = [(f"reference.autosomes.{i}", c) for i, c in enumerate(reference["autosomes"])]
    named += [(f"reference.{key}", reference[key]) for key in ("chrX", "chrY") if reference[key]]
    for field, contig in named:
        if contig not in lengths:
            shown = ", ".join(list(lengths)[:3]) + (", ..." if len(lengths) > 3 else "")
            raise IntakeError(
                "config",
                None,
                field,
                f"'{contig}' is not a contig of reference.fasta ({shown}): contig roles name"
                " contigs exactly as the FASTA does",
            )
        if contig in role_of:
            raise IntakeError(
                "config", None, field, f"'{contig}' is already declared as {role_of[contig]}"
            )
        role_of[contig] = field.rsplit(".", 1)[0] if ".autosomes." in field else field
    for field, message in par_regions.check(
        reference.get("par"), lengths, reference["chrX"], reference["chrY"]
    ):
        raise IntakeError("config", None, field, message)
