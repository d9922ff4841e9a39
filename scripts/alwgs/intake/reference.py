"""The reference at intake: a plain FASTA, a cache_dir holding the indexes of that FASTA, and
a GFF3 whose seqids are contigs of the FASTA."""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path

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
    """Contig names of a plain FASTA: from a .fai no older than the FASTA (next to it or in
    the reference cache), else from its '>' lines (read in large blocks: GRCh38 is 3 GB)."""
    for fai in (fasta + ".fai", os.path.join(cache_dir, "genome.fa.fai") if cache_dir else ""):
        if fai and os.path.isfile(fai) and os.path.getmtime(fai) >= os.path.getmtime(fasta):
            with open(fai, "rb") as fh:
                return [ln.split(b"\t", 1)[0].decode() for ln in fh if ln.strip()]
    names: list[str] = []
    carry = b""  # a header line cut by the end of the previous block
    line_start = True  # the next block starts a line
    with open(fasta, "rb") as fh:
        while block := fh.read(FASTA_BLOCK):
            data = carry + block
            starts_line = line_start or bool(carry)
            end = data.rfind(b"\n")  # headers are read up to the last complete line
            starts = [0] if starts_line and data.startswith(b">") and end >= 0 else []
            hit = data.find(b"\n>", 0, end + 1)
            while hit != -1:
                starts.append(hit + 1)
                hit = data.find(b"\n>", hit + 1, end + 1)
            for pos in starts:
                header = data[pos + 1 : data.find(b"\n", pos)].split(None, 1)
                names.append(header[0].decode(errors="replace") if header else "")
            rest = data[end + 1 :]
            at_start = end >= 0 or starts_line
            carry = rest if at_start and rest.startswith(b">") else b""
            line_start = not rest
    if carry:
        header = carry[1:].split(None, 1)
        names.append(header[0].decode(errors="replace") if header else "")
    return names


def _check_gff3_contigs(reference: dict, given: str) -> None:
    """Every GFF3 seqid must be a contig of the FASTA: an annotation of another build or
    naming ('1' vs 'chr1') would otherwise annotate nothing, silently."""
    path = reference["gff3"]
    ordered = fasta_contigs(reference["fasta"], reference.get("cache_dir", ""))
    contigs = set(ordered)
    seen: dict[bytes, int] = {}
    unknown: list[tuple[int, bytes]] = []
    previous = b""
    try:
        with open(path, "rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
        with (gzip.open if gzipped else open)(path, "rb") as fh:
            for number, line in enumerate(fh, start=1):
                if line.startswith(b"#"):
                    if line.startswith(b"##FASTA"):
                        break
                    continue
                seqid = line[: line.find(b"\t")] if b"\t" in line else line.strip()
                # Features come grouped by seqid: most lines repeat the previous one.
                if seqid == previous or not seqid or seqid in seen:
                    continue
                previous = seqid
                seen[seqid] = number
                if seqid.decode(errors="replace") not in contigs:
                    unknown.append((number, seqid))
    except (OSError, EOFError, zlib.error) as exc:
        raise IntakeError(given, None, None, f"cannot be read ({exc})") from None
    if not seen:
        raise IntakeError(given, None, None, "has no feature lines")
    if len(unknown) == len(seen):
        first_line = min(seen.values())
        gff = ", ".join(repr(s.decode(errors="replace")) for s in list(seen)[:3])
        fa = ", ".join(repr(c) for c in ordered[:3])
        raise IntakeError(
            given,
            first_line,
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
